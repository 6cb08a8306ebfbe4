package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.PodTemplates.orEmpty;
import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Roles and bindings as pkg/apis/rbac/validation validates them, and as the RBAC authorizer resolves a roleRef. */
final class RbacRules {

    static final String GROUP = "rbac.authorization.k8s.io";

    static final List<Rule> RULES = List.of(
            new Rule("validatePolicyRule", "pkg/apis/rbac/validation validatePolicyRule (ValidateRole, ValidateClusterRole): verbs"
                    + " required; a resource rule needs apiGroups and resources; nonResourceURLs"
                    + " never in a Role, never beside resources", RbacRules::validatePolicyRule),
            new Rule("ValidateRoleBinding", "pkg/apis/rbac/validation ValidateRoleBinding: roleRef.apiGroup " + GROUP + ", roleRef.kind"
                    + " Role or ClusterRole, roleRef.name required and a path segment name (minimalNameRequirements)",
                    RbacRules::ValidateRoleBinding),
            new Rule("ValidateClusterRoleBinding", "pkg/apis/rbac/validation ValidateClusterRoleBinding: roleRef.apiGroup " + GROUP
                    + ", roleRef.kind ClusterRole only, roleRef.name required and a path segment name", RbacRules::ValidateClusterRoleBinding),
            new Rule("validateRoleBindingSubject", "pkg/apis/rbac/validation validateRoleBindingSubject: a name; kind ServiceAccount"
                    + " (a ValidateServiceAccountName name, apiGroup \"\", a namespace in a ClusterRoleBinding), User or Group (apiGroup "
                    + GROUP + ")", RbacRules::validateRoleBindingSubject),
            new Rule("GetRoleReferenceRules", "not API validation: pkg/registry/rbac/validation rule.go GetRoleReferenceRules, as the"
                    + " RBAC authorizer resolves a binding: a Role in the RoleBinding's namespace, a ClusterRole by name; one that is"
                    + " not there grants nothing (the platform binds no built-in ClusterRole, so every roleRef is rendered here)",
                    RbacRules::GetRoleReferenceRules));

    private RbacRules() {
    }

