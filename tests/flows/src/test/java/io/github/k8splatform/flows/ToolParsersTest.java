package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay through the real tools' parsers refuses what they would refuse, and nothing else. */
class ToolParsersTest {

    @Test
    void aMisspelledOptionIsRefusedByTheRealTool() {
        List<String> refused = ToolParsers.refused(List.of(
                List.of("kubectl", "--context", "prod", "-n", "platform", "get", "secret", "x", "--output=name", "--bogus-flag"),
                List.of("docker", "run", "--rm", "--detatch", "image:1")));
        assertEquals(2, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("bogus-flag") && refused.get(1).contains("detatch"), refused.toString());
    }

    @Test
    void whatTheScriptsSendPasses() {
        assertEquals(List.of(), ToolParsers.refused(List.of(
                List.of("kubectl", "--context", "prod", "-n", "platform", "get", "secret", "logs-read-token", "-o", "name"),
                List.of("kubectl", "--kubeconfig", "/nowhere/k3s.yaml", "apply", "-k", "/nowhere/overlay"),
                List.of("kubectl", "config", "current-context"),
                List.of("docker", "run", "--rm", "--user", "0", "--volume", "v:/maven", "image:1", "chown", "1:1", "/maven"),
                List.of("docker", "buildx", "build", "--platform", "linux/amd64", "--push", "."),
                List.of("$ROOT/bin/kind", "create", "cluster", "--name", "x"))));
    }
}
