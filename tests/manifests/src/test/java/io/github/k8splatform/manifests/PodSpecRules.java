package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.PodTemplates.orEmpty;
import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Pod templates as pkg/apis/core/validation ValidatePodTemplateSpec / ValidatePodSpec checks them. */
final class PodSpecRules {

    static final List<Rule> RULES = List.of(
            new Rule("validateContainers", "pkg/apis/core/validation validateContainers and validateInitContainers: names are"
                    + " DNS-1123 labels, unique across init and regular containers; an image; a valid imagePullPolicy",
                    PodSpecRules::validateContainers),
            new Rule("ValidateVolumes", "pkg/apis/core/validation ValidateVolumes: names are DNS-1123 labels and unique",
                    PodSpecRules::ValidateVolumes),
            new Rule("ValidateVolumeMounts", "pkg/apis/core/validation ValidateVolumeMounts: each mount names a volume (or a"
                    + " StatefulSet claim template), mount paths unique per container", PodSpecRules::ValidateVolumeMounts),
            new Rule("validateContainerPorts", "pkg/apis/core/validation validateContainerPorts: names are IANA_SVC_NAMEs"
                    + " (IsValidPortName) and unique, port numbers in 1-65535, protocol TCP/UDP/SCTP", PodSpecRules::validateContainerPorts),
            new Rule("validateHandler", "pkg/apis/core/validation validateHandler (probes, via validateProbe) and"
                    + " validateLifecycle (postStart, preStop): exactly one handler; ports by ValidatePortNumOrName", PodSpecRules::validateHandler),
            new Rule("validateProbe", "pkg/apis/core/validation validateProbe (non-negative numbers) and"
                    + " validateLivenessProbe/validateStartupProbe: successThreshold must be 1", PodSpecRules::validateProbe),
            new Rule("validateSleepAction", "pkg/apis/core/validation validateSleepAction: a sleep of more than 0 and at most"
                    + " terminationGracePeriodSeconds", PodSpecRules::validateSleepAction),
            new Rule("ResolveContainerPort", "pkg/probe/util.go ResolveContainerPort, as the kubelet's prober resolves a named"
                    + " probe port: it must be a port name of the same container", PodSpecRules::ResolveContainerPort),
            new Rule("ValidateResourceRequirements", "pkg/apis/core/validation ValidateResourceRequirements: standard resource"
                    + " names, quantities that parse (resource.ParseQuantity) and are non-negative, requests not above limits",
                    PodSpecRules::ValidateResourceRequirements),
            new Rule("ValidateEnv", "pkg/apis/core/validation ValidateEnv: value and valueFrom not both; names by IsEnvVarName,"
                    + " stricter than the IsRelaxedEnvVarName of clusters with RelaxedEnvironmentVariableValidation, so a shell can use them",
                    PodSpecRules::ValidateEnv),
            new Rule("validateEnvVarValueFrom", "pkg/apis/core/validation validateEnvVarValueFrom: exactly one source, a"
                    + " supported fieldRef path (validateObjectFieldSelector), secret/configMap keys by IsConfigMapKey",
                    PodSpecRules::validateEnvVarValueFrom));

    /** resource.ParseQuantity's grammar: a signed decimal, then a binary-SI, decimal-SI or exponent suffix. */
    private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern STANDARD_RESOURCE = Pattern.compile("cpu|memory|ephemeral-storage|hugepages-.+|.+/.+");
    /** validation.go validEnvDownwardAPIFieldPathExpressions, plus the label and annotation subscripts. */
    private static final Set<String> ENV_FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    private static final Pattern ENV_FIELD_SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['[^']+'\\]");
    private static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

    private PodSpecRules() {
    }

