package io.github.k8splatform.flows;

import static io.github.k8splatform.flows.Expected.K3S;
import static io.github.k8splatform.flows.Expected.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make up on kind and on k3s, with recording stand-ins for every tool that would touch a cluster. */
class UpFlowTest {

    private static final String KUBECTL_URL = "https://dl.k8s.io/release/v1.37.0/bin/linux/amd64/kubectl";
    private static final String HELM_URL = "https://get.helm.sh/helm-v4.3.0-linux-amd64.tar.gz";
    private static final String PREFLIGHT_PORTS = "docker ps --quiet --filter name=^quarkus-k8s-platform-control-plane$";

    @TempDir
    Path dir;

    /** A machine with the pinned tools and Docker, and no cluster yet; each test changes what it needs. */
    private Sandbox sandbox() throws Exception {
        Sandbox sandbox = new Sandbox(dir)
                .answer("kind", "kind version", "kind v0.33.0 go1.25.3 linux/amd64\\n")
                .answer("kubectl", "kubectl version --client -o json", "{\"clientVersion\": {\"minor\": \"37\"}}\\n")
                .answer("helm", "helm version --template {{.Version}}", "v4.3.0")
                .succeed("mvnw", "mvnw -B package -DskipTests")
                .succeed("kind", "kind get clusters", "kind create cluster *", "kind load docker-image *")
                .succeed("helm", "helm upgrade --install traefik *")
                .succeed("docker", "docker ps *", "docker rm --force *", "docker run --detach *", "docker save *")
                .succeed("k3s", "k3s ctr images import -")
                .succeed("kubectl", "* get job setup *", "* apply -k *", "* wait --for=condition=complete *",
                        "* rollout status *")
                .succeed("java", "java -jar * smoke *")
                .answer("kubectl", "*get service gateway-lb*", "172.18.0.5 8088\\n")
                .answer("kubectl", "*get nodes*", "10.0.0.7");
        return Expected.imageBuilds(sandbox);
    }

    /** A k3s whose kubeconfig is readable, whose API answers, with kubectl one minor ahead of it. */
    private Sandbox k3sSandbox() throws Exception {
        Sandbox sandbox = sandbox()
                .succeed("kubectl", "* get --raw /readyz")
                .answer("kubectl", "*version -o json", "{\"clientVersion\": {\"minor\": \"37\"},\\n\"serverVersion\": {\"minor\": \"36\"}}\\n")
                .succeed("kubectl", "*-n kube-system get deployment traefik");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        return sandbox;
    }

