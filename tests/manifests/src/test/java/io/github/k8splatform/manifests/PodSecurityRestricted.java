package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.PodTemplates.orEmpty;
import static io.github.k8splatform.manifests.Rule.at;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The `restricted` Pod Security Standard as the pod-security-admission library enforces it
 * (staging/src/k8s.io/pod-security-admission/policy/check_*.go): every check of the baseline and
 * restricted levels, by its check ID, on every pod template in a namespace labelled
 * pod-security.kubernetes.io/enforce=restricted. The API server refuses such pods at creation.
 */
final class PodSecurityRestricted {

    static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    private static final Set<String> RESTRICTED_VOLUME_SOURCES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private interface PodCheck {
        void check(PodTemplates.PodTemplate pod, List<String> violations);
    }

    static final List<Rule> RULES = List.of(
            check("hostNamespaces", "check_hostNamespaces.go (baseline)", PodSecurityRestricted::hostNamespaces),
            check("privileged", "check_privileged.go (baseline)", (t, v) -> eachContainer(t, (c, sc, path) -> {
                if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                    v.add(at(t.owner(), path + ".securityContext.privileged", "privileged: must not be true"));
                }
            })),
            check("capabilities_baseline", "check_capabilities_baseline.go (baseline)", (t, v) -> eachContainer(t, (c, sc, path) -> {
                for (String add : added(sc)) {
                    if (!BASELINE_CAPABILITIES.contains(add)) {
                        v.add(at(t.owner(), path + ".securityContext.capabilities.add", "capabilities_baseline: non-default capability " + add));
                    }
                }
            })),
            check("hostPathVolumes", "check_hostPathVolumes.go (baseline)", (t, v) -> eachVolume(t, (volume, path) -> {
                if (volume.getHostPath() != null) {
                    v.add(at(t.owner(), path + ".hostPath", "hostPathVolumes: volume " + volume.getName() + " is a hostPath"));
                }
            })),
            check("hostPorts", "check_hostPorts.go (baseline)", (t, v) -> eachContainer(t, (c, sc, path) -> {
                List<ContainerPort> ports = orEmpty(c.getPorts());
                for (int i = 0; i < ports.size(); i++) {
                    if (ports.get(i).getHostPort() != null && ports.get(i).getHostPort() != 0) {
                        v.add(at(t.owner(), path + ".ports[" + i + "].hostPort", "hostPorts: must be unset or 0"));
                    }
                }
            })),
            check("appArmorProfile", "check_appArmorProfile.go (baseline)", PodSecurityRestricted::appArmorProfile),
            check("seLinuxOptions", "check_seLinuxOptions.go (baseline)", PodSecurityRestricted::seLinuxOptions),
            check("procMount_baseline", "check_procMount_baseline.go (baseline; \"procMount\" before 1.35): outside a user"
                    + " namespace (hostUsers: false) only Default", (t, v) -> {
                if (!Boolean.FALSE.equals(t.spec().getHostUsers())) {
                    procMount("procMount_baseline", t, v);
                }
            }),
            check("procMount_restricted", "check_procMount_restricted.go (restricted, 1.35+)", (t, v) -> procMount("procMount_restricted", t, v)),
            check("hostProbesAndHostLifecycle", "check_hostProbesAndhostLifecycle.go (baseline, 1.34+): no host in probes'"
                    + " and lifecycle handlers' httpGet or tcpSocket", PodSecurityRestricted::hostProbesAndHostLifecycle),
            check("seccompProfile_baseline", "check_seccompProfile_baseline.go (baseline)", (t, v) -> {
                if (isUnconfined(pod(t).getSeccompProfile())) {
                    v.add(at(t.owner(), t.specPath() + ".securityContext.seccompProfile.type", "seccompProfile_baseline: must not be Unconfined"));
                }
                eachContainer(t, (c, sc, path) -> {
                    if (sc != null && isUnconfined(sc.getSeccompProfile())) {
                        v.add(at(t.owner(), path + ".securityContext.seccompProfile.type", "seccompProfile_baseline: must not be Unconfined"));
                    }
                });
            }),
            check("sysctls", "check_sysctls.go (baseline)", (t, v) -> orEmpty(pod(t).getSysctls()).forEach(s -> {
                if (!SAFE_SYSCTLS.contains(s.getName())) {
                    v.add(at(t.owner(), t.specPath() + ".securityContext.sysctls", "sysctls: " + s.getName() + " is not a safe sysctl"));
                }
            })),
            check("windowsHostProcess", "check_windowsHostProcess.go (baseline)", PodSecurityRestricted::windowsHostProcess),
            check("restrictedVolumes", "check_restrictedVolumes.go (restricted)", (t, v) -> eachVolume(t, (volume, path) -> {
                Set<String> sources = new HashSet<>(JSON.convertValue(volume, Map.class).keySet());
                sources.remove("name");
                sources.removeAll(RESTRICTED_VOLUME_SOURCES);
                if (!sources.isEmpty()) {
                    v.add(at(t.owner(), path, "restrictedVolumes: volume " + volume.getName() + " uses " + sources));
                }
            })),
            check("allowPrivilegeEscalation", "check_allowPrivilegeEscalation.go (restricted)", (t, v) -> eachContainer(t, (c, sc, path) -> {
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    v.add(at(t.owner(), path + ".securityContext.allowPrivilegeEscalation", "allowPrivilegeEscalation: must be false"));
                }
            })),
            check("runAsNonRoot", "check_runAsNonRoot.go (restricted)", PodSecurityRestricted::runAsNonRoot),
            check("runAsUser", "check_runAsUser.go (restricted)", (t, v) -> {
                if (Long.valueOf(0).equals(pod(t).getRunAsUser())) {
                    v.add(at(t.owner(), t.specPath() + ".securityContext.runAsUser", "runAsUser: must not be 0"));
                }
                eachContainer(t, (c, sc, path) -> {
                    if (sc != null && Long.valueOf(0).equals(sc.getRunAsUser())) {
                        v.add(at(t.owner(), path + ".securityContext.runAsUser", "runAsUser: must not be 0"));
                    }
                });
            }),
            check("seccompProfile_restricted", "check_seccompProfile_restricted.go (restricted)", PodSecurityRestricted::seccompProfileRestricted),
            check("capabilities_restricted", "check_capabilities_restricted.go (restricted)", (t, v) -> eachContainer(t, (c, sc, path) -> {
                List<String> drop = sc == null || sc.getCapabilities() == null ? List.of() : orEmpty(sc.getCapabilities().getDrop());
                if (!drop.contains("ALL")) {
                    v.add(at(t.owner(), path + ".securityContext.capabilities.drop", "capabilities_restricted: must include ALL"));
                }
                for (String add : added(sc)) {
                    if (!add.equals("NET_BIND_SERVICE")) {
                        v.add(at(t.owner(), path + ".securityContext.capabilities.add", "capabilities_restricted: may only add NET_BIND_SERVICE, not " + add));
                    }
                }
            })));

    private PodSecurityRestricted() {
    }

    private static Rule check(String id, String file, PodCheck check) {
        return new Rule(id, "staging/src/k8s.io/pod-security-admission/policy/" + file, objects -> {
            List<String> violations = new ArrayList<>();
            restrictedPods(objects).forEach(t -> check.check(t, violations));
            return violations;
        });
    }

    /** The pod templates of every namespace whose enforce label is restricted. */
    static List<PodTemplates.PodTemplate> restrictedPods(List<HasMetadata> objects) {
        Set<String> restricted = new HashSet<>();
        for (Namespace n : WorkloadRules.only(objects, Namespace.class)) {
            Map<String, String> labels = n.getMetadata().getLabels();
            if (labels != null && "restricted".equals(labels.get(ENFORCE))) {
                restricted.add(n.getMetadata().getName());
            }
        }
        return PodTemplates.of(objects).stream().filter(t -> restricted.contains(t.owner().getMetadata().getNamespace())).toList();
    }

    private interface ContainerCheck {
        void check(io.fabric8.kubernetes.api.model.Container container, SecurityContext securityContext, String path);
    }

    private static void eachContainer(PodTemplates.PodTemplate t, ContainerCheck check) {
        t.containers().forEach(c -> check.check(c.container(), c.container().getSecurityContext(), c.path()));
    }

    private interface VolumeCheck {
        void check(Volume volume, String path);
    }

    private static void eachVolume(PodTemplates.PodTemplate t, VolumeCheck check) {
        List<Volume> volumes = orEmpty(t.spec().getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            check.check(volumes.get(i), t.specPath() + ".volumes[" + i + "]");
        }
    }

    private static PodSecurityContext pod(PodTemplates.PodTemplate t) {
        return t.spec().getSecurityContext() == null ? new PodSecurityContext() : t.spec().getSecurityContext();
    }

    private static List<String> added(SecurityContext sc) {
        Capabilities caps = sc == null ? null : sc.getCapabilities();
        return caps == null ? List.of() : orEmpty(caps.getAdd());
    }

    private static boolean isUnconfined(SeccompProfile profile) {
        return profile != null && "Unconfined".equals(profile.getType());
    }

    private static void hostNamespaces(PodTemplates.PodTemplate t, List<String> violations) {
        Map<String, Boolean> namespaces = Map.of("hostNetwork", Boolean.TRUE.equals(t.spec().getHostNetwork()),
                "hostPID", Boolean.TRUE.equals(t.spec().getHostPID()), "hostIPC", Boolean.TRUE.equals(t.spec().getHostIPC()));
        namespaces.forEach((field, on) -> {
            if (on) {
                violations.add(at(t.owner(), t.specPath() + "." + field, "hostNamespaces: " + field + "=true"));
            }
        });
    }

    private static void procMount(String id, PodTemplates.PodTemplate t, List<String> violations) {
        eachContainer(t, (c, sc, path) -> {
            if (sc != null && sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
                violations.add(at(t.owner(), path + ".securityContext.procMount", id + ": must be unset or Default"));
            }
        });
    }

    private static void hostProbesAndHostLifecycle(PodTemplates.PodTemplate t, List<String> violations) {
        eachContainer(t, (c, sc, path) -> {
            Map<String, Object> handlers = new LinkedHashMap<>();
            handlers.put(path + ".livenessProbe", c.getLivenessProbe());
            handlers.put(path + ".readinessProbe", c.getReadinessProbe());
            handlers.put(path + ".startupProbe", c.getStartupProbe());
            if (c.getLifecycle() != null) {
                handlers.put(path + ".lifecycle.postStart", c.getLifecycle().getPostStart());
                handlers.put(path + ".lifecycle.preStop", c.getLifecycle().getPreStop());
            }
            handlers.forEach((field, handler) -> {
                Map<?, ?> json = handler == null ? Map.of() : JSON.convertValue(handler, Map.class);
                for (String action : List.of("httpGet", "tcpSocket")) {
                    if (json.get(action) instanceof Map<?, ?> a && a.get("host") instanceof String host && !host.isEmpty()) {
                        violations.add(at(t.owner(), field + "." + action + ".host", "hostProbesAndHostLifecycle: host " + host + " may not be set"));
                    }
                }
            });
        });
    }

    private static void appArmorProfile(PodTemplates.PodTemplate t, List<String> violations) {
        Map<String, String> annotations = t.template().getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (key.startsWith(APPARMOR_ANNOTATION) && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                    violations.add(at(t.owner(), t.path() + ".metadata.annotations[" + key + "]", "appArmorProfile: " + value));
                }
            });
        }
        if (pod(t).getAppArmorProfile() != null && "Unconfined".equals(pod(t).getAppArmorProfile().getType())) {
            violations.add(at(t.owner(), t.specPath() + ".securityContext.appArmorProfile.type", "appArmorProfile: must not be Unconfined"));
        }
        eachContainer(t, (c, sc, path) -> {
            if (sc != null && sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
                violations.add(at(t.owner(), path + ".securityContext.appArmorProfile.type", "appArmorProfile: must not be Unconfined"));
            }
        });
    }

    private static void seLinuxOptions(PodTemplates.PodTemplate t, List<String> violations) {
        seLinux(t, pod(t).getSeLinuxOptions(), t.specPath() + ".securityContext.seLinuxOptions", violations);
        eachContainer(t, (c, sc, path) -> seLinux(t, sc == null ? null : sc.getSeLinuxOptions(),
                path + ".securityContext.seLinuxOptions", violations));
    }

    private static void seLinux(PodTemplates.PodTemplate t, SELinuxOptions options, String field, List<String> violations) {
        if (options == null) {
            return;
        }
        if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
            violations.add(at(t.owner(), field + ".type", "seLinuxOptions: type " + options.getType() + " is not allowed"));
        }
        if (options.getUser() != null && !options.getUser().isEmpty()) {
            violations.add(at(t.owner(), field + ".user", "seLinuxOptions: user may not be set"));
        }
        if (options.getRole() != null && !options.getRole().isEmpty()) {
            violations.add(at(t.owner(), field + ".role", "seLinuxOptions: role may not be set"));
        }
    }

    private static void windowsHostProcess(PodTemplates.PodTemplate t, List<String> violations) {
        if (pod(t).getWindowsOptions() != null && Boolean.TRUE.equals(pod(t).getWindowsOptions().getHostProcess())) {
            violations.add(at(t.owner(), t.specPath() + ".securityContext.windowsOptions.hostProcess", "windowsHostProcess: must not be true"));
        }
        eachContainer(t, (c, sc, path) -> {
            if (sc != null && sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
                violations.add(at(t.owner(), path + ".securityContext.windowsOptions.hostProcess", "windowsHostProcess: must not be true"));
            }
        });
    }

    /** The pod level must say true, or every container must; an explicit false anywhere fails. */
    private static void runAsNonRoot(PodTemplates.PodTemplate t, List<String> violations) {
        Boolean podLevel = pod(t).getRunAsNonRoot();
        if (Boolean.FALSE.equals(podLevel)) {
            violations.add(at(t.owner(), t.specPath() + ".securityContext.runAsNonRoot", "runAsNonRoot: must not be false"));
        }
        eachContainer(t, (c, sc, path) -> {
            Boolean containerLevel = sc == null ? null : sc.getRunAsNonRoot();
            if (Boolean.FALSE.equals(containerLevel)) {
                violations.add(at(t.owner(), path + ".securityContext.runAsNonRoot", "runAsNonRoot: must not be false"));
            } else if (containerLevel == null && !Boolean.TRUE.equals(podLevel)) {
                violations.add(at(t.owner(), path + ".securityContext.runAsNonRoot", "runAsNonRoot: must be true here or at the pod level"));
            }
        });
    }

    /** RuntimeDefault or Localhost at the pod level, or on every container; never another type. */
    private static void seccompProfileRestricted(PodTemplates.PodTemplate t, List<String> violations) {
        String podType = pod(t).getSeccompProfile() == null ? null : pod(t).getSeccompProfile().getType();
        if (podType != null && !isAllowedSeccomp(podType)) {
            violations.add(at(t.owner(), t.specPath() + ".securityContext.seccompProfile.type", "seccompProfile_restricted: " + podType));
        }
        eachContainer(t, (c, sc, path) -> {
            String type = sc == null || sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType();
            if (type != null && !isAllowedSeccomp(type)) {
                violations.add(at(t.owner(), path + ".securityContext.seccompProfile.type", "seccompProfile_restricted: " + type));
            } else if (type == null && !Objects.equals(podType, "RuntimeDefault") && !Objects.equals(podType, "Localhost")) {
                violations.add(at(t.owner(), path + ".securityContext.seccompProfile.type",
                        "seccompProfile_restricted: must be RuntimeDefault or Localhost here or at the pod level"));
            }
        });
    }

    private static boolean isAllowedSeccomp(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }
}
