package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no database to reach, every command that uses one fails fast with one line, exit 1 (seed: CatalogDownTest). */
@QuarkusMainTest
@TestProfile(DatabaseDownTest.Unreachable.class)
class DatabaseDownTest {

    public static class Unreachable extends ConfigOverrides {
        public Unreachable() {
            super(Map.of("quarkus.datasource.catalog.jdbc.url", "jdbc:postgresql://127.0.0.1:1/catalog?connectTimeout=2",
                    "quarkus.datasource.orders.jdbc.url", "jdbc:postgresql://127.0.0.1:1/orders?connectTimeout=2",
                    "quarkus.datasource.logs.jdbc.url", "jdbc:postgresql://127.0.0.1:1/logs?connectTimeout=2"));
        }
    }

    @Test
    void everyCommandSaysTheDatabaseIsUnreachable(QuarkusMainLauncher launcher) {
        for (String command : new String[] {"migrate", "report", "prune"}) {
            LaunchResult result = launcher.launch(command);
            assertEquals(1, result.exitCode(), command + ": " + result.getErrorOutput());
            assertEquals(1, result.getErrorStream().size(), command + ": " + result.getErrorStream());
            assertTrue(result.getErrorOutput().startsWith("batch " + command + ": database error"),
                    result.getErrorOutput());
        }
    }
}
