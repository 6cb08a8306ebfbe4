package io.github.k8splatform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rolling-update drill: a steady, bounded mix of reads and idempotent order writes at a fixed
 * rate, every request recorded (time, status, latency, X-App-Version, X-Served-By). Afterwards every
 * 2xx write is reconciled through the API: the order must read back, and replaying its key must
 * return the same order (so it exists exactly once).
 */
final class Drill {

    /**
     * The services whose answers the drill sees (X-App-Version): what it sends requests to. Orders
     * take the writes; the others share the reads, logs only with a read token.
     */
    static final List<String> TARGETS = List.of("orders", "gateway", "catalog", "logs");

    /**
     * stopFile: when it appears, no new request is sent (make drill creates it once the rollout is
     * done). logsReadToken: reads go to /api/logs too, with it; null leaves logs out.
     */
    record Options(URI base, int ratePerSecond, Duration duration, int readsPerTenRequests, List<String> skus,
            String runId, Path stopFile, String logsReadToken) {
    }

    /** The services that take the reads, in turn: logs only with a token to read them. */
    static List<String> readTargets(String logsReadToken) {
        return TARGETS.subList(1, logsReadToken == null ? 3 : 4);
    }

    /**
     * target: the service whose headers answer the request (orders, gateway or catalog). error: why
     * it failed, when no status says so (a connection error, or a 2xx whose body is wrong).
     */
    record Sample(long atMillis, boolean write, String target, int status, long latencyMillis, String version,
            String servedBy, String error, String key, String body, long orderId) {
        boolean ok() {
            return status >= 200 && status < 300 && error == null;
        }

        /** Why it failed, as the summary and the report count it: the error, else "HTTP status". */
        String cause() {
            return error != null ? error : "HTTP " + status;
        }
    }

    /** started: when the first request was due; each sample's atMillis counts from it. */
    record Result(List<Sample> samples, int lost, int duplicated, Instant started) {

        List<Sample> writes() {
            return samples.stream().filter(Sample::write).toList();
        }

        long failed() {
            return samples.stream().filter(s -> !s.ok()).count();
        }

        boolean passed() {
            return failed() == 0 && lost == 0 && duplicated == 0;
        }

