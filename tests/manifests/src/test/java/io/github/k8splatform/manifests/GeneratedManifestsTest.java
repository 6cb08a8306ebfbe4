package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What users apply is what the build generates from each service's configuration: the committed
 * k8s/base/app/<service>/generated.yaml must equal target/kubernetes/kubernetes.yml of the same build.
 * Compared as YAML documents, not text: quarkus-kubernetes keeps neither the order of labels nor
 * that of named list items stable (logs' ports came out ingest first in one build, http first in
 * another), so lists of named items are compared in name order; and the committed copy opens with
 * the header comment scripts/sync-manifests.sh writes.
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

    @Test
    void theOrderOfNamedItemsDoesNotCountButTheirContentDoes() throws IOException {
        JsonNode ingestFirst = YAML.readTree("ports: [{name: ingest, port: 8093}, {name: http, port: 8083}]");
        JsonNode httpFirst = YAML.readTree("ports: [{name: http, port: 8083}, {name: ingest, port: 8093}]");
        JsonNode moved = YAML.readTree("ports: [{name: http, port: 8083}, {name: ingest, port: 8094}]");
        assertEquals(namedInOrder(ingestFirst), namedInOrder(httpFirst));
        assertNotEquals(namedInOrder(ingestFirst), namedInOrder(moved));
        assertNotEquals(namedInOrder(YAML.readTree("args: [a, b]")), namedInOrder(YAML.readTree("args: [b, a]")),
                "a list of plain values keeps its order");
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().map(GeneratedManifestsTest::namedInOrder).toList();
        }
    }

    /** The node with every list whose items all have a name sorted by that name, at any depth. */
    static JsonNode namedInOrder(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(field -> object.set(field, namedInOrder(object.get(field))));
            return object;
        }
        if (node instanceof ArrayNode array) {
            List<JsonNode> items = new ArrayList<>();
            array.forEach(item -> items.add(namedInOrder(item)));
            if (!items.isEmpty() && items.stream().allMatch(item -> item.path("name").isTextual())) {
                items.sort(Comparator.comparing(item -> item.get("name").asText()));
            }
            array.removeAll();
            array.addAll(items);
        }
        return node;
    }
}
