package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.PodTemplates.orEmpty;
import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Services and Ingresses (pkg/apis/core/validation ValidateService, pkg/apis/networking/validation). */
final class NetworkingRules {

    static final List<Rule> RULES = List.of(
            new Rule("ValidateService", "pkg/apis/core/validation ValidateService and validateServicePort: a supported type,"
                    + " at least one port, names required when there are several and unique, port numbers in range, targetPort by"
                    + " ValidatePortNumOrName, nodePort not on ClusterIP and within the API server's default service-node-port-range"
                    + " 30000-32767 (pkg/registry/core/service/portallocator), clusterIP None only for ClusterIP",
                    NetworkingRules::ValidateService),
            new Rule("FindPort", "pkg/api/v1/pod/util.go FindPort, as the EndpointSlice controller resolves a named targetPort:"
                    + " every pod template the Service selects has a container port of that name", NetworkingRules::FindPort),
            new Rule("validateHTTPIngressPath", "pkg/apis/networking/validation validateIngressRule/validateHTTPIngressPath: a"
                    + " supported pathType, an absolute path, no '//', '/./', '/../' or '/%2e/' and no '/.' or '/..' ending for"
                    + " Exact and Prefix", NetworkingRules::validateHTTPIngressPath),
            new Rule("validateIngressBackend", "pkg/apis/networking/validation validateIngressBackend: a DNS-1035 Service name,"
                    + " a port by name (IsValidPortName) or number, not both", NetworkingRules::validateIngressBackend),
            new Rule("IngressBackendService", "not API validation: what the ingress controller looks up; the backend Service"
                    + " exists in the Ingress's namespace and has the port named or numbered", NetworkingRules::IngressBackendService));

