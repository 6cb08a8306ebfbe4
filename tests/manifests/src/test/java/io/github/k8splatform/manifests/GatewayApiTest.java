package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * ingress/gateway-api, the Gateway API companion of the Ingress, says what the Ingress says and fits
 * the Traefik that serves it; that Traefik serves it is make e2e's (its smoke suite runs through both).
 */
class GatewayApiTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theHttpRouteSendsEveryPrefixWhereTheIngressDoes(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        IngressRule rule = rendered.one(Ingress.class, "platform").getSpec().getRules().get(0);
        Map<String, String> byIngress = new TreeMap<>();
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
            String service = path.getBackend().getService().getName();
            byIngress.put(path.getPath(), service + ":" + WiringTest.httpPortOf(rendered.one(Service.class, service)));
        }
        HTTPRoute route = rendered.one(HTTPRoute.class, "platform");
        Map<String, String> byRoute = new TreeMap<>();
        for (HTTPRouteRule routeRule : route.getSpec().getRules()) {
            assertEquals(1, routeRule.getMatches().size(), "one match a rule, as the Ingress has one path a backend");
            assertEquals(1, routeRule.getBackendRefs().size(), "one backend a rule");
            HTTPPathMatch match = routeRule.getMatches().get(0).getPath();
            assertEquals("PathPrefix", match.getType(), match.getValue() + ": the Ingress's paths are Prefix");
            HTTPBackendRef ref = routeRule.getBackendRefs().get(0);
            byRoute.put(match.getValue(), ref.getName() + ":" + ref.getPort());
        }
        assertEquals(byIngress, byRoute, "HTTPRoute platform's prefix -> Service:port against the Ingress's");
        String host = route.getSpec().getHostnames().get(0);
        assertEquals(1, route.getSpec().getHostnames().size());
        assertTrue(host.endsWith("." + rule.getHost()), host + " is a name under the Ingress's " + rule.getHost());
        assertNotEquals(rule.getHost(), host, "a host of its own, or Traefik could answer either way and neither be proven");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRouteAttachesToThePlatformsGatewayOnTraefiksClass(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        HTTPRoute route = rendered.one(HTTPRoute.class, "platform");
        Gateway gateway = rendered.one(Gateway.class, route.getSpec().getParentRefs().get(0).getName());
        assertEquals(route.getMetadata().getNamespace(), gateway.getMetadata().getNamespace(), "the route attaches in its own namespace");
        assertEquals("traefik", gateway.getSpec().getGatewayClassName());
        Listener listener = gateway.getSpec().getListeners().get(0);
        assertEquals(route.getSpec().getParentRefs().get(0).getSectionName(), listener.getName());
        assertEquals("HTTP", listener.getProtocol());
        assertEquals("Same", listener.getAllowedRoutes().getNamespaces().getFrom());
    }

    /** Traefik serves a listener only on an entry point of the same port: its web entry point, in both Traefiks. */
    @Test
    void theListenerPortIsTraefiksWebEntryPoint() throws IOException {
        int listener = RenderedOverlay.of("kind").one(Gateway.class, "platform").getSpec().getListeners().get(0).getPort();
        Matcher local = Pattern.compile("--entryPoints\\.web\\.address=:(\\d+)")
                .matcher(Project.read(Project.ROOT.resolve("k8s/local-cluster/traefik.yaml")));
        assertTrue(local.find(), "make cluster's Traefik has a web entry point");
        assertEquals(listener, Integer.parseInt(local.group(1)), "k8s/local-cluster/traefik.yaml");
        int kind = new ObjectMapper(new YAMLFactory()).readTree(Project.ROOT.resolve("k8s/kind/traefik-values.yaml").toFile())
                .path("ports").path("web").path("port").asInt();
        assertEquals(listener, kind, "k8s/kind/traefik-values.yaml ports.web.port");
    }

    /** The CRDs installed are the release make cluster's Traefik is built against (tools/traefik/go.sum). */
    @Test
    void theCrdsAreTheReleaseTraefikIsBuiltAgainst() {
        Matcher pinned = Pattern.compile("(?m)^GATEWAY_API_VERSION=(\\S+)$")
                .matcher(Project.read(Project.ROOT.resolve("scripts/cluster/versions.sh")));
        assertTrue(pinned.find(), "scripts/cluster/versions.sh pins GATEWAY_API_VERSION");
        Matcher built = Pattern.compile("(?m)^sigs\\.k8s\\.io/gateway-api (v[^ /]+) h1:")
                .matcher(Project.read(Project.ROOT.resolve("tools/traefik/go.sum")));
        assertTrue(built.find(), "tools/traefik/go.sum has sigs.k8s.io/gateway-api");
        assertEquals(built.group(1), pinned.group(1));
    }
}
