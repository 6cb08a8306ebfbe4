package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ExecActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostPathVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NFSVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each broken variant of a real object of the kind overlay is refused by the real API server, with
 * its own message naming the field: `kubectl apply --dry-run=server` of the variant over the
 * installed overlay, which runs the server's decoding, defaulting, validation (update validation
 * too) and admission without storing anything. Pod Security judges Pods, not their templates, so
 * its variants are Pods made from the broken template, as a controller would make them.
 * Variants the server takes are in {@link #acceptedVariants()}: each is a near miss a reader might think
 * refused, and three of them our own retired rules did refuse.
 */
class ApiServerRefusesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESTRICTED = "violates PodSecurity \"restricted:latest\"";

    @BeforeAll
    static void installTheKindOverlay() {
        Installation.ofTheTree("kind");
    }

    static Stream<Arguments> refusedVariants() {
        return Stream.of(
                // Names, labels and annotations
                created("a Namespace name with a dot", () -> renamed(Namespace.class, "platform-logging", "platform.logging"),
                        "metadata.name", "must not contain dots"),
                created("a ClusterRole name with a slash", () -> renamed(ClusterRole.class, "gateway-nodes", "gateway/nodes"),
                        "metadata.name", "may not contain '/'"),
                created("a RoleBinding named ..", () -> renamed(RoleBinding.class, "gateway-workloads", ".."),
                        "metadata.name", "may not be '..'"),
                created("a CronJob name of 53 characters", () -> renamed(CronJob.class, "report", "r".repeat(53)),
                        "metadata.name", "must be no more than 52 characters"),
                created("a Job name of 64 characters (through the job-name label it copies into its template)",
                        () -> renamed(Job.class, "setup", "s".repeat(64)), "spec.template.labels", "must be no more than 63 bytes"),
                refused("a label value with a plus", () -> catalog(d -> d.getSpec().getTemplate().getMetadata().getLabels().put("version", "1.0.0+build")),
                        "spec.template.labels", "a valid label must be an empty string or consist of alphanumeric characters"),
                refused("a label key starting with a dash", () -> catalog(d -> d.getMetadata().getLabels().put("-team", "a")),
                        "metadata.labels", "name part must consist of alphanumeric characters"),
                refused("an annotation key with two slashes", () -> catalog(d -> d.getMetadata().getAnnotations().put("prometheus.io/port/x", "1")),
                        "metadata.annotations", "a valid label key must consist of alphanumeric characters"),
                refused("annotations over 256 KiB", () -> catalog(d -> d.getMetadata().getAnnotations().put("note", "x".repeat(256 * 1024))),
                        "metadata.annotations", "Too long: may not be more than 262144 bytes"),
                // Rollouts and disruption budgets
                refused("maxSurge \"1\", a string that is no percent (issue 9)",
                        () -> catalog(d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString("1"))),
                        "spec.strategy.rollingUpdate.maxSurge", "a valid percent string must be a numeric string followed by an ending '%'"),
                refused("a negative maxUnavailable", () -> changed(PodDisruptionBudget.class, "orders", p -> p.getSpec().setMaxUnavailable(new IntOrString(-1))),
                        "spec.maxUnavailable", "must be greater than or equal to 0"),
                refused("a DaemonSet maxUnavailable in words", () -> changed(DaemonSet.class, "log-agent",
                                d -> d.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("one"))),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable", "a valid percent string must be"),
                refused("a budget of 150%", () -> changed(PodDisruptionBudget.class, "catalog", p -> p.getSpec().setMaxUnavailable(new IntOrString("150%"))),
                        "spec.maxUnavailable", "must not be greater than 100%"),
                refused("maxSurge and maxUnavailable both 0", () -> catalog(d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(0))),
                        "spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when `maxSurge` is 0"),
                refused("rollingUpdate with the Recreate strategy", () -> catalog(d -> d.getSpec().getStrategy().setType("Recreate")),
                        "spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"),
                refused("a DaemonSet surging while it may be unavailable", () -> changed(DaemonSet.class, "log-agent",
                                d -> d.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString(1))),
                        "spec.updateStrategy.rollingUpdate.maxSurge", "may not be set when maxUnavailable is non-zero"),
                refused("a progress deadline not above minReadySeconds",
                        () -> catalog(d -> d.getSpec().setProgressDeadlineSeconds(d.getSpec().getMinReadySeconds())),
                        "spec.progressDeadlineSeconds", "must be greater than minReadySeconds"),
                refused("a negative revision history", () -> catalog(d -> d.getSpec().setRevisionHistoryLimit(-1)),
                        "spec.revisionHistoryLimit", "must be greater than or equal to 0"),
                refused("a budget with minAvailable and maxUnavailable", () -> changed(PodDisruptionBudget.class, "gateway",
                                p -> p.getSpec().setMinAvailable(new IntOrString(1))),
                        "spec", "minAvailable and maxUnavailable cannot be both set"),
                refused("a selector the template's labels do not match", () -> catalog(d -> d.getSpec().getSelector().getMatchLabels().put("version", "1.0.1")),
                        "spec.template.metadata.labels", "`selector` does not match template `labels`"),
                refused("a changed Deployment selector (immutable)", () -> catalog(d -> {
                    d.getSpec().getSelector().getMatchLabels().put("tier", "api");
                    d.getSpec().getTemplate().getMetadata().getLabels().put("tier", "api");
                }), "spec.selector", "field is immutable"),
                refused("a DaemonSet template without its selector's label", () -> changed(DaemonSet.class, "log-agent",
                                d -> d.getSpec().getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/name")),
                        "spec.template.metadata.labels", "`selector` does not match template `labels`"),
                // Where pods go
                refused("matchLabelKeys without a labelSelector", () -> catalog(d -> pod(d).getTopologySpreadConstraints().get(0).setLabelSelector(null)),
                        "spec.template.spec.topologySpreadConstraints[0]", "matchLabelKeys"),
                refused("an anti-affinity matchLabelKey that is no label name", () -> catalog(d -> pod(d).getAffinity().getPodAntiAffinity()
                                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getMatchLabelKeys().set(0, "not a label")),
                        "matchLabelKeys[0]", "name part must consist of alphanumeric characters"),
                // Jobs and CronJobs
                refused("a Job pod that restarts Always", () -> changed(Job.class, "setup", j -> j.getSpec().getTemplate().getSpec().setRestartPolicy(null)),
                        "spec.template.spec.restartPolicy", "Required value: valid values: \"OnFailure\", \"Never\""),
                refused("a Deployment pod that restarts OnFailure", () -> catalog(d -> pod(d).setRestartPolicy("OnFailure")),
                        "spec.template.spec.restartPolicy", "Unsupported value: \"OnFailure\""),
                refused("CRON_TZ in the schedule", () -> schedule("CRON_TZ=Etc/UTC */15 * * * *"), "spec.schedule", "cannot use TZ or CRON_TZ in schedule"),
                refused("a schedule of four fields", () -> schedule("*/15 * * *"), "spec.schedule", "expected exactly 5 fields"),
                refused("minute 61", () -> schedule("61 * * * *"), "spec.schedule", "above maximum"),
                refused("weekday 7", () -> schedule("*/15 * * * 7"), "spec.schedule", "above maximum"),
                refused("an unknown descriptor", () -> schedule("@fortnightly"), "spec.schedule", "unrecognized descriptor"),
                refused("an unknown time zone", () -> timeZone("Europe/Pariss"), "spec.timeZone", "unknown time zone Europe/Pariss"),
                refused("the Local time zone", () -> timeZone("Local"), "spec.timeZone", "timeZone must be an explicit time zone"),
                refused("an empty time zone", () -> timeZone(""), "spec.timeZone", "timeZone must be nil or non-empty string"),
                refused("a lower-case concurrency policy", () -> changed(CronJob.class, "report", c -> c.getSpec().setConcurrencyPolicy("forbid")),
                        "spec.concurrencyPolicy", "Unsupported value: \"forbid\""),
                // Containers
                refused("a container named as an init container", () -> changed(Job.class, "setup",
                                j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).setName("migrate")),
                        "spec.template.spec.initContainers[0].name", "Duplicate value: \"migrate\""),
                refused("a container name with a capital", () -> catalog(d -> container(d).setName("Catalog")),
                        "spec.template.spec.containers[0].name", "a lowercase RFC 1123 label must consist of"),
                created("a volume twice", () -> catalog(d -> pod(d).getVolumes().add(JSON.convertValue(pod(d).getVolumes().get(0), Volume.class))),
                        "spec.template.spec.volumes[1].name", "Duplicate value"),
                refused("a mount of no volume", () -> catalog(d -> container(d).getVolumeMounts().add(
                                new VolumeMountBuilder().withName("cache").withMountPath("/cache").build())),
                        "spec.template.spec.containers[0].volumeMounts[1].name", "Not found: \"cache\""),
                created("two mounts at /tmp", () -> catalog(d -> container(d).getVolumeMounts().add(
                                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())),
                        "spec.template.spec.containers[0].volumeMounts[1].mountPath", "must be unique"),
                refused("a port name with an underscore", () -> catalog(d -> container(d).getPorts().get(0).setName("http_port")),
                        "spec.template.spec.containers[0].ports[0].name", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
                refused("a port name of 16 characters", () -> catalog(d -> container(d).getPorts().get(0).setName("h".repeat(16))),
                        "spec.template.spec.containers[0].ports[0].name", "must be no more than 15 characters"),
                refused("port 70000", () -> catalog(d -> container(d).getPorts().get(0).setContainerPort(70000)),
                        "spec.template.spec.containers[0].ports[0].containerPort", "must be between 1 and 65535, inclusive"),
                refused("a probe with two handlers", () -> catalog(d -> container(d).getReadinessProbe().setExec(new ExecActionBuilder().withCommand("true").build())),
                        "spec.template.spec.containers[0].readinessProbe", "may not specify more than 1 handler type"),
                refused("a preStop with two handlers", () -> catalog(d -> container(d).getLifecycle().getPreStop().setExec(
                                new ExecActionBuilder().withCommand("sleep", "5").build())),
                        "spec.template.spec.containers[0].lifecycle.preStop", "may not specify more than 1 handler type"),
                refused("a probe port name with two dashes", () -> catalog(d -> container(d).getLivenessProbe().getHttpGet().setPort(new IntOrString("http--port"))),
                        "spec.template.spec.containers[0].livenessProbe.httpGet.port", "must not contain consecutive hyphens"),
                refused("a liveness success threshold of 2", () -> catalog(d -> container(d).getLivenessProbe().setSuccessThreshold(2)),
                        "spec.template.spec.containers[0].livenessProbe.successThreshold", "must be 1"),
                refused("a startup success threshold of 3", () -> catalog(d -> container(d).getStartupProbe().setSuccessThreshold(3)),
                        "spec.template.spec.containers[0].startupProbe.successThreshold", "must be 1"),
                refused("a preStop sleep past the grace period", () -> catalog(d -> container(d).getLifecycle().getPreStop().getSleep().setSeconds(31L)),
                        "spec.template.spec.containers[0].lifecycle.preStop.sleep", "must be non-negative and less than terminationGracePeriodSeconds (30)"),
                refused("a memory request above its limit", () -> catalog(d -> container(d).getResources().getRequests().put("memory", new Quantity("512Mi"))),
                        "spec.template.spec.containers[0].resources.requests", "must be less than or equal to memory limit"),
                refused("a CPU limit of \"1 core\"", () -> catalog(d -> container(d).getResources().getLimits().put("cpu", new Quantity("1 core"))),
                        "quantities must match the regular expression"),
                refused("an environment name with '='", () -> catalog(d -> container(d).getEnv().get(0).setName("POD=NAME")),
                        "spec.template.spec.containers[0].env[0].name", "a valid environment variable name must consist only of printable ASCII characters other than '='"),
                refused("an environment value beside valueFrom", () -> catalog(d -> container(d).getEnv().get(0).setValue("platform")),
                        "spec.template.spec.containers[0].env[0].valueFrom", "may not be specified when `value` is not empty"),
                refused("a fieldRef of metadata.nodeName", () -> catalog(d -> container(d).getEnv().get(0).getValueFrom().getFieldRef()
                                .setFieldPath("metadata.nodeName")),
                        "spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", "field label not supported: metadata.nodeName"),
                // First in the list, so its path does not depend on how many variables the service has.
                refused("an empty valueFrom", () -> catalog(d -> container(d).getEnv().add(0,
                                new EnvVarBuilder().withName("EMPTY").withValueFrom(new EnvVarSource()).build())),
                        "spec.template.spec.containers[0].env[0].valueFrom", "must specify one of"),
                // Services, Ingress, NetworkPolicy
                // The node port allocator runs only when the Service is stored: a dry run takes any port.
                stored("nodePort 8080", () -> changed(Service.class, "gateway-nodeport", s -> s.getSpec().getPorts().get(0).setNodePort(8080)),
                        "spec.ports[0].nodePort", "provided port is not in the valid range"),
                refused("a nodePort on a ClusterIP Service", () -> changed(Service.class, "catalog", s -> s.getSpec().getPorts().get(0).setNodePort(30081)),
                        "spec.ports[0].nodePort", "may not be used when `type` is 'ClusterIP'"),
                refused("a headless NodePort Service", () -> changed(Service.class, "postgres", s -> s.getSpec().setType("NodePort")),
                        "spec.clusterIP", "may not be set to 'None' for NodePort services"),
                refused("a second port without a name", () -> changed(Service.class, "logs", s -> {
                    ServicePort unnamed = JSON.convertValue(s.getSpec().getPorts().get(0), ServicePort.class);
                    unnamed.setName(null);
                    unnamed.setPort(9999);
                    s.getSpec().getPorts().add(unnamed);
                }), ".name", "Required value"),
                refused("a targetPort name starting with a dash", () -> changed(Service.class, "orders",
                                s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("-http"))),
                        "spec.ports[0].targetPort", "must not begin or end with a hyphen"),
                refused("a relative Ingress path", () -> ingressPath(p -> p.setPath("api/catalog")),
                        "spec.rules[0].http.paths[0].path", "must be an absolute path"),
                refused("an Ingress path with //", () -> ingressPath(p -> p.setPath("/api//catalog")),
                        "spec.rules[0].http.paths[0].path", "must not contain '//'"),
                refused("an Ingress path with /..", () -> ingressPath(p -> p.setPath("/api/catalog/..")),
                        "spec.rules[0].http.paths[0].path", "cannot end with '/..'"),
                refused("an Ingress pathType Regex", () -> ingressPath(p -> p.setPathType("Regex")),
                        "spec.rules[0].http.paths[0].pathType", "Unsupported value: \"Regex\""),
                refused("a backend port by name and number", () -> ingressPath(p -> p.getBackend().getService().getPort().setNumber(8081)),
                        "spec.rules[0].http.paths[0].backend", "cannot set both port name & port number"),
                refused("a backend Service name with a capital", () -> ingressPath(p -> p.getBackend().getService().setName("Catalog")),
                        "spec.rules[0].http.paths[0].backend.service.name", "a lowercase RFC 1123 label must consist of"),
                refused("a NetworkPolicy endPort below its port", () -> changed(NetworkPolicy.class, "catalog-ingress",
                                n -> n.getSpec().getIngress().get(0).getPorts().get(0).setEndPort(80)),
                        "spec.ingress[0].ports[0].endPort", "must be greater than or equal to `port`"),
                // Pod Security "restricted", on a Pod made from the broken template
                podRefused("hostNetwork", d -> pod(d).setHostNetwork(true), "host namespaces (hostNetwork=true)"),
                podRefused("hostPID", d -> pod(d).setHostPID(true), "host namespaces (hostPID=true)"),
                // Validation alone refuses privileged with allowPrivilegeEscalation false; Pod Security needs both.
                podRefused("a privileged container", d -> {
                    container(d).getSecurityContext().setPrivileged(true);
                    container(d).getSecurityContext().setAllowPrivilegeEscalation(true);
                }, "privileged (container \"catalog\" must not set securityContext.privileged=true)"),
                podRefused("SYS_ADMIN added", d -> container(d).getSecurityContext().getCapabilities().setAdd(new ArrayList<>(List.of("SYS_ADMIN"))),
                        "must not include \"SYS_ADMIN\" in securityContext.capabilities.add"),
                podRefused("a hostPath volume", d -> {
                    pod(d).getVolumes().get(0).setEmptyDir(null);
                    pod(d).getVolumes().get(0).setHostPath(new HostPathVolumeSourceBuilder().withPath("/tmp").build());
                }, "restricted volume type \"hostPath\""),
                podRefused("a hostPort", d -> container(d).getPorts().get(0).setHostPort(8081), "hostPort (container \"catalog\""),
                podRefused("AppArmor unconfined", d -> d.getSpec().getTemplate().getMetadata().getAnnotations()
                        .put("container.apparmor.security.beta.kubernetes.io/catalog", "unconfined"), "forbidden AppArmor profile"),
                podRefused("an SELinux type", d -> pod(d).getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withType("spc_t").build()),
                        "seLinuxOptions"),
                // Validation allows an unmasked /proc only in a user namespace; restricted forbids it even there.
                podRefused("an unmasked /proc", d -> {
                    pod(d).setHostUsers(false);
                    container(d).getSecurityContext().setProcMount("Unmasked");
                }, "procMount"),
                podRefused("a probe on another host", d -> container(d).getReadinessProbe().getHttpGet().setHost("10.0.0.1"), "probe or lifecycle host"),
                podRefused("seccomp Unconfined", d -> container(d).getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("Unconfined").build()),
                        "seccompProfile"),
                podRefused("an unsafe sysctl", d -> pod(d).getSecurityContext().setSysctls(List.of(new SysctlBuilder().withName("kernel.msgmax").withValue("65536").build())),
                        "forbidden sysctls"),
                podRefused("an NFS volume", d -> {
                    Volume tmp = pod(d).getVolumes().get(0);
                    tmp.setEmptyDir(null);
                    tmp.setNfs(new NFSVolumeSourceBuilder().withPath("/export").withServer("nfs.example").build());
                }, "restricted volume types"),
                podRefused("privilege escalation unset", d -> container(d).getSecurityContext().setAllowPrivilegeEscalation(null), "allowPrivilegeEscalation != false"),
                podRefused("a container that may run as root", d -> container(d).getSecurityContext().setRunAsNonRoot(false), "runAsNonRoot != true"),
                podRefused("runAsNonRoot left to the image", d -> pod(d).getSecurityContext().setRunAsNonRoot(null), "runAsNonRoot != true"),
                podRefused("user 0 for the pod", d -> pod(d).getSecurityContext().setRunAsUser(0L), "runAsUser=0"),
                podRefused("user 0 for the container", d -> container(d).getSecurityContext().setRunAsUser(0L), "runAsUser=0"),
                podRefused("no seccomp profile", d -> pod(d).getSecurityContext().setSeccompProfile(null), "seccompProfile"),
                podRefused("capabilities not all dropped", d -> container(d).getSecurityContext().setCapabilities(
                        new CapabilitiesBuilder().withDrop("CHOWN").build()), "unrestricted capabilities"),
                podRefused("CHOWN added", d -> container(d).getSecurityContext().getCapabilities().setAdd(new ArrayList<>(List.of("CHOWN"))),
                        "unrestricted capabilities"),
                // RBAC
                refused("a rule without verbs", () -> changed(Role.class, "gateway-workloads", r -> r.getRules().get(0).setVerbs(new ArrayList<>())),
                        "rules[0].verbs", "Required value"),
                refused("a rule without API groups", () -> changed(ClusterRole.class, "gateway-nodes", r -> r.getRules().get(0).setApiGroups(null)),
                        "rules[0].apiGroups", "resource rules must supply at least one api group"),
                refused("a rule without resources", () -> changed(Role.class, "gateway-log-agents", r -> r.getRules().get(0).setResources(List.of())),
                        "rules[0].resources", "resource rules must supply at least one resource"),
                refused("a Role granting a URL", () -> changed(Role.class, "gateway-workloads", r -> r.getRules().get(0).setNonResourceURLs(List.of("/healthz"))),
                        "rules[0].nonResourceURLs", "namespaced rules cannot apply to non-resource URLs"),
                refused("a roleRef of another API group", () -> changed(RoleBinding.class, "gateway-workloads",
                                b -> b.getRoleRef().setApiGroup("rbac.authorization.k8s.io/v1")),
                        "roleRef.apiGroup", "Unsupported value: \"rbac.authorization.k8s.io/v1\""),
                refused("a roleRef to a ServiceAccount", () -> changed(RoleBinding.class, "gateway-workloads", b -> b.getRoleRef().setKind("ServiceAccount")),
                        "roleRef.kind", "Unsupported value: \"ServiceAccount\""),
                refused("a roleRef name with a slash", () -> changed(RoleBinding.class, "gateway-log-agents", b -> b.getRoleRef().setName("gateway/log-agents")),
                        "roleRef.name", "may not contain '/'"),
                refused("a roleRef without a name", () -> changed(RoleBinding.class, "gateway-log-agents", b -> b.getRoleRef().setName(null)),
                        "roleRef.name", "Required value"),
                refused("a ClusterRoleBinding to a Role", () -> changed(ClusterRoleBinding.class, "gateway-nodes", b -> b.getRoleRef().setKind("Role")),
                        "roleRef.kind", "Unsupported value: \"Role\""),
                refused("a ServiceAccount subject without a namespace", () -> changed(ClusterRoleBinding.class, "gateway-nodes",
                                b -> b.getSubjects().get(0).setNamespace(null)),
                        "subjects[0].namespace", "Required value"),
                refused("a ServiceAccount subject with an API group", () -> changed(RoleBinding.class, "gateway-workloads",
                                b -> b.getSubjects().get(0).setApiGroup("rbac.authorization.k8s.io")),
                        "subjects[0].apiGroup", "Unsupported value: \"rbac.authorization.k8s.io\""),
                refused("a ServiceAccount subject name with a capital", () -> changed(RoleBinding.class, "gateway-workloads",
                                b -> b.getSubjects().get(0).setName("Gateway")),
                        "subjects[0].name", "a lowercase RFC 1123 subdomain must consist of"),
                refused("a Pod subject", () -> changed(RoleBinding.class, "gateway-log-agents", b -> b.getSubjects().get(0).setKind("Pod")),
                        "subjects[0].kind", "Unsupported value: \"Pod\""),
                refused("a Group subject of another API group", () -> changed(RoleBinding.class, "gateway-log-agents", b -> b.getSubjects().add(
                                new SubjectBuilder().withKind("Group").withApiGroup("rbac.example.com").withName("system:serviceaccounts:platform").build())),
                        "subjects[1].apiGroup", "Unsupported value: \"rbac.example.com\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedVariants")
    void theServerRefuses(String what, Supplier<HasMetadata> variant, Kind kind, List<String> expected) {
        HasMetadata broken = variant.get();
        ApiServer.Result result = switch (kind) {
            case APPLIED -> ApiServer.kubectl(ApiServer.json(broken), "apply", "--dry-run=server", "-f", "-");
            case STORED -> {
                Installation.changed();
                yield ApiServer.kubectl(ApiServer.json(broken), "apply", "-f", "-");
            }
            case CREATED -> ApiServer.kubectl(ApiServer.json(created(broken)), "create", "--dry-run=server", "-f", "-");
            case POD -> ApiServer.kubectl(ApiServer.json(PodFromTemplate.of(broken)), "create", "--dry-run=server", "-f", "-");
        };
        assertFalse(result.ok(), what + ": the server accepted it:\n" + result.output());
        for (String fragment : expected) {
            assertTrue(result.output().contains(fragment), what + ": the server's answer does not say " + fragment + ":\n" + result.output());
        }
    }

    /** The variants some rule of ours refused, which the server takes: kept so that nobody writes that rule again. */
    static Stream<Arguments> acceptedVariants() {
        return Stream.of(
                Arguments.of("a Service name starting with a digit (an RFC 1123 label since 1.34)",
                        (Supplier<HasMetadata>) () -> renamed(Service.class, "catalog", "1catalog")),
                Arguments.of("a topology spread matchLabelKey also in the labelSelector",
                        (Supplier<HasMetadata>) () -> catalog(d -> pod(d).getTopologySpreadConstraints().get(0).getMatchLabelKeys()
                                .add("app.kubernetes.io/part-of"))),
                Arguments.of("a Deployment name with a dot (a DNS-1123 subdomain)", (Supplier<HasMetadata>) () -> renamed(Deployment.class, "catalog", "catalog.v2")),
                Arguments.of("a Role name with a colon and a capital (a path segment)",
                        (Supplier<HasMetadata>) () -> renamed(Role.class, "gateway-workloads", "platform:Gateway")),
                Arguments.of("an environment name starting with a digit (relaxed since 1.34)",
                        (Supplier<HasMetadata>) () -> catalog(d -> container(d).getEnv().get(0).setName("1POD"))),
                Arguments.of("a Group subject without an API group (defaulted to RBAC's)",
                        (Supplier<HasMetadata>) () -> changed(RoleBinding.class, "gateway-log-agents", b -> b.getSubjects().add(
                                new SubjectBuilder().withKind("Group").withName("system:serviceaccounts:platform").build()))),
                Arguments.of("a RoleBinding's ServiceAccount subject without a namespace (PolicyTest still wants one)",
                        (Supplier<HasMetadata>) () -> changed(RoleBinding.class, "gateway-workloads", b -> b.getSubjects().get(0).setNamespace(null))),
                Arguments.of("a ClusterRole granting a non-resource URL", (Supplier<HasMetadata>) () -> changed(ClusterRole.class, "gateway-nodes",
                        r -> r.getRules().add(new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedVariants")
    void theServerAccepts(String what, Supplier<HasMetadata> variant) {
        ApiServer.Result result = ApiServer.kubectl(ApiServer.json(variant.get()), "apply", "--dry-run=server", "-f", "-");
        assertTrue(result.ok(), what + ": refused:\n" + result.output());
    }

    /**
     * How a variant is tried: applied over the installed object, as `make up` applies a release;
     * created anew, as on a first install (a name kubectl cannot put in a URL, or a list whose
     * duplicate entries client-side apply would merge into one); applied for real, where the server
     * checks only when it stores; or as a Pod made from its template.
     */
    enum Kind { APPLIED, CREATED, STORED, POD }

    private static Arguments refused(String what, Supplier<HasMetadata> variant, String... expected) {
        return Arguments.of(what, variant, Kind.APPLIED, List.of(expected));
    }

    private static Arguments stored(String what, Supplier<HasMetadata> variant, String... expected) {
        return Arguments.of(what, variant, Kind.STORED, List.of(expected));
    }

    private static Arguments created(String what, Supplier<HasMetadata> variant, String... expected) {
        return Arguments.of(what, variant, Kind.CREATED, List.of(expected));
    }

    /** The variant as a new object: renamed when it has the name of an installed one. */
    private static HasMetadata created(HasMetadata variant) {
        if (RenderedOverlay.of("kind").objects.stream().anyMatch(o -> o.getKind().equals(variant.getKind())
                && o.getMetadata().getName().equals(variant.getMetadata().getName()))) {
            variant.getMetadata().setName(variant.getMetadata().getName() + "-first-install");
        }
        return variant;
    }

    private static Arguments podRefused(String what, Consumer<Deployment> change, String check) {
        return Arguments.of("Pod Security: " + what, (Supplier<HasMetadata>) () -> catalog(change), Kind.POD, List.of(RESTRICTED, check));
    }

    private static <T extends HasMetadata> T changed(Class<T> type, String name, Consumer<T> change) {
        return Broken.changed(type, name, change);
    }

    private static <T extends HasMetadata> T renamed(Class<T> type, String name, String newName) {
        return changed(type, name, o -> o.getMetadata().setName(newName));
    }

    private static Deployment catalog(Consumer<Deployment> change) {
        return changed(Deployment.class, "catalog", d -> {
            if (d.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
                d.getSpec().getTemplate().getMetadata().setAnnotations(new HashMap<>());
            }
            change.accept(d);
        });
    }

    private static CronJob schedule(String schedule) {
        return changed(CronJob.class, "report", c -> c.getSpec().setSchedule(schedule));
    }

    private static CronJob timeZone(String zone) {
        return changed(CronJob.class, "report", c -> c.getSpec().setTimeZone(zone));
    }

    private static Ingress ingressPath(Consumer<HTTPIngressPath> change) {
        return changed(Ingress.class, "platform", i -> change.accept(i.getSpec().getRules().get(0).getHttp().getPaths().get(0)));
    }

    private static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    private static Container container(Deployment d) {
        return pod(d).getContainers().get(0);
    }
}
