package io.github.k8splatform.flows;

import static io.github.k8splatform.flows.Expected.K3S;
import static io.github.k8splatform.flows.Expected.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * make drill and make drill-bad on kind and k3s: N+1 is built and loaded, the traffic starts before
 * the change and stops after it, and the drill tool's verdict is the drill's.
 */
class DrillFlowTest {

    private static final String HOLD = ",\"env\":[{\"name\":\"APP_READINESS_HOLD\",\"value\":\"true\"}]";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private Map<String, String> env;

    /** A running orders 1.0.0; each test adds what else the cluster answers. */
    private Sandbox prepare() throws Exception {
        sandbox = Expected.imageBuilds(new Sandbox(dir))
                .succeed("docker", "docker save orders:1.0.1")
                .succeed("kind", "kind load docker-image *")
                .succeed("k3s", "k3s ctr images import -")
                .succeed("kubectl", "* get deployment/orders", "* patch deployment/orders *", "* rollout status *",
                        "* rollout undo deployment/orders*")
                .answer("kubectl", "* get deployment/orders -o jsonpath={.spec.template.spec.containers?0?.image}", "orders:1.0.0")
                .succeed("java", "java -jar * drill *");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        env = Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString(), "TMPDIR", tmp.toString(),
                "WARMUP_SECONDS", "0");
        return sandbox;
    }

    /** The held rollout never finishes: kubectl rollout status times out. */
    private Sandbox stalls() throws Exception {
        return prepare().answer("kubectl", "*rollout status deployment/orders --timeout=45s", 1,
                "error: timed out waiting for the condition\\n")
                .succeed("kubectl", "* get pods -l app.kubernetes.io/name=orders -L version -o wide");
    }

    private Sandbox.Run run(String cluster, String target) throws Exception {
        Sandbox.Run run = sandbox.make(env, "-o", "build", target, "CLUSTER=" + cluster);
        return new Sandbox.Run(run.exit(), run.output(), Expected.stable(run.commands(), env.get("TMPDIR")));
    }

    private static String kube(String cluster) {
        return cluster.equals("kind") ? KIND : K3S;
    }

    /** How N+1 gets into the cluster's container runtime. */
    private static List<String> load(String cluster) {
        return cluster.equals("kind") ? List.of("kind load docker-image --name quarkus-k8s-platform orders:1.0.1")
                : List.of("docker save orders:1.0.1", "k3s ctr images import -");
    }

    private static List<String> nextVersionBuilt(String cluster) {
        List<String> lines = new ArrayList<>(List.of(
                kube(cluster) + " -n platform get deployment/orders",
                kube(cluster) + " -n platform get deployment/orders -o jsonpath={.spec.template.spec.containers[0].image}"));
        lines.addAll(Expected.buildImages("1.0.1", "orders"));
        lines.addAll(load(cluster));
        return lines;
    }

    private static String patch(String cluster, String env) {
        return kube(cluster) + " -n platform patch deployment/orders --type=strategic --patch '{\"spec\":{\"template\":{\"metadata\":"
                + "{\"labels\":{\"version\":\"1.0.1\"}},\"spec\":{\"containers\":[{\"name\":\"orders\",\"image\":\"orders:1.0.1\""
                + env + "}]}}}}'";
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void drill(String cluster) throws Exception {
        prepare();
        Sandbox.Run run = run(cluster, "drill");

        assertEquals(0, run.exit(), run.output());
        List<String> expected = nextVersionBuilt(cluster);
        expected.add(Expected.drillTool("rollout", "make drill: orders rolled to 1.0.1"));
        expected.add(patch(cluster, ""));
        expected.add(kube(cluster) + " -n platform rollout status deployment/orders --timeout=300s");
        assertEquals(expected, run.commands());
        assertTrue(run.output().contains("drill: report " + sandbox.root + "/target/drill/rollout-orders-"), run.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void drillBad(String cluster) throws Exception {
        stalls();
        Sandbox.Run run = run(cluster, "drill-bad");

        assertEquals(0, run.exit(), run.output());
        List<String> expected = nextVersionBuilt(cluster);
        expected.add(Expected.drillTool("bad", "make drill-bad: orders 1.0.1 with readiness held DOWN, then rollout undo"));
        expected.add(patch(cluster, HOLD));
        expected.add(kube(cluster) + " -n platform rollout status deployment/orders --timeout=45s");
        expected.add(kube(cluster) + " -n platform get pods -l app.kubernetes.io/name=orders -L version -o wide");
        expected.add(kube(cluster) + " -n platform rollout undo deployment/orders");
        expected.add(kube(cluster) + " -n platform rollout status deployment/orders --timeout=300s");
        assertEquals(expected, run.commands());
        assertTrue(run.output().contains("stalled as expected"), run.output());
    }

    @Test
    void drillBadFailsWhenTheBadRolloutCompletes() throws Exception {
        prepare();
        Sandbox.Run run = run("kind", "drill-bad");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("drill: the bad rollout finished: readiness was not held DOWN"), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.contains(" rollout undo deployment/orders")), run.commands().toString());
    }

    @Test
    void aRunningTagWithoutAPatchNumberStopsBeforeAnyBuild() throws Exception {
        prepare().answer("kubectl", "*get deployment/orders -o jsonpath={.spec.template.*", "orders:dev");
        Sandbox.Run run = run("kind", "drill");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("drill: cannot derive N+1 from the running tag 'dev': set DRILL_VERSION"), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("java")), run.commands().toString());
    }

    @Test
    void aFailedRequestFailsTheDrill() throws Exception {
        prepare().answer("java", "java * drill *", 1, "drill: 400 requests (200 writes), 3 failed {HTTP 502=3}\\n");
        Sandbox.Run run = run("kind", "drill");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("3 failed"), run.output());
    }

    @Test
    void rollbackGoesToThePreviousRevisionThatWasNotHeld() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o 'jsonpath={.metadata.annotations.*", "4")
                .answer("kubectl", "*get replicasets*", "1 \\n2 true\\n3 \\n4 \\n");
        Sandbox.Run run = run("kind", "drill-rollback");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.commands().contains(KIND + " -n platform rollout undo deployment/orders --to-revision=3"),
                run.commands().toString());
    }

    @Test
    void drainTakesTheWorkerWithoutTheDatabaseAndUncordonsIt() throws Exception {
        prepare().answer("kubectl", "*get pods -l app.kubernetes.io/name=postgres*", "quarkus-k8s-platform-worker")
                .answer("kubectl", "*get nodes*", "quarkus-k8s-platform-worker quarkus-k8s-platform-worker2")
                .succeed("kubectl", "* cordon quarkus-k8s-platform-worker2", "* drain quarkus-k8s-platform-worker2 *",
                        "* uncordon quarkus-k8s-platform-worker2", "* -n platform get pods -o wide");
        Sandbox.Run run = run("kind", "drill-drain");

        assertEquals(0, run.exit(), run.output());
        List<String> node = run.commands().stream().filter(c -> c.contains("worker2")).toList();
        assertEquals(List.of(
                Expected.drillTool("drain", "make drill-drain: quarkus-k8s-platform-worker2 cordoned and drained"),
                KIND + " cordon quarkus-k8s-platform-worker2",
                KIND + " drain quarkus-k8s-platform-worker2 --ignore-daemonsets --delete-emptydir-data --timeout=300s",
                KIND + " uncordon quarkus-k8s-platform-worker2"), node);
    }
}
