package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the platform asks of a kind cluster, summed from the rendered kind overlay the way the
 * scheduler counts a pod (its containers' requests added up, or its largest init container's if
 * that is more), and the table of it in docs/local-cluster.md ("What it costs"): the docs cannot
 * promise a laptop less than the manifests take.
 */
class ResourceBudgetTest {

    private static final String COST_PAGE = "docs/local-cluster.md";

    private static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";
    /** The allowance k8s/kind/engine-minimum.env states for kind's own nodes: 1.5 GiB. */
    private static final long KIND_NODES_MIB = 1536;
    /** PostgreSQL's max_connections (the StatefulSet keeps the default) less superuser_reserved_connections. */
    private static final int POSTGRES_CONNECTIONS = 100 - 3;
    private static final List<String> BATCH_DATASOURCES = ServiceModules.withDatabase();

    /** One pod's requests and limits: CPU in millicores, memory in MiB. */
    record Budget(long cpuRequest, long cpuLimit, long memoryRequest, long memoryLimit) {

        Budget times(int n) {
            return new Budget(cpuRequest * n, cpuLimit * n, memoryRequest * n, memoryLimit * n);
        }

        Budget plus(Budget o) {
            return new Budget(cpuRequest + o.cpuRequest, cpuLimit + o.cpuLimit, memoryRequest + o.memoryRequest,
                    memoryLimit + o.memoryLimit);
        }

        Budget max(Budget o) {
            return new Budget(Math.max(cpuRequest, o.cpuRequest), Math.max(cpuLimit, o.cpuLimit),
                    Math.max(memoryRequest, o.memoryRequest), Math.max(memoryLimit, o.memoryLimit));
        }

        static final Budget NONE = new Budget(0, 0, 0, 0);
    }

    record Row(String workload, int pods, Budget each) {
    }

    /** The kind overlay's pods as the scheduler counts them, on the nodes of k8s/kind/cluster.yaml. */
    record KindBudget(int nodes, List<Row> running, List<String> batch, Budget batchPod) {

        Budget total() {
            return running.stream().map(r -> r.each().times(r.pods())).reduce(Budget.NONE, Budget::plus);
        }

        /** The largest pod a rolling update adds (maxSurge: 1). */
        Budget surge() {
            return running.stream().filter(r -> r.workload().startsWith("Deployment ")).map(Row::each)
                    .reduce(Budget.NONE, Budget::max);
        }
    }

