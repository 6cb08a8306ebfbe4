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

    @Test
    void kindDeletesTheClusterAndItsLoadBalancerProvider() throws Exception {
        Sandbox.Run run = new Sandbox(dir)
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .succeed("kind", "kind delete cluster --name quarkus-k8s-platform")
                .answer("docker", "docker ps --all --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$", "4f2a\\n")
                .succeed("docker", "docker rm --force quarkus-k8s-platform-cloud-provider-kind")
                .make(Map.of(), "down");

        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of(
                "kind get clusters",
                "kind delete cluster --name quarkus-k8s-platform",
                "docker ps --all --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$",
                "docker rm --force quarkus-k8s-platform-cloud-provider-kind"), run.commands());
    }

    @Test
    void kindWithoutAClusterDeletesNothing() throws Exception {
        Sandbox.Run run = new Sandbox(dir).succeed("kind", "kind get clusters")
                .succeed("docker", "docker ps --all --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$")
                .make(Map.of(), "down");

        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of("kind get clusters",
                "docker ps --all --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$"), run.commands());
    }

    @Test
    void k3sDeletesOnlyThePlatformNamespaces() throws Exception {
        Sandbox sandbox = new Sandbox(dir).succeed("kubectl", "* delete namespace *");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        Sandbox.Run run = sandbox.make(Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString()),
                "down", "CLUSTER=k3s");

        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of(Expected.K3S + " delete namespace platform platform-logging --ignore-not-found"
                + " --wait=true --timeout=300s"), run.commands());
    }
}
