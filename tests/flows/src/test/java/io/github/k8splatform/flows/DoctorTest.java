package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make doctor names each missing tool with its fix, and fails only on what is required. */
class DoctorTest {

    private static final String INSTALL_DOCKER =
            "install Docker (Linux: apt-get install docker.io; macOS: Docker Desktop, colima, OrbStack or Rancher Desktop)";

    @TempDir
    Path dir;

    private static void assertRow(String output, String result, String check, String fix) {
        String row = "%-6s %-22s".formatted(result, check);
        int at = output.indexOf(row);
        assertTrue(at >= 0, "no " + result + " row for " + check + " in:\n" + output);
        if (fix != null) {
            String next = output.substring(output.indexOf('\n', at) + 1);
            assertTrue(next.startsWith("%-6s %-22s fix: %s".formatted("", "", fix)),
                    "the fix for " + check + " must follow it: " + fix + "\n" + output);
        }
    }

    @Test
    void kindWithNothingInstalled() throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        for (String tool : Sandbox.STAND_INS) {
            sandbox.without(tool);
        }
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "doctor");

        assertEquals(2, run.exit(), run.output());
        String out = run.output();
        assertRow(out, "FAIL", "docker", INSTALL_DOCKER);
        assertRow(out, "FAIL", "java", INSTALL_DOCKER + ", or a JDK 17");
        assertRow(out, "FAIL", "kind", "make up fetches kind v0.33.0 into bin/ (or see kind.sigs.k8s.io/docs/user/quick-start)");
        assertRow(out, "FAIL", "kubectl", "make up fetches kubectl v1.37.0 into bin/ (or apt-get install kubectl)");
        assertRow(out, "FAIL", "helm", "make up fetches helm v4.3.0 into bin/ (or see helm.sh/docs/intro/install)");
        assertRow(out, "FAIL", "cluster reachable", "make up (creates it)");
        assertTrue(out.contains("doctor: a required check failed"), out);
    }

    @Test
    void k3sMissingNamesTheInstallCommand() throws Exception {
        Sandbox sandbox = new Sandbox(dir).without("k3s").without("kubectl").succeed("docker", "docker info");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(
                Map.of("K3S_KUBECONFIG", sandbox.root.resolve("absent.yaml").toString()), "doctor", "CLUSTER=k3s");

        assertEquals(2, run.exit(), run.output());
        String out = run.output();
        assertRow(out, "PASS", "docker", null);
        assertRow(out, "FAIL", "k3s", "curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.36.4+k3s1 sh -");
        assertRow(out, "FAIL", "kubectl", "make up fetches kubectl v1.37.0 into bin/ (or use the one k3s installs)");
        assertRow(out, "FAIL", "k3s kubeconfig", "start k3s (systemctl start k3s) or set K3S_KUBECONFIG");
    }

    /** make doctor on a running kind cluster made by make up, with this kubectl minor version. */
    private Sandbox.Run doctorOnKind(String kubectlMinor) throws Exception {
        return new Sandbox(dir)
                .succeed("docker", "docker info")
                .answer("docker", Expected.ENGINE_INFO, "25769803776 2 Debian GNU/Linux 12 (bookworm)\\n")
                .succeed("kubectl", "* get --raw /readyz")
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("docker", "docker ps --quiet --filter name=^quarkus-k8s-platform-*", "4f2a\\n")
                .answer("kubectl", "*version -o json", "{\"clientVersion\": {\"minor\": \"" + kubectlMinor
                        + "\"},\\n\"serverVersion\": {\"minor\": \"37\"}}\\n")
                .answer("kubectl", "*get deployment traefik*", "1")
                .answer("kubectl", BeyondOneMachineFlowTest.NODES_GLOB,
                        "quarkus-k8s-platform-control-plane amd64\\nquarkus-k8s-platform-worker amd64\\n")
                .make(Map.of(), "doctor");
    }

    @Test
    void aHealthyKindClusterPasses() throws Exception {
        Sandbox.Run run = doctorOnKind("37");

        assertEquals(0, run.exit(), run.output());
        assertRow(run.output(), "PASS", "kubectl version skew", null);
        assertRow(run.output(), "PASS", "Traefik ready", null);
        assertRow(run.output(), "PASS", "LoadBalancer provider", null);
        assertRow(run.output(), "PASS", "nodes", null);
        assertTrue(run.output().contains("quarkus-k8s-platform-control-plane (amd64), quarkus-k8s-platform-worker (amd64)"),
                "kind loads the images into every node: no warning; " + run.output());
        assertTrue(!run.output().contains("FAIL") && !run.output().contains("WARN"), run.output());
    }

    /** Docker Desktop with its VM's default 2 GiB: the fix names the setting and the figure of k8s/kind/engine-minimum.env. */
    @Test
    void anEngineVmTooSmallFailsWithTheSettingToRaise() throws Exception {
        Sandbox.Run run = new Sandbox(dir).succeed("docker", "docker info", "docker ps *")
                .answer("docker", Expected.ENGINE_INFO, "2083807232 4 Docker Desktop\\n")
                .succeed("kind", "kind get clusters")
                .makeWithOnlyBasics(Map.of(), "doctor");

        assertEquals(2, run.exit(), run.output());
        assertRow(run.output(), "FAIL", "engine resources",
                "Docker Desktop: Settings > Resources > Advanced: Memory limit 6144 MiB, CPU limit 2 or more");
        assertTrue(run.output().contains("1987 MiB, 4 CPUs: the platform on kind needs 6144 MiB and 2 CPUs"), run.output());
    }

    /** Without a JDK on the host, Docker is enough: doctor says the build and the e2e tool run in a container. */
    @Test
    void withoutAJdkTheBuilderImageIsTheWay() throws Exception {
        Sandbox.Run run = new Sandbox(dir).without("java").succeed("docker", "docker info", "docker ps *")
                .answer("docker", Expected.ENGINE_INFO, "25769803776 2 Debian GNU/Linux 12 (bookworm)\\n")
                .succeed("kind", "kind get clusters")
                .makeWithOnlyBasics(Map.of(), "doctor");

        assertRow(run.output(), "PASS", "java", null);
        assertRow(run.output(), "PASS", "engine resources", null);
        assertTrue(run.output().contains("no JDK 17+ on the host: builds, smoke suite and drills run in a " + Expected.BUILDER + " container"),
                run.output());
    }

    @Test
    void podmanAloneFailsWithWhatToDo() throws Exception {
        Sandbox sandbox = new Sandbox(dir).without("docker").without("kind").without("kubectl").without("helm");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "doctor");

        assertEquals(2, run.exit(), run.output());
        assertRow(run.output(), "FAIL", "docker", INSTALL_DOCKER + "; podman works for make images");
    }

    @Test
    void aKubectlTwoMinorsBehindFails() throws Exception {
        Sandbox.Run run = doctorOnKind("35");

        assertEquals(2, run.exit(), run.output());
        assertRow(run.output(), "FAIL", "kubectl version skew",
                "make up (fetches kubectl v1.37.0 into bin/, which the scripts use first)");
    }

    @Test
    void aReadableK3sKubeconfigPasses() throws Exception {
        Sandbox sandbox = new Sandbox(dir).succeed("docker", "docker info")
                .answer("kubectl", "* get --raw /readyz", 1, "The connection to the server 127.0.0.1:6443 was refused\\n");
        Path config = Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        Sandbox.Run run = sandbox.make(Map.of("K3S_KUBECONFIG", config.toString()), "doctor", "CLUSTER=k3s");
        assertRow(run.output(), "PASS", "k3s kubeconfig", null);
    }
}