    static KindBudget kindBudget() throws IOException {
        RenderedOverlay kind = RenderedOverlay.of("kind");
        JsonNode nodes = new ObjectMapper(new YAMLFactory()).readTree(Project.ROOT.resolve("k8s/kind/cluster.yaml").toFile()).path("nodes");
        int workers = 0;
        int controlPlanes = 0;
        for (JsonNode node : nodes) {
            if ("control-plane".equals(node.path("role").asText())) {
                controlPlanes++;
            } else {
                workers++;
            }
        }

        List<Row> running = new ArrayList<>();
        kind.all(Deployment.class).forEach(d -> running.add(new Row("Deployment " + d.getMetadata().getName(),
                replicas(d.getSpec().getReplicas()), pod(d.getSpec().getTemplate().getSpec()))));
        kind.all(StatefulSet.class).forEach(s -> running.add(new Row("StatefulSet " + s.getMetadata().getName(),
                replicas(s.getSpec().getReplicas()), pod(s.getSpec().getTemplate().getSpec()))));
        for (DaemonSet d : kind.all(DaemonSet.class)) {
            PodSpec spec = d.getSpec().getTemplate().getSpec();
            // kind taints its control plane when the cluster has workers; a DaemonSet pod lands there only if it tolerates it.
            boolean onControlPlane = workers == 0 || spec.getTolerations().stream().anyMatch(t -> CONTROL_PLANE_TAINT.equals(t.getKey()));
            running.add(new Row("DaemonSet " + d.getMetadata().getName(), workers + (onControlPlane ? controlPlanes : 0), pod(spec)));
        }
        List<String> batch = new ArrayList<>();
        Budget batchPod = Budget.NONE;
        for (Job j : kind.all(Job.class)) {
            batch.add("Job " + j.getMetadata().getName());
            batchPod = batchPod.max(pod(j.getSpec().getTemplate().getSpec()));
        }
        for (CronJob c : kind.all(CronJob.class)) {
            batch.add("CronJob " + c.getMetadata().getName());
            batchPod = batchPod.max(pod(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        }
        return new KindBudget(nodes.size(), running, batch, batchPod);
    }

    @Test
    void theReadmeStatesWhatTheKindOverlayRequests() throws IOException {
        KindBudget budget = kindBudget();
        StringBuilder table = new StringBuilder();
        table.append("| on kind (").append(budget.nodes()).append(" nodes) | pods | CPU request | CPU limit | memory request | memory limit |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        int pods = 0;
        for (Row r : budget.running()) {
            table.append(line(r.workload(), r.pods(), r.each().times(r.pods())));
            pods += r.pods();
        }
        table.append(line("**all that keeps running**", pods, budget.total()));
        table.append(line("one of " + String.join(", ", budget.batch()) + ", while it runs", 1, budget.batchPod()));

        String page = Project.read(Project.ROOT.resolve(COST_PAGE));
        assertTrue(page.contains(table), COST_PAGE + " must carry the kind overlay's resource table as it is now:\n" + table);
    }

    /**
     * The engine minimum make doctor holds docker info to (k8s/kind/engine-minimum.env) covers every
     * pod at its limit, a surge pod and a batch pod beside them, and its stated allowance for kind's
     * own nodes; and at least a core per thousand millicores requested.
     */
    @Test
    void theEngineMinimumCoversThePlatformAtItsLimits() throws IOException {
        Properties minimum = new Properties();
        try (Reader in = Files.newBufferedReader(Project.ROOT.resolve("k8s/kind/engine-minimum.env"))) {
            minimum.load(in);
        }
        KindBudget budget = kindBudget();
        long needed = budget.total().memoryLimit() + budget.surge().memoryLimit() + budget.batchPod().memoryLimit() + KIND_NODES_MIB;
        long memory = Long.parseLong(minimum.getProperty("ENGINE_MEMORY_MIB"));
        assertTrue(memory >= needed, "ENGINE_MEMORY_MIB " + memory + " < " + needed + " MiB (limits, a surge and a batch pod, "
                + KIND_NODES_MIB + " MiB for kind's nodes)");
        long cpuRequests = budget.total().cpuRequest() + budget.surge().cpuRequest() + budget.batchPod().cpuRequest();
        long cpus = Long.parseLong(minimum.getProperty("ENGINE_CPUS"));
        assertTrue(cpus * 1000 >= cpuRequests, "ENGINE_CPUS " + cpus + " < " + cpuRequests + "m requested");
    }

    /** Every replica's pool full at once, and a batch command's beside them, still get a connection. */
    @Test
    void everyPoolFitsInPostgresConnections() {
        RenderedOverlay kind = RenderedOverlay.of("kind");
        assertTrue(!kind.one(StatefulSet.class, "postgres").toString().contains("max_connections"),
                "the StatefulSet sets max_connections: count with it here");
        StringBuilder sum = new StringBuilder();
        int connections = 0;
        for (Deployment d : kind.all(Deployment.class)) {
            String pool = Project.config(d.getMetadata().getName()).getProperty("quarkus.datasource.jdbc.max-size");
            if (pool != null) {
                int n = replicas(d.getSpec().getReplicas()) * Integer.parseInt(pool);
                connections += n;
                sum.append(d.getMetadata().getName()).append(' ').append(n).append(", ");
            }
        }
        Properties batch = Project.config("batch");
        for (String ds : BATCH_DATASOURCES) {
            String pool = batch.getProperty("quarkus.datasource." + ds + ".jdbc.max-size");
            assertTrue(pool != null, "batch's " + ds + " pool has no max-size (Agroal's default is 20)");
            connections += Integer.parseInt(pool);
            sum.append("batch ").append(ds).append(' ').append(pool).append(", ");
        }
        assertTrue(connections > 0 && connections <= POSTGRES_CONNECTIONS,
                sum + "in all " + connections + " connections, PostgreSQL takes " + POSTGRES_CONNECTIONS);
    }

    private static String line(String workload, int pods, Budget b) {
        return "| %s | %d | %dm | %dm | %d Mi | %d Mi |\n".formatted(workload, pods, b.cpuRequest(), b.cpuLimit(),
                b.memoryRequest(), b.memoryLimit());
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    /** The scheduler's view of one pod: its containers added up, or its largest init container if that is more. */
    private static Budget pod(PodSpec spec) {
        Budget containers = spec.getContainers().stream().map(ResourceBudgetTest::container).reduce(Budget.NONE, Budget::plus);
        Budget init = spec.getInitContainers().stream().map(ResourceBudgetTest::container).reduce(Budget.NONE, Budget::max);
        return containers.max(init);
    }

    private static Budget container(Container c) {
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        Function<Quantity, Long> millicores = q -> Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValueExact();
        Function<Quantity, Long> mebibytes = q -> Quantity.getAmountInBytes(q).divide(BigDecimal.valueOf(1024 * 1024)).longValueExact();
        return new Budget(millicores.apply(requests.get("cpu")), millicores.apply(limits.get("cpu")),
                mebibytes.apply(requests.get("memory")), mebibytes.apply(limits.get("memory")));
    }
}
