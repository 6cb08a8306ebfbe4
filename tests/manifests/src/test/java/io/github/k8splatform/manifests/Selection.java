package io.github.k8splatform.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Picking objects out of a rendering: by type, and by label selector. */
final class Selection {

    private Selection() {
    }

    static <T> List<T> only(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Whether the selector selects a pod with these labels (matchLabels and matchExpressions, all of them). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : PodTemplates.orEmpty(selector.getMatchExpressions())) {
            boolean has = labels.containsKey(r.getKey());
            boolean in = has && PodTemplates.orEmpty(r.getValues()).contains(labels.get(r.getKey()));
            boolean ok = switch (r.getOperator()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