    static List<String> validatePolicyRule(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Role r : WorkloadRules.only(objects, Role.class)) {
            policyRules(violations, r, orEmpty(r.getRules()), true);
        }
        for (ClusterRole r : WorkloadRules.only(objects, ClusterRole.class)) {
            policyRules(violations, r, orEmpty(r.getRules()), false);
        }
        return violations;
    }

    private static void policyRules(List<String> violations, HasMetadata role, List<PolicyRule> rules, boolean namespaced) {
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule rule = rules.get(i);
            String path = "rules[" + i + "]";
            if (orEmpty(rule.getVerbs()).isEmpty()) {
                violations.add(at(role, path + ".verbs", "Required value: verbs must contain at least one value"));
            }
            if (!orEmpty(rule.getNonResourceURLs()).isEmpty()) {
                if (namespaced) {
                    violations.add(at(role, path + ".nonResourceURLs", "Invalid value: namespaced rules cannot apply to non-resource URLs"));
                }
                if (!orEmpty(rule.getApiGroups()).isEmpty() || !orEmpty(rule.getResources()).isEmpty()
                        || !orEmpty(rule.getResourceNames()).isEmpty()) {
                    violations.add(at(role, path + ".nonResourceURLs",
                            "Invalid value: rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if (orEmpty(rule.getApiGroups()).isEmpty()) {
                violations.add(at(role, path + ".apiGroups", "Required value: resource rules must supply at least one api group"));
            }
            if (orEmpty(rule.getResources()).isEmpty()) {
                violations.add(at(role, path + ".resources", "Required value: resource rules must supply at least one resource"));
            }
        }
    }

    static List<String> ValidateRoleBinding(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (RoleBinding b : WorkloadRules.only(objects, RoleBinding.class)) {
            roleRef(violations, b, b.getRoleRef(), List.of("Role", "ClusterRole"));
        }
        return violations;
    }

    static List<String> ValidateClusterRoleBinding(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (ClusterRoleBinding b : WorkloadRules.only(objects, ClusterRoleBinding.class)) {
            roleRef(violations, b, b.getRoleRef(), List.of("ClusterRole"));
        }
        return violations;
    }

    private static void roleRef(List<String> violations, HasMetadata binding, RoleRef ref, List<String> kinds) {
        if (ref == null) {
            ref = new RoleRef();
        }
        // rbac/v1 defaulting (SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding) fills an empty apiGroup in first.
        String apiGroup = ref.getApiGroup() == null || ref.getApiGroup().isEmpty() ? GROUP : ref.getApiGroup();
        if (!GROUP.equals(apiGroup)) {
            violations.add(at(binding, "roleRef.apiGroup", "Unsupported value: \"" + ref.getApiGroup() + "\": supported values: \"" + GROUP + "\""));
        }
        if (!kinds.contains(ref.getKind())) {
            violations.add(at(binding, "roleRef.kind", "Unsupported value: \"" + ref.getKind() + "\": supported values: " + kinds));
        }
        if (ref.getName() == null || ref.getName().isEmpty()) {
            violations.add(at(binding, "roleRef.name", "Required value"));
        } else {
            invalid(violations, binding, "roleRef.name", ref.getName(), IsValidPathSegmentName(ref.getName()));
        }
    }

    static List<String> validateRoleBindingSubject(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (RoleBinding b : WorkloadRules.only(objects, RoleBinding.class)) {
            subjects(violations, b, orEmpty(b.getSubjects()), true);
        }
        for (ClusterRoleBinding b : WorkloadRules.only(objects, ClusterRoleBinding.class)) {
            subjects(violations, b, orEmpty(b.getSubjects()), false);
        }
        return violations;
    }

    private static void subjects(List<String> violations, HasMetadata binding, List<Subject> subjects, boolean namespaced) {
        for (int i = 0; i < subjects.size(); i++) {
            Subject s = subjects.get(i);
            String path = "subjects[" + i + "]";
            String name = s.getName() == null ? "" : s.getName();
            String apiGroup = s.getApiGroup() == null ? "" : s.getApiGroup();
            if (name.isEmpty()) {
                violations.add(at(binding, path + ".name", "Required value"));
            }
            switch (Objects.toString(s.getKind(), "")) {
                case "ServiceAccount" -> {
                    if (!name.isEmpty()) {
                        invalid(violations, binding, path + ".name", name, Apimachinery.IsDNS1123Subdomain(name));
                    }
                    if (!apiGroup.isEmpty()) {
                        violations.add(at(binding, path + ".apiGroup", "Unsupported value: \"" + apiGroup + "\": supported values: \"\""));
                    }
                    if (!namespaced && (s.getNamespace() == null || s.getNamespace().isEmpty())) {
                        violations.add(at(binding, path + ".namespace", "Required value"));
                    }
                }
                case "User", "Group" -> {
                    // SetDefaults_Subject gives an empty apiGroup the RBAC group for these kinds.
                    if (!apiGroup.isEmpty() && !GROUP.equals(apiGroup)) {
                        violations.add(at(binding, path + ".apiGroup", "Unsupported value: \"" + apiGroup + "\": supported values: \"" + GROUP + "\""));
                    }
                }
                default -> violations.add(at(binding, path + ".kind", "Unsupported value: \"" + s.getKind()
                        + "\": supported values: \"ServiceAccount\", \"User\", \"Group\""));
            }
        }
    }

    static List<String> GetRoleReferenceRules(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (RoleBinding b : WorkloadRules.only(objects, RoleBinding.class)) {
            RoleRef ref = b.getRoleRef();
            boolean found = "ClusterRole".equals(ref.getKind())
                    ? WorkloadRules.only(objects, ClusterRole.class).stream().anyMatch(r -> r.getMetadata().getName().equals(ref.getName()))
                    : WorkloadRules.only(objects, Role.class).stream().anyMatch(r -> r.getMetadata().getName().equals(ref.getName())
                            && Objects.equals(r.getMetadata().getNamespace(), b.getMetadata().getNamespace()));
            if (!found) {
                violations.add(at(b, "roleRef", "Not found: " + ref.getKind() + " \"" + ref.getName() + "\""
                        + ("Role".equals(ref.getKind()) ? " in namespace \"" + b.getMetadata().getNamespace() + "\"" : "")));
            }
        }
        for (ClusterRoleBinding b : WorkloadRules.only(objects, ClusterRoleBinding.class)) {
            RoleRef ref = b.getRoleRef();
            if (WorkloadRules.only(objects, ClusterRole.class).stream().noneMatch(r -> r.getMetadata().getName().equals(ref.getName()))) {
                violations.add(at(b, "roleRef", "Not found: ClusterRole \"" + ref.getName() + "\""));
            }
        }
        return violations;
    }

    /** k8s.io/apimachinery/pkg/api/validation/path IsValidPathSegmentName: what RBAC names must be (minimalNameRequirements). */
    static List<String> IsValidPathSegmentName(String name) {
        for (String illegal : List.of(".", "..")) {
            if (name.equals(illegal)) {
                return List.of("may not be '" + illegal + "'");
            }
        }
        List<String> errors = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                errors.add("may not contain '" + illegal + "'");
            }
        }
        return errors;
    }
}
