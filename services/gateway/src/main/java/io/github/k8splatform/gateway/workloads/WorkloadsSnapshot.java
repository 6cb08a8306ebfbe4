package io.github.k8splatform.gateway.workloads;

import java.util.List;

/**
 * GET /api/workloads, and what window.renderWorkloads (META-INF/resources/workloads.js) draws: the
 * platform's workloads as the Kubernetes API shows them. Every key is always there; when
 * {@code available} is false, {@code reason} says why in one line and the lists are empty.
 * Times are the API's own RFC 3339 strings.
 */
public record WorkloadsSnapshot(boolean available, String reason, String namespace, String observedAt,
        List<DeploymentView> deployments, LogAgentView logAgent, List<JobView> jobs, List<CronJobView> cronJobs,
        List<NodeView> nodes, List<EventView> events) {

    static WorkloadsSnapshot unavailable(String reason, String namespace, String loggingNamespace, String observedAt) {
        return new WorkloadsSnapshot(false, reason, namespace, observedAt, List.of(), new LogAgentView(loggingNamespace, List.of()),
                List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A Deployment with its ReplicaSets, newest revision first: during a rollout the new one grows
     * while the old one shrinks. {@code revision} is the Deployment's deployment.kubernetes.io/revision.
     */
    public record DeploymentView(String name, Integer revision, int desired, int ready, int available, int updated,
            List<ReplicaSetView> replicaSets) {
    }

    /**
     * {@code current}: the ReplicaSet of the Deployment's revision. {@code imageTag}: the tag of its
     * first container's image.
     */
    public record ReplicaSetView(String name, Integer revision, String podTemplateHash, String image, String imageTag,
            boolean current, int desired, int ready, int available, List<PodView> pods) {
    }

    /**
     * {@code version}: the pod's {@code version} label (the drills move it together with the image),
     * else its first container's image tag. {@code ageSeconds} counts from {@code startTime}.
     */
    public record PodView(String name, String node, String phase, boolean ready, int restarts, String startTime,
            Long ageSeconds, String version) {
    }

    /** The log agent DaemonSet's pods, per node: every node is listed, so a node without an agent shows. */
    public record LogAgentView(String namespace, List<NodeAgents> nodes) {
    }

    public record NodeAgents(String node, List<PodView> pods) {
    }

    /** {@code status}: Complete, Failed, Running, Suspended or Pending. {@code cronJob}: its owner, if any. */
    public record JobView(String name, String cronJob, String status, int active, int succeeded, int failed,
            String startTime, String completionTime) {
    }

    /** A CronJob and the Jobs it owns (its recent runs), newest first. */
    public record CronJobView(String name, String schedule, boolean suspended, String lastScheduleTime,
            String lastSuccessfulTime, List<JobView> runs) {
    }

    /** A node and every platform pod on it (both namespaces), so spreading and anti-affinity show. */
    public record NodeView(String name, boolean ready, boolean unschedulable, List<String> roles, List<NodePod> pods) {
    }

    public record NodePod(String namespace, String name, String app, String phase, boolean ready) {
    }

    /** One event of the gateway's namespace; the list is newest first. */
    public record EventView(String time, String type, String reason, String kind, String name, String message, int count) {
    }
}
