package io.github.k8splatform.gateway.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The snapshot's one-line reasons for an API that refuses or fails. */
class ReasonTest {

    @Test
    void aForbiddenListNamesTheStatusAndTheApisMessage() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("nodes is forbidden: User \"system:serviceaccount:platform:gateway\" cannot list resource \"nodes\""
                        + " in API group \"\" at the cluster scope").build());
        assertEquals("the Kubernetes API refused to list nodes: 403 Forbidden: nodes is forbidden: User"
                + " \"system:serviceaccount:platform:gateway\" cannot list resource \"nodes\" in API group \"\" at the cluster scope",
                Workloads.describe("list nodes", forbidden));
    }

    @Test
    void aFailedConnectionNamesItsCauseOnOneLine() {
        KubernetesClientException failed = new KubernetesClientException("Operation: [list]  for kind: [Pod]\nwith name: [null]",
                new ConnectException("Connection refused"));
        assertEquals("the Kubernetes API failed to list pods in namespace platform-logging: ConnectException: Connection refused",
                Workloads.describe("list pods in namespace platform-logging", failed));
    }

    @Test
    void imageTags() {
        assertEquals("1.0.1", SnapshotAssembly.imageTag("orders:1.0.1"));
        assertEquals("1.0.1", SnapshotAssembly.imageTag("localhost:5000/orders:1.0.1"));
        assertEquals(null, SnapshotAssembly.imageTag("localhost:5000/orders"));
        assertEquals("1.0.1", SnapshotAssembly.imageTag("orders:1.0.1@sha256:abc"));
    }
}
