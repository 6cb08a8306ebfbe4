package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Who can read the Kubernetes API: the gateway alone among the workloads (its page's Workloads part),
 * with exactly the RBAC it needs, read-only, and no other workload at all (no binding, no token in its
 * pods); beside it drill-reader, an account no pod runs as, which make drill reads the kubelets'
 * summaries as.
 */
class ApiAccessTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    /** The one workload whose pods mount a service-account token. */
    static final String API_READER = "Deployment/gateway";
    static final String SUBJECT = "ServiceAccount platform/gateway";
    /** What make drill reads the kubelets' summaries as (kubectl --as): an account no pod runs as. */
    static final String DRILL_READER_ROLE = "ClusterRole drill-reader";
    static final String GROUP = "rbac.authorization.k8s.io";

    /** Every role of the rendered overlay, by kind, namespace and name, with each grant as group/resource:verb. */
    static final Map<String, Set<String>> ROLES = new TreeMap<>(Map.of(
            "Role platform/gateway-workloads", grants(
                    grants(List.of(""), List.of("pods", "events"), List.of("get", "list", "watch")),
                    grants(List.of("apps"), List.of("deployments", "replicasets"), List.of("get", "list", "watch")),
                    grants(List.of("batch"), List.of("jobs", "cronjobs"), List.of("get", "list", "watch"))),
            "ClusterRole gateway-nodes", grants(List.of(""), List.of("nodes"), List.of("get", "list")),
            "Role platform-logging/gateway-log-agents", grants(List.of(""), List.of("pods"), List.of("get", "list")),
            DRILL_READER_ROLE, grants(grants(List.of(""), List.of("nodes"), List.of("list")),
                    grants(List.of(""), List.of("nodes/proxy"), List.of("get")))));
    /** Every binding of the rendered overlay: the role it grants, and its subjects. */
    static final Map<String, String> BINDINGS = new TreeMap<>(Map.of(
            "RoleBinding platform/gateway-workloads", "Role gateway-workloads to [" + SUBJECT + "]",
            "ClusterRoleBinding gateway-nodes", "ClusterRole gateway-nodes to [" + SUBJECT + "]",
            "RoleBinding platform-logging/gateway-log-agents", "Role gateway-log-agents to [" + SUBJECT + "]",
            "ClusterRoleBinding drill-reader", DRILL_READER_ROLE + " to [ServiceAccount platform/drill-reader]"));

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRolesGrantExactlyWhatTheGatewayReads(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        Map<String, Set<String>> roles = new TreeMap<>();
        List<PolicyRule> all = new ArrayList<>();
        for (Role role : r.all(Role.class)) {
            roles.put("Role " + role.getMetadata().getNamespace() + "/" + role.getMetadata().getName(), grants(role.getRules()));
            all.addAll(role.getRules());
        }
        for (ClusterRole role : r.all(ClusterRole.class)) {
            roles.put("ClusterRole " + role.getMetadata().getName(), grants(role.getRules()));
            assertEquals(null, role.getAggregationRule(), role.getMetadata().getName() + ": an aggregated ClusterRole grants what others add");
            all.addAll(role.getRules());
        }
        assertEquals(ROLES, roles, overlay);
        for (PolicyRule rule : all) {
            assertEquals(List.of(), PodTemplates.orEmpty(rule.getResourceNames()), overlay + ": " + rule);
            assertEquals(List.of(), PodTemplates.orEmpty(rule.getNonResourceURLs()), overlay + ": " + rule);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theBindingsGrantThemToTheGatewayAndTheDrillReaderOnly(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        Map<String, String> bindings = new TreeMap<>();
        for (RoleBinding b : r.all(RoleBinding.class)) {
            bindings.put("RoleBinding " + b.getMetadata().getNamespace() + "/" + b.getMetadata().getName(), binding(b.getRoleRef(), b.getSubjects()));
        }
        for (ClusterRoleBinding b : r.all(ClusterRoleBinding.class)) {
            bindings.put("ClusterRoleBinding " + b.getMetadata().getName(), binding(b.getRoleRef(), b.getSubjects()));
        }
        assertEquals(BINDINGS, bindings, overlay + ": kustomize's namespace transformer must leave the subject's namespace alone");
        ServiceAccount gateway = r.one(ServiceAccount.class, "gateway");
        assertEquals("platform", gateway.getMetadata().getNamespace(), "the subject is this ServiceAccount");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheGatewaysPodsMountAToken(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        assertEquals(List.of(API_READER), tokenMounters(r.objects), overlay);
        Deployment gateway = r.one(Deployment.class, "gateway");
        assertEquals("gateway", gateway.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals(Boolean.TRUE, gateway.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                "the gateway's pod asks for its token itself; its ServiceAccount does not hand one to every pod");
        for (ServiceAccount account : r.all(ServiceAccount.class)) {
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), overlay + ": ServiceAccount " + account.getMetadata().getName());
        }
        assertTrue(r.all(Secret.class).stream().noneMatch(s -> "kubernetes.io/service-account-token".equals(s.getType())),
                overlay + ": no long-lived token Secret");
    }

    @Test
    void aPodThatWouldMountATokenIsFound() {
        assertEquals(List.of("Deployment/catalog", API_READER), tokenMounters(objects(
                Broken.copyOf(Deployment.class, "catalog"), d -> d.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null),
                Broken.copyOf(ServiceAccount.class, "catalog"), a -> a.setAutomountServiceAccountToken(null))),
                "neither the pod nor its ServiceAccount says false: the token is mounted (the API's default)");
        assertEquals(List.of(API_READER), tokenMounters(objects(
                Broken.copyOf(Deployment.class, "catalog"), d -> d.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null),
                Broken.copyOf(ServiceAccount.class, "catalog"), a -> { })),
                "the ServiceAccount's false holds when the pod says nothing");
        assertEquals(List.of("Deployment/catalog", API_READER), tokenMounters(objects(
                Broken.copyOf(Deployment.class, "catalog"), d -> d.getSpec().getTemplate().getSpec().getVolumes().add(
                        new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("token").withNewProjected().addNewSource()
                                .withNewServiceAccountToken().withPath("token").endServiceAccountToken().endSource().endProjected().build()),
                Broken.copyOf(ServiceAccount.class, "catalog"), a -> { })),
                "a projected service-account token is a token too");
    }

    /**
     * The workloads whose pods get a service-account token: automountServiceAccountToken of the pod,
     * else of its ServiceAccount, else true (the API's default), or a projected token volume.
     */
    static List<String> tokenMounters(List<HasMetadata> objects) {
        List<String> mounters = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            String accountName = Objects.requireNonNullElse(t.spec().getServiceAccountName(), "default");
            ServiceAccount account = Selection.only(objects, ServiceAccount.class).stream()
                    .filter(a -> a.getMetadata().getName().equals(accountName)
                            && Objects.equals(a.getMetadata().getNamespace(), t.owner().getMetadata().getNamespace()))
                    .findFirst().orElse(null);
            Boolean automount = t.spec().getAutomountServiceAccountToken() != null ? t.spec().getAutomountServiceAccountToken()
                    : account != null ? account.getAutomountServiceAccountToken() : null;
            boolean projected = PodTemplates.orEmpty(t.spec().getVolumes()).stream().map(Volume::getProjected).filter(Objects::nonNull)
                    .flatMap(p -> PodTemplates.orEmpty(p.getSources()).stream()).anyMatch(s -> s.getServiceAccountToken() != null);
            if (!Boolean.FALSE.equals(automount) || projected) {
                mounters.add(t.owner().getKind() + "/" + t.owner().getMetadata().getName());
            }
        }
        return mounters;
    }

    private static String binding(RoleRef ref, List<Subject> subjects) {
        assertEquals(GROUP, ref.getApiGroup());
        return ref.getKind() + " " + ref.getName() + " to " + PodTemplates.orEmpty(subjects).stream()
                .map(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName() + (s.getApiGroup() == null || s.getApiGroup().isEmpty()
                        ? "" : " (apiGroup " + s.getApiGroup() + ")")).toList();
    }

    /** Each rule's grants as group/resource:verb; a wildcard stays "*", so it can never equal an expected grant. */
    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> all = new TreeSet<>();
        for (PolicyRule rule : PodTemplates.orEmpty(rules)) {
            all.addAll(grants(PodTemplates.orEmpty(rule.getApiGroups()), PodTemplates.orEmpty(rule.getResources()),
                    PodTemplates.orEmpty(rule.getVerbs())));
        }
        return all;
    }

    private static Set<String> grants(List<String> groups, List<String> resources, List<String> verbs) {
        Set<String> all = new TreeSet<>();
        for (String group : groups) {
            for (String resource : resources) {
                for (String verb : verbs) {
                    all.add(group + "/" + resource + ":" + verb);
                }
            }
        }
        return all;
    }

    @SafeVarargs
    private static Set<String> grants(Set<String>... parts) {
        Set<String> all = new TreeSet<>();
        for (Set<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** The kind overlay with the catalog Deployment and ServiceAccount replaced by changed copies. */
    private static List<HasMetadata> objects(Deployment catalog, java.util.function.Consumer<Deployment> changePod,
            ServiceAccount account, java.util.function.Consumer<ServiceAccount> changeAccount) {
        changePod.accept(catalog);
        changeAccount.accept(account);
        return RenderedOverlay.of("kind").objects.stream().map(o -> o instanceof Deployment d && d.getMetadata().getName().equals("catalog") ? catalog
                : o instanceof ServiceAccount a && a.getMetadata().getName().equals("catalog") ? account : o).toList();
    }
}
