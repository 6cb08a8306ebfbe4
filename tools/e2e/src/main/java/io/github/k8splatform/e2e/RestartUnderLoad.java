package io.github.k8splatform.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Steady, bounded order traffic through the edge while one orders replica is stopped with SIGTERM;
 * then every 2xx order is looked up in the database: it must be there, exactly once, under its key.
 */
final class RestartUnderLoad {

    record Outcome(String key, long startNanos, long millis, int status, String servedBy, long orderId, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    record Report(List<Outcome> outcomes, int lost, int duplicated, int rowsForRun, long sigtermAtMillis) {
        long failed() {
            return outcomes.stream().filter(o -> !o.ok()).count();
        }

        String summary() {
            List<Long> latencies = outcomes.stream().map(Outcome::millis).sorted().toList();
            Map<String, Long> servedBy = new TreeMap<>();
            outcomes.forEach(o -> servedBy.merge(String.valueOf(o.servedBy()), 1L, Long::sum));
            Map<String, Long> failures = new TreeMap<>();
            outcomes.stream().filter(o -> !o.ok())
                    .forEach(o -> failures.merge(o.error() != null ? o.error() : "HTTP " + o.status(), 1L, Long::sum));
            return """
                    restart under load: %d requests, %d failed %s, SIGTERM at %d ms
                      latency ms: p50 %d, p95 %d, p99 %d, max %d
                      served by: %s
                      orders in the database for this run: %d; 2xx orders lost: %d, duplicated: %d"""
                    .formatted(outcomes.size(), failed(), failures, sigtermAtMillis, percentile(latencies, 50),
                            percentile(latencies, 95), percentile(latencies, 99),
                            latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1), servedBy, rowsForRun,
                            lost, duplicated);
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /**
     * @param stopReplica called once, at stopAfter, on its own thread: stops one replica with SIGTERM
     */
    static Report run(URI edge, List<String> skus, int ratePerSecond, Duration duration, Duration stopAfter,
            Runnable stopReplica, String runId, String jdbcUrl, String dbUser, String dbPassword) throws Exception {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        int total = (int) (ratePerSecond * duration.toSeconds());
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        long stopAt = start + stopAfter.toNanos();
        CompletableFuture<Void> stopping = null;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (stopping == null && System.nanoTime() >= stopAt) {
                stopping = CompletableFuture.runAsync(stopReplica);
            }
            String key = runId + "-" + i;
            String body = "{\"sku\":\"" + skus.get(i % skus.size()) + "\",\"quantity\":1}";
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(edge.resolve("/api/orders"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.add(Http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        long millis = (System.nanoTime() - sent) / 1_000_000;
                        if (error != null) {
                            outcomes.add(new Outcome(key, sent, millis, -1, null, 0, error.getClass().getSimpleName()));
                        } else {
                            outcomes.add(new Outcome(key, sent, millis, response.statusCode(),
                                    response.headers().firstValue("X-Served-By").orElse(null), orderId(response), null));
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        if (stopping != null) {
            stopping.get(120, TimeUnit.SECONDS);
        }
        return reconcile(new ArrayList<>(outcomes), runId, jdbcUrl, dbUser, dbPassword, (stopAt - start) / 1_000_000);
    }

    private static long orderId(HttpResponse<String> response) {
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            return 0;
        }
        try {
            return Http.JSON.readTree(response.body()).path("id").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private static Report reconcile(List<Outcome> outcomes, String runId, String jdbcUrl, String user, String password,
            long sigtermAt) throws SQLException {
        Map<String, List<Long>> rowsByKey = new HashMap<>();
        int rows = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement s = c.prepareStatement(
                        "SELECT idempotency_key, id FROM orders.orders WHERE idempotency_key LIKE ?")) {
            s.setString(1, runId + "-%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows++;
                    rowsByKey.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getLong(2));
                }
            }
        }
        int lost = 0;
        int duplicated = 0;
        for (Outcome o : outcomes) {
            if (!o.ok()) {
                continue;
            }
            List<Long> ids = rowsByKey.getOrDefault(o.key(), List.of());
            if (!ids.contains(o.orderId())) {
                lost++;
            }
            if (ids.size() > 1) {
                duplicated++;
            }
        }
        return new Report(outcomes, lost, duplicated, rows, sigtermAt);
    }
}