    static List<String> validateContainers(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            Set<String> names = new HashSet<>();
            for (PodTemplates.ContainerAt c : t.containers()) {
                String name = c.container().getName();
                invalid(violations, t.owner(), c.path() + ".name", name, Apimachinery.IsDNS1123Label(name));
                if (!names.add(name)) {
                    violations.add(at(t.owner(), c.path() + ".name", "Duplicate value: \"" + name + "\""));
                }
                if (c.container().getImage() == null || c.container().getImage().isBlank()) {
                    violations.add(at(t.owner(), c.path() + ".image", "Required value"));
                }
                String pull = c.container().getImagePullPolicy();
                if (pull != null && !List.of("Always", "IfNotPresent", "Never").contains(pull)) {
                    violations.add(at(t.owner(), c.path() + ".imagePullPolicy", "Unsupported value: \"" + pull + "\""));
                }
            }
        }
        return violations;
    }

    static List<String> ValidateVolumes(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            Set<String> names = new HashSet<>();
            List<Volume> volumes = orEmpty(t.spec().getVolumes());
            for (int i = 0; i < volumes.size(); i++) {
                String field = t.specPath() + ".volumes[" + i + "].name";
                String name = volumes.get(i).getName();
                invalid(violations, t.owner(), field, name, Apimachinery.IsDNS1123Label(name));
                if (!names.add(name)) {
                    violations.add(at(t.owner(), field, "Duplicate value: \"" + name + "\""));
                }
            }
        }
        return violations;
    }

    static List<String> ValidateVolumeMounts(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            Set<String> volumes = new HashSet<>(t.claimTemplates());
            orEmpty(t.spec().getVolumes()).forEach(v -> volumes.add(v.getName()));
            for (PodTemplates.ContainerAt c : t.containers()) {
                Set<String> paths = new HashSet<>();
                List<VolumeMount> mounts = orEmpty(c.container().getVolumeMounts());
                for (int i = 0; i < mounts.size(); i++) {
                    String field = c.path() + ".volumeMounts[" + i + "]";
                    VolumeMount m = mounts.get(i);
                    if (!volumes.contains(m.getName())) {
                        violations.add(at(t.owner(), field + ".name", "Not found: \"" + m.getName() + "\""));
                    }
                    if (m.getMountPath() == null || m.getMountPath().isEmpty()) {
                        violations.add(at(t.owner(), field + ".mountPath", "Required value"));
                    } else if (!paths.add(m.getMountPath())) {
                        violations.add(at(t.owner(), field + ".mountPath", "Invalid value \"" + m.getMountPath() + "\": must be unique"));
                    }
                }
            }
        }
        return violations;
    }

    static List<String> validateContainerPorts(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            for (PodTemplates.ContainerAt c : t.containers()) {
                Set<String> names = new HashSet<>();
                List<ContainerPort> ports = orEmpty(c.container().getPorts());
                for (int i = 0; i < ports.size(); i++) {
                    String field = c.path() + ".ports[" + i + "]";
                    ContainerPort p = ports.get(i);
                    if (p.getName() != null) {
                        invalid(violations, t.owner(), field + ".name", p.getName(), Apimachinery.IsValidPortName(p.getName()));
                        if (!names.add(p.getName())) {
                            violations.add(at(t.owner(), field + ".name", "Duplicate value: \"" + p.getName() + "\""));
                        }
                    }
                    invalid(violations, t.owner(), field + ".containerPort", p.getContainerPort(),
                            Apimachinery.IsValidPortNum(p.getContainerPort() == null ? 0 : p.getContainerPort()));
                    if (p.getHostPort() != null && p.getHostPort() != 0) {
                        invalid(violations, t.owner(), field + ".hostPort", p.getHostPort(), Apimachinery.IsValidPortNum(p.getHostPort()));
                    }
                    if (p.getProtocol() != null && !List.of("TCP", "UDP", "SCTP").contains(p.getProtocol())) {
                        violations.add(at(t.owner(), field + ".protocol", "Unsupported value: \"" + p.getProtocol() + "\""));
                    }
                }
            }
        }
        return violations;
    }

    /** Every probe and lifecycle handler of a container, keyed by its field path. */
    private static Map<String, Object> handlers(PodTemplates.ContainerAt c) {
        Container container = c.container();
        Map<String, Object> handlers = new LinkedHashMap<>();
        handlers.put(c.path() + ".livenessProbe", container.getLivenessProbe());
        handlers.put(c.path() + ".readinessProbe", container.getReadinessProbe());
        handlers.put(c.path() + ".startupProbe", container.getStartupProbe());
        if (container.getLifecycle() != null) {
            handlers.put(c.path() + ".lifecycle.postStart", container.getLifecycle().getPostStart());
            handlers.put(c.path() + ".lifecycle.preStop", container.getLifecycle().getPreStop());
        }
        handlers.values().removeIf(Objects::isNull);
        return handlers;
    }

    private interface HandlerVisitor {
        void visit(PodTemplates.PodTemplate template, PodTemplates.ContainerAt container, String field, Object handler);
    }

    private static void forEachHandler(List<HasMetadata> objects, HandlerVisitor visitor) {
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            for (PodTemplates.ContainerAt c : t.containers()) {
                handlers(c).forEach((field, handler) -> visitor.visit(t, c, field, handler));
            }
        }
    }

    /** The ports a handler names, by the field path of each. */
    private static Map<String, IntOrString> handlerPorts(String field, Object handler) {
        Map<String, IntOrString> ports = new LinkedHashMap<>();
        if (handler instanceof Probe p) {
            if (p.getHttpGet() != null) {
                ports.put(field + ".httpGet.port", p.getHttpGet().getPort());
            }
            if (p.getTcpSocket() != null) {
                ports.put(field + ".tcpSocket.port", p.getTcpSocket().getPort());
            }
        } else if (handler instanceof LifecycleHandler h) {
            if (h.getHttpGet() != null) {
                ports.put(field + ".httpGet.port", h.getHttpGet().getPort());
            }
            if (h.getTcpSocket() != null) {
                ports.put(field + ".tcpSocket.port", h.getTcpSocket().getPort());
            }
        }
        return ports;
    }

    static List<String> validateHandler(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachHandler(objects, (t, c, field, handler) -> {
            long count = handler instanceof Probe p
                    ? Stream.of(p.getExec(), p.getHttpGet(), p.getTcpSocket(), p.getGrpc()).filter(Objects::nonNull).count()
                    : Stream.of(((LifecycleHandler) handler).getExec(), ((LifecycleHandler) handler).getHttpGet(),
                            ((LifecycleHandler) handler).getTcpSocket(), ((LifecycleHandler) handler).getSleep())
                            .filter(Objects::nonNull).count();
            if (count == 0) {
                violations.add(at(t.owner(), field, "Required value: must specify a handler type"));
            } else if (count > 1) {
                violations.add(at(t.owner(), field, "Forbidden: may not specify more than 1 handler type"));
            }
            handlerPorts(field, handler).forEach((portField, port) ->
                    violations.addAll(ValidatePortNumOrName(t.owner(), portField, port)));
        });
        return violations;
    }

    /** pkg/apis/core/validation ValidatePortNumOrName: a number in 1-65535 or an IANA_SVC_NAME. */
    static List<String> ValidatePortNumOrName(HasMetadata owner, String field, IntOrString port) {
        List<String> violations = new ArrayList<>();
        if (port == null) {
            violations.add(at(owner, field, "Required value"));
        } else if (port.getIntVal() != null) {
            invalid(violations, owner, field, port.getIntVal(), Apimachinery.IsValidPortNum(port.getIntVal()));
        } else {
            invalid(violations, owner, field, port.getStrVal(), Apimachinery.IsValidPortName(port.getStrVal()));
        }
        return violations;
    }

    static List<String> validateProbe(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachHandler(objects, (t, c, field, handler) -> {
            if (!(handler instanceof Probe p)) {
                return;
            }
            Map<String, Integer> numbers = new LinkedHashMap<>();
            numbers.put("initialDelaySeconds", p.getInitialDelaySeconds());
            numbers.put("timeoutSeconds", p.getTimeoutSeconds());
            numbers.put("periodSeconds", p.getPeriodSeconds());
            numbers.put("successThreshold", p.getSuccessThreshold());
            numbers.put("failureThreshold", p.getFailureThreshold());
            numbers.forEach((name, value) -> {
                if (value != null && value < 0) {
                    violations.add(at(t.owner(), field + "." + name, "Invalid value: " + value + ": must be greater than or equal to 0"));
                }
            });
            boolean mustSucceedOnce = field.endsWith(".livenessProbe") || field.endsWith(".startupProbe");
            if (mustSucceedOnce && p.getSuccessThreshold() != null && p.getSuccessThreshold() != 1) {
                violations.add(at(t.owner(), field + ".successThreshold", "Invalid value: " + p.getSuccessThreshold() + ": must be 1"));
            }
        });
        return violations;
    }

    static List<String> validateSleepAction(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachHandler(objects, (t, c, field, handler) -> {
            long grace = t.spec().getTerminationGracePeriodSeconds() == null ? DEFAULT_GRACE_PERIOD_SECONDS
            : t.spec().getTerminationGracePeriodSeconds();
            if (handler instanceof LifecycleHandler h && h.getSleep() != null) {
                long seconds = h.getSleep().getSeconds();
                if (seconds <= 0 || seconds > grace) {
            violations.add(at(t.owner(), field + ".sleep.seconds", "Invalid value: " + seconds
                    + ": must be greater than 0 and less than terminationGracePeriodSeconds (" + grace + ")"));
                }
            }
        });
        return violations;
    }

    static List<String> ResolveContainerPort(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachHandler(objects, (t, c, field, handler) -> handlerPorts(field, handler).forEach((portField, port) -> {
            if (port == null || port.getStrVal() == null) {
                return;
            }
            if (orEmpty(c.container().getPorts()).stream().noneMatch(p -> port.getStrVal().equals(p.getName()))) {
                violations.add(at(t.owner(), portField, "Invalid value \"" + port.getStrVal()
                        + "\": no port of container " + c.container().getName() + " has this name"));
            }
        }));
        return violations;
    }

    static List<String> ValidateResourceRequirements(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            for (PodTemplates.ContainerAt c : t.containers()) {
                if (c.container().getResources() == null) {
                    continue;
                }
                Map<String, Quantity> limits = noneIfNull(c.container().getResources().getLimits());
                Map<String, Quantity> requests = noneIfNull(c.container().getResources().getRequests());
                String field = c.path() + ".resources";
                List<String> unparsable = new ArrayList<>();
                unparsable.addAll(quantities(violations, t.owner(), field + ".limits", limits));
                unparsable.addAll(quantities(violations, t.owner(), field + ".requests", requests));
                requests.forEach((name, request) -> {
                    Quantity limit = limits.get(name);
                    if (limit != null && !unparsable.contains(name)
                            && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                        violations.add(at(t.owner(), field + ".requests[" + name + "]", "Invalid value: \"" + text(request)
                                + "\": must be less than or equal to " + name + " limit of " + text(limit)));
                    }
                });
            }
        }
        return violations;
    }

    /** Checks names and quantities; returns the resource names whose quantity does not parse. */
    private static List<String> quantities(List<String> violations, HasMetadata owner, String field, Map<String, Quantity> quantities) {
        List<String> unparsable = new ArrayList<>();
        quantities.forEach((name, quantity) -> {
            if (!STANDARD_RESOURCE.matcher(name).matches()) {
                violations.add(at(owner, field + "[" + name + "]", "Invalid value: \"" + name + "\": must be a standard resource type or fully qualified"));
            }
            String text = text(quantity);
            if (!QUANTITY.matcher(text).matches()) {
                unparsable.add(name);
                violations.add(at(owner, field + "[" + name + "]", "Invalid value: \"" + text
                        + "\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
            } else if (Quantity.getAmountInBytes(quantity).compareTo(BigDecimal.ZERO) < 0) {
                violations.add(at(owner, field + "[" + name + "]", "Invalid value: \"" + text + "\": must be greater than or equal to 0"));
            }
        });
        return unparsable;
    }

    private static String text(Quantity q) {
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    private static <K, V> Map<K, V> noneIfNull(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    static List<String> ValidateEnv(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachEnv(objects, (owner, field, env) -> {
            invalid(violations, owner, field + ".name", env.getName(), Apimachinery.IsEnvVarName(env.getName()));
            if (env.getValue() != null && !env.getValue().isEmpty() && env.getValueFrom() != null) {
                violations.add(at(owner, field + ".valueFrom", "Invalid value: may not be specified when `value` is not empty"));
            }
        });
        return violations;
    }

    static List<String> validateEnvVarValueFrom(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        forEachEnv(objects, (owner, field, env) -> {
            EnvVarSource from = env.getValueFrom();
            if (from == null) {
                return;
            }
            String at = field + ".valueFrom";
            long sources = Stream.of(from.getFieldRef(), from.getResourceFieldRef(), from.getConfigMapKeyRef(), from.getSecretKeyRef(),
                    from.getFileKeyRef()).filter(Objects::nonNull).count();
            if (sources == 0) {
                violations.add(at(owner, at, "Invalid value: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
            } else if (sources > 1) {
                violations.add(at(owner, at, "Invalid value: may not have more than one field specified at a time"));
            }
            if (from.getFieldRef() != null) {
                String path = from.getFieldRef().getFieldPath();
                if (path == null || !ENV_FIELD_PATHS.contains(path) && !ENV_FIELD_SUBSCRIPT.matcher(path).matches()) {
                    violations.add(at(owner, at + ".fieldRef.fieldPath", "Unsupported value: \"" + path + "\""));
                }
            }
            if (from.getSecretKeyRef() != null) {
                keyRef(violations, owner, at + ".secretKeyRef", from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey());
            }
            if (from.getConfigMapKeyRef() != null) {
                keyRef(violations, owner, at + ".configMapKeyRef", from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey());
            }
        });
        return violations;
    }

    private static void keyRef(List<String> violations, HasMetadata owner, String field, String name, String key) {
        if (name == null || name.isEmpty()) {
            violations.add(at(owner, field + ".name", "Required value"));
        }
        if (key == null || key.isEmpty()) {
            violations.add(at(owner, field + ".key", "Required value"));
        } else {
            invalid(violations, owner, field + ".key", key, Apimachinery.IsConfigMapKey(key));
        }
    }

    private interface EnvVisitor {
        void visit(HasMetadata owner, String field, EnvVar env);
    }

    private static void forEachEnv(List<HasMetadata> objects, EnvVisitor visitor) {
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            for (PodTemplates.ContainerAt c : t.containers()) {
                List<EnvVar> env = orEmpty(c.container().getEnv());
                for (int i = 0; i < env.size(); i++) {
                    visitor.visit(t.owner(), c.path() + ".env[" + i + "]", env.get(i));
                }
            }
        }
    }
}
