package io.github.k8splatform.catalog;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged catalog refuses to start with a write token short enough to guess, and says which setting. */
class WeakWriteTokenIT {

    @TempDir
    Path work;

    @Test
    void aWriteTokenShorterThan32CharactersStopsTheStart() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the catalog first: " + jar.toAbsolutePath());
        Path log = work.resolve("catalog.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(new File(log.toString()));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("DB_PASSWORD", "not-used-the-start-stops-first");
        builder.environment().put("CATALOG_WRITE_TOKEN", "0123456789abcdef0123456789abcde");
        Process catalog = builder.start();
        try {
            assertTrue(catalog.waitFor(60, TimeUnit.SECONDS), "the catalog still runs after 60 s with a 31-character token");
            assertNotEquals(0, catalog.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("app.write-token is 31 characters long"), output);
        } finally {
            catalog.destroyForcibly();
        }
    }
}
