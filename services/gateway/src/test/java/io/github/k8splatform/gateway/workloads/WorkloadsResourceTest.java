package io.github.k8splatform.gateway.workloads;

import static io.github.k8splatform.gateway.workloads.ClusterSeed.CONTROL_PLANE;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.NEW_HASH;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.NODES;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.NS;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.OLD_HASH;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.STARTING_POD;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.WORKER;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.WORKER2;
import static io.github.k8splatform.gateway.workloads.Snapshots.awaitSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GET /api/workloads against the fabric8 Kubernetes test server in CRUD mode, seeded with a cluster
 * in the middle of a rollout (ClusterSeed) before the gateway starts: the tree, the log agents, the
 * Jobs, the nodes and the events come out of the informers' first lists; a change made in the
 * server afterwards comes through their watches.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ClusterSeed.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadsResourceTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    @Order(1)
    void theTreeTheNodesAndTheEventsComeOutOfTheApi() {
        JsonPath s = awaitSnapshot("every seeded object", json -> json.getList("nodes").size() == 3
                && json.getList("deployments").size() == 4 && json.getList("events").size() == 6);
        assertNull(s.get("reason"));
        assertEquals(NS, s.get("namespace"));
        assertEquals(List.of("catalog", "gateway", "logs", "orders"), s.getList("deployments.name"));

        // orders mid-rollout: revision 2 (1.0.1) grows, revision 1 (1.0.0) shrinks, newest first.
        Map<String, Object> orders = s.getMap("deployments.find { it.name == 'orders' }");
        assertEquals(2, orders.get("revision"));
        assertEquals(List.of(3, 3, 3, 3), List.of(orders.get("desired"), orders.get("ready"), orders.get("available"), orders.get("updated")));
        String rs = "deployments.find { it.name == 'orders' }.replicaSets";
        assertEquals(List.of("orders-" + NEW_HASH, "orders-" + OLD_HASH), s.getList(rs + ".name"));
        assertEquals(List.of(2, 1), s.getList(rs + ".revision"));
        assertEquals(List.of(NEW_HASH, OLD_HASH), s.getList(rs + ".podTemplateHash"));
        assertEquals(List.of("1.0.1", "1.0.0"), s.getList(rs + ".imageTag"));
        assertEquals(List.of("orders:1.0.1", "orders:1.0.0"), s.getList(rs + ".image"));
        assertEquals(List.of(true, false), s.getList(rs + ".current"));
        assertEquals(List.of(3, 1), s.getList(rs + ".desired"));
        assertEquals(List.of(2, 1), s.getList(rs + ".ready"));
        assertEquals(List.of(2, 1), s.getList(rs + ".available"));
        List<Map<String, Object>> newPods = s.getList(rs + "[0].pods");
        assertEquals(List.of("orders-" + NEW_HASH + "-h5n8c", "orders-" + NEW_HASH + "-m3p4r", STARTING_POD),
                newPods.stream().map(p -> p.get("name")).toList());
        assertEquals(List.of(WORKER, CONTROL_PLANE, WORKER2), newPods.stream().map(p -> p.get("node")).toList(),
                "the new ReplicaSet's pods on three nodes");
        assertEquals(List.of(true, true, false), newPods.stream().map(p -> p.get("ready")).toList());
        assertTrue(newPods.stream().allMatch(p -> "1.0.1".equals(p.get("version")) && "Running".equals(p.get("phase"))), newPods.toString());
        Map<String, Object> oldPod = s.getMap(rs + "[1].pods[0]");
        assertEquals("orders-" + OLD_HASH + "-x2v9t", oldPod.get("name"));
        assertEquals("1.0.0", oldPod.get("version"));
        assertEquals(1, oldPod.get("restarts"));
        assertEquals("2026-05-20T09:00:00Z", oldPod.get("startTime"));
        assertTrue(((Number) oldPod.get("ageSeconds")).longValue() > 0, oldPod.toString());
        assertEquals(List.of(1), s.getList("deployments.find { it.name == 'logs' }.replicaSets.revision"));
        assertEquals(2, s.getList("deployments.find { it.name == 'logs' }.replicaSets[0].pods").size());

        // One log agent per node, in platform-logging.
        assertEquals("platform-logging", s.get("logAgent.namespace"));
        assertEquals(NODES, s.getList("logAgent.nodes.node"));
        assertEquals(List.of(List.of("log-agent-a0"), List.of("log-agent-a1"), List.of("log-agent-a2")), s.getList("logAgent.nodes.pods.name"));

        // The setup Job alone; the CronJob with its two runs, newest (still running) first.
        assertEquals(List.of("setup"), s.getList("jobs.name"));
        assertEquals("Complete", s.get("jobs[0].status"));
        assertEquals("2026-05-20T07:01:30Z", s.get("jobs[0].completionTime"));
        assertEquals(List.of("report"), s.getList("cronJobs.name"));
        assertEquals("*/15 * * * *", s.get("cronJobs[0].schedule"));
        assertEquals(List.of("report-29650080", "report-29650065"), s.getList("cronJobs[0].runs.name"));
        assertEquals(List.of("Running", "Complete"), s.getList("cronJobs[0].runs.status"));
        assertEquals(List.of("report", "report"), s.getList("cronJobs[0].runs.cronJob"));
        assertEquals("2026-05-20T09:45:00Z", s.get("cronJobs[0].runs[1].startTime"));

        // Nodes with every pod on them: the spread shows, one pod of each service per node.
        assertEquals(NODES, s.getList("nodes.name"));
        assertEquals(List.of(List.of("control-plane"), List.of(), List.of()), s.getList("nodes.roles"));
        assertEquals(List.of(true, true, true), s.getList("nodes.ready"));
        List<String> onWorker = s.getList("nodes.find { it.name == '" + WORKER + "' }.pods.name");
        assertEquals(List.of("catalog-7c8d9e7-p1", "gateway-7c8d9e7-p1", "logs-7c8d9e4-p1", "orders-" + NEW_HASH + "-h5n8c",
                "log-agent-a1"), onWorker);
        assertEquals("platform-logging", s.get("nodes.find { it.name == '" + WORKER + "' }.pods.find { it.app == 'log-agent' }.namespace"));

        // Events newest first.
        assertEquals(List.of("Killing", "ScalingReplicaSet", "Started", "Pulled", "Scheduled", "ScalingReplicaSet"), s.getList("events.reason"));
        assertEquals("2026-05-20T10:00:37Z", s.get("events[0].time"));
        assertEquals("Pod", s.get("events[0].kind"));
        assertEquals("Scaled down replica set orders-" + OLD_HASH + " from 3 to 2", s.get("events[1].message"));
    }

    @Test
    @Order(2)
    void aChangeInTheServerShowsUpThroughTheWatch() {
        Pod starting = server.getClient().pods().inNamespace(NS).withName(STARTING_POD).get();
        starting.setStatus(ClusterSeed.status(true, 0, "2026-05-20T10:01:15Z"));
        server.getClient().resource(starting).updateStatus();
        ClusterSeed.event(server.getClient(), "e7", "2026-05-20T10:01:30Z", "Normal", "ScalingReplicaSet", "Deployment", "orders",
                "Scaled down replica set orders-" + OLD_HASH + " from 1 to 0");

        JsonPath s = awaitSnapshot("the pod ready and the new event",
                json -> Boolean.TRUE.equals(json.get("deployments.find { it.name == 'orders' }.replicaSets[0].pods.find { it.name == '"
                        + STARTING_POD + "' }.ready")) && json.getList("events").size() == 7);
        assertEquals("Scaled down replica set orders-" + OLD_HASH + " from 1 to 0", s.get("events[0].message"));
        assertTrue(s.getBoolean("available"));
    }
}