        /** p50, p95, p99 and max of every request's latency, in ms (0 when there was none). */
        Latency latency() {
            List<Long> sorted = samples.stream().map(Sample::latencyMillis).sorted().toList();
            return new Latency(percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                    sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        }

        String summary() {
            Latency latency = latency();
            Map<String, Long> pods = new TreeMap<>();
            samples.forEach(s -> pods.merge(String.valueOf(s.servedBy()), 1L, Long::sum));
            return """
                    drill: %d requests (%d writes), %d failed %s
                      latency ms: p50 %d, p95 %d, p99 %d, max %d
                      versions over time (per 5 s): %s
                      pods seen: %s
                      reconciliation: %d 2xx orders, lost %d, duplicated %d"""
                    .formatted(samples.size(), writes().size(), failed(), failuresByCause(), latency.p50(), latency.p95(),
                            latency.p99(), latency.max(), versionShare(5), pods,
                            writes().stream().filter(Sample::ok).count(), lost, duplicated);
        }

        /** The failed requests counted by cause, in the causes' order. */
        Map<String, Long> failuresByCause() {
            Map<String, Long> causes = new TreeMap<>();
            samples.stream().filter(s -> !s.ok()).forEach(s -> causes.merge(s.cause(), 1L, Long::sum));
            return causes;
        }

        /**
         * The verdict in one line: "Passed: ..." or "Failed: " and every reason (failed requests with
         * their most frequent causes, lost and duplicated orders, then unmet: what the caller expected
         * and did not see).
         */
        String verdict(List<String> unmet) {
            long stored = writes().stream().filter(Sample::ok).count() - lost;
            if (passed() && unmet.isEmpty()) {
                return "Passed: %d requests, none failed; %d orders read back, none lost, none duplicated"
                        .formatted(samples.size(), stored);
            }
            List<String> reasons = new ArrayList<>();
            if (failed() > 0) {
                List<Map.Entry<String, Long>> causes = failuresByCause().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
                List<String> counted = new ArrayList<>(causes.stream().limit(VERDICT_CAUSES)
                        .map(c -> c.getValue() + " " + shortened(c.getKey())).toList());
                if (causes.size() > VERDICT_CAUSES) {
                    counted.add("and %d more causes".formatted(causes.size() - VERDICT_CAUSES));
                }
                reasons.add("%d of %d requests failed (%s)".formatted(failed(), samples.size(), String.join(", ", counted)));
            }
            if (lost > 0) {
                reasons.add("orders lost: " + lost);
            }
            if (duplicated > 0) {
                reasons.add("orders duplicated: " + duplicated);
            }
            reasons.addAll(unmet);
            return "Failed: " + String.join("; ", reasons);
        }

        /** For each bucket of the given seconds: how many answers each service's version gave ("orders 1.0.1"). */
        Map<Long, Map<String, Long>> versionsOverTime(int bucketSeconds) {
            Map<Long, Map<String, Long>> buckets = new TreeMap<>();
            for (Sample s : samples) {
                buckets.computeIfAbsent(s.atMillis() / 1000 / bucketSeconds * bucketSeconds, k -> new TreeMap<>())
                        .merge(s.ok() ? s.target() + " " + s.version() : "failed", 1L, Long::sum);
            }
            return buckets;
        }

        /** Why SERVICE did not answer only as VERSION in the last 5 s of traffic; empty when it did. */
        List<String> expectFinal(String service, String version) {
            long end = samples.stream().mapToLong(Sample::atMillis).max().orElse(0);
            return expect(service, version, end - 5_000, "in the last 5 s");
        }

        /** Why not every answer of SERVICE was VERSION; empty when all were. */
        List<String> expectOnly(String service, String version) {
            return expect(service, version, Long.MIN_VALUE, "throughout");
        }

        private List<String> expect(String service, String version, long fromMillis, String when) {
            Map<String, Long> versions = new TreeMap<>();
            samples.stream().filter(s -> s.ok() && s.target().equals(service) && s.atMillis() >= fromMillis)
                    .forEach(s -> versions.merge(String.valueOf(s.version()), 1L, Long::sum));
            return versions.keySet().equals(Set.of(version)) ? List.of()
                    : List.of("%s should have answered only as %s %s; it answered %s".formatted(service, version, when,
                            versions.isEmpty() ? "not at all" : versions));
        }

        private String versionShare(int bucketSeconds) {
            StringBuilder text = new StringBuilder();
            versionsOverTime(bucketSeconds).forEach((second, counts) -> text.append(second).append("s ").append(counts).append(' '));
            return text.toString().trim();
        }
    }

    /** The verdict names this many causes of failures at most, the most frequent first, each this long at most. */
    private static final int VERDICT_CAUSES = 3;
    private static final int VERDICT_CAUSE_LENGTH = 80;

    record Latency(long p50, long p95, long p99, long max) {
    }

    private Drill() {
    }

