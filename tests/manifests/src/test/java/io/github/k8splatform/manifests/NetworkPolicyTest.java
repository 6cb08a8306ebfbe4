package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates the rendered NetworkPolicies the way the API defines them, both directions, for every
 * pair of endpoints one of which is a platform pod, and compares the connections allowed with exactly
 * the flows the platform needs. A connection between pods needs the source's egress and the
 * destination's ingress to allow it. Pods, their labels and their named ports are read from the
 * rendered workloads; ports honour protocol, names and endPort ranges.
 */
class NetworkPolicyTest {

    static final Set<String> PLATFORM_NAMESPACES = Set.of("platform", "platform-logging");
    private static final List<String> DNS = List.of("kube-dns dns", "kube-dns dns-tcp");

    /** Who may connect to whom (the destination named "pod" or "pod port-name"): everything else must be denied. */
    static final Set<String> ALLOWED = allowed();

    private static Set<String> allowed() {
        Set<String> flows = new TreeSet<>(Set.of(
                "ingress-controller -> gateway", "outside -> gateway",
                "ingress-controller -> catalog", "ingress-controller -> orders", "ingress-controller -> logs",
                "gateway -> catalog", "gateway -> orders", "orders -> catalog",
                "catalog -> postgres", "orders -> postgres", "batch-setup -> postgres", "batch-report -> postgres",
                "logs -> postgres",
                // The setup Job's seed writes through catalog's API; the report CronJob does not.
                "batch-setup -> catalog",
                // Batches: the log agents, and only they, reach the collector's ingest port.
                "log-agent -> logs ingest",
                // The live page's Traffic part probes every service through its Service; its
                // Workloads part reads the API server.
                "gateway -> gateway", "gateway -> logs", "gateway -> api-server"));
        // Names, for every pod of the platform's namespaces.
        for (String pod : List.of("gateway", "catalog", "orders", "logs", "batch-setup", "batch-report", "postgres", "log-agent",
                "other-pod-in-logging")) {
            DNS.forEach(dns -> flows.add(pod + " -> " + dns));
        }
        return flows;
    }

    /** A pod (labels, named ports) or an address outside the pod network (labels null). */
    record Endpoint(String name, String namespace, Map<String, String> labels, String ip, List<ContainerPort> ports) {
        boolean isPod() {
            return labels != null;
        }
    }

    /** One port of an endpoint. */
    record Target(Endpoint endpoint, ContainerPort port) {
        String name() {
            String portName = port.getName();
            return endpoint.ports().size() == 1 || portName == null || portName.equals("http")
                    ? endpoint.name() : endpoint.name() + " " + portName;
        }

        String protocol() {
            return port.getProtocol() == null ? "TCP" : port.getProtocol();
        }
    }

