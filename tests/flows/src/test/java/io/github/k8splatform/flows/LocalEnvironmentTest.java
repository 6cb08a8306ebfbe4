package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.ServiceModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib.sh's write_local_env, which with-postgres.sh runs once per database: one file, readable
 * by its owner only (it holds the run's tokens and password), with everything the packaged services
 * read here, and a token the caller chose kept.
 */
class LocalEnvironmentTest {

    @Test
    void theLocalEnvironmentIsOneFileOnlyItsOwnerReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.env");
        Files.writeString(file, "LEFT=from an earlier run\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path root = RenderedOverlay.repositoryRoot();
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", ". scripts/lib.sh && write_local_env").directory(root.toFile())
                .redirectErrorStream(true);
        bash.environment().putAll(Map.of("ROOT", root.toString(), "LOCAL_ENV_FILE", file.toString(), "PG_HOST", "127.0.0.1",
                "PG_PORT", "5999", "QUARKUS_DATASOURCE_USERNAME", "tester", "QUARKUS_DATASOURCE_PASSWORD", "pw",
                "CATALOG_WRITE_TOKEN", "mine"));
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "write_local_env did not finish");
        assertEquals(0, process.exitValue(), output);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertEquals(null, env.get("LEFT"), "written afresh");
        assertEquals("mine", env.get("CATALOG_WRITE_TOKEN"), "a token the caller set is kept");
        for (String token : List.of("LOGS_INGEST_TOKEN", "LOGS_READ_TOKEN")) {
            assertTrue(env.getOrDefault(token, "").matches("[0-9a-f]{48}"), token + ": " + env.get(token));
        }
        assertEquals(List.of("127.0.0.1", "5999", "tester", "pw"), List.of(env.get("DB_HOST"), env.get("DB_PORT"),
                env.get("DB_USER"), env.get("DB_PASSWORD")));
        for (String database : ServiceModules.withDatabase()) {
            String name = database.toUpperCase(Locale.ROOT);
            assertEquals("tester", env.get("QUARKUS_DATASOURCE_" + name + "_USERNAME"), database);
            assertEquals("pw", env.get(name + "_DB_PASSWORD"), database);
        }
        for (String service : ServiceModules.http()) {
            assertTrue(env.getOrDefault(service.toUpperCase(Locale.ROOT) + "_URL", "").matches("http://127\\.0\\.0\\.1:\\d+"), service);
        }
    }
}
