package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What REGISTRY_PULL_SECRET=1 puts in the Secret: scripts/cluster/registry-entry.awk, run by the
 * real awk over a config.json laid out as `docker login` writes it (checked with Docker 20.10 here:
 * tabs, one object a registry), keeps the one registry's entry and none of the others.
 */
class RegistryEntryTest {

    private static final String CONFIG = String.join("\n", "{", "\t\"auths\": {",
            "\t\t\"ghcr.io\": {", "\t\t\t\"auth\": \"Z2hjcjpzZWNyZXQ=\"", "\t\t},",
            "\t\t\"registry.example.com\": {", "\t\t\t\"auth\": \"c2hvcDpzZWNyZXQ=\"", "\t\t},",
            "\t\t\"quay.io\": {}", "\t},", "\t\"credsStore\": \"desktop\"", "}", "");

    @TempDir
    Path dir;

    private record Entry(int exit, String output) {
    }

    @Test
    void onlyTheRegistrysOwnEntry() throws Exception {
        Entry entry = entry("registry.example.com");

        assertEquals(0, entry.exit(), entry.output());
        JsonNode config = new ObjectMapper().readTree(entry.output());
        List<String> names = new ArrayList<>();
        config.fieldNames().forEachRemaining(names::add);
        config.path("auths").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("auths", "registry.example.com"), names);
        assertEquals("c2hvcDpzZWNyZXQ=", config.path("auths").path("registry.example.com").path("auth").asText());
    }

    /** A credential helper's entry holds no secret; a name that is only part of another's finds nothing. */
    @Test
    void nothingForAHelpersEntryOrAnotherRegistry() throws Exception {
        for (String host : List.of("quay.io", "example.com", "docker.io")) {
            Entry entry = entry(host);
            assertEquals(1, entry.exit(), host);
            assertTrue(!entry.output().contains("auth\""), host + ": " + entry.output());
        }
    }

    private Entry entry(String host) throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path program = RenderedOverlay.repositoryRoot().resolve("scripts/cluster/registry-entry.awk");
        Process awk = new ProcessBuilder("awk", "-v", "host=" + host, "-f", program.toString(), config.toString())
                .redirectErrorStream(true).start();
        String output = new String(awk.getInputStream().readAllBytes());
        assertTrue(awk.waitFor(10, TimeUnit.SECONDS));
        return new Entry(awk.exitValue(), output);
    }
}
