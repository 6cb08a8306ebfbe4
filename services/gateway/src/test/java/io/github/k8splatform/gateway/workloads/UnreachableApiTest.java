package io.github.k8splatform.gateway.workloads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An API server URL that refuses connections: the gateway still starts and turns ready (the
 * informers start in the background), and the snapshot says in one line what failed and why.
 */
@QuarkusTest
@TestProfile(UnreachableApiTest.RefusingApi.class)
class UnreachableApiTest {

    /** A 127.0.0.1 port nothing listens on: bound, then released. */
    static final int CLOSED_PORT = closedPort();

    public static class RefusingApi extends ConfigOverrides {
        public RefusingApi() {
            super(Map.of("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + CLOSED_PORT,
                    "app.workloads.service-account-dir", "target/no-such-service-account"));
        }
    }

    @Test
    void theSnapshotSaysTheConnectionWasRefused() {
        given().get("/q/health/ready").then().statusCode(200);
        String reason = Snapshots.awaitUnavailable("refused");
        assertTrue(reason.startsWith("the Kubernetes API failed to list and watch "), reason);
        assertTrue(reason.contains("in namespace platform: "), reason);
        assertTrue(reason.contains("Connection refused"), reason);
        assertFalse(reason.contains("\n"), reason);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
