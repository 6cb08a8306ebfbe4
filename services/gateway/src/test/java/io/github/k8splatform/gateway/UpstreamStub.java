package io.github.k8splatform.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 answering as catalog and orders do for the overview, with a
 * settable delay and a switch to fail, which the real services cannot do on demand. As every service,
 * it answers GET /api/&lt;service&gt;/info: in turn from two pods, &lt;service&gt;-a at version 1.0.0 and
 * &lt;service&gt;-b at version infoVersionB, as a Service spreading requests over two replicas would.
 */
public final class UpstreamStub implements AutoCloseable {

    volatile long delayMillis;
    volatile boolean ordersDown;
    /**
     * Orders paths whose next call answers 503, as a replica in its shutdown drain does; the call after
     * it is answered, as another replica would. Per path, since the overview's two orders calls run at
     * once and one's retry may arrive before the other's first call.
     */
    final Set<String> ordersDraining = ConcurrentHashMap.newKeySet();
    volatile boolean reportExists = true;
    /** How many times catalog was asked. */
    final AtomicInteger catalogCalls = new AtomicInteger();
    /** When set, catalog answers only once it is counted down (at most 30 s): an ask held in flight. */
    volatile CountDownLatch catalogHeld;
    volatile String infoVersionB = "1.0.0";
    /** How many info calls were answered. */
    final AtomicInteger infoCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> infoCallsByService = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);

    /** A started stub, for a test resource's start(), which cannot throw IOException. */
    public static UpstreamStub started() {
        try {
            return new UpstreamStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public UpstreamStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/catalog/products", ex -> {
            catalogCalls.incrementAndGet();
            CountDownLatch held = catalogHeld;
            try {
                if (held != null && !held.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("catalog held for 30 s: the test never let it answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "{\"items\":[],\"total\":42}");
        });
        server.createContext("/api/orders", this::orders);
        for (String service : new String[] {"catalog", "orders", "logs", "gateway"}) {
            server.createContext("/api/" + service + "/info", this::info);
        }
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void info(HttpExchange ex) throws IOException {
        String service = ex.getRequestURI().getPath().split("/")[2];
        infoCalls.incrementAndGet();
        // Per service, so each one's answers alternate between its two pods whatever the call order.
        boolean b = infoCallsByService.computeIfAbsent(service, k -> new AtomicInteger()).incrementAndGet() % 2 == 0;
        answer(ex, 200, "{\"service\":\"%s\",\"pod\":\"%s-%s\",\"version\":\"%s\"}"
                .formatted(service, service, b ? "b" : "a", b ? infoVersionB : "1.0.0"));
    }

    private void orders(HttpExchange ex) throws IOException {
        if (ordersDown) {
            answer(ex, 500, "{}");
        } else if (ordersDraining.remove(ex.getRequestURI().getPath())) {
            answer(ex, 503, "{}");
        } else if (ex.getRequestURI().getPath().endsWith("/reports/latest")) {
            answer(ex, reportExists ? 200 : 404, reportExists
                    ? "{\"periodStart\":\"2026-01-01\",\"periodEnd\":\"2026-01-02\",\"lines\":[]}" : "{}");
        } else {
            answer(ex, 200, "{\"items\":[],\"total\":7}");
        }
    }

    private void answer(HttpExchange ex, int status, String body) throws IOException {
        try (ex) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
