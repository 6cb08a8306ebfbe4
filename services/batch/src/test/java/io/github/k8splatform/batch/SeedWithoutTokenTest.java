package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without the write token seed stops before calling anyone, saying which Secret it needs. */
@QuarkusMainTest
@TestProfile(SeedWithoutTokenTest.NoToken.class)
class SeedWithoutTokenTest {

    public static class NoToken extends ConfigOverrides {
        public NoToken() {
            super(Map.of("quarkus.rest-client.catalog.url", "http://127.0.0.1:1", "app.write-token", ""));
        }
    }

    @Test
    void seedSaysWhichTokenItNeeds(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("seed");
        assertEquals(1, result.exitCode(), result.getErrorOutput());
        assertEquals(List.of("batch seed: no catalog write token: CATALOG_WRITE_TOKEN must hold the Secret catalog-write-token's"
                + " token (make up creates it)"), result.getErrorStream());
    }
}
