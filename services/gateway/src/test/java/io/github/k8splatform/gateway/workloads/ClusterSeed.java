package io.github.k8splatform.gateway.workloads;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The platform as a kind cluster shows it in the middle of `make drill`: orders rolling from 1.0.0
 * (revision 1, scaling down) to 1.0.1 (revision 2, one pod not ready yet), the other Deployments
 * settled, a log agent on each of the three nodes, the setup Job done, two runs of the report
 * CronJob, and the events such a rollout leaves. Written into the fabric8 test server (CRUD mode)
 * before the gateway starts, so its informers find them in their first list.
 */
public class ClusterSeed implements Consumer<KubernetesServer> {

    static final String NS = "platform";
    static final String LOGGING = "platform-logging";
    static final String CONTROL_PLANE = "quarkus-k8s-platform-control-plane";
    static final String WORKER = "quarkus-k8s-platform-worker";
    static final String WORKER2 = "quarkus-k8s-platform-worker2";
    static final List<String> NODES = List.of(CONTROL_PLANE, WORKER, WORKER2);
    static final String OLD_HASH = "5f4d8c7b9";
    static final String NEW_HASH = "6b7c9d8f5";
    /** The new orders pod that is not ready yet: WorkloadsResourceTest turns it ready through the API. */
    static final String STARTING_POD = "orders-" + NEW_HASH + "-q7k2m";
    static final String T0 = "2026-05-20T10:00:00Z";

    @Override
    public void accept(KubernetesServer server) {
        seed(server.getClient());
    }

    static void seed(KubernetesClient k) {
        k.nodes().resource(node(CONTROL_PLANE, "control-plane")).create();
        k.nodes().resource(node(WORKER, null)).create();
        k.nodes().resource(node(WORKER2, null)).create();

        Deployment orders = k.resource(deployment("orders", 3, 2, 4, 3, 3, 3)).create();
        ReplicaSet old = k.resource(replicaSet(orders, OLD_HASH, 1, "1.0.0", 1, 1)).create();
        ReplicaSet current = k.resource(replicaSet(orders, NEW_HASH, 2, "1.0.1", 3, 2)).create();
        create(k, pod(old, "orders-" + OLD_HASH + "-x2v9t", WORKER2, "1.0.0", true, 1, "2026-05-20T09:00:00Z"));
        create(k, pod(current, "orders-" + NEW_HASH + "-h5n8c", WORKER, "1.0.1", true, 0, "2026-05-20T10:00:05Z"));
        create(k, pod(current, "orders-" + NEW_HASH + "-m3p4r", CONTROL_PLANE, "1.0.1", true, 0, "2026-05-20T10:00:40Z"));
        create(k, pod(current, STARTING_POD, WORKER2, "1.0.1", false, 0, "2026-05-20T10:01:15Z"));

        for (String name : List.of("catalog", "gateway", "logs")) {
            int replicas = name.equals("logs") ? 2 : 3;
            Deployment d = k.resource(deployment(name, replicas, 1, replicas, replicas, replicas, replicas)).create();
            ReplicaSet rs = k.resource(replicaSet(d, "7c8d9e" + name.length(), 1, "1.0.0", replicas, replicas)).create();
            for (int i = 0; i < replicas; i++) {
                create(k, pod(rs, name + "-" + rs.getMetadata().getLabels().get("pod-template-hash") + "-p" + i, NODES.get(i), "1.0.0",
                        true, 0, "2026-05-20T08:00:00Z"));
            }
        }

        for (int i = 0; i < NODES.size(); i++) {
            create(k, new PodBuilder().withNewMetadata().withName("log-agent-a" + i).withNamespace(LOGGING)
                    .withLabels(Map.of("app.kubernetes.io/name", "log-agent", "version", "1.0.0")).endMetadata()
                    .withNewSpec().withNodeName(NODES.get(i)).addNewContainer().withName("log-agent").withImage("log-agent:1.0.0")
                    .endContainer().endSpec().withStatus(status(true, 0, "2026-05-20T07:00:00Z")).build());
        }

        k.resource(new JobBuilder().withNewMetadata().withName("setup").withNamespace(NS).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("seed")
                .withImage("batch:1.0.0").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withStartTime("2026-05-20T07:00:00Z").withCompletionTime("2026-05-20T07:01:30Z").withSucceeded(1)
                .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build()).create();
        CronJob report = k.resource(new CronJobBuilder().withNewMetadata().withName("report").withNamespace(NS).endMetadata()
                .withNewSpec().withSchedule("*/15 * * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                .withRestartPolicy("OnFailure").addNewContainer().withName("prune").withImage("batch:1.0.0").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .withNewStatus().withLastScheduleTime("2026-05-20T10:00:00Z").withLastSuccessfulTime("2026-05-20T09:45:20Z").endStatus()
                .build()).create();
        k.resource(new JobBuilder().withNewMetadata().withName("report-29650065").withNamespace(NS)
                .withOwnerReferences(ownerOf(report)).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("prune")
                .withImage("batch:1.0.0").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withStartTime("2026-05-20T09:45:00Z").withCompletionTime("2026-05-20T09:45:20Z").withSucceeded(1)
                .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build()).create();
        k.resource(new JobBuilder().withNewMetadata().withName("report-29650080").withNamespace(NS)
                .withOwnerReferences(ownerOf(report)).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("prune")
                .withImage("batch:1.0.0").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withStartTime("2026-05-20T10:00:00Z").withActive(1).endStatus().build()).create();

        event(k, "e1", "2026-05-20T10:00:01Z", "Normal", "ScalingReplicaSet", "Deployment", "orders",
                "Scaled up replica set orders-" + NEW_HASH + " from 0 to 1");
        event(k, "e2", "2026-05-20T10:00:02Z", "Normal", "Scheduled", "Pod", "orders-" + NEW_HASH + "-h5n8c",
                "Successfully assigned platform/orders-" + NEW_HASH + "-h5n8c to " + WORKER);
        event(k, "e3", "2026-05-20T10:00:03Z", "Normal", "Pulled", "Pod", "orders-" + NEW_HASH + "-h5n8c",
                "Container image \"orders:1.0.1\" already present on machine");
        event(k, "e4", "2026-05-20T10:00:04Z", "Normal", "Started", "Pod", "orders-" + NEW_HASH + "-h5n8c", "Started container orders");
        event(k, "e5", "2026-05-20T10:00:36Z", "Normal", "ScalingReplicaSet", "Deployment", "orders",
                "Scaled down replica set orders-" + OLD_HASH + " from 3 to 2");
        event(k, "e6", "2026-05-20T10:00:37Z", "Normal", "Killing", "Pod", "orders-" + OLD_HASH + "-b8w3z", "Stopping container orders");
    }

    static void event(KubernetesClient k, String id, String time, String type, String reason, String kind, String name, String message) {
        k.v1().events().resource(new EventBuilder().withNewMetadata().withName(name + "." + id).withNamespace(NS).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(name).withNamespace(NS).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                .build()).create();
    }

    private static io.fabric8.kubernetes.api.model.Node node(String name, String role) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata();
        if (role != null) {
            node.editMetadata().addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        }
        return node.withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    private static Deployment deployment(String name, int replicas, int revision, int statusReplicas, int ready, int available, int updated) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                .addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app.kubernetes.io/name", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(name + ":1.0.0").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(statusReplicas).withReadyReplicas(ready).withAvailableReplicas(available)
                .withUpdatedReplicas(updated).endStatus().build();
    }

