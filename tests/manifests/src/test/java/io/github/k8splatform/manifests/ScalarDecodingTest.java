package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RenderedOverlay decodes scalars as the API server's JSON decoder does: a quoted number, a float
 * where an integer belongs, or a quoted boolean is an error that names the field, not a silent
 * conversion that lets a test pass on a manifest the API server refuses.
 */
class ScalarDecodingTest {

    /** The catalog Deployment exactly as the kind overlay renders it. */
    private static String catalogDeployment() {
        String rendered = RenderedOverlay.kustomize(Project.ROOT.resolve("k8s/overlays/kind").toString());
        return Stream.of(rendered.split("(?m)^---\\n"))
                .filter(doc -> doc.contains("kind: Deployment") && doc.contains("\n  name: catalog\n"))
                .findFirst().orElseThrow();
    }

    @Test
    void theRenderedDocumentDecodes() {
        Deployment catalog = (Deployment) RenderedOverlay.decode("catalog", catalogDeployment()).objects.get(0);
        assertEquals(3, catalog.getSpec().getReplicas());
    }

    static Stream<Arguments> wrongScalars() {
        return Stream.of(
                Arguments.of("replicas: 3", "replicas: \"3\"", "spec.replicas"),
                Arguments.of("replicas: 3", "replicas: 5.7", "spec.replicas"),
                Arguments.of("automountServiceAccountToken: false", "automountServiceAccountToken: \"false\"",
                        "spec.template.spec.automountServiceAccountToken"),
                Arguments.of("containerPort: 8081", "containerPort: \"8081\"", "spec.template.spec.containers[0].ports[0].containerPort"),
                Arguments.of("serviceAccountName: catalog", "serviceAccountName: 7", "spec.template.spec.serviceAccountName"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongScalars")
    void aScalarOfTheWrongTypeIsAnErrorNamingTheField(String original, String wrong, String field) {
        String yaml = catalogDeployment();
        assertTrue(yaml.contains(original), "the rendered catalog Deployment has " + original);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RenderedOverlay.decode("mutated", yaml.replaceFirst(Pattern.quote(original), wrong)));
        assertTrue(e.getMessage().contains("Deployment catalog " + field + ":"), e.getMessage());
    }
}
