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
 * make drill and make drill-bad on kind and k3s: the live page's URL first, N+1 is built and loaded,
 * the traffic starts before the change and stops after it (the namespace's events taken just before,
 * for the report), and the drill tool's verdict is the drill's.
 */
class DrillFlowTest {

    private static final String HOLD = ",\"env\":[{\"name\":\"APP_READINESS_HOLD\",\"value\":\"true\"}]";

    @TempDir
    Path dir;

    private Sandbox sandbox;
    private Map<String, String> env;

    private static final String STATE = " -n platform get deployment/orders -o 'jsonpath={.spec.template.spec.containers[0].image}"
            + "{\"|\"}{.spec.replicas}{\"|\"}{.status.updatedReplicas}{\"|\"}{.status.availableReplicas}{\"\\n\"}'";
    /** The running pod template: its image and its version label, the version its pods report. */
    private static final String TEMPLATE = " -n platform get deployment/orders -o 'jsonpath={.spec.template.spec.containers[0].image}"
            + "{\"|\"}{.spec.template.metadata.labels.version}{\"\\n\"}'";
    private static final String DRILL_TOOL = "quarkus-run.jar drill ";
    /** The install's log read token, for the drill's reads of /api/logs. */
    private static final String READ_TOKEN = " -n platform get secret logs-read-token -o 'go-template={{.data.token | base64decode}}'";
    private static final String PROGRESSING = " -n platform get deployment/orders -o"
            + " 'jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}'";
    /** What the drill hands the tool for its report's timeline, just before the traffic stops. */
    private static final String EVENTS = " -n platform get events -o json --request-timeout=20s";
    /** Who the drill reads the kubelets' summaries as: k8s/base/drill-reader's account, impersonated. */
    private static final String AS_DRILL_READER = " --as=system:serviceaccount:platform:drill-reader";
    private static final String NODES = AS_DRILL_READER + " get nodes -o name --request-timeout=20s";
    private static final String REPLICA_SETS = " -n platform get replicasets -l app.kubernetes.io/name=orders -o"
            + " 'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}{\"|\"}{.status.availableReplicas}{\"\\n\"}{end}'";

