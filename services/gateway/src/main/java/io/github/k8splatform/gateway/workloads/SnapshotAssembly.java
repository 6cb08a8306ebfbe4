package io.github.k8splatform.gateway.workloads;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.CronJobView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.DeploymentView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.EventView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.JobView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.LogAgentView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.NodeAgents;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.NodePod;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.NodeView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.PodView;
import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot.ReplicaSetView;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Builds the snapshot's records from the objects the API gave: no I/O, so any copy of the caches will do. */
final class SnapshotAssembly {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    /** What the informers' caches and the last list of nodes and log-agent pods held at one moment. */
    record Observed(List<Deployment> deployments, List<ReplicaSet> replicaSets, List<Pod> pods, List<Job> jobs,
            List<CronJob> cronJobs, List<Event> events, List<Node> nodes, List<Pod> logAgents) {
    }

    private SnapshotAssembly() {
    }

    static WorkloadsSnapshot assemble(Observed o, String namespace, String loggingNamespace, int eventLimit, Instant now) {
        List<DeploymentView> deployments = o.deployments().stream().sorted(byName())
                .map(d -> deployment(d, o.replicaSets(), o.pods(), now)).toList();
        List<JobView> standalone = o.jobs().stream().filter(j -> owner(j, "CronJob") == null).sorted(newestJobFirst())
                .map(SnapshotAssembly::job).toList();
        List<CronJobView> cronJobs = o.cronJobs().stream().sorted(byName()).map(c -> cronJob(c, o.jobs())).toList();
        List<NodeView> nodes = o.nodes().stream().sorted(byName()).map(n -> node(n, o.pods(), o.logAgents())).toList();
        LogAgentView logAgent = new LogAgentView(loggingNamespace, logAgentsPerNode(o.nodes(), o.logAgents(), now));
        List<EventView> events = o.events().stream().map(SnapshotAssembly::event)
                .sorted(Comparator.comparing((EventView e) -> instant(e.time())).reversed()).limit(eventLimit).toList();
        return new WorkloadsSnapshot(true, null, namespace, now.toString(), deployments, logAgent, standalone, cronJobs, nodes, events);
    }

