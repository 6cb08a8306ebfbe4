package io.github.k8splatform.manifests;

import static io.github.k8splatform.manifests.PodTemplates.orEmpty;
import static io.github.k8splatform.manifests.Rule.at;
import static io.github.k8splatform.manifests.Rule.invalid;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Where pods go: the rules of the scheduling fields the platform's shared spread patch uses. */
final class SchedulingRules {

    static final List<Rule> RULES = List.of(
            new Rule("validateMatchLabelKeys", "pkg/apis/core/validation validateMatchLabelKeysInTopologySpread and"
                    + " validateMatchLabelKeysAndMismatchLabelKeys (pod affinity terms): matchLabelKeys only with a"
                    + " labelSelector, each key a label name (ValidateLabelName) that is not also in the labelSelector",
                    SchedulingRules::validateMatchLabelKeys));

    private SchedulingRules() {
    }

    /** A term's selector and the keys that add to it, at a field path. */
    private record Keyed(String path, LabelSelector selector, List<String> matchLabelKeys) {
    }

    static List<String> validateMatchLabelKeys(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(objects)) {
            for (Keyed k : keyed(t)) {
                if (k.matchLabelKeys().isEmpty()) {
                    continue;
                }
                if (k.selector() == null) {
                    violations.add(at(t.owner(), k.path() + ".labelSelector",
                            "Required value: must be specified when matchLabelKeys is set"));
                    continue;
                }
                Set<String> selected = new HashSet<>();
                if (k.selector().getMatchLabels() != null) {
                    selected.addAll(k.selector().getMatchLabels().keySet());
                }
                orEmpty(k.selector().getMatchExpressions()).forEach(e -> selected.add(e.getKey()));
                for (int i = 0; i < k.matchLabelKeys().size(); i++) {
                    String key = k.matchLabelKeys().get(i);
                    String field = k.path() + ".matchLabelKeys[" + i + "]";
                    invalid(violations, t.owner(), field, key, Apimachinery.IsQualifiedName(key));
                    if (selected.contains(key)) {
                        violations.add(at(t.owner(), field, "Invalid value \"" + key
                                + "\": exists in both matchLabelKeys and labelSelector"));
                    }
                }
            }
        }
        return violations;
    }

    /** Every topology spread constraint and pod (anti-)affinity term of a template. */
    private static List<Keyed> keyed(PodTemplates.PodTemplate t) {
        List<Keyed> all = new ArrayList<>();
        List<TopologySpreadConstraint> spread = orEmpty(t.spec().getTopologySpreadConstraints());
        for (int i = 0; i < spread.size(); i++) {
            all.add(new Keyed(t.specPath() + ".topologySpreadConstraints[" + i + "]", spread.get(i).getLabelSelector(),
                    orEmpty(spread.get(i).getMatchLabelKeys())));
        }
        Affinity affinity = t.spec().getAffinity();
        if (affinity != null) {
            if (affinity.getPodAffinity() != null) {
                addTerms(all, t.specPath() + ".affinity.podAffinity", affinity.getPodAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution(), affinity.getPodAffinity()
                        .getPreferredDuringSchedulingIgnoredDuringExecution());
            }
            if (affinity.getPodAntiAffinity() != null) {
                addTerms(all, t.specPath() + ".affinity.podAntiAffinity", affinity.getPodAntiAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution(), affinity.getPodAntiAffinity()
                        .getPreferredDuringSchedulingIgnoredDuringExecution());
            }
        }
        return all;
    }

    private static void addTerms(List<Keyed> all, String path, List<PodAffinityTerm> required,
            List<WeightedPodAffinityTerm> preferred) {
        List<PodAffinityTerm> hard = orEmpty(required);
        for (int i = 0; i < hard.size(); i++) {
            all.add(new Keyed(path + ".requiredDuringSchedulingIgnoredDuringExecution[" + i + "]",
                    hard.get(i).getLabelSelector(), orEmpty(hard.get(i).getMatchLabelKeys())));
        }
        List<WeightedPodAffinityTerm> soft = orEmpty(preferred);
        for (int i = 0; i < soft.size(); i++) {
            PodAffinityTerm term = soft.get(i).getPodAffinityTerm();
            all.add(new Keyed(path + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "].podAffinityTerm",
                    term.getLabelSelector(), orEmpty(term.getMatchLabelKeys())));
        }
    }
}
