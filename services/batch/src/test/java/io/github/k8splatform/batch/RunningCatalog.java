package io.github.k8splatform.batch;

import io.github.k8splatform.testing.PackagedService;
import io.github.k8splatform.testing.RandomToken;
import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real catalog, its packaged jar on the test database with a write token made for this run, for
 * seed to write through; batch is given its URL and the token as make up gives them in the cluster.
 */
public class RunningCatalog implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = RandomToken.hex();
    private PackagedService catalog;

    @Override
    public Map<String, String> start() {
        try {
            TestDatabase.migrate("catalog");
            catalog = PackagedService.start("catalog", PackagedService.freePort(), Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(),
                    "DB_USER", TestDatabase.user(),
                    "DB_PASSWORD", TestDatabase.password(),
                    "CATALOG_WRITE_TOKEN", TOKEN,
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"), Path.of("target/catalog.log"));
            catalog.awaitReady(Duration.ofSeconds(60));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the catalog did not start: " + e.getMessage(), e);
        }
        return Map.of("quarkus.rest-client.catalog.url", catalog.url(), "app.write-token", TOKEN);
    }

    @Override
    public void stop() {
        if (catalog != null) {
            try {
                catalog.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
