package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What users apply is what the build generates from each service's configuration: the committed
 * k8s/base/app/generated/*.yaml must equal target/kubernetes/kubernetes.yml of the same build.
 */
class GeneratedManifestsTest {

    static final List<String> SERVICES = Project.HTTP_SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void committedCopyEqualsTheBuildOutput(String service) {
        Path generated = Project.ROOT.resolve("services/" + service + "/target/kubernetes/kubernetes.yml");
        Path committed = Project.ROOT.resolve("k8s/base/app/generated/" + service + ".yaml");
        assertTrue(Files.exists(generated), generated + " is missing: build the services first (make build)");
        assertEquals(Project.read(generated), Project.read(committed),
                committed + " differs from what the build generates: run make manifests and commit the result");
    }
}
