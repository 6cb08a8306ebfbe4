package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make down removes what make up created, and only that. */
class DownFlowTest {

    @TempDir
    Path dir;

    private static final String PROVIDER = "docker ps --all --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$";
    private static final String LEFTOVERS = "docker ps --all --quiet --filter label=io.x-k8s.cloud-provider-kind.cluster=quarkus-k8s-platform";

    @Test
    void kindStopsCloudProviderKindThenRemovesWhatItLeftThenTheCluster() throws Exception {
        Sandbox.Run run = new Sandbox(dir)
                .answer("docker", PROVIDER, "4f2a\\n")
                .succeed("docker", "docker stop --time 30 quarkus-k8s-platform-cloud-provider-kind",
                        "docker rm quarkus-k8s-platform-cloud-provider-kind", "docker rm --force 9c1e 7b3d")
                .answer("docker", LEFTOVERS, "9c1e\\n7b3d\\n")
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .succeed("kind", "kind delete cluster --name quarkus-k8s-platform")
                .make(Map.of(), "down");

        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of(
                PROVIDER,
                // SIGTERM, so that cloud-provider-kind removes its load balancers itself
                "docker stop --time 30 quarkus-k8s-platform-cloud-provider-kind",
                "docker rm quarkus-k8s-platform-cloud-provider-kind",
                LEFTOVERS,
                "docker rm --force 9c1e 7b3d",
                "kind get clusters",
                "kind delete cluster --name quarkus-k8s-platform"), run.commands());
    }

    @Test
    void kindWithoutAClusterDeletesNothing() throws Exception {
        Sandbox.Run run = new Sandbox(dir).succeed("docker", PROVIDER, LEFTOVERS).succeed("kind", "kind get clusters")
                .make(Map.of(), "down");

        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of(PROVIDER, LEFTOVERS, "kind get clusters"), run.commands());
    }

    @Test
    void k3sDeletesOnlyThePlatformNamespacesAndClusterWideObjects() throws Exception {
        Sandbox sandbox = new Sandbox(dir).succeed("kubectl", "* delete namespace *", "* delete clusterrole,clusterrolebinding *",
                        "* -n kube-system delete helmchartconfig *")
                .answer("kubectl", "* get daemonset log-agent", 1, "Error from server (NotFound)\\n");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        Sandbox.Run run = sandbox.make(Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString()),
                "down", "CLUSTER=k3s");

        assertEquals(0, run.exit(), run.output());
        // No log agent installed, so no state folder to remove on the nodes; make e2e removes them on
        // a real cluster.
        assertEquals(List.of(Expected.K3S + " -n platform-logging get daemonset log-agent",
                Expected.K3S + " delete namespace platform platform-logging --ignore-not-found"
                + " --wait=true --timeout=300s", Expected.K3S + " delete clusterrole,clusterrolebinding -l"
                + " app.kubernetes.io/part-of=quarkus-k8s-platform --ignore-not-found",
                // Traefik back to k3s' own values; the Gateway API CRDs stay
                Expected.K3S + " -n kube-system delete helmchartconfig -l app.kubernetes.io/part-of=quarkus-k8s-platform"
                + " --ignore-not-found"), run.commands());
    }
}
