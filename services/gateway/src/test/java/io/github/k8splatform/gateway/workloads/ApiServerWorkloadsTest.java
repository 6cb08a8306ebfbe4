package io.github.k8splatform.gateway.workloads;

import static io.github.k8splatform.gateway.workloads.Snapshots.awaitSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Workloads part of the live page against the real kube-apiserver and controller manager that
 * `make test` starts, read with the gateway's own ServiceAccount token and RBAC (ApiServerNamespaces):
 * a Deployment created through the API gets its ReplicaSet and Pods from the real controllers, a
 * new image makes a second ReplicaSet, and their events come through the informers. There is no
 * kubelet, so the Pods stay Pending on no node; the ready and node states are WorkloadsResourceTest's.
 */
@QuarkusTest
@QuarkusTestResource(value = ApiServerNamespaces.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiServerWorkloadsTest {

    private static final Map<String, String> ORDERS = Map.of("app.kubernetes.io/name", "orders");

    @Test
    @Order(1)
    void aDeploymentsReplicaSetAndPodsComeFromTheControllers() {
        ApiServerNamespaces.admin.resource(orders("orders:1.0.0")).create();
        ApiServerNamespaces.admin.resource(new JobBuilder().withNewMetadata().withName("setup").withNamespace(ApiServerNamespaces.namespace)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("seed")
                .withImage("batch:1.0.0").endContainer().endSpec().endTemplate().endSpec().build()).create();

        // Each informer delivers on its own: wait until all of what follows has come through.
        JsonPath s = awaitSnapshot("orders at revision 1 with its ReplicaSet's 2 Pods, the setup Job running, and the"
                + " Deployment and ReplicaSet controllers' events",
                json -> json.getList("deployments.find { it.name == 'orders' }.replicaSets.pods.flatten()").size() == 2
                        && Integer.valueOf(1).equals(json.get("deployments[0].revision"))
                        && "Running".equals(json.get("jobs[0].status"))
                        && json.getList("events.reason").containsAll(List.of("SuccessfulCreate", "ScalingReplicaSet")));
        assertNull(s.get("reason"));
        assertEquals(ApiServerNamespaces.namespace, s.get("namespace"));
        assertEquals(List.of("orders"), s.getList("deployments.name"));
        String rs = "deployments[0].replicaSets";
        assertEquals(List.of("orders:1.0.0"), s.getList(rs + ".image"));
        assertTrue(((String) s.get(rs + "[0].name")).startsWith("orders-" + s.get(rs + "[0].podTemplateHash")),
                "the controller names the ReplicaSet after the template's hash: " + s.get(rs + "[0]"));
        List<Map<String, Object>> pods = s.getList(rs + "[0].pods");
        assertTrue(pods.stream().allMatch(p -> "Pending".equals(p.get("phase")) && p.get("node") == null
                && Boolean.FALSE.equals(p.get("ready"))), "no kubelet: Pending on no node, not ready: " + pods);
        assertEquals(List.of("setup"), s.getList("jobs.name"));
        assertEquals(1, (Integer) s.get("jobs[0].active"), "the Job controller counts its Pending Pod as active");
        assertEquals(List.of(), s.getList("nodes"), "no node has registered");
    }

    @Test
    @Order(2)
    void aNewImageRollsOutAsASecondReplicaSet() {
        Deployment current = ApiServerNamespaces.admin.apps().deployments().inNamespace(ApiServerNamespaces.namespace).withName("orders").get();
        current.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("orders:1.0.1");
        ApiServerNamespaces.admin.resource(current).update();

        // The event informer may deliver the new ReplicaSet's scale-up after the ReplicaSet itself.
        JsonPath s = awaitSnapshot("revision 2 beside revision 1, and the Deployment controller's event scaling it up",
                json -> json.getList("deployments[0].replicaSets").size() == 2 && Integer.valueOf(2).equals(json.get("deployments[0].revision"))
                        && json.getList("events.message").stream().anyMatch(m -> String.valueOf(m).startsWith("Scaled up replica set "
                                + json.get("deployments[0].replicaSets[0].name") + " ")));
        String rs = "deployments[0].replicaSets";
        assertEquals(List.of(2, 1), s.getList(rs + ".revision"), "newest first");
        assertEquals(List.of("1.0.1", "1.0.0"), s.getList(rs + ".imageTag"));
        assertEquals(List.of(true, false), s.getList(rs + ".current"));
    }

    private static Deployment orders(String image) {
        return new DeploymentBuilder().withNewMetadata().withName("orders").withNamespace(ApiServerNamespaces.namespace).withLabels(ORDERS)
                .endMetadata().withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(ORDERS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(ORDERS).endMetadata().withNewSpec().addNewContainer().withName("orders")
                .withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
    }
}
