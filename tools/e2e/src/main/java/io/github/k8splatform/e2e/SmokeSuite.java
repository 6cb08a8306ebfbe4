package io.github.k8splatform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The smoke suite: every route of the Ingress answers, an order placed through it reads back (and a
 * retry returns the same order), its request's log line reaches /api/logs through the log agent and
 * the collector (while a batch posted to the Ingress reaches no ingest), reading logs needs the read
 * token (LOGS_READ_TOKEN in the environment; make smoke takes it from the install's Secret) and finds
 * no control-plane line, bad input gets a 4xx problem document, a request naming another host than
 * the Ingress's reaches no service, and every answer says which pod and version served it.
 */
public final class SmokeSuite {

    /** How long a log line may take from the container's log file to /api/logs. */
    private static final Duration LOG_DELIVERY = Duration.ofSeconds(30);

    private final URI base;
    private final List<String> services;
    private final String readToken = System.getenv("LOGS_READ_TOKEN");
    private final List<Check> checks = new ArrayList<>();
    private String orderedSku;
    private long orderId;
    private String orderRequestId;

    public record Check(String name, boolean passed, String detail) {
    }

    public record Result(List<Check> checks, String orderedSku, long orderId) {
        public long failed() {
            return checks.stream().filter(c -> !c.passed()).count();
        }
    }

    private SmokeSuite(URI base, List<String> services) {
        this.base = base;
        this.services = services;
    }

    /** services: each must answer its /api/&lt;service&gt;/info through base; see {@link #routedBy}. */
    public static Result run(URI base, List<String> services) {
        SmokeSuite suite = new SmokeSuite(base, services);
        suite.all();
        return new Result(List.copyOf(suite.checks), suite.orderedSku, suite.orderId);
    }

    /** The Services the overlay's Ingress routes to: a service added there is smoke-tested without naming it here. */
    public static List<String> routedBy(RenderedOverlay overlay) {
        return overlay.all(Ingress.class).stream()
                .flatMap(i -> i.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> path.getBackend().getService().getName())
                .distinct().toList();
    }

    @FunctionalInterface
    private interface Step {
        String run() throws Exception;
    }

    private void check(String name, Step step) {
        try {
            checks.add(new Check(name, true, step.run()));
        } catch (Exception | AssertionError e) {
            checks.add(new Check(name, false, String.valueOf(e.getMessage())));
        }
    }

    private void all() {
        check("GET / is the landing page", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/")), 200);
            require(a.contentType().startsWith("text/html") && a.body().contains("/api/overview"), "not the landing page");
            return identity(a);
        });
        for (String service : services) {
            check("GET /api/" + service + "/info", () -> {
                Http.Answer a = expect(Http.get(base.resolve("/api/" + service + "/info")), 200);
                require(a.json().path("service").asText().equals(service), "info of " + a.json().path("service"));
                return a.json().path("pod").asText() + " on " + a.json().path("node").asText();
            });
        }
        check("GET /api/catalog/products lists the seeded products", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/api/catalog/products?size=5")), 200);
            JsonNode items = a.json().path("items");
            require(items.size() > 0, "no products: was batch seed run?");
            orderedSku = items.get(0).path("sku").asText();
            return a.json().path("total").asLong() + " products";
        });
        check("GET /api/catalog/products/{sku}", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/api/catalog/products/" + orderedSku)), 200);
            return a.json().path("name").asText();
        });
        String key = "smoke-" + UUID.randomUUID();
        String body = "{\"sku\":\"" + orderedSku + "\",\"quantity\":2}";
        check("POST /api/orders places an order", () -> {
            Http.Answer a = expect(Http.post(base.resolve("/api/orders"), body, key), 201);
            orderId = a.json().path("id").asLong();
            orderRequestId = a.header("X-Request-Id");
            require(orderId > 0, "no order id");
            return "order " + orderId + ", " + identity(a);
        });
        check("POST /api/orders again with the same key returns the same order", () -> {
            Http.Answer a = expect(Http.post(base.resolve("/api/orders"), body, key), 200);
            require(a.json().path("id").asLong() == orderId, "a second order " + a.json().path("id"));
            return "replayed " + orderId;
        });
        check("GET /api/orders/{id} reads the order back", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/api/orders/" + orderId)), 200);
            require(a.json().path("sku").asText().equals(orderedSku) && a.json().path("quantity").asInt() == 2,
                    "a different order: " + a.body());
            return a.json().path("totalCents").asLong() + " cents";
        });
        check("GET /api/orders lists it", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/api/orders?limit=100")), 200);
            boolean listed = false;
            for (JsonNode item : a.json().path("items")) {
                listed |= item.path("id").asLong() == orderId;
            }
            require(listed, "order " + orderId + " not among the newest 100");
            return a.json().path("total").asLong() + " orders";
        });
        check("GET /api/overview aggregates catalog and orders", () -> {
            Http.Answer a = expect(Http.get(base.resolve("/api/overview")), 200);
            require(a.json().path("catalog").path("status").asText().equals("up")
                    && a.json().path("orders").path("status").asText().equals("up"), "an upstream is down: " + a.body());
            return a.body();
        });
        check("a POST without Idempotency-Key is a 400 problem", () ->
                problem(Http.post(base.resolve("/api/orders"), body, null), 400, "Idempotency-Key"));
        check("a catalog write without the write token is a 401 problem", () ->
                problem(Http.post(base.resolve("/api/catalog/products"), "{\"sku\":", null), 401, "Authorization"));
        check("an unknown sku is a 422 problem", () ->
                problem(Http.post(base.resolve("/api/orders"), "{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}",
                        "smoke-" + UUID.randomUUID()), 422, "sku"));
        check("a bad order id is a 400 problem", () -> problem(Http.get(base.resolve("/api/orders/abc")), 400, "id"));
        check("GET /api/logs without the read token is a 401 problem", () ->
                problem(Http.get(base.resolve("/api/logs")), 401, "Authorization"));
        check("GET /api/logs finds the order's request id (log agent, collector)", this::orderLogged);
        check("GET /api/logs holds no line of kube-system (the agent ships the platform's namespaces)", () -> {
            Http.Answer a = expect(logs("namespace=kube-system"), 200);
            require(a.json().path("items").isEmpty(), "kube-system lines were shipped: " + abbreviate(a.body()));
            return "none";
        });
        check("POST /api/logs/ingest from outside reaches no ingest: 404, nothing stored", this::outsideIngestRefused);
        check("a request naming another host (the address, as after DNS rebinding) reaches no service: 404", this::otherHostRefused);
    }

    /** The Ingress's rules name their hosts: the same address asked for under another Host matches none. */
    private String otherHostRefused() throws Exception {
        String address = InetAddress.getByName(base.getHost()).getHostAddress();
        URI byAddress = new URI(base.getScheme(), null, address, base.getPort(), "/api/overview", null, null);
        Http.Answer a = Http.get(byAddress);
        require(a.status() == 404 && a.header("X-Served-By") == null,
                "HTTP " + a.status() + " from " + a.header("X-Served-By") + " for Host " + address + ": " + abbreviate(a.body()));
        return "HTTP 404 for Host " + address + ", no service answered";
    }

    /** GET /api/logs?query with the read token; a text search within the last 10 minutes. */
    private Http.Answer logs(String query) throws Exception {
        require(readToken != null && !readToken.isBlank(), "LOGS_READ_TOKEN is not set: make smoke reads it from the"
                + " install's Secret logs-read-token; set it by hand for another base URL");
        String window = query.contains("contains=") ? "&since=" + Instant.now().minus(Duration.ofMinutes(10)) : "";
        return Http.get(base.resolve("/api/logs?" + query + window), "Authorization", "Bearer " + readToken);
    }

    /** A batch as an agent would send it, one line whose message is marker. */
    static String forgedBatch(String marker) {
        return "[{\"node\":\"forger\",\"namespace\":\"platform\",\"pod\":\"forged-0\",\"container\":\"forged\","
                + "\"stream\":\"stdout\",\"timestamp\":\"2026-11-26T10:00:00Z\",\"message\":\"" + marker + "\","
                + "\"sourceFile\":\"1:1\",\"sourceOffset\":0}]";
    }

    /** The Ingress routes /api/logs to the query port only; batches go to a port it never routes to. */
    private String outsideIngestRefused() throws Exception {
        String marker = "forged-" + UUID.randomUUID();
        Http.Answer a = expect(Http.post(base.resolve("/api/logs/ingest"), "application/json", forgedBatch(marker), null, null), 404);
        require(a.contentType().startsWith("application/problem+json"), "content type " + a.contentType());
        return "HTTP 404; " + nothingStored(marker);
    }

    /** Fails when a line with this message is in /api/logs. */
    private String nothingStored(String marker) throws Exception {
        Http.Answer stored = logs("contains=" + marker);
        require(stored.status() == 200 && stored.json().path("items").isEmpty(), "the forged line was stored: " + abbreviate(stored.body()));
        return "no line " + marker + " in /api/logs";
    }

    private String orderLogged() throws Exception {
        require(orderRequestId != null, "the order was not placed, or had no X-Request-Id");
        long start = System.nanoTime();
        while (true) {
            Http.Answer a = expect(logs("namespace=platform&contains=" + orderRequestId), 200);
            JsonNode items = a.json().path("items");
            if (items.size() > 0) {
                return "request %s from pod %s after %d ms".formatted(orderRequestId, items.get(0).path("pod").asText(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            require(System.nanoTime() - start < LOG_DELIVERY.toNanos(), "request " + orderRequestId
                    + " not in /api/logs within " + LOG_DELIVERY.toSeconds() + " s: is the log-agent DaemonSet running?");
            Thread.sleep(250);
        }
    }

    private static Http.Answer expect(Http.Answer a, int status) {
        require(a.status() == status, "HTTP " + a.status() + " instead of " + status + ": " + abbreviate(a.body()));
        require(a.header("X-Served-By") != null && a.header("X-App-Version") != null,
                "no X-Served-By / X-App-Version header");
        return a;
    }

    private static String problem(Http.Answer a, int status, String field) {
        expect(a, status);
        require(a.contentType().startsWith("application/problem+json"), "content type " + a.contentType());
        require(field.equals(a.json().path("field").asText()), "field " + a.json().path("field"));
        return a.json().path("detail").asText();
    }

    private static String identity(Http.Answer a) {
        return "served by " + a.header("X-Served-By") + ", version " + a.header("X-App-Version");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