    private static DeploymentView deployment(Deployment d, List<ReplicaSet> replicaSets, List<Pod> pods, Instant now) {
        List<ReplicaSet> owned = replicaSets.stream().filter(rs -> ownedBy(rs, d)).toList();
        Integer revision = revision(d);
        Integer currentRevision = revision != null ? revision
                : owned.stream().map(SnapshotAssembly::revision).filter(Objects::nonNull).max(Integer::compare).orElse(null);
        List<ReplicaSetView> views = owned.stream()
                .sorted(Comparator.comparing(SnapshotAssembly::revision, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(rs -> replicaSet(rs, currentRevision, pods, now)).toList();
        var status = d.getStatus();
        return new DeploymentView(d.getMetadata().getName(), revision, count(d.getSpec().getReplicas()),
                status == null ? 0 : count(status.getReadyReplicas()), status == null ? 0 : count(status.getAvailableReplicas()),
                status == null ? 0 : count(status.getUpdatedReplicas()), views);
    }

    private static ReplicaSetView replicaSet(ReplicaSet rs, Integer currentRevision, List<Pod> pods, Instant now) {
        Integer revision = revision(rs);
        String image = firstImage(rs.getSpec().getTemplate() == null ? null : rs.getSpec().getTemplate().getSpec());
        List<PodView> owned = pods.stream().filter(p -> ownedBy(p, rs)).sorted(byName()).map(p -> pod(p, now)).toList();
        var status = rs.getStatus();
        return new ReplicaSetView(rs.getMetadata().getName(), revision, label(rs, POD_TEMPLATE_HASH), image, imageTag(image),
                revision != null && revision.equals(currentRevision), count(rs.getSpec().getReplicas()),
                status == null ? 0 : count(status.getReadyReplicas()), status == null ? 0 : count(status.getAvailableReplicas()), owned);
    }

    static PodView pod(Pod p, Instant now) {
        var status = p.getStatus();
        String startTime = status == null ? null : status.getStartTime();
        Instant started = startTime == null ? null : instant(startTime);
        Long age = started == null || started.equals(Instant.EPOCH) ? null : Math.max(0, Duration.between(started, now).toSeconds());
        String version = label(p, "version");
        return new PodView(p.getMetadata().getName(), p.getSpec() == null ? null : p.getSpec().getNodeName(),
                status == null ? null : status.getPhase(), ready(p), restarts(p), startTime, age,
                version != null ? version : imageTag(firstImage(p.getSpec())));
    }

    private static List<NodeAgents> logAgentsPerNode(List<Node> nodes, List<Pod> agents, Instant now) {
        List<String> names = new ArrayList<>(nodes.stream().map(n -> n.getMetadata().getName()).sorted().toList());
        // An agent on a node the list did not return (it was just removed) still shows.
        agents.stream().map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName()).filter(Objects::nonNull)
                .filter(n -> !names.contains(n)).distinct().sorted().forEach(names::add);
        return names.stream().map(node -> new NodeAgents(node, agents.stream()
                .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .sorted(byName()).map(p -> pod(p, now)).toList())).toList();
    }

    static JobView job(Job j) {
        var status = j.getStatus();
        return new JobView(j.getMetadata().getName(), owner(j, "CronJob"), jobStatus(j),
                status == null ? 0 : count(status.getActive()), status == null ? 0 : count(status.getSucceeded()),
                status == null ? 0 : count(status.getFailed()), status == null ? null : status.getStartTime(),
                status == null ? null : status.getCompletionTime());
    }

    private static String jobStatus(Job j) {
        List<JobCondition> conditions = j.getStatus() == null || j.getStatus().getConditions() == null
                ? List.of() : j.getStatus().getConditions();
        for (String type : List.of("Complete", "Failed", "Suspended")) {
            if (conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))) {
                return type;
            }
        }
        return j.getStatus() != null && count(j.getStatus().getActive()) > 0 ? "Running" : "Pending";
    }

    private static CronJobView cronJob(CronJob c, List<Job> jobs) {
        List<JobView> runs = jobs.stream().filter(j -> ownedBy(j, c)).sorted(newestJobFirst()).map(SnapshotAssembly::job).toList();
        var status = c.getStatus();
        return new CronJobView(c.getMetadata().getName(), c.getSpec().getSchedule(), Boolean.TRUE.equals(c.getSpec().getSuspend()),
                status == null ? null : status.getLastScheduleTime(), status == null ? null : status.getLastSuccessfulTime(), runs);
    }

    private static NodeView node(Node n, List<Pod> pods, List<Pod> agents) {
        String name = n.getMetadata().getName();
        List<NodePod> on = new ArrayList<>();
        for (Pod p : concat(pods, agents)) {
            if (p.getSpec() != null && name.equals(p.getSpec().getNodeName())) {
                on.add(new NodePod(p.getMetadata().getNamespace(), p.getMetadata().getName(), label(p, "app.kubernetes.io/name"),
                        p.getStatus() == null ? null : p.getStatus().getPhase(), ready(p)));
            }
        }
        on.sort(Comparator.comparing(NodePod::namespace, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(NodePod::name));
        List<NodeCondition> conditions = n.getStatus() == null || n.getStatus().getConditions() == null
                ? List.of() : n.getStatus().getConditions();
        boolean ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        List<String> roles = labels.keySet().stream().filter(k -> k.startsWith(ROLE_PREFIX))
                .map(k -> k.substring(ROLE_PREFIX.length())).filter(r -> !r.isEmpty()).sorted().toList();
        return new NodeView(name, ready, n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()), roles, on);
    }

    static EventView event(Event e) {
        String time = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null && e.getEventTime().getTime() != null ? e.getEventTime().getTime()
                : e.getFirstTimestamp() != null ? e.getFirstTimestamp() : e.getMetadata().getCreationTimestamp();
        var object = e.getInvolvedObject();
        return new EventView(time, e.getType(), e.getReason(), object == null ? null : object.getKind(),
                object == null ? null : object.getName(), e.getMessage(), e.getCount() == null ? 1 : e.getCount());
    }

    /** The tag of an image reference: after the last ':' past the last '/', without a digest; null when untagged. */
    static String imageTag(String image) {
        if (image == null) {
            return null;
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
    }

    private static String firstImage(PodSpec spec) {
        return spec == null || spec.getContainers() == null || spec.getContainers().isEmpty() ? null
                : spec.getContainers().stream().map(Container::getImage).findFirst().orElse(null);
    }

    private static boolean ready(Pod p) {
        List<PodCondition> conditions = p.getStatus() == null || p.getStatus().getConditions() == null
                ? List.of() : p.getStatus().getConditions();
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod p) {
        List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.of() : p.getStatus().getContainerStatuses();
        return statuses.stream().mapToInt(s -> count(s.getRestartCount())).sum();
    }

    private static Integer revision(HasMetadata o) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Owned: a controller owner reference of the owner's kind and name, and its uid when both have one. */
    private static boolean ownedBy(HasMetadata child, HasMetadata owner) {
        return ownerReferences(child).stream().anyMatch(r -> owner.getKind().equals(r.getKind())
                && owner.getMetadata().getName().equals(r.getName())
                && (r.getUid() == null || owner.getMetadata().getUid() == null || r.getUid().equals(owner.getMetadata().getUid())));
    }

    private static String owner(HasMetadata child, String kind) {
        return ownerReferences(child).stream().filter(r -> kind.equals(r.getKind())).map(OwnerReference::getName).findFirst().orElse(null);
    }

    private static List<OwnerReference> ownerReferences(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences();
    }

    private static String label(HasMetadata o, String key) {
        return Optional.ofNullable(o.getMetadata().getLabels()).map(l -> l.get(key)).orElse(null);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** An RFC 3339 time as the API writes it; EPOCH for none or one that does not parse, so it sorts last. */
    static Instant instant(String time) {
        try {
            return time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Comparator<Job> newestJobFirst() {
        return Comparator.comparing((Job j) -> instant(j.getStatus() != null && j.getStatus().getStartTime() != null
                ? j.getStatus().getStartTime() : j.getMetadata().getCreationTimestamp())).reversed()
                .thenComparing(j -> j.getMetadata().getName());
    }

    private static <T extends HasMetadata> Comparator<T> byName() {
        return Comparator.comparing(o -> o.getMetadata().getName());
    }

    private static List<Pod> concat(List<Pod> a, List<Pod> b) {
        List<Pod> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
