package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates the rendered NetworkPolicies the way the API defines them, for every pair of traffic
 * source and destination, and compares the allowed pairs with exactly the flows the platform needs.
 */
class NetworkPolicyTest {

    static final String APP_NAMESPACE = "platform";

    /** Who may talk to whom: everything else must be denied. */
    static final Set<String> ALLOWED = Set.of(
            "ingress-controller -> gateway", "outside -> gateway",
            "ingress-controller -> catalog", "ingress-controller -> orders",
            "gateway -> catalog", "gateway -> orders", "orders -> catalog",
            "catalog -> postgres", "orders -> postgres", "batch -> postgres",
            "ingress-controller -> logs", "logs -> postgres",
            // Batches: the log agents, and only they, reach the collector's ingest port.
            "log-agent -> logs ingest",
            // The live page's Traffic part: the gateway probes every service through its Service.
            "gateway -> gateway", "gateway -> logs");

    record Source(String name, String namespace, Map<String, String> podLabels, String ip) {
        boolean isPod() {
            return podLabels != null;
        }
    }

    /** A port of an app's pods, named "app" for its HTTP port and "app door" for another. */
    record Destination(String name, String app, int port) {
        Destination(String app, int port) {
            this(app, app, port);
        }
    }

    static final List<Destination> DESTINATIONS = List.of(new Destination("gateway", Project.httpPort("gateway")),
            new Destination("catalog", Project.httpPort("catalog")), new Destination("orders", Project.httpPort("orders")),
            new Destination("logs", Project.httpPort("logs")), new Destination("logs ingest", "logs", Project.ingestPort()),
            new Destination("postgres", 5432));

    static Stream<Arguments> clusters() {
        return Stream.of(Arguments.of("kind", "traefik", "10.244.1.17", "172.18.0.1"),
                Arguments.of("k3s", "kube-system", "10.42.0.17", "192.168.1.50"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void exactlyTheNeededFlowsAreAllowed(String overlay, String controllerNamespace, String podIp, String outsideIp) {
        List<NetworkPolicy> policies = RenderedOverlay.of(overlay).all(NetworkPolicy.class);
        List<Source> sources = new ArrayList<>();
        for (String app : List.of("gateway", "catalog", "orders", "logs", "batch", "postgres")) {
            sources.add(new Source(app, APP_NAMESPACE, Map.of("app.kubernetes.io/name", app), podIp));
        }
        sources.add(new Source("ingress-controller", controllerNamespace, Map.of("app.kubernetes.io/name", "traefik"), podIp));
        sources.add(new Source("log-agent", "platform-logging", Map.of("app.kubernetes.io/name", "log-agent"), podIp));
        sources.add(new Source("other-pod-in-logging", "platform-logging", Map.of("app.kubernetes.io/name", "curl"), podIp));
        sources.add(new Source("pod-elsewhere", "default", Map.of("app.kubernetes.io/name", "curl"), podIp));
        sources.add(new Source("outside", null, null, outsideIp));

        Set<String> allowed = new TreeSet<>();
        for (Source from : sources) {
            for (Destination to : DESTINATIONS) {
                if (allows(policies, from, to)) {
                    allowed.add(from.name() + " -> " + to.name());
                }
            }
        }
        assertEquals(new TreeSet<>(ALLOWED), allowed, overlay + ": allowed flows");
    }

    private static boolean allows(List<NetworkPolicy> policies, Source from, Destination to) {
        Map<String, String> destLabels = Map.of("app.kubernetes.io/name", to.app());
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> matches(p.getSpec().getPodSelector(), destLabels))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : selecting) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (portMatches(rule.getPorts(), to.port()) && peerMatches(rule.getFrom(), from, policy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() == null
                || (p.getPort().getIntVal() != null && p.getPort().getIntVal() == port));
    }

    private static boolean peerMatches(List<NetworkPolicyPeer> peers, Source from, NetworkPolicy policy) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (inBlock(peer.getIpBlock(), from.ip())) {
                    return true;
                }
                continue;
            }
            if (!from.isPod()) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() != null
                    ? matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", from.namespace()))
                    : from.namespace().equals(policy.getMetadata().getNamespace());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), from.podLabels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(IPBlock block, String ip) {
        return inCidr(block.getCidr(), ip)
                && (block.getExcept() == null || block.getExcept().stream().noneMatch(e -> inCidr(e, ip)));
    }

    static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
