package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.github.k8splatform.manifests.RenderedOverlay;
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
        String config = NginxEdge.config(routes);

        for (String path : List.of("/", "/index.html", "/api/overview", "/q/health/ready", "/api/catalog",
                "/api/catalog/", "/api/catalog/products", "/api/catalog/products/MUG-1", "/api/catalogue",
                "/api/orders", "/api/orders/42", "/api/orders/reports/latest", "/api/ordersx", "/api")) {
            assertEquals(ingressBackend(routes, path), nginxUpstream(config, path), path);
        }
        assertEquals("catalog", nginxUpstream(config, "/api/catalog/products"));
        assertEquals("gateway", nginxUpstream(config, "/api/catalogue"), "Prefix matches whole segments only");
        assertTrue(config.contains("server catalog:8081"), "the Service port of the backend:\n" + config);
        assertTrue(config.contains("listen 8080"));
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
        Map<String, String> locations = NginxEdge.locations(List.of(new NginxEdge.Route("/api/x", "x", "x:1"),
                new NginxEdge.Route("/", "root", "root:1")));
        assertEquals(Map.of("= /api/x", "x", "/api/x/", "x", "/", "root"), locations);
    }
}
