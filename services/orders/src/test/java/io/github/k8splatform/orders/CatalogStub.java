package io.github.k8splatform.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that answers like catalog's GET /api/catalog/products/{sku}, and
 * can be made slow or failing, which the real catalog cannot be on demand.
 */
public class CatalogStub implements QuarkusTestResourceLifecycleManager {

    public enum Mode { HEALTHY, SLOW, FAILING }

    static final Map<String, String> PRODUCTS = new ConcurrentHashMap<>();
    static final AtomicInteger CALLS = new AtomicInteger();
    static volatile Mode mode = Mode.HEALTHY;
    private HttpServer server;

    static void product(String sku, long priceCents, String currency) {
        PRODUCTS.put(sku, """
                {"sku":"%s","name":"n","description":"","priceCents":%d,"currency":"%s","updatedAt":"2026-01-01T00:00:00Z"}"""
                .formatted(sku, priceCents, currency));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/catalog/products/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.catalog.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        try (exchange) {
            switch (mode) {
                case SLOW -> sleep(3_000);
                case FAILING -> {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                default -> { }
            }
            String sku = exchange.getRequestURI().getPath().substring("/api/catalog/products/".length());
            String body = PRODUCTS.get(sku);
            if (body == null) {
                body = "{\"status\":404}";
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
