package io.github.k8splatform.gateway.workloads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.github.k8splatform.testing.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outside a cluster (make run): no service-account token and no API server URL, so
 * nothing starts and the snapshot says so in one line. The token directory is one that cannot
 * exist, so the test holds on a machine that is itself a pod.
 */
@QuarkusTest
@TestProfile(NoKubernetesApiTest.OutsideACluster.class)
class NoKubernetesApiTest {

    public static class OutsideACluster extends ConfigOverrides {
        public OutsideACluster() {
            super(Map.of("app.workloads.service-account-dir", "target/no-such-service-account"));
        }
    }

    @Test
    void theSnapshotSaysInOneLineThatNoApiIsReachable() {
        given().get("/api/workloads").then().statusCode(200).contentType("application/json")
                .body("available", equalTo(false))
                .body("reason", equalTo("no Kubernetes API is reachable: not in a cluster (no service-account token in"
                        + " target/no-such-service-account) and no API server URL configured (quarkus.kubernetes-client.api-server-url)"))
                .body("reason", not(containsString("\n")))
                .body("namespace", equalTo("platform"))
                .body("deployments", empty()).body("nodes", empty()).body("events", empty())
                .body("logAgent.namespace", equalTo("platform-logging")).body("logAgent.nodes", empty());
    }

    @Test
    void theRestOfTheGatewayServesAsBefore() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
