package io.github.k8splatform.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.gateway.PackagedGateway.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** How long each overview takes upstream: requests are in flight when the signal comes. */
    private static final Duration UPSTREAM = Duration.ofMillis(700);
    /** Traffic before the signal: a few requests' worth. */
    private static final Duration BEFORE_SIGTERM = UPSTREAM.multipliedBy(3);
    /**
     * Readiness must turn DOWN early in the delay, which exists so the endpoints learn it while the
     * pod still serves: within a quarter of it. Clients stop sending that long before the delay
     * ends, so no request races the listener's close.
     */
    private static final Duration EARLY = DELAY.dividedBy(4);
    private static final int CLIENTS = 6;

    @Test
    void inFlightRequestsCompleteAndReadinessTurnsDownAtSigterm() throws Exception {
        try (UpstreamStub upstream = new UpstreamStub();
                PackagedGateway gateway = PackagedGateway.start("graceful-shutdown-gateway.log", Map.of(
                        "CATALOG_URL", upstream.url(), "ORDERS_URL", upstream.url(),
                        // Generous, so that only the shutdown, not a cold upstream call, could fail a request here.
                        "UPSTREAM_TIMEOUT", "5s",
                        // Every request asks upstream: with the overview's one-second answer shared, the
                        // signal could fall where all of them are served from it in no time, none in flight.
                        "APP_OVERVIEW_MAX_AGE", "0s",
                        "SHUTDOWN_DELAY", DELAY.toSeconds() + "s", "SHUTDOWN_TIMEOUT", DRAIN.toSeconds() + "s"))) {
            upstream.delayMillis = UPSTREAM.toMillis();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                gateway.waitFor200("/q/health/ready");

                ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
                long stopSendingAt = System.nanoTime() + BEFORE_SIGTERM.plus(DELAY).minus(EARLY).toNanos();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> {
                        for (int n = 0; n < 100 && System.nanoTime() < stopSendingAt; n++) {
                            outcomes.add(gateway.call("/api/overview"));
                        }
                    });
                }
                Thread.sleep(BEFORE_SIGTERM.toMillis());
                long sigterm = System.nanoTime();
                gateway.process.destroy(); // SIGTERM, as the kubelet sends it

                // The signal reaches the JVM's shutdown hook within milliseconds, not instantly: poll briefly.
                Outcome ready = gateway.call("/q/health/ready");
                for (int i = 0; i < EARLY.toMillis() / 20 && ready.status() == 200; i++) {
                    Thread.sleep(20);
                    ready = gateway.call("/q/health/ready");
                }
                assertEquals(503, ready.status(), "readiness after SIGTERM: " + ready.body());
                assertTrue(ready.endNanos() - sigterm < EARLY.toNanos(), "readiness turned DOWN later than " + EARLY.toMillis() + " ms");

                clients.shutdown();
                assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
                assertTrue(gateway.process.waitFor(DELAY.plus(DRAIN).toSeconds() + 5, TimeUnit.SECONDS),
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
            }
        }
    }

    /**
     * An open live page (a server-sent event stream that never ends by itself) must not hold the
     * drain: the stream ends once the shutdown delay begins, so the browser reconnects to a replica
     * that stays, and the process exits long before the drain timeout.
     */
    @Test
    void anOpenLivePageEndsAtTheDelayAndDoesNotHoldTheExit() throws Exception {
        // A longer delay than above, so that "ended with the delay's start" and "ended when the drain
        // began" are seconds apart.
        Duration delay = Duration.ofSeconds(5);
        try (UpstreamStub upstream = new UpstreamStub();
                PackagedGateway gateway = PackagedGateway.start("graceful-shutdown-live-gateway.log", Map.of(
                        "CATALOG_URL", upstream.url(), "ORDERS_URL", upstream.url(), "LOGS_URL", upstream.url(),
                        "GATEWAY_URL", upstream.url(),
                        "SHUTDOWN_DELAY", delay.toSeconds() + "s", "SHUTDOWN_TIMEOUT", DRAIN.toSeconds() + "s"))) {
            gateway.waitFor200("/q/health/ready");
            HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.base + "/api/live")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertTrue(events.readLine().startsWith("data:"), "a first event");
            long sigterm = System.nanoTime();
            gateway.process.destroy();
            int more = 0;
            while (events.readLine() != null && more < 100) {
                more++;
            }
            long ended = System.nanoTime();
            assertTrue(gateway.process.waitFor(delay.plus(DRAIN).toSeconds() + 5, TimeUnit.SECONDS), "the process exits");
            long exited = System.nanoTime();
            System.out.printf("live page at shutdown: stream ended %d ms after SIGTERM, process exited after %d ms%n",
                    (ended - sigterm) / 1_000_000, (exited - sigterm) / 1_000_000);
            assertTrue(ended - sigterm < delay.dividedBy(2).toNanos(), "the stream must end when the delay starts, not with it");
            assertTrue(exited - sigterm < delay.plus(DRAIN.dividedBy(2)).toNanos(), "the open page must not hold the drain");
        }
    }
}