    /** A running orders 1.0.0 on two replicas; each test adds what else the cluster answers. */
    private Sandbox prepare() throws Exception {
        sandbox = Expected.imageBuilds(new Sandbox(dir))
                .succeed("docker", "docker save orders:1.0.1")
                .succeed("kind", "kind load docker-image *")
                .succeed("k3s", "k3s ctr images import -")
                .succeed("kubectl", "* get deployment/orders", "* patch deployment/orders *", "* rollout status *",
                        "* rollout undo deployment/orders*", "*" + EVENTS, "*" + AS_DRILL_READER + " get --raw *")
                .answer("kubectl", "*" + NODES, "node/node-1\\nnode/node-2\\n")
                .answer("kubectl", "* get deployment/orders -o *labels.version*", "orders:1.0.0|1.0.0\\n")
                .answer("kubectl", "*" + READ_TOKEN, "0123456789abcdef0123456789abcdef\\n")
                .succeed("java", "java -jar * drill *");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        env = Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString(), "TMPDIR", tmp.toString(),
                "WARMUP_SECONDS", "0", "POLL_SECONDS", "0");
        return sandbox;
    }

    /** After the change, the Deployment runs this image with this many of 2 replicas updated and available. */
    private Sandbox runs(String image, int ready) {
        return sandbox.answer("kubectl", "*{.spec.replicas}*", image + "|2|" + ready + "|" + ready + "\\n");
    }

    /** The held rollout stalls: the Deployment reports ProgressDeadlineExceeded, N+1 is never available. */
    private Sandbox stalls() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o jsonpath={.spec.progressDeadlineSeconds}", "180")
                .answer("kubectl", "*Progressing*", "ProgressDeadlineExceeded")
                .answer("kubectl", "* get replicasets *", "orders:1.0.0|2\\norders:1.0.1|\\n")
                .succeed("kubectl", "* get pods -l app.kubernetes.io/name=orders -L version -o wide");
        return runs("orders:1.0.0", 2);
    }

    /**
     * The recorded calls but the drill tool's: it runs in the background, after a look for the host's
     * JDK (java -version), so its stand-in may record after the script's next command (one CI run saw
     * `cordon` first). It must have started once, as given.
     */
    private static List<String> foreground(Sandbox.Run run, String drillTool) {
        assertEquals(List.of(drillTool), run.commands().stream().filter(c -> c.contains(DRILL_TOOL)).toList(),
                "the drill tool, started once");
        assertEquals(1, run.commands().stream().filter(c -> c.equals("java -version")).count(), "one look for the JDK");
        return run.commands().stream().filter(c -> !c.contains(DRILL_TOOL) && !c.equals("java -version")).toList();
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
                kube(cluster) + READ_TOKEN,
                kube(cluster) + TEMPLATE));
        lines.addAll(Expected.buildImages("1.0.1", "orders"));
        lines.addAll(load(cluster));
        return lines;
    }

    /** The drill reads every node's kubelet summary as drill-reader, after the events. */
    private static List<String> kubeletSummaries(String cluster) {
        return List.of(kube(cluster) + NODES,
                kube(cluster) + AS_DRILL_READER + " get --raw /api/v1/nodes/node-1/proxy/stats/summary --request-timeout=20s",
                kube(cluster) + AS_DRILL_READER + " get --raw /api/v1/nodes/node-2/proxy/stats/summary --request-timeout=20s");
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
        runs("orders:1.0.1", 2);
        Sandbox.Run run = run(cluster, "drill");

        assertEquals(0, run.exit(), run.output());
        List<String> expected = nextVersionBuilt(cluster);
        expected.add(patch(cluster, ""));
        expected.add(kube(cluster) + " -n platform rollout status deployment/orders --timeout=300s");
        expected.add(kube(cluster) + STATE);
        expected.add(kube(cluster) + EVENTS);
        expected.addAll(kubeletSummaries(cluster));
        assertEquals(expected, foreground(run,
                Expected.drillTool("rollout", "make drill: orders rolled to 1.0.1", "--expect-final orders=1.0.1")));
        int live = run.output().indexOf(" live page: http://localhost/ (the gateway's page through the Ingress:"
                + " open it to watch the drill)\n");
        assertTrue(live >= 0 && live < run.output().indexOf("building orders:1.0.1"), "the live page's URL first: " + run.output());
        assertTrue(run.output().contains("deployment/orders runs orders:1.0.1: 2 of 2 replicas updated and available"), run.output());
    }

    /** The events are for the report only: a drill whose kubectl cannot read them still has the tool's verdict. */
    @Test
    void drillGoesOnWhenTheEventsCannotBeRead() throws Exception {
        goesOnWithout("*" + EVENTS, "error: the server doesn't have a resource type \"events\"\\n",
                "drill: could not read the events of platform: the report shows no Kubernetes events");
    }

    /** The kubelets' figures are for the report only too: a drill-reader without its rights is said, and the drill goes on. */
    @Test
    void drillGoesOnWhenTheKubeletsCannotBeRead() throws Exception {
        Sandbox.Run run = goesOnWithout("*" + NODES, "Error from server (Forbidden): nodes is forbidden\\n",
                "drill: could not list the nodes as system:serviceaccount:platform:drill-reader:"
                        + " the report shows no memory or CPU (make up grants it)");
        assertTrue(run.commands().stream().noneMatch(c -> c.contains(" get --raw ")), run.commands().toString());
    }

    /** make drill on kind where kubectl fails this read with this error: the drill passes and says what it could not read. */
    private Sandbox.Run goesOnWithout(String read, String error, String said) throws Exception {
        prepare().answer("kubectl", read, 1, error);
        runs("orders:1.0.1", 2);
        Sandbox.Run run = run("kind", "drill");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains(said), run.output());
        return run;
    }

    @Test
    void drillFailsWhenTheRolloutLeftNRunning() throws Exception {
        prepare();
        runs("orders:1.0.0", 2);
        fails("drill", "drill: deployment/orders should run orders:1.0.1 on every replica;"
                + " it has orders:1.0.0, 2 of 2 updated, 2 available");
    }

    @Test
    void drillFailsWhenNotEveryReplicaIsAvailable() throws Exception {
        prepare();
        runs("orders:1.0.1", 1);
        fails("drill", "it has orders:1.0.1, 1 of 2 updated, 1 available");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void drillBad(String cluster) throws Exception {
        stalls();
        Sandbox.Run run = run(cluster, "drill-bad");

        assertEquals(0, run.exit(), run.output());
        List<String> expected = nextVersionBuilt(cluster);
        expected.add(patch(cluster, HOLD));
        expected.add(kube(cluster) + " -n platform get deployment/orders -o jsonpath={.spec.progressDeadlineSeconds}");
        expected.add(kube(cluster) + PROGRESSING);
        expected.add(kube(cluster) + REPLICA_SETS);
        expected.add(kube(cluster) + " -n platform get pods -l app.kubernetes.io/name=orders -L version -o wide");
        expected.add(kube(cluster) + " -n platform rollout undo deployment/orders");
        expected.add(kube(cluster) + " -n platform rollout status deployment/orders --timeout=300s");
        expected.add(kube(cluster) + STATE);
        expected.add(kube(cluster) + EVENTS);
        expected.addAll(kubeletSummaries(cluster));
        assertEquals(expected, foreground(run, Expected.drillTool("bad",
                "make drill-bad: orders 1.0.1 with readiness held DOWN, then rollout undo", "--expect-only orders=1.0.0")));
        assertTrue(run.output().contains("stalled as expected"), run.output());
        assertTrue(run.output().contains("deployment/orders runs orders:1.0.0: 2 of 2 replicas updated and available"), run.output());
    }

    @Test
    void drillBadFailsWhenTheBadRolloutCompletes() throws Exception {
        stalls().answer("kubectl", "*Progressing*", "NewReplicaSetAvailable");
        assertNoUndo(fails("drill-bad", "drill: the bad rollout finished: readiness was not held DOWN"));
    }

    /** kubectl failing for another reason than a stall (here the API does not answer) is not a stall. */
    @Test
    void drillBadFailsWhenTheApiDoesNotAnswer() throws Exception {
        stalls().answer("kubectl", "*Progressing*", 1,
                "Unable to connect to the server: dial tcp 127.0.0.1:6443: connect: connection refused\\n");
        assertNoUndo(fails("drill-bad", "drill: cannot read deployment/orders's Progressing condition from the kind cluster"));
    }

    @Test
    void drillBadFailsWhenTheDeadlineIsNeverReported() throws Exception {
        stalls().answer("kubectl", "* get deployment/orders -o jsonpath={.spec.progressDeadlineSeconds}", "1")
                .answer("kubectl", "*Progressing*", "ReplicaSetUpdated");
        Sandbox.Run run = fails("drill-bad", "drill: deployment/orders did not report ProgressDeadlineExceeded within 61s"
                + " (Progressing: ReplicaSetUpdated)");
        assertEquals(62, run.commands().stream().filter(c -> c.endsWith(PROGRESSING)).count(), "bounded reads");
        assertNoUndo(run);
    }

    @Test
    void drillBadFailsWhenTheHeldVersionBecameAvailable() throws Exception {
        stalls().answer("kubectl", "* get replicasets *", "orders:1.0.0|1\\norders:1.0.1|1\\n");
        assertNoUndo(fails("drill-bad", "drill: the held orders:1.0.1 should have a ReplicaSet with no available replica; available: 1"));
    }

    @Test
    void drillBadFailsWhenTheUndoDoesNotBringNBack() throws Exception {
        stalls();
        runs("orders:1.0.1", 0);
        fails("drill-bad", "drill: deployment/orders should run orders:1.0.0 on every replica;"
                + " it has orders:1.0.1, 0 of 2 updated, 0 available");
    }

    /** make TARGET on kind fails, and prints this line. */
    private Sandbox.Run fails(String target, String line) throws Exception {
        Sandbox.Run run = run("kind", target);
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains(line), run.output());
        return run;
    }

    private static void assertNoUndo(Sandbox.Run run) {
        assertTrue(run.commands().stream().noneMatch(c -> c.contains(" rollout undo ")), run.commands().toString());
        assertTrue(!run.output().contains("stalled as expected"), run.output());
    }

    /** N+1 comes from the version label, not the image's tag, which here says something else. */
    @Test
    void theNextVersionIsTheLabelsNotTheTags() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o *labels.version*", "orders:2.0.0|1.0.0\\n");
        runs("orders:1.0.1", 2);
        Sandbox.Run run = run("kind", "drill");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.commands().contains(patch("kind", "")), run.commands().toString());
    }

    @Test
    void aRunningVersionWithoutAPatchNumberStopsBeforeAnyBuild() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o *labels.version*", "orders:1.0.0|dev\\n");
        Sandbox.Run run = fails("drill", "drill: cannot derive N+1 from the running version 'dev': set DRILL_VERSION");
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("java")), run.commands().toString());
    }

    @Test
    void aTemplateWithoutAVersionLabelStopsBeforeAnyBuild() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o *labels.version*", "orders:1.0.0|\\n");
        Sandbox.Run run = fails("drill", "drill: deployment/orders's pod template has no version label: run make up");
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker") || c.startsWith("java")), run.commands().toString());
    }

    @Test
    void aFailedRequestFailsTheDrill() throws Exception {
        prepare().answer("java", "java * drill *", 1, "drill: 400 requests (200 writes), 3 failed {HTTP 502=3}\\n");
        runs("orders:1.0.1", 2);
        fails("drill", "3 failed");
    }

    @Test
    void rollbackGoesToThePreviousRevisionThatWasNotHeld() throws Exception {
        prepare().answer("kubectl", "* get deployment/orders -o 'jsonpath={.metadata.annotations.*", "4")
                .answer("kubectl", "*get replicasets*",
                        "1 1.0.0 \\n2 1.0.1 true\\n3 1.0.2 \\n4 1.0.3 \\n");
        Sandbox.Run run = run("kind", "drill-rollback");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.commands().contains(KIND + " -n platform rollout undo deployment/orders --to-revision=3"),
                run.commands().toString());
        assertTrue(run.commands().stream().anyMatch(c -> c.endsWith(" --expect-final orders=1.0.2")),
                "the drill tool expects revision 3's version at the end: " + run.commands());
    }
}