    private static ReplicaSet replicaSet(Deployment owner, String hash, int revision, String version, int replicas, int ready) {
        String app = owner.getMetadata().getName();
        Map<String, String> labels = Map.of("app.kubernetes.io/name", app, "pod-template-hash", hash, "version", version);
        return new ReplicaSetBuilder().withNewMetadata().withName(app + "-" + hash).withNamespace(NS).withLabels(labels)
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                .withOwnerReferences(ownerOf(owner)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", app,
                        "pod-template-hash", hash)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage(app + ":" + version).endContainer().endSpec().endTemplate()
                .endSpec().withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus().build();
    }

    private static Pod pod(ReplicaSet owner, String name, String node, String version, boolean ready, int restarts, String started) {
        String app = owner.getMetadata().getLabels().get("app.kubernetes.io/name");
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(owner.getSpec().getTemplate().getMetadata()
                        .getLabels()).withOwnerReferences(ownerOf(owner)).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(app).withImage(app + ":" + version).endContainer().endSpec()
                .withStatus(status(ready, restarts, started)).build();
    }

    static io.fabric8.kubernetes.api.model.PodStatus status(boolean ready, int restarts, String started) {
        return new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withStartTime(started)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("app").withReady(ready).withRestartCount(restarts).endContainerStatus().build();
    }

    /** Created, then its status written as the kubelet would: the test server may keep a create's status or not. */
    private static void create(KubernetesClient k, Pod pod) {
        Pod created = k.resource(pod).create();
        created.setStatus(pod.getStatus());
        k.resource(created).updateStatus();
    }

    private static OwnerReference ownerOf(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }
}
