package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test per rule, named after it: a deep copy of a real object of the kind overlay, broken the
 * way the rule forbids, must be reported with the object (kind/name) and the field path. Together
 * with ApiServerRulesTest this shows no rule passes by checking nothing.
 */
class ApiServerRulesMutationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRuleHasAMutationTest() {
        Set<String> tests = Stream.of(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName).collect(Collectors.toSet());
        List<String> untested = ApiServerRules.ALL.stream().map(Rule::name).filter(n -> !tests.contains(n)).toList();
        assertEquals(List.of(), untested, "rules without a mutation test");
    }

    @Test
    void ValidateObjectMeta() {
        fires("ValidateObjectMeta", renamed(Service.class, "catalog", "1catalog"), "Service/1catalog", "metadata.name");
        fires("ValidateObjectMeta", renamed(Namespace.class, "platform-logging", "platform.logging"), "Namespace/platform.logging", "metadata.name");
        fires("ValidateObjectMeta", mutated(Deployment.class, "catalog", d -> d.getMetadata().setNamespace("Platform")),
                "Deployment/catalog", "metadata.namespace");
        assertEquals(List.of(), rule("ValidateObjectMeta").apply(renamed(Deployment.class, "catalog", "catalog.v2")),
                "a Deployment name is a DNS-1123 subdomain: dots are fine");
        fires("ValidateObjectMeta", renamed(ClusterRole.class, "gateway-nodes", "gateway/nodes"), "ClusterRole/gateway/nodes", "metadata.name");
        fires("ValidateObjectMeta", renamed(RoleBinding.class, "gateway-workloads", ".."), "RoleBinding/..", "metadata.name");
        assertEquals(List.of(), rule("ValidateObjectMeta").apply(renamed(Role.class, "gateway-workloads", "platform:Gateway")),
                "an RBAC name is a path segment, not a DNS name: colons and capitals are fine");
    }

    @Test
    void ValidateCronJobCreate() {
        fires("ValidateCronJobCreate", renamed(CronJob.class, "report", "r".repeat(53)), "CronJob/" + "r".repeat(53), "metadata.name");
    }

    @Test
    void ValidateLabels() {
        fires("ValidateLabels", catalog(d -> template(d).getMetadata().getLabels().put("version", "1.0.0+build")),
                "Deployment/catalog", "spec.template.metadata.labels[version]");
        fires("ValidateLabels", catalog(d -> d.getMetadata().getLabels().put("-team", "a")), "Deployment/catalog", "metadata.labels");
    }

    @Test
    void ValidateAnnotations() {
        fires("ValidateAnnotations", catalog(d -> d.getMetadata().getAnnotations().put("prometheus.io/port/x", "1")),
                "Deployment/catalog", "metadata.annotations");
        fires("ValidateAnnotations", catalog(d -> d.getMetadata().getAnnotations().put("note", "x".repeat(256 * 1024))),
                "Deployment/catalog", "metadata.annotations");
    }

    @Test
    void ValidatePositiveIntOrPercent() {
        // The defect of issue 9: quarkus-kubernetes wrote maxSurge "1", a string that is no percent.
        fires("ValidatePositiveIntOrPercent", catalog(d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString("1"))),
                "Deployment/catalog", "spec.strategy.rollingUpdate.maxSurge");
        fires("ValidatePositiveIntOrPercent", mutated(PodDisruptionBudget.class, "orders", p -> p.getSpec().setMaxUnavailable(new IntOrString(-1))),
                "PodDisruptionBudget/orders", "spec.maxUnavailable");
        fires("ValidatePositiveIntOrPercent", mutated(DaemonSet.class, "log-agent",
                d -> d.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("one"))),
                "DaemonSet/log-agent", "spec.updateStrategy.rollingUpdate.maxUnavailable");
    }

    @Test
    void IsNotMoreThan100Percent() {
        fires("IsNotMoreThan100Percent", mutated(PodDisruptionBudget.class, "catalog", p -> p.getSpec().setMaxUnavailable(new IntOrString("150%"))),
                "PodDisruptionBudget/catalog", "spec.maxUnavailable");
    }

    @Test
    void ValidateDeploymentStrategy() {
        fires("ValidateDeploymentStrategy", catalog(d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(0))),
                "Deployment/catalog", "spec.strategy.rollingUpdate.maxUnavailable");
        fires("ValidateDeploymentStrategy", catalog(d -> d.getSpec().getStrategy().setType("Recreate")), "Deployment/catalog", "spec.strategy.rollingUpdate");
    }

    @Test
    void ValidateRollingUpdateDaemonSet() {
        fires("ValidateRollingUpdateDaemonSet", mutated(DaemonSet.class, "log-agent",
                d -> d.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString(1))),
                "DaemonSet/log-agent", "spec.updateStrategy.rollingUpdate.maxSurge");
    }

    @Test
    void ValidateDeploymentSpec() {
        fires("ValidateDeploymentSpec", catalog(d -> d.getSpec().setProgressDeadlineSeconds(d.getSpec().getMinReadySeconds())),
                "Deployment/catalog", "spec.progressDeadlineSeconds");
        fires("ValidateDeploymentSpec", catalog(d -> d.getSpec().setRevisionHistoryLimit(-1)),
                "Deployment/catalog", "spec.revisionHistoryLimit");
    }

    @Test
    void validateMatchLabelKeys() {
        fires("validateMatchLabelKeys", catalog(d -> pod(d).getTopologySpreadConstraints().get(0).setLabelSelector(null)),
                "Deployment/catalog", "spec.template.spec.topologySpreadConstraints[0].labelSelector");
        fires("validateMatchLabelKeys", catalog(d -> pod(d).getTopologySpreadConstraints().get(0).getMatchLabelKeys()
                .add("app.kubernetes.io/part-of")), "Deployment/catalog",
                "spec.template.spec.topologySpreadConstraints[0].matchLabelKeys[1]");
        fires("validateMatchLabelKeys", catalog(d -> pod(d).getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getMatchLabelKeys()
                .set(0, "not a label")), "Deployment/catalog",
                "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]");
    }

    @Test
    void ValidatePodTemplateSpecForReplicaSet() {
        fires("ValidatePodTemplateSpecForReplicaSet", catalog(d -> d.getSpec().getSelector().getMatchLabels().put("version", "1.0.1")),
                "Deployment/catalog", "spec.template.metadata.labels");
        fires("ValidatePodTemplateSpecForReplicaSet", mutated(DaemonSet.class, "log-agent",
                d -> d.getSpec().getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/name")),
                "DaemonSet/log-agent", "spec.template.metadata.labels");
    }

    @Test
    void validateRestartPolicy() {
        fires("validateRestartPolicy", mutated(Job.class, "setup", j -> j.getSpec().getTemplate().getSpec().setRestartPolicy(null)),
                "Job/setup", "spec.template.spec.restartPolicy");
        fires("validateRestartPolicy", catalog(d -> pod(d).setRestartPolicy("OnFailure")), "Deployment/catalog", "spec.template.spec.restartPolicy");
    }

    @Test
    void ValidatePodDisruptionBudgetSpec() {
        fires("ValidatePodDisruptionBudgetSpec", mutated(PodDisruptionBudget.class, "gateway", p -> p.getSpec().setMinAvailable(new IntOrString(1))),
                "PodDisruptionBudget/gateway", "spec");
    }

    @Test
    void validateScheduleFormat() {
        for (String schedule : List.of("CRON_TZ=Etc/UTC */15 * * * *", "*/15 * * *", "61 * * * *", "*/15 * * * 7", "@fortnightly")) {
            fires("validateScheduleFormat", mutated(CronJob.class, "report", c -> c.getSpec().setSchedule(schedule)), "CronJob/report", "spec.schedule");
        }
    }

    @Test
    void validateTimeZone() {
        for (String zone : List.of("Europe/Pariss", "Local", "")) {
            fires("validateTimeZone", mutated(CronJob.class, "report", c -> c.getSpec().setTimeZone(zone)), "CronJob/report", "spec.timeZone");
        }
    }

    @Test
    void validateConcurrencyPolicy() {
        fires("validateConcurrencyPolicy", mutated(CronJob.class, "report", c -> c.getSpec().setConcurrencyPolicy("forbid")),
                "CronJob/report", "spec.concurrencyPolicy");
    }

    @Test
    void validateContainers() {
        fires("validateContainers", mutated(Job.class, "setup", j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).setName("migrate")),
                "Job/setup", "spec.template.spec.containers[0].name");
        fires("validateContainers", catalog(d -> container(d).setName("Catalog")), "Deployment/catalog", "spec.template.spec.containers[0].name");
    }

    @Test
    void ValidateVolumes() {
        fires("ValidateVolumes", catalog(d -> pod(d).getVolumes().add(JSON.convertValue(pod(d).getVolumes().get(0), Volume.class))),
                "Deployment/catalog", "spec.template.spec.volumes[1].name");
    }

    @Test
    void ValidateVolumeMounts() {
        fires("ValidateVolumeMounts", catalog(d -> container(d).getVolumeMounts().add(new VolumeMountBuilder().withName("cache").withMountPath("/cache").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].volumeMounts[1].name");
        fires("ValidateVolumeMounts", catalog(d -> container(d).getVolumeMounts().add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].volumeMounts[1].mountPath");
    }

    @Test
    void validateContainerPorts() {
        fires("validateContainerPorts", catalog(d -> container(d).getPorts().get(0).setName("http_port")),
                "Deployment/catalog", "spec.template.spec.containers[0].ports[0].name");
        fires("validateContainerPorts", catalog(d -> container(d).getPorts().get(0).setContainerPort(70000)),
                "Deployment/catalog", "spec.template.spec.containers[0].ports[0].containerPort");
    }

    @Test
    void validateHandler() {
        fires("validateHandler", catalog(d -> container(d).getReadinessProbe().setExec(new ExecActionBuilder().withCommand("true").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].readinessProbe");
        fires("validateHandler", catalog(d -> container(d).getLifecycle().getPreStop().setExec(new ExecActionBuilder().withCommand("sleep", "5").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].lifecycle.preStop");
        fires("validateHandler", catalog(d -> container(d).getLivenessProbe().getHttpGet().setPort(new IntOrString("http--port"))),
                "Deployment/catalog", "spec.template.spec.containers[0].livenessProbe.httpGet.port");
    }

    @Test
    void validateProbe() {
        fires("validateProbe", catalog(d -> container(d).getLivenessProbe().setSuccessThreshold(2)),
                "Deployment/catalog", "spec.template.spec.containers[0].livenessProbe.successThreshold");
        fires("validateProbe", catalog(d -> container(d).getStartupProbe().setSuccessThreshold(3)),
                "Deployment/catalog", "spec.template.spec.containers[0].startupProbe.successThreshold");
    }

    @Test
    void validateSleepAction() {
        fires("validateSleepAction", catalog(d -> container(d).getLifecycle().getPreStop().getSleep().setSeconds(31L)),
                "Deployment/catalog", "spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds");
    }

    @Test
    void ResolveContainerPort() {
        fires("ResolveContainerPort", catalog(d -> container(d).getReadinessProbe().getHttpGet().setPort(new IntOrString("web"))),
                "Deployment/catalog", "spec.template.spec.containers[0].readinessProbe.httpGet.port");
    }

    @Test
    void ValidateResourceRequirements() {
        fires("ValidateResourceRequirements", catalog(d -> container(d).getResources().getRequests().put("memory", new Quantity("512Mi"))),
                "Deployment/catalog", "spec.template.spec.containers[0].resources.requests[memory]");
        fires("ValidateResourceRequirements", catalog(d -> container(d).getResources().getLimits().put("cpu", new Quantity("1 core"))),
                "Deployment/catalog", "spec.template.spec.containers[0].resources.limits[cpu]");
    }

    @Test
    void ValidateEnv() {
        fires("ValidateEnv", catalog(d -> container(d).getEnv().get(0).setName("1POD")), "Deployment/catalog", "spec.template.spec.containers[0].env[0].name");
        fires("ValidateEnv", catalog(d -> container(d).getEnv().get(0).setValue("platform")), "Deployment/catalog", "spec.template.spec.containers[0].env[0].valueFrom");
    }

    @Test
    void validateEnvVarValueFrom() {
        fires("validateEnvVarValueFrom", catalog(d -> container(d).getEnv().get(0).getValueFrom().getFieldRef().setFieldPath("metadata.nodeName")),
                "Deployment/catalog", "spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath");
        // First in the list, so its path does not depend on how many variables the service has.
        fires("validateEnvVarValueFrom", catalog(d -> container(d).getEnv().add(0, new EnvVarBuilder().withName("EMPTY").withValueFrom(new EnvVarSource()).build())),
                "Deployment/catalog", "spec.template.spec.containers[0].env[0].valueFrom");
    }

    @Test
    void ValidateService() {
        fires("ValidateService", mutated(Service.class, "gateway-nodeport", s -> s.getSpec().getPorts().get(0).setNodePort(8080)),
                "Service/gateway-nodeport", "spec.ports[0].nodePort");
        fires("ValidateService", mutated(Service.class, "catalog", s -> s.getSpec().getPorts().get(0).setNodePort(30081)),
                "Service/catalog", "spec.ports[0].nodePort");
        fires("ValidateService", mutated(Service.class, "postgres", s -> s.getSpec().setType("NodePort")), "Service/postgres", "spec.clusterIP");
        int logsPorts = copyOf(Service.class, "logs").getSpec().getPorts().size();
        fires("ValidateService", mutated(Service.class, "logs", s -> {
            ServicePort metrics = JSON.convertValue(s.getSpec().getPorts().get(0), ServicePort.class);
            metrics.setName(null);
            s.getSpec().getPorts().add(metrics);
        }), "Service/logs", "spec.ports[" + logsPorts + "].name");
        fires("ValidateService", mutated(Service.class, "orders", s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("-http"))),
                "Service/orders", "spec.ports[0].targetPort");
    }

    @Test
    void FindPort() {
        fires("FindPort", mutated(Service.class, "gateway-lb", s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("web"))),
                "Service/gateway-lb", "spec.ports[0].targetPort");
    }

    @Test
    void validateHTTPIngressPath() {
        fires("validateHTTPIngressPath", ingressPath(p -> p.setPath("api/catalog")), "Ingress/platform", "spec.rules[0].http.paths[0].path");
        fires("validateHTTPIngressPath", ingressPath(p -> p.setPath("/api//catalog")), "Ingress/platform", "spec.rules[0].http.paths[0].path");
        fires("validateHTTPIngressPath", ingressPath(p -> p.setPath("/api/catalog/..")), "Ingress/platform", "spec.rules[0].http.paths[0].path");
        fires("validateHTTPIngressPath", ingressPath(p -> p.setPathType("Regex")), "Ingress/platform", "spec.rules[0].http.paths[0].pathType");
    }

    @Test
    void validateIngressBackend() {
        fires("validateIngressBackend", ingressPath(p -> p.getBackend().getService().getPort().setNumber(8081)),
                "Ingress/platform", "spec.rules[0].http.paths[0].backend.service.port.name");
        fires("validateIngressBackend", ingressPath(p -> p.getBackend().getService().setName("Catalog")),
                "Ingress/platform", "spec.rules[0].http.paths[0].backend.service.name");
    }

    @Test
    void IngressBackendService() {
        fires("IngressBackendService", ingressPath(p -> p.getBackend().getService().getPort().setName("https")),
                "Ingress/platform", "spec.rules[0].http.paths[0].backend.service.port");
        fires("IngressBackendService", ingressPath(p -> p.getBackend().getService().setName("catalogue")),
                "Ingress/platform", "spec.rules[0].http.paths[0].backend.service.name");
    }

    @Test
    void hostNamespaces() {
        fires("hostNamespaces", catalog(d -> pod(d).setHostNetwork(true)), "Deployment/catalog", "spec.template.spec.hostNetwork");
        fires("hostNamespaces", catalog(d -> pod(d).setHostPID(true)), "Deployment/catalog", "spec.template.spec.hostPID");
    }

    @Test
    void privileged() {
        fires("privileged", catalog(d -> container(d).getSecurityContext().setPrivileged(true)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.privileged");
    }

    @Test
    void capabilities_baseline() {
        fires("capabilities_baseline", catalog(d -> container(d).getSecurityContext().getCapabilities().setAdd(new ArrayList<>(List.of("SYS_ADMIN")))),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.capabilities.add");
    }

    @Test
    void hostPathVolumes() {
        fires("hostPathVolumes", catalog(d -> pod(d).getVolumes().get(0).setHostPath(new HostPathVolumeSourceBuilder().withPath("/tmp").build())),
                "Deployment/catalog", "spec.template.spec.volumes[0].hostPath");
    }

    @Test
    void hostPorts() {
        fires("hostPorts", catalog(d -> container(d).getPorts().get(0).setHostPort(8081)),
                "Deployment/catalog", "spec.template.spec.containers[0].ports[0].hostPort");
    }

    @Test
    void appArmorProfile() {
        fires("appArmorProfile", catalog(d -> template(d).getMetadata().getAnnotations()
                        .put("container.apparmor.security.beta.kubernetes.io/catalog", "unconfined")),
                "Deployment/catalog", "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/catalog]");
    }

    @Test
    void seLinuxOptions() {
        fires("seLinuxOptions", catalog(d -> pod(d).getSecurityContext().setSeLinuxOptions(new SELinuxOptionsBuilder().withType("spc_t").build())),
                "Deployment/catalog", "spec.template.spec.securityContext.seLinuxOptions.type");
    }

    @Test
    void procMount_baseline() {
        fires("procMount_baseline", catalog(d -> container(d).getSecurityContext().setProcMount("Unmasked")),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.procMount");
        assertEquals(List.of(), rule("procMount_baseline").apply(catalog(d -> {
            pod(d).setHostUsers(false);
            container(d).getSecurityContext().setProcMount("Unmasked");
        })), "baseline allows an unmasked /proc in a user namespace");
    }

    @Test
    void procMount_restricted() {
        fires("procMount_restricted", catalog(d -> {
            pod(d).setHostUsers(false);
            container(d).getSecurityContext().setProcMount("Unmasked");
        }), "Deployment/catalog", "spec.template.spec.containers[0].securityContext.procMount");
    }

    @Test
    void hostProbesAndHostLifecycle() {
        fires("hostProbesAndHostLifecycle", catalog(d -> container(d).getReadinessProbe().getHttpGet().setHost("10.0.0.1")),
                "Deployment/catalog", "spec.template.spec.containers[0].readinessProbe.httpGet.host");
    }

    @Test
    void seccompProfile_baseline() {
        fires("seccompProfile_baseline", catalog(d -> container(d).getSecurityContext().setSeccompProfile(new SeccompProfileBuilder().withType("Unconfined").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.seccompProfile.type");
    }

    @Test
    void sysctls() {
        fires("sysctls", catalog(d -> pod(d).getSecurityContext().setSysctls(List.of(new SysctlBuilder().withName("kernel.msgmax").withValue("65536").build()))),
                "Deployment/catalog", "spec.template.spec.securityContext.sysctls");
    }

    @Test
    void windowsHostProcess() {
        fires("windowsHostProcess", catalog(d -> pod(d).getSecurityContext().setWindowsOptions(
                        new WindowsSecurityContextOptionsBuilder().withHostProcess(true).build())),
                "Deployment/catalog", "spec.template.spec.securityContext.windowsOptions.hostProcess");
    }

    @Test
    void restrictedVolumes() {
        fires("restrictedVolumes", catalog(d -> {
            Volume tmp = pod(d).getVolumes().get(0);
            tmp.setEmptyDir(null);
            tmp.setNfs(new NFSVolumeSourceBuilder().withPath("/export").withServer("nfs.example").build());
        }), "Deployment/catalog", "spec.template.spec.volumes[0]");
    }

    @Test
    void allowPrivilegeEscalation() {
        fires("allowPrivilegeEscalation", catalog(d -> container(d).getSecurityContext().setAllowPrivilegeEscalation(null)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation");
    }

    @Test
    void runAsNonRoot() {
        // The pod says true; a container that says false still runs as root.
        fires("runAsNonRoot", catalog(d -> container(d).getSecurityContext().setRunAsNonRoot(false)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.runAsNonRoot");
        fires("runAsNonRoot", catalog(d -> pod(d).getSecurityContext().setRunAsNonRoot(null)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.runAsNonRoot");
    }

    @Test
    void runAsUser() {
        fires("runAsUser", catalog(d -> pod(d).getSecurityContext().setRunAsUser(0L)), "Deployment/catalog", "spec.template.spec.securityContext.runAsUser");
        fires("runAsUser", catalog(d -> container(d).getSecurityContext().setRunAsUser(0L)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.runAsUser");
    }

    @Test
    void seccompProfile_restricted() {
        fires("seccompProfile_restricted", catalog(d -> pod(d).getSecurityContext().setSeccompProfile(null)),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.seccompProfile.type");
    }

    @Test
    void capabilities_restricted() {
        fires("capabilities_restricted", catalog(d -> container(d).getSecurityContext().setCapabilities(new CapabilitiesBuilder().withDrop("CHOWN").build())),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.capabilities.drop");
        fires("capabilities_restricted", catalog(d -> container(d).getSecurityContext().getCapabilities().setAdd(new ArrayList<>(List.of("CHOWN")))),
                "Deployment/catalog", "spec.template.spec.containers[0].securityContext.capabilities.add");
    }

    @Test
    void validatePolicyRule() {
        fires("validatePolicyRule", mutated(Role.class, "gateway-workloads", r -> r.getRules().get(0).setVerbs(new ArrayList<>())),
                "Role/gateway-workloads", "rules[0].verbs");
        fires("validatePolicyRule", mutated(ClusterRole.class, "gateway-nodes", r -> r.getRules().get(0).setApiGroups(null)),
                "ClusterRole/gateway-nodes", "rules[0].apiGroups");
        fires("validatePolicyRule", mutated(Role.class, "gateway-log-agents", r -> r.getRules().get(0).setResources(List.of())),
                "Role/gateway-log-agents", "rules[0].resources");
        fires("validatePolicyRule", mutated(Role.class, "gateway-workloads", r -> r.getRules().get(0).setNonResourceURLs(List.of("/healthz"))),
                "Role/gateway-workloads", "rules[0].nonResourceURLs");
        assertEquals(List.of(), rule("validatePolicyRule").apply(mutated(ClusterRole.class, "gateway-nodes", r -> r.getRules().add(
                        new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build()))),
                "a ClusterRole may grant a non-resource URL on its own");
    }

    @Test
    void ValidateRoleBinding() {
        fires("ValidateRoleBinding", mutated(RoleBinding.class, "gateway-workloads", b -> b.getRoleRef().setApiGroup("rbac.authorization.k8s.io/v1")),
                "RoleBinding/gateway-workloads", "roleRef.apiGroup");
        fires("ValidateRoleBinding", mutated(RoleBinding.class, "gateway-workloads", b -> b.getRoleRef().setKind("ServiceAccount")),
                "RoleBinding/gateway-workloads", "roleRef.kind");
        fires("ValidateRoleBinding", mutated(RoleBinding.class, "gateway-log-agents", b -> b.getRoleRef().setName("gateway/log-agents")),
                "RoleBinding/gateway-log-agents", "roleRef.name");
        fires("ValidateRoleBinding", mutated(RoleBinding.class, "gateway-log-agents", b -> b.getRoleRef().setName(null)),
                "RoleBinding/gateway-log-agents", "roleRef.name");
    }

    @Test
    void ValidateClusterRoleBinding() {
        fires("ValidateClusterRoleBinding", mutated(ClusterRoleBinding.class, "gateway-nodes", b -> b.getRoleRef().setKind("Role")),
                "ClusterRoleBinding/gateway-nodes", "roleRef.kind");
        fires("ValidateClusterRoleBinding", mutated(ClusterRoleBinding.class, "gateway-nodes", b -> b.getRoleRef().setApiGroup("rbac.example.com")),
                "ClusterRoleBinding/gateway-nodes", "roleRef.apiGroup");
        assertEquals(List.of(), rule("ValidateClusterRoleBinding").apply(mutated(ClusterRoleBinding.class, "gateway-nodes",
                b -> b.getRoleRef().setApiGroup(""))), "rbac/v1 defaulting fills in an empty roleRef.apiGroup");
    }

    @Test
    void validateRoleBindingSubject() {
        fires("validateRoleBindingSubject", mutated(ClusterRoleBinding.class, "gateway-nodes", b -> b.getSubjects().get(0).setNamespace(null)),
                "ClusterRoleBinding/gateway-nodes", "subjects[0].namespace");
        fires("validateRoleBindingSubject", mutated(RoleBinding.class, "gateway-workloads",
                b -> b.getSubjects().get(0).setApiGroup("rbac.authorization.k8s.io")), "RoleBinding/gateway-workloads", "subjects[0].apiGroup");
        fires("validateRoleBindingSubject", mutated(RoleBinding.class, "gateway-workloads", b -> b.getSubjects().get(0).setName("Gateway")),
                "RoleBinding/gateway-workloads", "subjects[0].name");
        fires("validateRoleBindingSubject", mutated(RoleBinding.class, "gateway-log-agents", b -> b.getSubjects().get(0).setKind("Pod")),
                "RoleBinding/gateway-log-agents", "subjects[0].kind");
        fires("validateRoleBindingSubject", mutated(RoleBinding.class, "gateway-log-agents", b -> b.getSubjects().add(
                new SubjectBuilder().withKind("Group").withApiGroup("rbac.example.com").withName("system:serviceaccounts:platform").build())),
                "RoleBinding/gateway-log-agents", "subjects[1].apiGroup");
        assertEquals(List.of(), rule("validateRoleBindingSubject").apply(mutated(RoleBinding.class, "gateway-log-agents",
                b -> b.getSubjects().add(new SubjectBuilder().withKind("Group").withName("system:serviceaccounts:platform").build()))),
                "SetDefaults_Subject gives a Group without apiGroup the RBAC group");
        assertEquals(List.of(), rule("validateRoleBindingSubject").apply(mutated(RoleBinding.class, "gateway-workloads",
                b -> b.getSubjects().get(0).setNamespace(null))), "the API takes a RoleBinding's ServiceAccount without a namespace"
                + " (PolicyTest still requires one)");
    }

    @Test
    void GetRoleReferenceRules() {
        fires("GetRoleReferenceRules", mutated(RoleBinding.class, "gateway-workloads", b -> b.getRoleRef().setName("gateway-log-agents")),
                "RoleBinding/gateway-workloads", "roleRef");
        fires("GetRoleReferenceRules", mutated(ClusterRoleBinding.class, "gateway-nodes", b -> b.getRoleRef().setName("view")),
                "ClusterRoleBinding/gateway-nodes", "roleRef");
    }

    /** The rule passes on the real kind overlay and reports the broken copy with its object and field. */
    private static void fires(String name, List<HasMetadata> broken, String object, String field) {
        Rule rule = rule(name);
        assertEquals(List.of(), rule.apply(RenderedOverlay.of("kind").objects), name + " on the real overlay");
        List<String> violations = rule.apply(broken);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(object + " " + field)),
                name + " should report " + object + " " + field + ", reported " + violations);
    }

    private static Rule rule(String name) {
        return ApiServerRules.ALL.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** A deep copy (a JSON round trip) of an object of the kind overlay, to break without touching the original. */
    static <T extends HasMetadata> T copyOf(Class<T> type, String name) {
        return JSON.convertValue(RenderedOverlay.of("kind").one(type, name), type);
    }

    /** The kind overlay's objects, with one replaced by a changed deep copy. */
    static <T extends HasMetadata> List<HasMetadata> mutated(Class<T> type, String name, Consumer<T> change) {
        T copy = copyOf(type, name);
        change.accept(copy);
        return RenderedOverlay.of("kind").objects.stream()
                .map(o -> type.isInstance(o) && o.getMetadata().getName().equals(name) ? copy : o).toList();
    }

    private static <T extends HasMetadata> List<HasMetadata> renamed(Class<T> type, String name, String newName) {
        return mutated(type, name, o -> o.getMetadata().setName(newName));
    }

    private static List<HasMetadata> catalog(Consumer<Deployment> change) {
        return mutated(Deployment.class, "catalog", d -> {
            if (template(d).getMetadata().getAnnotations() == null) {
                template(d).getMetadata().setAnnotations(new HashMap<>());
            }
            change.accept(d);
        });
    }

    private static List<HasMetadata> ingressPath(Consumer<HTTPIngressPath> change) {
        return mutated(Ingress.class, "platform", i -> change.accept(i.getSpec().getRules().get(0).getHttp().getPaths().get(0)));
    }

    private static PodTemplateSpec template(Deployment d) {
        return d.getSpec().getTemplate();
    }

    private static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    private static Container container(Deployment d) {
        return pod(d).getContainers().get(0);
    }
}
