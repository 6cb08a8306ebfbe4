package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated nginx configuration routes every path where the Ingress would: the locations are
 * read back from the configuration text and matched as nginx does (an exact "=" location first,
 * then the longest prefix), and compared with Ingress Prefix semantics (whole path segments).
 */
class NginxEdgeTest {

    private static final Pattern LOCATION = Pattern.compile("location (= )?(\\S+) \\{\\s*proxy_pass http://(\\w[\\w-]*);");

    @Test
    void nginxRoutesEveryPathAsTheIngressDoes() {
        RenderedOverlay kind = RenderedOverlay.of("kind");
        Ingress ingress = kind.all(Ingress.class).get(0);
        List<NginxEdge.Route> routes = NginxEdge.routes(ingress, name -> kind.one(Service.class, name));
        Map<String, List<String>> endpoints = new HashMap<>();
        routes.forEach(r -> endpoints.put(r.backend().service(), List.of(r.backend().service() + "-a", r.backend().service() + "-b")));
        String config = NginxEdge.config(routes, endpoints);

        for (String path : List.of("/", "/index.html", "/api/overview", "/q/health/ready", "/api/catalog",
                "/api/catalog/", "/api/catalog/products", "/api/catalog/products/MUG-1", "/api/catalogue",
                "/api/orders", "/api/orders/42", "/api/orders/reports/latest", "/api/ordersx", "/api")) {
            assertEquals(ingressBackend(routes, path), nginxUpstream(config, path), path);
        }
        assertEquals("catalog-8081", nginxUpstream(config, "/api/catalog/products"));
        assertEquals("gateway-8080", nginxUpstream(config, "/api/catalogue"), "Prefix matches whole segments only");
        assertTrue(config.contains("server catalog-a:8081") && config.contains("server catalog-b:8081"),
                "every ready endpoint on the Service's targetPort:\n" + config);
        assertTrue(config.contains("listen 8080"));
    }

    @Test
    void theClusterIpStandInAnswersOnEveryServicePortAndFailsWithoutAReadyEndpoint() {
        RenderedOverlay kind = RenderedOverlay.of("kind");
        List<NginxEdge.Backend> ports = NginxEdge.backends(kind.one(Service.class, "orders"));
        assertEquals(List.of(new NginxEdge.Backend("orders", 8082, 8082)), ports);
        String config = NginxEdge.clusterIpConfig(ports, Map.of("orders", List.of("orders-a")));
        assertTrue(config.contains("listen 8082;") && config.contains("proxy_pass http://orders-8082;")
                && config.contains("server orders-a:8082 max_fails=0;"), config);
        String none = NginxEdge.clusterIpConfig(ports, Map.of("orders", List.of()));
        assertTrue(none.contains("server 127.0.0.1:1 down;") && !none.contains(":8082 max_fails=0;"), none);
    }

    @Test
    void neitherStandInRetriesARequestOnAnotherEndpoint() {
        List<NginxEdge.Backend> ports = List.of(new NginxEdge.Backend("orders", 8082, 8082));
        Map<String, List<String>> endpoints = Map.of("orders", List.of("orders-a", "orders-b"));
        for (String config : List.of(NginxEdge.clusterIpConfig(ports, endpoints),
                NginxEdge.config(List.of(new NginxEdge.Route("/api/orders", ports.get(0))), endpoints))) {
            assertTrue(config.contains("proxy_next_upstream off;") && !config.contains("proxy_next_upstream_tries")
                    && !config.contains("non_idempotent"), config);
        }
    }

    /** Ingress Prefix: the longest path that equals the request path or is followed in it by '/'. */
    private static String ingressBackend(List<NginxEdge.Route> routes, String path) {
        return routes.stream()
                .filter(r -> r.path().equals("/") || path.equals(r.path()) || path.startsWith(r.path() + "/"))
                .max((a, b) -> Integer.compare(a.path().length(), b.path().length()))
                .map(NginxEdge.Route::upstream)
                .orElse("none");
    }

    /** nginx: an exact match wins; otherwise the longest matching prefix location. */
    private static String nginxUpstream(String config, String path) {
        Matcher m = LOCATION.matcher(config);
        String best = "none";
        int bestLength = -1;
        while (m.find()) {
            boolean exact = m.group(1) != null;
            String location = m.group(2);
            if (exact && location.equals(path)) {
                return m.group(3);
            }
            if (!exact && path.startsWith(location) && location.length() > bestLength) {
                best = m.group(3);
                bestLength = location.length();
            }
        }
        return best;
    }

    @Test
    void locationsAreExactPlusSlashPrefixForEveryPathButRoot() {
        Map<String, String> locations = NginxEdge.locations(List.of(new NginxEdge.Route("/api/x", new NginxEdge.Backend("x", 1, 1)),
                new NginxEdge.Route("/", new NginxEdge.Backend("root", 1, 1))));
        assertEquals(Map.of("= /api/x", "x-1", "/api/x/", "x-1", "/", "root-1"), locations);
    }

    /** logs has two ports (queries, ingest): each is its own upstream, on its own targetPort. */
    @Test
    void aServiceWithTwoPortsGetsAnUpstreamPerPort() {
        RenderedOverlay kind = RenderedOverlay.of("kind");
        List<NginxEdge.Backend> ports = NginxEdge.backends(kind.one(Service.class, "logs"));
        assertEquals(2, ports.size(), ports.toString());
        String config = NginxEdge.clusterIpConfig(ports, Map.of("logs", List.of("logs-a")));
        for (NginxEdge.Backend port : ports) {
            assertEquals(1, config.split("upstream " + port.upstream() + " \\{", -1).length - 1, config);
            assertTrue(config.contains("listen " + port.port() + ";") && config.contains("proxy_pass http://" + port.upstream() + ";")
                    && config.contains("server logs-a:" + port.targetPort() + " max_fails=0;"), config);
        }
    }
}
