package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretEnvSource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The log collector's ingest port is for the log agents only (NetworkPolicyTest checks that only
 * they may connect to it): no Ingress path and no Service a caller outside the cluster can reach
 * leads to it, only the collector and the agents name the ingest token's Secret, and no role lets
 * anyone read Secrets or review tokens.
 */
class LogIngestDoorTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    static final String TOKEN_SECRET = "logs-ingest-token";
    /** The two pod templates that hold the token: the collector checks it, the agents send it. */
    static final Set<String> TOKEN_HOLDERS = Set.of("Deployment platform/logs", "DaemonSet platform-logging/log-agent");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noIngressPathOrOutsideServiceLeadsToTheIngestPort(String overlay) {
        assertEquals(List.of(), doorsToIngest(RenderedOverlay.of(overlay).objects), overlay);
    }

    @Test
    void anIngressPathToTheIngestPortIsFound() {
        List<HasMetadata> routed = Broken.mutated(Ingress.class, "platform", i -> i.getSpec().getRules().get(0)
                .getHttp().getPaths().stream().filter(p -> p.getPath().equals("/api/logs")).findFirst().orElseThrow()
                .getBackend().getService().setPort(new ServiceBackendPort("ingest", null)));
        assertEquals(List.of("Ingress platform path /api/logs -> Service logs port ingest"), doorsToIngest(routed));
        List<HasMetadata> byNumber = Broken.mutated(Ingress.class, "platform", i -> i.getSpec().getRules().get(0)
                .getHttp().getPaths().stream().filter(p -> p.getPath().equals("/api/logs")).findFirst().orElseThrow()
                .getBackend().getService().setPort(new ServiceBackendPort(null, Project.ingestPort())));
        assertEquals(List.of("Ingress platform path /api/logs -> Service logs port " + Project.ingestPort()), doorsToIngest(byNumber));
        List<HasMetadata> nodePort = Broken.mutated(Service.class, "logs", s -> s.getSpec().setType("NodePort"));
        assertEquals(List.of("Service logs of type NodePort port ingest"), doorsToIngest(nodePort));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheCollectorAndTheAgentsNameTheTokensSecret(String overlay) {
        assertEquals(new TreeSet<>(TOKEN_HOLDERS), holders(RenderedOverlay.of(overlay).objects), overlay);
    }

    @Test
    void anotherPodNamingTheSecretIsFound() {
        List<HasMetadata> leaked = Broken.mutated(Deployment.class, "gateway", d -> d.getSpec().getTemplate().getSpec()
                .getContainers().get(0).setEnvFrom(List.of(new EnvFromSource(null, null, new SecretEnvSource(TOKEN_SECRET, null)))));
        Set<String> expected = new TreeSet<>(TOKEN_HOLDERS);
        expected.add("Deployment platform/gateway");
        assertEquals(expected, holders(leaked));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noRoleReadsSecretsOrReviewsTokens(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        List<String> found = new ArrayList<>();
        r.all(Role.class).forEach(role -> found.addAll(risky("Role " + role.getMetadata().getName(), role.getRules())));
        r.all(ClusterRole.class).forEach(role -> found.addAll(risky("ClusterRole " + role.getMetadata().getName(), role.getRules())));
        assertEquals(List.of(), found, overlay);
    }

    @Test
    void aRuleOnSecretsOrTokenReviewsIsFound() {
        assertEquals(List.of("r: secrets", "r: tokenreviews", "r: *"), risky("r", List.of(
                new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("get").build(),
                new PolicyRuleBuilder().withApiGroups("authentication.k8s.io").withResources("tokenreviews").withVerbs("create").build(),
                new PolicyRuleBuilder().withApiGroups("*").withResources("*").withVerbs("list").build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get").build())));
    }

    /** Every way in to the collector's ingest port that is not the log agents' own. */
    static List<String> doorsToIngest(List<HasMetadata> objects) {
        List<Service> services = Selection.only(objects, Service.class);
        Map<String, String> collectorLabels = Selection.only(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("logs")).findFirst().orElseThrow()
                .getSpec().getTemplate().getMetadata().getLabels();
        List<String> doors = new ArrayList<>();
        for (Ingress ingress : Selection.only(objects, Ingress.class)) {
            for (var rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    services.stream().filter(s -> s.getMetadata().getName().equals(backend.getName())
                                    && Objects.equals(s.getMetadata().getNamespace(), ingress.getMetadata().getNamespace()))
                            .flatMap(s -> s.getSpec().getPorts().stream().filter(p -> backend.getPort().getName() != null
                                    ? backend.getPort().getName().equals(p.getName()) : Objects.equals(backend.getPort().getNumber(), p.getPort()))
                                    .filter(p -> selects(s, collectorLabels) && isIngest(p)))
                            .forEach(p -> doors.add("Ingress " + ingress.getMetadata().getName() + " path " + path.getPath()
                                    + " -> Service " + backend.getName() + " port "
                                    + (backend.getPort().getName() != null ? backend.getPort().getName() : backend.getPort().getNumber())));
                }
            }
        }
        for (Service s : services) {
            String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
            if (!type.equals("ClusterIP") && selects(s, collectorLabels)) {
                s.getSpec().getPorts().stream().filter(LogIngestDoorTest::isIngest)
                        .forEach(p -> doors.add("Service " + s.getMetadata().getName() + " of type " + type + " port " + p.getName()));
            }
        }
        return doors;
    }

    private static boolean selects(Service s, Map<String, String> podLabels) {
        return s.getSpec().getSelector() != null && podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet());
    }

    /** A Service port that sends to the collector's ingest port, by number or by the container port's name. */
    private static boolean isIngest(ServicePort port) {
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        return target.getIntVal() != null ? target.getIntVal() == Project.ingestPort() : target.getStrVal().equals("ingest");
    }

    /** Each pod template that names the token's Secret, in any of the ways a pod can read a Secret. */
    static Set<String> holders(List<HasMetadata> objects) {
        Set<String> holders = new TreeSet<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            boolean names = false;
            for (PodTemplates.ContainerAt c : t.containers()) {
                for (EnvVar env : PodTemplates.orEmpty(c.container().getEnv())) {
                    names |= env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
                            && TOKEN_SECRET.equals(env.getValueFrom().getSecretKeyRef().getName());
                }
                for (EnvFromSource from : PodTemplates.orEmpty(c.container().getEnvFrom())) {
                    names |= from.getSecretRef() != null && TOKEN_SECRET.equals(from.getSecretRef().getName());
                }
            }
            for (Volume v : PodTemplates.orEmpty(t.spec().getVolumes())) {
                names |= v.getSecret() != null && TOKEN_SECRET.equals(v.getSecret().getSecretName());
                if (v.getProjected() != null) {
                    for (VolumeProjection p : PodTemplates.orEmpty(v.getProjected().getSources())) {
                        names |= p.getSecret() != null && TOKEN_SECRET.equals(p.getSecret().getName());
                    }
                }
            }
            if (names) {
                holders.add(t.owner().getKind() + " " + t.owner().getMetadata().getNamespace() + "/" + t.owner().getMetadata().getName());
            }
        }
        return holders;
    }

    /** The resources of the rules that would let their holder read a Secret or review a token. */
    static List<String> risky(String role, List<PolicyRule> rules) {
        List<String> found = new ArrayList<>();
        for (PolicyRule rule : rules) {
            for (String resource : PodTemplates.orEmpty(rule.getResources())) {
                if (Set.of("secrets", "tokenreviews", "*").contains(resource)) {
                    found.add(role + ": " + resource);
                }
            }
        }
        return found;
    }
}
