package io.github.k8splatform.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway, as a real process, receives SIGTERM as the kubelet sends it while requests
 * are in flight (each takes about 700 ms upstream). Readiness must turn DOWN at once, requests in
 * flight and those sent during the shutdown delay must all complete with 200, and the process must
 * exit within delay plus drain timeout.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int CLIENTS = 6;

    record Outcome(long startNanos, long endNanos, int status, String body) {
    }

    @Test
    void inFlightRequestsCompleteAndReadinessTurnsDownAtSigterm() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the gateway first: " + jar.toAbsolutePath());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (UpstreamStub upstream = new UpstreamStub()) {
            upstream.delayMillis = 700;
            int port = freePort();
            Process gateway = start(jar, port, upstream.url());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                String base = "http://127.0.0.1:" + port;
                waitUntilReady(http, base, gateway);

                ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
                long stopSendingAt = System.nanoTime() + Duration.ofSeconds(2).plus(DELAY).toNanos() - 600_000_000L;
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> {
                        for (int n = 0; n < 100 && System.nanoTime() < stopSendingAt; n++) {
                            outcomes.add(call(http, base + "/api/overview"));
                        }
                    });
                }
                Thread.sleep(2_000);
                long sigterm = System.nanoTime();
                gateway.destroy(); // SIGTERM, as the kubelet sends it

                // The signal reaches the JVM's shutdown hook within milliseconds, not instantly: poll briefly.
                Outcome ready = call(http, base + "/q/health/ready");
                for (int i = 0; i < 25 && ready.status() == 200; i++) {
                    Thread.sleep(20);
                    ready = call(http, base + "/q/health/ready");
                }
                assertEquals(503, ready.status(), "readiness after SIGTERM: " + ready.body());
                assertTrue(ready.endNanos() - sigterm < 500_000_000L, "readiness turned DOWN late");

                clients.shutdown();
                assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
                assertTrue(gateway.waitFor(DELAY.plus(DRAIN).toSeconds() + 5, TimeUnit.SECONDS),
                        "the process must exit within delay plus drain timeout");

                List<Outcome> all = new ArrayList<>(outcomes);
                long inFlight = all.stream().filter(o -> o.startNanos() < sigterm && o.endNanos() > sigterm).count();
                long afterSigterm = all.stream().filter(o -> o.startNanos() > sigterm).count();
                List<Outcome> failed = all.stream()
                        .filter(o -> o.status() != 200 || !o.body().contains("\"productCount\":42")).toList();
                System.out.printf("graceful shutdown: %d requests, %d in flight at SIGTERM, %d sent after it, %d failed%n",
                        all.size(), inFlight, afterSigterm, failed.size());
                assertTrue(inFlight >= 1, "some requests must be in flight at SIGTERM");
                assertTrue(afterSigterm >= 1, "requests sent during the delay must be served too");
                assertEquals(List.of(), failed, "every request must complete with 200 and real data");
            } finally {
                clients.shutdownNow();
                gateway.destroyForcibly();
            }
        }
    }

    private static Process start(Path jar, int port, String upstream) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/graceful-shutdown-gateway.log"));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("CATALOG_URL", upstream);
        builder.environment().put("ORDERS_URL", upstream);
        // Generous, so that only the shutdown, not a cold upstream call, could fail a request here.
        builder.environment().put("UPSTREAM_TIMEOUT", "5s");
        builder.environment().put("SHUTDOWN_DELAY", DELAY.toSeconds() + "s");
        builder.environment().put("SHUTDOWN_TIMEOUT", DRAIN.toSeconds() + "s");
        return builder.start();
    }

    private static void waitUntilReady(HttpClient http, String base, Process gateway) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            assertTrue(gateway.isAlive(), "gateway exited; see target/graceful-shutdown-gateway.log");
            if (call(http, base + "/q/health/ready").status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway not ready within 15 s; see target/graceful-shutdown-gateway.log");
    }

    private static Outcome call(HttpClient http, String url) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Outcome(start, System.nanoTime(), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Outcome(start, System.nanoTime(), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(start, System.nanoTime(), -1, "interrupted");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
