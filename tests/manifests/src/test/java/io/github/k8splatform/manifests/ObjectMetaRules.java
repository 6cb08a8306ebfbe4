package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** ObjectMeta as the API server validates it: names, namespaces, labels, annotations. */
final class ObjectMetaRules {

    /** apimachinery's TotalAnnotationSizeLimitB: 256 KiB for all keys and values of one object. */
    private static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    /** batch/validation: DNS1035LabelMaxLength - 11, so the Jobs' generated names stay labels. */
    private static final int CRON_JOB_NAME_MAX_LENGTH = Apimachinery.DNS1035_LABEL_MAX_LENGTH - 11;

    static final List<Rule> RULES = List.of(
            new Rule("ValidateObjectMeta", "pkg/apis/core/validation ValidateObjectMeta with each kind's name function:"
                    + " NameIsDNSLabel (ValidateNamespaceName, ValidateStatefulSetName), NameIsDNS1035Label"
                    + " (ValidateServiceName), path.IsValidPathSegmentName (Role, ClusterRole and their bindings: pkg/apis/rbac/validation"
                    + " minimalNameRequirements), NameIsDNSSubdomain (every other kind); metadata.namespace by ValidateNamespaceName",
                    ObjectMetaRules::ValidateObjectMeta),
            new Rule("ValidateCronJobCreate", "pkg/apis/batch/validation ValidateCronJobCreate: a CronJob name has at most 52 characters",
                    ObjectMetaRules::ValidateCronJobCreate),
            new Rule("ValidateLabels", "apimachinery metav1validation ValidateLabels (ValidateLabelName, IsValidLabelValue) on"
                    + " metadata.labels, pod template labels and selectors (ValidateLabelSelector)", ObjectMetaRules::ValidateLabels),
            new Rule("ValidateAnnotations", "apimachinery ValidateAnnotations: keys are qualified names, 256 KiB in total",
                    ObjectMetaRules::ValidateAnnotations));

    private ObjectMetaRules() {
    }

    static List<String> ValidateObjectMeta(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (HasMetadata o : objects) {
            String name = o.getMetadata().getName();
            invalid(violations, o, "metadata.name", name, nameFunction(o).apply(name));
            String namespace = o.getMetadata().getNamespace();
            if (namespace != null) {
                invalid(violations, o, "metadata.namespace", namespace, Apimachinery.IsDNS1123Label(namespace));
            }
        }
        return violations;
    }

    private static Function<String, List<String>> nameFunction(HasMetadata o) {
        if (o instanceof Namespace || o instanceof StatefulSet) {
            return Apimachinery::IsDNS1123Label;
        }
        if (o instanceof Service) {
            return Apimachinery::IsDNS1035Label;
        }
        if (o instanceof Role || o instanceof ClusterRole || o instanceof RoleBinding || o instanceof ClusterRoleBinding) {
            return RbacRules::IsValidPathSegmentName;
        }
        return Apimachinery::IsDNS1123Subdomain;
    }

    static List<String> ValidateCronJobCreate(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof CronJob && o.getMetadata().getName().length() > CRON_JOB_NAME_MAX_LENGTH) {
                violations.add(at(o, "metadata.name", "Invalid value \"" + o.getMetadata().getName()
                        + "\": must be no more than " + CRON_JOB_NAME_MAX_LENGTH + " characters"));
            }
        }
        return violations;
    }

    static List<String> ValidateLabels(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (HasMetadata o : objects) {
            labels(violations, o, "metadata.labels", o.getMetadata().getLabels());
            if (o instanceof Service s) {
                labels(violations, o, "spec.selector", s.getSpec().getSelector());
            }
            LabelSelector selector = selector(o);
            if (selector != null) {
                labels(violations, o, "spec.selector.matchLabels", selector.getMatchLabels());
            }
        }
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            labels(violations, t.owner(), t.path() + ".metadata.labels", t.labels());
        }
        return violations;
    }

    static LabelSelector selector(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getSelector();
        }
        if (o instanceof StatefulSet s) {
            return s.getSpec().getSelector();
        }
        if (o instanceof DaemonSet d) {
            return d.getSpec().getSelector();
        }
        if (o instanceof PodDisruptionBudget p) {
            return p.getSpec().getSelector();
        }
        return null;
    }

    private static void labels(List<String> violations, HasMetadata o, String field, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            invalid(violations, o, field, key, Apimachinery.IsQualifiedName(key));
            invalid(violations, o, field + "[" + key + "]", value, Apimachinery.IsValidLabelValue(value));
        });
    }

    static List<String> ValidateAnnotations(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (HasMetadata o : objects) {
            annotations(violations, o, "metadata.annotations", o.getMetadata().getAnnotations());
        }
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            annotations(violations, t.owner(), t.path() + ".metadata.annotations",
                    t.template().getMetadata() == null ? null : t.template().getMetadata().getAnnotations());
        }
        return violations;
    }

    private static void annotations(List<String> violations, HasMetadata o, String field, Map<String, String> annotations) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            invalid(violations, o, field, a.getKey(), Apimachinery.IsQualifiedName(a.getKey().toLowerCase()));
            total += a.getKey().getBytes(StandardCharsets.UTF_8).length + a.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            violations.add(at(o, field, "Too long: must have at most " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
        }
    }
}
