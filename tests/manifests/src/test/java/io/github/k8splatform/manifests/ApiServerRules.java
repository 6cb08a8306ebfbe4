package io.github.k8splatform.manifests;

import java.util.List;
import java.util.stream.Stream;

/** Every rule of the API-server rules layer, by resource: what `kubectl apply` of an overlay must pass. */
final class ApiServerRules {

    static final List<Rule> ALL = Stream.of(ObjectMetaRules.RULES, WorkloadRules.RULES, PodSpecRules.RULES, SchedulingRules.RULES,
            NetworkingRules.RULES, RbacRules.RULES, PodSecurityRestricted.RULES).flatMap(List::stream).toList();

    private ApiServerRules() {
    }
}