    private static String shortened(String cause) {
        return cause.length() <= VERDICT_CAUSE_LENGTH ? cause : cause.substring(0, VERDICT_CAUSE_LENGTH - 1) + "…";
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /**
     * Runs the traffic; each action runs once, on its own thread, when its time has come (a rollout,
     * a SIGTERM). Returns after every request has answered and the writes are reconciled.
     */
    static Result run(Options options, Map<Duration, Runnable> actions) throws Exception {
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        TreeMap<Duration, Runnable> pending = new TreeMap<>(actions);
        long total = options.ratePerSecond() * options.duration().toSeconds();
        long interval = 1_000_000_000L / options.ratePerSecond();
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        for (long i = 0; i < total && (options.stopFile() == null || !Files.exists(options.stopFile())); i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            while (!pending.isEmpty() && System.nanoTime() - start >= pending.firstKey().toNanos()) {
                started.add(CompletableFuture.runAsync(pending.pollFirstEntry().getValue()));
            }
            boolean write = i % 10 >= options.readsPerTenRequests();
            String key = options.runId() + "-" + i;
            List<String> reads = readTargets(options.logsReadToken());
            String target = write ? TARGETS.get(0) : reads.get((int) (i % reads.size()));
            String body = "{\"sku\":\"" + options.skus().get((int) (i % options.skus().size())) + "\",\"quantity\":1}";
            HttpRequest request = write
                    ? HttpRequest.newBuilder(options.base().resolve("/api/orders")).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json").header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build()
                    : read(options, target);
            long sent = System.nanoTime();
            long at = (sent - start) / 1_000_000;
            requests.add(Http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                long millis = (System.nanoTime() - sent) / 1_000_000;
                samples.add(error != null
                        ? new Sample(at, write, target, -1, millis, null, null, cause(error), key, body, 0)
                        : new Sample(at, write, target, response.statusCode(), millis,
                                response.headers().firstValue("X-App-Version").orElse(null),
                                response.headers().firstValue("X-Served-By").orElse(null),
                                response.statusCode() / 100 == 2 ? wrongBody(target, response.body()) : null, key, body,
                                write ? orderId(response) : 0));
                return null;
            }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        List<Sample> all = new ArrayList<>(samples);
        all.sort(Comparator.comparingLong(Sample::atMillis));
        return reconcile(options.base(), all, startedAt);
    }

    /** A read of target: the overview, a page of products, or the newest lines of the platform's logs. */
    private static HttpRequest read(Options options, String target) {
        HttpRequest.Builder read = HttpRequest.newBuilder(options.base().resolve(switch (target) {
            case "gateway" -> "/api/overview";
            case "catalog" -> "/api/catalog/products?size=5";
            default -> "/api/logs?namespace=platform&limit=5";
        })).timeout(Duration.ofSeconds(10)).GET();
        if (target.equals("logs")) {
            read.header("Authorization", "Bearer " + options.logsReadToken());
        }
        return read.build();
    }

    /** The innermost exception's type and message: "IOException: connection reset", not "CompletionException". */
    static String cause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }

    /**
     * Why a 2xx answer is not the right one, or null when it is: a 200 can still say that a part is
     * missing (the overview answers 200 with a section down when an upstream does not answer).
     */
    static String wrongBody(String target, String body) {
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            return "wrong body: not JSON";
        }
        return switch (target) {
            case "gateway" -> {
                List<String> down = new ArrayList<>();
                for (String section : List.of("catalog", "orders", "report")) {
                    String status = json.path(section).path("status").asText();
                    if (!status.equals("up") && !(section.equals("report") && status.equals("empty"))) {
                        down.add(section + " " + (status.isEmpty() ? "missing" : status));
                    }
                }
                yield down.isEmpty() ? null : "wrong body: overview " + String.join(", ", down);
            }
            case "catalog" -> json.path("items").isArray() && !json.path("items").isEmpty() ? null
                    : "wrong body: no products";
            case "orders" -> json.path("id").asLong() > 0 && json.path("sku").isTextual() ? null
                    : "wrong body: no order id";
            case "logs" -> json.path("items").isArray() ? null : "wrong body: no items";
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }

    private static long orderId(HttpResponse<String> response) {
        try {
            return response.statusCode() / 100 == 2 ? Http.JSON.readTree(response.body()).path("id").asLong() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Each 2xx order reads back, and a replay of its key returns it again rather than a new one. */
    private static Result reconcile(URI base, List<Sample> samples, Instant started) throws Exception {
        int lost = 0;
        int duplicated = 0;
        for (Sample s : samples) {
            if (!s.write() || !s.ok()) {
                continue;
            }
            Http.Answer read = Http.get(base.resolve("/api/orders/" + s.orderId()));
            if (read.status() != 200) {
                lost++;
                continue;
            }
            Http.Answer replay = Http.post(base.resolve("/api/orders"), s.body(), s.key());
            JsonNode replayed = replay.status() == 200 ? replay.json() : null;
            if (replayed == null || replayed.path("id").asLong() != s.orderId()) {
                duplicated++;
            }
        }
        return new Result(samples, lost, duplicated, started);
    }
}