    static Stream<Arguments> clusters() {
        return Stream.of(Arguments.of("kind", "traefik", "10.244.1.17", "172.18.0.1", "172.18.0.2"),
                Arguments.of("k3s", "kube-system", "10.42.0.17", "192.168.1.50", "192.168.1.10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void exactlyTheNeededFlowsAreAllowed(String overlay, String controllerNamespace, String podIp, String outsideIp, String apiServerIp) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Endpoint> endpoints = endpoints(rendered, controllerNamespace, podIp, outsideIp, apiServerIp);
        assertEquals(new TreeSet<>(ALLOWED), allowedFlows(rendered.all(NetworkPolicy.class), endpoints), overlay + ": allowed flows");
    }

    @Test
    void everyWorkloadOfThePlatformIsAnEndpointHere() {
        Set<String> named = new TreeSet<>();
        endpoints(RenderedOverlay.of("kind"), "traefik", "10.244.1.17", "172.18.0.1", "172.18.0.2").stream()
                .filter(NetworkPolicyTest::platform).forEach(e -> named.add(e.name()));
        assertEquals(new TreeSet<>(Set.of("gateway", "catalog", "orders", "logs", "batch-setup", "batch-report", "postgres", "log-agent",
                "other-pod-in-logging")), named);
    }

    /** A named port and an endPort range are ports too: either, added to gateway's way into logs, opens the ingest port to gateway. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ingestOpenings")
    void aRuleThatReachesTheIngestPortByNameOrRangeIsSeen(String opening, NetworkPolicyPort extra) {
        RenderedOverlay rendered = RenderedOverlay.of("kind");
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class).stream()
                .map(p -> p.getMetadata().getName().equals("logs-ingress") ? edited(p, q -> {
                    q.getSpec().getIngress().get(0).getPorts().add(extra);
                    return q;
                }) : p)
                .toList();
        policies = policies.stream().map(p -> p.getMetadata().getName().equals("logs-clients-egress") ? edited(p, q -> {
            q.getSpec().getEgress().get(0).getPorts().add(extra);
            return q;
        }) : p).toList();
        Set<String> flows = allowedFlows(policies, endpoints(rendered, "traefik", "10.244.1.17", "172.18.0.1", "172.18.0.2"));
        assertTrue(flows.contains("gateway -> logs ingest"), opening + " must open the ingest port to gateway: " + flows);
    }

    static Stream<Arguments> ingestOpenings() {
        return Stream.of(Arguments.of("port: ingest", new NetworkPolicyPortBuilder().withPort(new IntOrString("ingest")).build()),
                Arguments.of("port: 8083, endPort: 8093", new NetworkPolicyPortBuilder().withPort(new IntOrString(8083))
                        .withEndPort(Project.ingestPort()).build()));
    }

    @Test
    void aPortOfAnotherProtocolIsNotThePort() {
        ContainerPort udp = new ContainerPort(5432, null, null, "postgres", "UDP");
        Endpoint postgres = new Endpoint("postgres", "platform", Map.of("app.kubernetes.io/name", "postgres"), "10.244.1.5", List.of(udp));
        NetworkPolicyPort tcp = new NetworkPolicyPortBuilder().withPort(new IntOrString(5432)).build();
        assertTrue(!portMatches(List.of(tcp), new Target(postgres, udp)), "a rule for TCP 5432 allowed UDP 5432");
    }

    private static NetworkPolicy edited(NetworkPolicy policy, UnaryOperator<NetworkPolicy> edit) {
        return edit.apply(new NetworkPolicyBuilder(policy).build());
    }

    /** The platform's pods as the rendered workloads make them, and the cluster's other ends. */
    static List<Endpoint> endpoints(RenderedOverlay rendered, String controllerNamespace, String podIp, String outsideIp,
            String apiServerIp) {
        Map<String, Endpoint> byName = new LinkedHashMap<>();
        Map<String, PodTemplateSpec> templates = rendered.podTemplates();
        for (HasMetadata workload : rendered.objects) {
            PodTemplateSpec template = templates.get(workload.getKind() + "/" + workload.getMetadata().getName());
            if (template == null) {
                continue;
            }
            Map<String, String> labels = template.getMetadata().getLabels();
            List<ContainerPort> ports = template.getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream()).toList();
            // One workload's pods apart from another's of the same app: batch's setup Job and report CronJob.
            String component = labels.get("app.kubernetes.io/component");
            String name = labels.get("app.kubernetes.io/name") + (component == null ? "" : "-" + component);
            byName.putIfAbsent(name, new Endpoint(name, workload.getMetadata().getNamespace(), labels, podIp, ports));
        }
        List<Endpoint> all = new ArrayList<>(byName.values());
        all.add(new Endpoint("ingress-controller", controllerNamespace, Map.of("app.kubernetes.io/name", "traefik"), podIp, List.of()));
        all.add(new Endpoint("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), podIp,
                List.of(new ContainerPort(53, null, null, "dns", "UDP"), new ContainerPort(53, null, null, "dns-tcp", "TCP"))));
        all.add(new Endpoint("other-pod-in-logging", "platform-logging", Map.of("app.kubernetes.io/name", "curl"), podIp,
                List.of(new ContainerPort(80, null, null, "http", "TCP"))));
        all.add(new Endpoint("pod-elsewhere", "default", Map.of("app.kubernetes.io/name", "curl"), podIp,
                List.of(new ContainerPort(80, null, null, "http", "TCP"))));
        all.add(new Endpoint("outside", null, null, outsideIp, List.of()));
        all.add(new Endpoint("api-server", null, null, apiServerIp, List.of(new ContainerPort(6443, null, null, "https", "TCP"))));
        all.add(new Endpoint("internet", null, null, "203.0.113.10", List.of(new ContainerPort(443, null, null, "https", "TCP"))));
        return all;
    }

    /** "from -> target" for every connection the policies allow where a platform pod is on either end. */
    static Set<String> allowedFlows(List<NetworkPolicy> policies, List<Endpoint> endpoints) {
        Set<String> allowed = new TreeSet<>();
        for (Endpoint from : endpoints) {
            if (!from.isPod() && !from.ports().isEmpty()) {
                continue; // an address with ports (the API server, the internet) is only ever a destination
            }
            for (Endpoint to : endpoints) {
                if (!platform(from) && !platform(to)) {
                    continue;
                }
                for (ContainerPort port : to.ports()) {
                    Target target = new Target(to, port);
                    if (egressAllows(policies, from, target) && ingressAllows(policies, from, target)) {
                        allowed.add(from.name() + " -> " + target.name());
                    }
                }
            }
        }
        return allowed;
    }

    private static boolean platform(Endpoint e) {
        return e.isPod() && PLATFORM_NAMESPACES.contains(e.namespace());
    }

    /** The policies of the endpoint's namespace that select it for this direction. */
    private static List<NetworkPolicy> selecting(List<NetworkPolicy> policies, Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> pod.namespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    private static boolean egressAllows(List<NetworkPolicy> policies, Endpoint from, Target target) {
        if (!from.isPod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(policies, from, "Egress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getEgress().stream()
                .anyMatch(rule -> portMatches(rule.getPorts(), target) && peerMatches(rule.getTo(), target.endpoint(), policy)));
    }

    private static boolean ingressAllows(List<NetworkPolicy> policies, Endpoint from, Target target) {
        if (!target.endpoint().isPod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(policies, target.endpoint(), "Ingress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getIngress().stream()
                .anyMatch(rule -> portMatches(rule.getPorts(), target) && peerMatches(rule.getFrom(), from, policy)));
    }

    /** No ports is every port; else one that has the target's protocol (TCP by default) and its number, range or name. */
    static boolean portMatches(List<NetworkPolicyPort> ports, Target target) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!protocol.equals(target.protocol())) {
                continue;
            }
            IntOrString port = p.getPort();
            int number = target.port().getContainerPort();
            if (port == null
                    || (port.getStrVal() != null && port.getStrVal().equals(target.port().getName()))
                    || (port.getIntVal() != null && (p.getEndPort() == null ? port.getIntVal() == number
                            : port.getIntVal() <= number && number <= p.getEndPort()))) {
                return true;
            }
        }
        return false;
    }

    /** No peers is everyone; else a peer whose ipBlock holds the address, or whose selectors match the pod. */
    private static boolean peerMatches(List<NetworkPolicyPeer> peers, Endpoint other, NetworkPolicy policy) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (inBlock(peer.getIpBlock(), other.ip())) {
                    return true;
                }
                continue;
            }
            if (!other.isPod()) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() != null
                    ? matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", other.namespace()))
                    : other.namespace().equals(policy.getMetadata().getNamespace());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
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