    private Sandbox.Run upOnK3s(Sandbox sandbox) throws Exception {
        return sandbox.make(Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString()), "up", "CLUSTER=k3s");
    }

    @Test
    void kindFromNothingChecksBeforeItBuilds() throws Exception {
        Sandbox.Run run = sandbox().make(Map.of(), "up");

        assertEquals(0, run.exit(), run.output());
        List<String> expected = new ArrayList<>(List.of(
                // the pinned kind, a kubectl within one minor version of the pinned one, the pinned helm
                "kind version",
                "kubectl version --client -o json",
                "helm version --template {{.Version}}",
                // preflight: the engine runs, the host ports are free or the cluster's own
                "docker info",
                PREFLIGHT_PORTS,
                // only then the build
                "$ROOT/mvnw -B package -DskipTests",
                "kind get clusters",
                "kind create cluster --name quarkus-k8s-platform --config $ROOT/k8s/kind/cluster.yaml"
                        + " --image kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5"
                        + " --wait 180s",
                "helm upgrade --install traefik traefik --repo https://traefik.github.io/charts --version 42.4.3"
                        + " --kube-context kind-quarkus-k8s-platform --namespace traefik --create-namespace"
                        + " --values $ROOT/k8s/kind/traefik-values.yaml --wait --timeout 300s",
                "docker ps --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$",
                "docker rm --force quarkus-k8s-platform-cloud-provider-kind",
                "docker run --detach --name quarkus-k8s-platform-cloud-provider-kind --restart unless-stopped"
                        + " --network kind --volume /var/run/docker.sock:/var/run/docker.sock"
                        + " registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.11.1"
                        + " --enable-default-ingress=false --gateway-channel=disabled"));
        expected.addAll(Expected.buildImages("1.0.0", Expected.IMAGES.toArray(String[]::new)));
        expected.add("kind load docker-image --name quarkus-k8s-platform " + Expected.allImages());
        expected.addAll(Expected.applyAndWait(KIND, "kind"));
        expected.add(KIND + Expected.LB_ADDRESS);
        assertEquals(expected, run.commands());
        assertTrue(run.output().contains("Ingress       http://127.0.0.1/"), run.output());
        assertTrue(run.output().contains("NodePort      http://127.0.0.1:30080/"), run.output());
        assertTrue(run.output().contains("LoadBalancer  http://172.18.0.5:8088/"), run.output());
    }

    @Test
    void aMissingToolStopsUpBeforeTheBuild() throws Exception {
        Sandbox sandbox = sandbox().without("java");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("FAIL   java"), run.output());
        assertEquals(List.of("kind version", "kubectl version --client -o json", "helm version --template {{.Version}}",
                "docker info", PREFLIGHT_PORTS), run.commands(), "nothing is built before the preflight passes");
    }

    @Test
    void podmanIsRefusedWithOneLine() throws Exception {
        Sandbox.Run run = sandbox().without("docker").makeWithOnlyBasics(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: make up needs Docker, not podman: kind load docker-image and"
                + " cloud-provider-kind use docker and its socket (podman works for make images); install docker.io\n"),
                run.output());
        assertEquals(List.of(), run.commands(), "nothing runs on podman");
    }

    @Test
    void aSecondUpCreatesNothingAndKeepsTheSetupJob() throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("docker", "docker ps --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$", "4f2a\\n")
                .answer("kubectl", "*get job setup*", "batch:1.0.0")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        List<String> changes = run.commands().stream()
                .filter(c -> c.startsWith("kind create") || c.startsWith("docker run") || c.startsWith("docker rm")
                        || c.contains(" delete "))
                .toList();
        assertEquals(List.of(), changes, "a second make up must not create, start or delete anything");
        assertTrue(run.output().contains("kind cluster quarkus-k8s-platform exists: keeping it"), run.output());
        assertTrue(run.commands().contains(KIND + " apply -k $ROOT/k8s/overlays/kind"));
    }

    @Test
    void aSetupJobOfAnotherVersionIsReplacedBeforeTheApply() throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("kubectl", "*get job setup*", "batch:0.9.0")
                .succeed("kubectl", "* delete job setup --wait=true")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        int delete = run.commands().indexOf(KIND + " -n platform delete job setup --wait=true");
        int apply = run.commands().indexOf(KIND + " apply -k $ROOT/k8s/overlays/kind");
        assertTrue(delete >= 0 && delete < apply, run.commands().toString());
    }

    @Test
    void aSetupJobThatNeverCompletesFailsWithThePodsAndEvents() throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kubectl", "*wait --for=condition=complete job/setup*", 1, "error: timed out waiting for the condition\\n")
                .succeed("kubectl", "* get pods -o wide")
                .answer("kubectl", "*get events*", "Warning  BackOff  pod/setup-x7  Back-off pulling image\\n")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("Back-off pulling image"), run.output());
        assertTrue(run.output().contains("up: the setup Job did not complete within 300s"), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.contains(" smoke ")), "no smoke suite after a failed wait");
    }

    @Test
    void k3s() throws Exception {
        Sandbox.Run run = upOnK3s(k3sSandbox());

        assertEquals(0, run.exit(), run.output());
        List<String> expected = new ArrayList<>(List.of(
                "kubectl version --client -o json",
                // preflight: engine, cluster, version skew (make up waits for Traefik and ServiceLB itself)
                "docker info",
                K3S + " get --raw /readyz",
                K3S + " version -o json",
                "$ROOT/mvnw -B package -DskipTests",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system rollout status deployment/traefik --timeout=300s"));
        expected.addAll(Expected.buildImages("1.0.0", Expected.IMAGES.toArray(String[]::new)));
        expected.add("docker save " + Expected.allImages());
        expected.add("k3s ctr images import -");
        expected.addAll(Expected.applyAndWait(K3S, "k3s"));
        expected.add(K3S + " get nodes -o 'jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}'");
        expected.add(K3S + Expected.LB_ADDRESS);
        assertEquals(expected, run.commands());
        assertTrue(run.output().contains("NodePort      http://10.0.0.7:30080/"), run.output());
    }

    @Test
    void aFreshK3sWithoutTraefikYetIsWaitedForBeforeItsRollout() throws Exception {
        Sandbox sandbox = k3sSandbox().answer("kubectl", "*-n kube-system get deployment traefik", 2, 1,
                "Error from server (NotFound): deployments.apps \"traefik\" not found\\n");
        Sandbox.Run run = upOnK3s(sandbox);

        assertEquals(0, run.exit(), run.output());
        List<String> traefik = run.commands().stream().filter(c -> c.contains("traefik")).toList();
        assertEquals(List.of(
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system rollout status deployment/traefik --timeout=300s"), traefik);
    }

    /** A kubectl 1.32 on PATH, the pinned one offered for download with this published checksum. */
    private Sandbox.Run upWithAnOldKubectl(Sandbox sandbox, String checksum) throws Exception {
        return sandbox.answer("kubectl", "kubectl version --client -o json", "{\"clientVersion\": {\"minor\": \"32\"}}\\n")
                .answer("curl", "curl * " + KUBECTL_URL, "<" + sandbox.standIn)
                .answer("curl", "curl * " + KUBECTL_URL + ".sha256", checksum)
                .make(Map.of(), "-o", "build", "up");
    }

    @Test
    void aKubectlTooOldIsReplacedByThePinnedOneWhenItsChecksumMatches() throws Exception {
        Sandbox sandbox = sandbox();
        Sandbox.Run run = upWithAnOldKubectl(sandbox, sha256(sandbox.standIn));

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("is kubectl 1.32, more than one minor version from v1.37.0: fetching that"), run.output());
        assertTrue(Files.isExecutable(sandbox.root.resolve("bin/kubectl")), "the verified download is installed");
        assertTrue(run.commands().contains("$ROOT/bin/kubectl --context kind-quarkus-k8s-platform apply -k $ROOT/k8s/overlays/kind"),
                "the fetched kubectl is the one used: " + run.commands());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("kubectl --context")), run.commands().toString());
    }

    @Test
    void aKubectlWhoseChecksumDiffersIsNotInstalled() throws Exception {
        assertRefused(upWithAnOldKubectl(sandbox(), "0".repeat(64) + "  kubectl\\n"));
    }

    @Test
    void aKubectlWithoutAPublishedChecksumIsNotInstalled() throws Exception {
        assertRefused(upWithAnOldKubectl(sandbox(), ""));
    }

    private void assertRefused(Sandbox.Run run) {
        assertEquals(2, run.exit(), run.output());
        assertEquals(List.of("kind version", "kubectl version --client -o json"),
                run.commands().stream().filter(c -> !c.startsWith("curl")).toList());
        assertTrue(run.commands().stream().anyMatch(c -> c.startsWith("curl ") && c.endsWith(" " + KUBECTL_URL)), run.commands().toString());
        assertTrue(run.commands().stream().anyMatch(c -> c.startsWith("curl ") && c.endsWith(" " + KUBECTL_URL + ".sha256")),
                run.commands().toString());
        assertTrue(run.output().contains("up: kubectl from " + KUBECTL_URL + " does not match its published checksum"), run.output());
        assertFalse(Files.exists(dir.resolve("repo/bin/kubectl")), "an unverified download must not be installed");
    }

    @Test
    void aKindOfAnotherReleaseIsReplacedByThePinnedOne() throws Exception {
        String binary = "https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64";
        Sandbox.Run run = sandbox().answer("kind", "kind version", "kind v0.29.0 go1.24.2 linux/amd64\\n")
                .succeed("curl", "curl * " + binary, "curl * " + binary + ".sha256sum")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: found kind v0.29.0, the node image needs kind v0.33.0: fetching that"), run.output());
        assertTrue(run.commands().stream().anyMatch(c -> c.startsWith("curl ") && c.endsWith(" " + binary + ".sha256sum")),
                run.commands().toString());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("kind create")), "no cluster from an unverified kind");
    }

    @Test
    void theHelm3OnPathIsReplacedByThePinnedHelm() throws Exception {
        Sandbox sandbox = sandbox();
        // The release archive as get.helm.sh publishes it: linux-amd64/helm inside.
        Path unpacked = Files.createDirectories(dir.resolve("helm-release/linux-amd64"));
        Files.copy(sandbox.standIn, unpacked.resolve("helm"));
        Path archive = dir.resolve("helm.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", unpacked.getParent().toString(), "linux-amd64")
                .inheritIO().start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar");
        Sandbox.Run run = sandbox.answer("helm", "helm version --template {{.Version}}", "v3.19.0")
                .answer("curl", "curl * " + HELM_URL, "<" + archive)
                .answer("curl", "curl * " + HELM_URL + ".sha256sum", sha256(archive) + "  helm-v4.3.0-linux-amd64.tar.gz\\n")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("up: found helm v3.19.0, the Traefik chart was checked with helm v4.3.0: fetching that"),
                run.output());
        assertTrue(Files.isExecutable(sandbox.root.resolve("bin/helm")), "the pinned helm is in bin/");
        List<String> helm = run.commands().stream().filter(c -> c.contains("helm")).map(c -> c.replaceAll(" \\S*/\\.helm\\.\\w+ ", " <archive> ")).toList();
        assertEquals(List.of(
                "helm version --template {{.Version}}",
                "curl -fsSL --retry 3 --max-time 300 -o <archive> " + HELM_URL,
                "curl -fsSL --retry 3 --max-time 60 " + HELM_URL + ".sha256sum",
                "$ROOT/bin/helm upgrade --install traefik traefik --repo https://traefik.github.io/charts --version 42.4.3"
                        + " --kube-context kind-quarkus-k8s-platform --namespace traefik --create-namespace"
                        + " --values $ROOT/k8s/kind/traefik-values.yaml --wait --timeout 300s"), helm);
    }

    @Test
    void k3sMissingSaysHowToInstallIt() throws Exception {
        Sandbox.Run run = sandbox().without("k3s").make(Map.of(), "up", "CLUSTER=k3s");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains(
                "up: k3s is not installed: curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.36.4+k3s1 sh -"), run.output());
        assertEquals(List.of(), run.commands(), "nothing may run before the missing k3s is reported");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
