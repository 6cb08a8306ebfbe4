package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both overlays pass every rule the API server would apply to them (ApiServerRules). */
class ApiServerRulesTest {

    static Stream<Arguments> overlaysAndRules() {
        List<Arguments> all = new ArrayList<>();
        for (String overlay : Project.OVERLAYS) {
            ApiServerRules.ALL.forEach(rule -> all.add(Arguments.of(overlay, rule.name(), rule)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndRules")
    void overlayPassesTheRule(String overlay, String name, Rule rule) {
        assertEquals(List.of(), rule.apply(RenderedOverlay.of(overlay).objects), overlay + " breaks " + name + " (" + rule.mirrors() + ")");
    }

    @Test
    void ruleNamesAreUnique() {
        List<String> names = ApiServerRules.ALL.stream().map(Rule::name).toList();
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
    }

    @Test
    void theRestrictedNamespaceHasPodsToCheck() {
        assertFalse(PodSecurityRestricted.restrictedPods(RenderedOverlay.of("kind").objects).isEmpty(),
                "the restricted namespace has pods, so the Pod Security checks run on something");
    }
}
