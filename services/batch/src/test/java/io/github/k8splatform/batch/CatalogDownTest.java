package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.ConfigOverrides;
import io.github.k8splatform.testing.RandomToken;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no catalog to reach, seed retries for batch.seed.catalog-wait, then fails with one line, exit 1. */
@QuarkusMainTest
@TestProfile(CatalogDownTest.Unreachable.class)
class CatalogDownTest {

    public static class Unreachable extends ConfigOverrides {
        public Unreachable() {
            super(Map.of("quarkus.rest-client.catalog.url", "http://127.0.0.1:1", "batch.seed.catalog-wait", "3s",
                    "app.write-token", RandomToken.hex()));
        }
    }

    @Test
    void seedWaitsBoundedThenSaysTheCatalogDidNotAnswer(QuarkusMainLauncher launcher) {
        long started = System.nanoTime();
        LaunchResult result = launcher.launch("seed");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(1, result.exitCode(), result.getErrorOutput());
        assertEquals(1, result.getErrorStream().size(), result.getErrorStream().toString());
        assertTrue(result.getErrorOutput().startsWith("batch seed: the catalog at http://127.0.0.1:1 did not answer within PT3S"),
                result.getErrorOutput());
        assertTrue(seconds >= 3, "it waited " + seconds + " s, not the 3 s it was given");
    }
}
