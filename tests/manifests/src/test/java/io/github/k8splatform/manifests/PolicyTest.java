package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every object the platform shows exists and every workload meets the restricted profile. */
class PolicyTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    /** The only host paths, both the log agent's: the logs it reads (read-only) and its own offsets. */
    static final Map<String, Boolean> HOST_PATHS = Map.of("/var/log", true, "/var/lib/log-agent", false);
    /** The workload that may run as root: the log agent, to read root-owned log files, with no capability. */
    static final String HOST_LOG_READER = "DaemonSet/log-agent";
    /**
     * Below 10000 a user or group id may be a real account's on the node. The containers whose ids may
     * be lower, each with the one id it may use: the log agent root (HOST_LOG_READER); PostgreSQL's
     * data-give, the official image's postgres user, which owns the data directories of installs made
     * before the server ran as 10002 and alone can let the server's group copy one (data-handover.sh).
     */
    static final Map<String, Long> LOW_IDS = Map.of(HOST_LOG_READER + "/log-agent", 0L, "StatefulSet/postgres/data-give", 999L);
    /** The services the rolling-update drills use run three replicas; the rest at least two. */
    static final Map<String, Integer> MIN_REPLICAS = Map.of("catalog", 3, "orders", 3, "gateway", 3);

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectOfThePlatformExists(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        Namespace app = r.one(Namespace.class, "platform");
        assertEquals("restricted", app.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        assertEquals("privileged", r.one(Namespace.class, "platform-logging").getMetadata().getLabels()
                .get("pod-security.kubernetes.io/enforce"), "platform-logging must enforce privileged: the log agent"
                + " DaemonSet mounts hostPath volumes and runs as root, which baseline and restricted refuse");

        StatefulSet postgres = r.one(StatefulSet.class, "postgres");
        assertEquals(1, postgres.getSpec().getReplicas());
        assertFalse(postgres.getSpec().getVolumeClaimTemplates().isEmpty(), "postgres keeps its data in a PVC");
        assertNull(postgres.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName(),
                "the default StorageClass, which kind and k3s both ship");
        assertEquals("None", r.one(Service.class, "postgres").getSpec().getClusterIP(), "headless");
        PodSpec db = postgres.getSpec().getTemplate().getSpec();
        String pgdata = db.getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("PGDATA")).findFirst()
                .orElseThrow().getValue();
        assertEquals(List.of("data-give", "data-take"), db.getInitContainers().stream().map(Container::getName).toList());
        db.getInitContainers().forEach(c -> assertEquals(pgdata, c.getCommand().get(c.getCommand().size() - 1),
                c.getName() + " hands the data over to the server's PGDATA"));

        for (String service : Project.HTTP_SERVICES) {
            assertEquals("ClusterIP", r.one(Service.class, service).getSpec().getType(), service);
            r.one(ServiceAccount.class, service);
        }
        Service nodePort = r.one(Service.class, "gateway-nodeport");
        assertEquals("NodePort", nodePort.getSpec().getType());
        assertEquals(30080, nodePort.getSpec().getPorts().get(0).getNodePort());
        Service lb = r.one(Service.class, "gateway-lb");
        assertEquals("LoadBalancer", lb.getSpec().getType());
        int lbPort = lb.getSpec().getPorts().get(0).getPort();
        assertTrue(lbPort != 80 && lbPort != 443, "k3s ServiceLB cannot share 80/443 with Traefik");

        Job setup = r.one(Job.class, "setup");
        assertNull(setup.getSpec().getSelector(), "the API server generates a Job's selector");
        assertNotNull(setup.getSpec().getBackoffLimit());
        assertNotNull(setup.getSpec().getActiveDeadlineSeconds());
        assertNotNull(setup.getSpec().getTtlSecondsAfterFinished());
        List<String> steps = new ArrayList<>();
        setup.getSpec().getTemplate().getSpec().getInitContainers().forEach(c -> steps.add(c.getArgs().get(0)));
        setup.getSpec().getTemplate().getSpec().getContainers().forEach(c -> steps.add(c.getArgs().get(0)));
        assertEquals(List.of("migrate", "seed"), steps);

        CronJob report = r.one(CronJob.class, "report");
        assertEquals("Forbid", report.getSpec().getConcurrencyPolicy());
        assertNotNull(report.getSpec().getTimeZone());
        assertNotNull(report.getSpec().getStartingDeadlineSeconds());
        assertNotNull(report.getSpec().getSuccessfulJobsHistoryLimit());
        assertNotNull(report.getSpec().getFailedJobsHistoryLimit());
        assertNull(report.getSpec().getJobTemplate().getSpec().getSelector());
        DaemonSet agent = r.one(DaemonSet.class, "log-agent");
        assertEquals("platform-logging", agent.getMetadata().getNamespace());
        assertTrue(agent.getSpec().getTemplate().getSpec().getTolerations().stream()
                        .anyMatch(t -> "node-role.kubernetes.io/control-plane".equals(t.getKey())),
                "the agent runs on the control-plane node too");
        r.one(ServiceAccount.class, "log-agent");
        r.one(ServiceAccount.class, "batch");
        r.one(ServiceAccount.class, "postgres");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void deploymentsRollWithoutDowntime(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            assertTrue(d.getSpec().getReplicas() >= MIN_REPLICAS.getOrDefault(name, 2), name + " replicas");
            assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
            assertEquals(0, integer(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable(), name + " maxUnavailable"));
            assertEquals(1, integer(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge(), name + " maxSurge"));
            assertNotNull(d.getSpec().getMinReadySeconds(), name);
            assertNotNull(d.getSpec().getProgressDeadlineSeconds(), name);
            assertNotNull(d.getMetadata().getLabels().get("version"), name + ": a version label");
            assertFalse(d.getSpec().getSelector().getMatchLabels().containsKey("version"),
                    name + ": a version in the immutable selector would break every upgrade");

            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            Properties config = Project.config(name);
            long delay = seconds(config.getProperty("quarkus.shutdown.delay"));
            long drain = seconds(config.getProperty("quarkus.shutdown.timeout"));
            assertTrue(pod.getTerminationGracePeriodSeconds() > preStop + delay + drain,
                    name + ": grace period must exceed preStop + shutdown delay + drain");
            assertNotNull(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                    name + ": preferred anti-affinity");
            List<?> required = pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            assertTrue(required == null || required.isEmpty(),
                    name + ": required anti-affinity would leave pods pending on single-node k3s");
            assertFalse(pod.getTopologySpreadConstraints().isEmpty(), name + ": topology spread");
            for (String env : List.of("POD_NAME", "NODE_NAME", "POD_NAMESPACE")) {
                assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals(env) && e.getValueFrom() != null
                        && e.getValueFrom().getFieldRef() != null), name + ": downward API " + env);
            }
            // The version every response reports is the pod's version label, the one a drill raises.
            assertEquals(List.of("metadata.labels['version']"), c.getEnv().stream().filter(e -> e.getName().equals("APP_VERSION"))
                    .map(e -> e.getValueFrom().getFieldRef().getFieldPath()).toList(), name + ": APP_VERSION from the version label");
            assertEquals(Project.version(), d.getSpec().getTemplate().getMetadata().getLabels().get("version"), name + ": version label");
            assertEquals(Boolean.valueOf(("Deployment/" + name).equals(ApiAccessTest.API_READER)), pod.getAutomountServiceAccountToken(),
                    name + ": a token only in the pod that reads the API (ApiAccessTest)");
            assertEquals(name, pod.getServiceAccountName());
        }
        assertNotNull(r.one(Deployment.class, "gateway").getSpec().getTemplate().getSpec().getAffinity().getPodAffinity(),
                "the pod-affinity example: gateway near catalog");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyMultiReplicaDeploymentHasAPodDisruptionBudget(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            if (d.getSpec().getReplicas() > 1) {
                assertFalse(budgets(r.objects, d).isEmpty(), d.getMetadata().getName() + " has no PodDisruptionBudget");
            }
        }
        assertEquals(List.of(), drainBlockers(r.objects), overlay);
    }

    @Test
    void aBudgetThatAllowsNoEvictionIsFound() {
        assertEquals(List.of("PodDisruptionBudget/orders blocks a drain of Deployment/orders: maxUnavailable 0"),
                drainBlockers(Broken.mutated(PodDisruptionBudget.class, "orders",
                        p -> p.getSpec().setMaxUnavailable(new IntOrString(0)))));
        assertEquals(List.of("PodDisruptionBudget/orders blocks a drain of Deployment/orders: minAvailable 3 of 3 replicas"),
                drainBlockers(Broken.mutated(PodDisruptionBudget.class, "orders", p -> {
                    p.getSpec().setMaxUnavailable(null);
                    p.getSpec().setMinAvailable(new IntOrString(3));
                })));
        assertThrows(AssertionError.class, () -> drainBlockers(Broken.mutated(PodDisruptionBudget.class, "orders",
                p -> p.getSpec().setMaxUnavailable(new IntOrString("1")))), "a string count is not an integer");
    }

    /**
     * The budgets that would make `kubectl drain` (make drill-drain) wait forever: no pod of the
     * Deployment may be evicted when maxUnavailable is 0 or minAvailable is all of its replicas.
     */
    static List<String> drainBlockers(List<HasMetadata> objects) {
        List<String> blockers = new ArrayList<>();
        for (Deployment d : Selection.only(objects, Deployment.class)) {
            int replicas = d.getSpec().getReplicas();
            for (PodDisruptionBudget p : budgets(objects, d)) {
                String what = "PodDisruptionBudget/" + p.getMetadata().getName() + " blocks a drain of Deployment/" + d.getMetadata().getName();
                if (p.getSpec().getMaxUnavailable() != null && integer(p.getSpec().getMaxUnavailable(), what) < 1) {
                    blockers.add(what + ": maxUnavailable " + p.getSpec().getMaxUnavailable().getIntVal());
                }
                if (p.getSpec().getMinAvailable() != null && integer(p.getSpec().getMinAvailable(), what) >= replicas) {
                    blockers.add(what + ": minAvailable " + p.getSpec().getMinAvailable().getIntVal() + " of " + replicas + " replicas");
                }
            }
        }
        return blockers;
    }

    private static List<PodDisruptionBudget> budgets(List<HasMetadata> objects, Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return Selection.only(objects, PodDisruptionBudget.class).stream()
                .filter(p -> Objects.equals(p.getMetadata().getNamespace(), d.getMetadata().getNamespace()))
                .filter(p -> Selection.matches(p.getSpec().getSelector(), labels)).toList();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerMeetsTheRestrictedProfileAndHasResources(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        List<Executable> checks = new ArrayList<>();
        r.podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            boolean hostLogReader = workload.equals(HOST_LOG_READER);
            checks.add(() -> assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), workload + " hostNetwork"));
            checks.add(() -> assertTrue(pod.getHostPID() == null || !pod.getHostPID(), workload + " hostPID"));
            for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                if (hostLogReader && v.getHostPath() != null) {
                    checks.add(() -> assertTrue(HOST_PATHS.containsKey(v.getHostPath().getPath()), workload + ": hostPath " + v.getHostPath().getPath()));
                } else {
                    checks.add(() -> assertNull(v.getHostPath(), workload + ": hostPath volume " + v.getName()));
                }
            }
            checks.add(() -> assertEquals(Boolean.valueOf(workload.equals(ApiAccessTest.API_READER)), pod.getAutomountServiceAccountToken(), workload + " token"));
            for (Container c : StrictDecodingTest.containers(template)) {
                String what = overlay + " " + workload + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                checks.add(() -> assertNotNull(sc, what + ": no securityContext"));
                if (sc == null) {
                    continue;
                }
                checks.add(() -> assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), what + " allowPrivilegeEscalation"));
                checks.add(() -> assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), what + " readOnlyRootFilesystem"));
                checks.add(() -> assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), what + " capabilities"));
                checks.add(() -> assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(),
                        what + " adds capabilities"));
                checks.add(() -> assertNotEquals(Boolean.TRUE, sc.getPrivileged(), what + " privileged"));
                if (hostLogReader) {
                    // The documented exception: root, to read root-owned log files, with no capability at all.
                    for (var mount : c.getVolumeMounts()) {
                        String hostPath = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                                .findFirst().map(v -> v.getHostPath() == null ? null : v.getHostPath().getPath()).orElse(null);
                        if (hostPath != null) {
                            checks.add(() -> assertEquals(HOST_PATHS.get(hostPath), Boolean.TRUE.equals(mount.getReadOnly()),
                                    what + ": " + hostPath + " read-only"));
                        }
                    }
                } else {
                    checks.add(() -> assertEquals(List.of(), rootSettings(pod, c), what));
                }
                checks.add(() -> assertTrue(isRuntimeDefault(sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                        : podSecurity != null && podSecurity.getSeccompProfile() != null
                                ? podSecurity.getSeccompProfile().getType() : null), what + " seccomp RuntimeDefault"));
                checks.add(() -> assertNotNull(c.getResources().getRequests().get("cpu"), what + " cpu request"));
                checks.add(() -> assertNotNull(c.getResources().getRequests().get("memory"), what + " memory request"));
                checks.add(() -> assertNotNull(c.getResources().getLimits().get("cpu"), what + " cpu limit"));
                checks.add(() -> assertNotNull(c.getResources().getLimits().get("memory"), what + " memory limit"));
                checks.add(() -> assertFalse(c.getImage().endsWith(":latest") || !c.getImage().contains(":"),
                        what + ": image needs a tag that is not latest: " + c.getImage()));
                checks.add(() -> assertEquals("IfNotPresent", c.getImagePullPolicy(), what + " imagePullPolicy"));
                checks.add(() -> assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                        what + ": a writable /tmp beside the read-only root"));
            }
        });
        assertAll(checks);
    }

    @Test
    void rootIsFoundAtTheContainerAndThePodLevel() {
        PodSpec real = catalogPod(p -> { });
        assertEquals(List.of(), rootSettings(real, real.getContainers().get(0)));
        PodSpec containerSaysFalse = catalogPod(p -> p.getContainers().get(0).getSecurityContext().setRunAsNonRoot(false));
        assertEquals(List.of("runAsNonRoot is false, not true"), rootSettings(containerSaysFalse, containerSaysFalse.getContainers().get(0)),
                "the container's false overrides the pod's true");
        PodSpec podRoot = catalogPod(p -> p.getSecurityContext().setRunAsUser(0L));
        assertEquals(List.of("runAsUser is 0"), rootSettings(podRoot, podRoot.getContainers().get(0)));
        PodSpec containerRoot = catalogPod(p -> p.getContainers().get(0).getSecurityContext().setRunAsUser(0L));
        assertEquals(List.of("runAsUser is 0"), rootSettings(containerRoot, containerRoot.getContainers().get(0)));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerRunsAsAUserAndGroupOfTenThousandOrMore(String overlay) {
        List<Executable> checks = new ArrayList<>();
        RenderedOverlay.of(overlay).podTemplates().forEach((workload, template) -> {
            for (Container c : StrictDecodingTest.containers(template)) {
                checks.add(() -> assertEquals(List.of(), lowIds(template.getSpec(), c, LOW_IDS.get(workload + "/" + c.getName())),
                        overlay + " " + workload + "/" + c.getName()));
            }
        });
        assertAll(checks);
    }

    @Test
    void lowIdsAreFoundAtTheContainerAndThePodLevel() {
        PodSpec real = catalogPod(p -> { });
        assertEquals(List.of(), lowIds(real, real.getContainers().get(0), null));
        PodSpec containerUser = catalogPod(p -> p.getContainers().get(0).getSecurityContext().setRunAsUser(1001L));
        assertEquals(List.of("runAsUser is 1001, below 10000"), lowIds(containerUser, containerUser.getContainers().get(0), null));
        PodSpec podGroup = catalogPod(p -> {
            p.getSecurityContext().setRunAsGroup(0L);
            p.getContainers().get(0).getSecurityContext().setRunAsGroup(null);
        });
        assertEquals(List.of("runAsGroup is 0, below 10000"), lowIds(podGroup, podGroup.getContainers().get(0), null));
        PodSpec fsGroup = catalogPod(p -> p.getSecurityContext().setFsGroup(999L));
        assertEquals(List.of("fsGroup is 999, below 10000"), lowIds(fsGroup, fsGroup.getContainers().get(0), null));
        PodSpec unset = catalogPod(p -> {
            p.getSecurityContext().setRunAsUser(null);
            p.getContainers().get(0).getSecurityContext().setRunAsUser(null);
        });
        assertEquals(List.of("runAsUser is unset: the image's USER decides"), lowIds(unset, unset.getContainers().get(0), null));
        assertEquals(List.of(), lowIds(containerUser, containerUser.getContainers().get(0), 1001L), "the workload's own exception");
    }

    /** The services' images run as the user and group their manifests name: images/Dockerfile's USER and its files' owner. */
    @Test
    void theImagesUserIsTheManifestsUser() {
        Properties config = Project.config("catalog");
        String ids = config.getProperty("quarkus.kubernetes.security-context.run-as-user") + ":"
                + config.getProperty("quarkus.kubernetes.security-context.run-as-group");
        List<String> dockerfile = Project.read(Project.ROOT.resolve("images/Dockerfile")).lines().toList();
        assertEquals("USER " + ids, dockerfile.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow());
        List<String> owners = dockerfile.stream().filter(l -> l.contains("--chown=") || l.startsWith("RUN [\"chown\""))
                .map(l -> l.replaceAll(".*(--chown=|\"chown\", \")([0-9:]+).*", "$2")).distinct().toList();
        assertEquals(List.of(ids), owners, "the owner of /deployments and the application's files");
    }

    /** The effective user and group ids below 10000, other than the workload's allowed one; an unset user too. */
    static List<String> lowIds(PodSpec pod, Container c, Long allowed) {
        PodSecurityContext podLevel = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        SecurityContext containerLevel = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        Map<String, Long> ids = new LinkedHashMap<>();
        ids.put("runAsUser", containerLevel.getRunAsUser() != null ? containerLevel.getRunAsUser() : podLevel.getRunAsUser());
        ids.put("runAsGroup", containerLevel.getRunAsGroup() != null ? containerLevel.getRunAsGroup() : podLevel.getRunAsGroup());
        if (podLevel.getFsGroup() != null) {
            ids.put("fsGroup", podLevel.getFsGroup());
        }
        List<String> problems = new ArrayList<>();
        ids.forEach((name, id) -> {
            if (id == null) {
                problems.add(name + " is unset: the image's " + (name.equals("runAsUser") ? "USER" : "group") + " decides");
            } else if (id < 10000 && !id.equals(allowed)) {
                problems.add(name + " is " + id + ", below 10000");
            }
        });
        return problems;
    }

    /** What makes a container run as root: its effective runAsNonRoot not true, or an effective runAsUser of 0. */
    static List<String> rootSettings(PodSpec pod, Container c) {
        PodSecurityContext podLevel = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        SecurityContext containerLevel = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        Boolean nonRoot = containerLevel.getRunAsNonRoot() != null ? containerLevel.getRunAsNonRoot() : podLevel.getRunAsNonRoot();
        Long user = containerLevel.getRunAsUser() != null ? containerLevel.getRunAsUser() : podLevel.getRunAsUser();
        List<String> problems = new ArrayList<>();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add("runAsNonRoot is " + nonRoot + ", not true");
        }
        if (Long.valueOf(0).equals(user)) {
            problems.add("runAsUser is 0");
        }
        return problems;
    }

    private static PodSpec catalogPod(Consumer<PodSpec> change) {
        PodSpec pod = Broken.copyOf(Deployment.class, "catalog").getSpec().getTemplate().getSpec();
        change.accept(pod);
        return pod;
    }

    /** An IntOrString the API server reads as a count: an integer node, never a string that looks like one. */
    private static int integer(IntOrString value, String what) {
        assertNotNull(value.getIntVal(), what + ": an integer, not the string \"" + value.getStrVal() + "\"");
        return value.getIntVal();
    }

    private static boolean isRuntimeDefault(String type) {
        return "RuntimeDefault".equals(type);
    }

    private static long seconds(String duration) {
        return Duration.parse("PT" + duration.replaceAll("\\$\\{[A-Z_]+:([^}]+)}", "$1").toUpperCase()).toSeconds();
    }
}
