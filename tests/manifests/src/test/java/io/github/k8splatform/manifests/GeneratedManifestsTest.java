package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What users apply is what the build generates from each service's configuration: the committed
 * k8s/base/app/<service>/generated.yaml must equal target/kubernetes/kubernetes.yml of the same build.
 * Compared as YAML documents, not text: quarkus-kubernetes does not keep the order of labels stable,
 * and the committed copy opens with the header comment scripts/sync-manifests.sh writes.
 */
class GeneratedManifestsTest {

    static final List<String> SERVICES = Project.HTTP_SERVICES;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @FieldSource("SERVICES")
    void committedCopyEqualsTheBuildOutput(String service) throws IOException {
        Path generated = Project.ROOT.resolve("services/" + service + "/target/kubernetes/kubernetes.yml");
        Path committed = Project.ROOT.resolve("k8s/base/app/" + service + "/generated.yaml");
        assertTrue(Files.exists(generated), generated + " is missing: build the services first (make build)");
        assertEquals(documents(generated), documents(committed),
                committed + " differs from what the build generates: run make manifests and commit the result");
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
    }
}
