package io.github.k8splatform.gateway.workloads;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The gateway's ServiceAccount without its RoleBindings, on the real API server: the snapshot says
 * in one line that the API refused, with the server's own 403 message naming the account.
 */
@QuarkusTest
@QuarkusTestResource(value = ApiServerNamespaces.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "bound", value = "false"))
class ForbiddenApiTest {

    @Test
    void theSnapshotGivesTheServersRefusal() {
        String reason = Snapshots.awaitUnavailable("403");
        assertTrue(reason.startsWith("the Kubernetes API refused to list and watch "), reason);
        assertTrue(reason.contains("403 Forbidden"), reason);
        assertTrue(reason.contains("User \"system:serviceaccount:" + ApiServerNamespaces.namespace + ":gateway\" cannot list resource"), reason);
        assertFalse(reason.contains("\n"), reason);
    }
}