    private static final int NODE_PORT_MIN = 30000;
    private static final int NODE_PORT_MAX = 32767;
    private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "/%2e/", "/%2E/");
    private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");

    private NetworkingRules() {
    }

    static List<String> ValidateService(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Service s : WorkloadRules.only(objects, Service.class)) {
            String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
            if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
                violations.add(at(s, "spec.type", "Unsupported value: \"" + type + "\""));
            }
            boolean headless = "None".equals(s.getSpec().getClusterIP());
            if (headless && !type.equals("ClusterIP")) {
                violations.add(at(s, "spec.clusterIP", "Invalid value: \"None\": may not be set to 'None' for " + type + " services"));
            }
            List<ServicePort> ports = orEmpty(s.getSpec().getPorts());
            if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
                violations.add(at(s, "spec.ports", "Required value"));
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                ServicePort p = ports.get(i);
                String field = "spec.ports[" + i + "]";
                if (p.getName() == null || p.getName().isEmpty()) {
                    if (ports.size() > 1) {
                        violations.add(at(s, field + ".name", "Required value"));
                    }
                } else {
                    invalid(violations, s, field + ".name", p.getName(), Apimachinery.IsDNS1123Label(p.getName()));
                    if (!names.add(p.getName())) {
                        violations.add(at(s, field + ".name", "Duplicate value: \"" + p.getName() + "\""));
                    }
                }
                invalid(violations, s, field + ".port", p.getPort(), Apimachinery.IsValidPortNum(p.getPort() == null ? 0 : p.getPort()));
                if (p.getTargetPort() != null) {
                    violations.addAll(PodSpecRules.ValidatePortNumOrName(s, field + ".targetPort", p.getTargetPort()));
                }
                Integer nodePort = p.getNodePort();
                if (nodePort != null && nodePort != 0) {
                    if (type.equals("ClusterIP")) {
                        violations.add(at(s, field + ".nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'"));
                    } else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
                        violations.add(at(s, field + ".nodePort", "Invalid value: " + nodePort
                                + ": provided port is not in the valid range. The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
                    }
                }
            }
        }
        return violations;
    }

    static List<String> FindPort(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Service s : WorkloadRules.only(objects, Service.class)) {
            if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) {
                continue;
            }
            LabelSelector selector = new LabelSelector(null, s.getSpec().getSelector());
            List<PodTemplates.PodTemplate> selected = PodTemplates.of(objects).stream()
                    .filter(t -> Objects.equals(t.owner().getMetadata().getNamespace(), s.getMetadata().getNamespace()))
                    .filter(t -> WorkloadRules.matches(selector, t.labels())).toList();
            List<ServicePort> ports = orEmpty(s.getSpec().getPorts());
            for (int i = 0; i < ports.size(); i++) {
                String name = ports.get(i).getTargetPort() == null ? null : ports.get(i).getTargetPort().getStrVal();
                if (name == null) {
                    continue;
                }
                for (PodTemplates.PodTemplate t : selected) {
                    boolean found = t.containers().stream().flatMap(c -> orEmpty(c.container().getPorts()).stream())
                            .anyMatch(p -> name.equals(p.getName()));
                    if (!found) {
                        violations.add(at(s, "spec.ports[" + i + "].targetPort", "Invalid value \"" + name + "\": no container port of "
                                + t.owner().getKind() + "/" + t.owner().getMetadata().getName() + " has this name"));
                    }
                }
            }
        }
        return violations;
    }

    /** Every HTTP path of every Ingress rule, with its field path. */
    private record PathAt(Ingress ingress, String field, HTTPIngressPath path) {
    }

    private static List<PathAt> paths(List<HasMetadata> objects) {
        List<PathAt> all = new ArrayList<>();
        for (Ingress ingress : WorkloadRules.only(objects, Ingress.class)) {
            List<IngressRule> rules = orEmpty(ingress.getSpec().getRules());
            for (int r = 0; r < rules.size(); r++) {
                if (rules.get(r).getHttp() == null) {
                    continue;
                }
                List<HTTPIngressPath> paths = orEmpty(rules.get(r).getHttp().getPaths());
                for (int p = 0; p < paths.size(); p++) {
                    all.add(new PathAt(ingress, "spec.rules[" + r + "].http.paths[" + p + "]", paths.get(p)));
                }
            }
        }
        return all;
    }

    static List<String> validateHTTPIngressPath(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PathAt p : paths(objects)) {
            String type = p.path().getPathType();
            String path = p.path().getPath();
            if (type == null) {
                violations.add(at(p.ingress(), p.field() + ".pathType", "Required value: pathType must be specified"));
            } else if (!List.of("Exact", "Prefix", "ImplementationSpecific").contains(type)) {
                violations.add(at(p.ingress(), p.field() + ".pathType", "Unsupported value: \"" + type
                        + "\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""));
            }
            if (path == null || !path.startsWith("/")) {
                violations.add(at(p.ingress(), p.field() + ".path", "Invalid value: \"" + path + "\": must be an absolute path"));
            } else if ("Exact".equals(type) || "Prefix".equals(type)) {
                INVALID_PATH_SEQUENCES.stream().filter(path::contains).forEach(seq ->
                        violations.add(at(p.ingress(), p.field() + ".path", "Invalid value: \"" + path + "\": must not contain '" + seq + "'")));
                INVALID_PATH_SUFFIXES.stream().filter(path::endsWith).forEach(suffix ->
                        violations.add(at(p.ingress(), p.field() + ".path", "Invalid value: \"" + path + "\": cannot end with '" + suffix + "'")));
            }
        }
        return violations;
    }

    static List<String> validateIngressBackend(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PathAt p : paths(objects)) {
            IngressServiceBackend backend = p.path().getBackend() == null ? null : p.path().getBackend().getService();
            String field = p.field() + ".backend.service";
            if (backend == null) {
                violations.add(at(p.ingress(), field, "Required value: a service backend"));
                continue;
            }
            invalid(violations, p.ingress(), field + ".name", backend.getName(), Apimachinery.IsDNS1035Label(backend.getName()));
            ServiceBackendPort port = backend.getPort();
            boolean named = port != null && port.getName() != null && !port.getName().isEmpty();
            boolean numbered = port != null && port.getNumber() != null && port.getNumber() != 0;
            if (named && numbered) {
                violations.add(at(p.ingress(), field + ".port.name", "Invalid value: cannot set both port name & port number"));
            } else if (named) {
                invalid(violations, p.ingress(), field + ".port.name", port.getName(), Apimachinery.IsValidPortName(port.getName()));
            } else if (numbered) {
                invalid(violations, p.ingress(), field + ".port.number", port.getNumber(), Apimachinery.IsValidPortNum(port.getNumber()));
            } else {
                violations.add(at(p.ingress(), field + ".port", "Invalid value: port name or number is required"));
            }
        }
        return violations;
    }

    static List<String> IngressBackendService(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PathAt p : paths(objects)) {
            IngressServiceBackend backend = p.path().getBackend() == null ? null : p.path().getBackend().getService();
            if (backend == null || backend.getPort() == null) {
                continue;
            }
            String field = p.field() + ".backend.service";
            ServiceBackendPort port = backend.getPort();
            WorkloadRules.only(objects, Service.class).stream()
                    .filter(s -> s.getMetadata().getName().equals(backend.getName())
                            && Objects.equals(s.getMetadata().getNamespace(), p.ingress().getMetadata().getNamespace()))
                    .findFirst()
                    .ifPresentOrElse(s -> {
                        boolean found = orEmpty(s.getSpec().getPorts()).stream().anyMatch(sp -> port.getName() != null
                                ? port.getName().equals(sp.getName()) : Objects.equals(port.getNumber(), sp.getPort()));
                        if (!found) {
                            violations.add(at(p.ingress(), field + ".port", "Service/" + s.getMetadata().getName()
                                    + " has no port " + (port.getName() != null ? port.getName() : port.getNumber())));
                        }
                    }, () -> violations.add(at(p.ingress(), field + ".name", "no Service " + backend.getName()
                            + " in namespace " + p.ingress().getMetadata().getNamespace())));
        }
        return violations;
    }
}
