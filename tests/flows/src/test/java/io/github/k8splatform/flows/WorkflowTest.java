package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * .github/workflows/e2e-kind.yml cannot run here; what can be checked is that it runs the flows
 * the other tests cover, in order, and uploads the directory the drills write their reports to.
 */
class WorkflowTest {

    @Test
    void upThenBothDrillsThenTheReports() throws Exception {
        Path root = RenderedOverlay.repositoryRoot();
        JsonNode steps = new ObjectMapper(new YAMLFactory())
                .readTree(root.resolve(".github/workflows/e2e-kind.yml").toFile()).path("jobs").path("kind").path("steps");

        List<String> runs = new ArrayList<>();
        steps.forEach(step -> {
            if (step.has("run") && !step.has("if")) {
                runs.add(step.path("run").asText().trim());
            }
        });
        assertEquals(List.of("make up", "make drill", "make drill-bad"), runs);

        JsonNode upload = steps.get(steps.size() - 1);
        assertTrue(upload.path("uses").asText().startsWith("actions/upload-artifact@"), upload.toString());
        assertEquals("always()", upload.path("if").asText());
        String reports = upload.path("with").path("path").asText();
        assertTrue(Files.readString(root.resolve("scripts/cluster/drill.sh")).contains("REPORT=$ROOT/" + reports),
                "the workflow must upload where drill.sh writes: " + reports);
    }

    /**
     * Runners no longer ship Node 20: each action must be a release whose action.yml says
     * {@code using: node24} (the first such major of each, as the comments in the workflow say).
     */
    @Test
    void everyActionRunsOnNode24() throws Exception {
        Map<String, Integer> firstOnNode24 = Map.of("actions/checkout", 5, "actions/setup-java", 5, "actions/upload-artifact", 6);
        JsonNode steps = new ObjectMapper(new YAMLFactory())
                .readTree(RenderedOverlay.repositoryRoot().resolve(".github/workflows/e2e-kind.yml").toFile())
                .path("jobs").path("kind").path("steps");
        List<String> uses = new ArrayList<>();
        steps.forEach(step -> {
            if (step.has("uses")) {
                uses.add(step.path("uses").asText());
            }
        });
        assertEquals(firstOnNode24.keySet(), Set.copyOf(uses.stream().map(u -> u.substring(0, u.indexOf('@'))).toList()), uses.toString());
        for (String use : uses) {
            Matcher major = Pattern.compile("@v(\\d+)$").matcher(use);
            assertTrue(major.find(), "pin a major release: " + use);
            assertTrue(Integer.parseInt(major.group(1)) >= firstOnNode24.get(use.substring(0, use.indexOf('@'))),
                    use + " runs on Node 20");
        }
    }
}
