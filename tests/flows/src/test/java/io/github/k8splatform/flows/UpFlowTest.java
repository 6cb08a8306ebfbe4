package io.github.k8splatform.flows;

import static io.github.k8splatform.flows.Expected.K3S;
import static io.github.k8splatform.flows.Expected.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** make up on kind and on k3s, with recording stand-ins for every tool that would touch a cluster. */
class UpFlowTest {

    private static final String KUBECTL_URL = "https://dl.k8s.io/release/v1.37.0/bin/linux/amd64/kubectl";
    private static final String HELM_URL = "https://get.helm.sh/helm-v4.3.0-linux-amd64.tar.gz";
    private static final String LB_CONTAINER = "label=io.x-k8s.cloud-provider-kind.loadbalancer.name=quarkus-k8s-platform/platform/gateway-lb";
    private static final String PREFLIGHT_PORTS = "docker ps --quiet --filter name=^quarkus-k8s-platform-control-plane$";

    @TempDir
    Path dir;

    private Sandbox sandbox() throws Exception {
        return upSandbox(dir);
    }

    /** A machine with the pinned tools and Docker, and no cluster yet; each test changes what it needs. */
    static Sandbox upSandbox(Path dir) throws Exception {
        Sandbox sandbox = new Sandbox(dir)
                .answer("kind", "kind version", "kind v0.33.0 go1.25.3 linux/amd64\\n")
                .answer("kubectl", "kubectl version --client -o json", "{\"clientVersion\": {\"minor\": \"37\"}}\\n")
                .answer("helm", "helm version --template {{.Version}}", "v4.3.0")
                .succeed("mvnw", "mvnw -B package -DskipTests")
                .succeed("kind", "kind get clusters", "kind create cluster *", "kind load docker-image *")
                .succeed("helm", "helm upgrade --install traefik *")
                .succeed("docker", "docker ps *", "docker rm --force *", "docker run --detach *", "docker save *")
                .succeed("k3s", "k3s ctr images import -")
                .succeed("kubectl", "* get job setup *", "* kustomize *", "* apply -k *", "* annotate job setup *",
                        "* wait --for=condition=complete *",
                        "* rollout status *", "* apply -f *", "* create secret generic *",
                        "* apply --server-side *", "* wait --for condition=Established *",
                        "* get httproute platform -o name", "* wait httproute/platform *")
                .answer("kubectl", "* get secret * -o name", 1, "Error from server (NotFound)\\n")
                .succeed("java", "java * smoke *")
                .answer("kubectl", "* get secret logs-read-token -o *go-template=*", "0123456789abcdef0123456789abcdef\\n")
                .answer("kubectl", "*get service gateway-lb*", "172.18.0.5 8088\\n")
                .answer("kubectl", "*get nodes*", "10.0.0.7")
                .answer("docker", Expected.ENGINE_INFO, "25769803776 2 Debian GNU/Linux 12 (bookworm)\\n")
                .answer("docker", Expected.ENGINE_SYSTEM, "Debian GNU/Linux 12 (bookworm)\\n")
                .succeed("curl", "curl -fsS --max-time 5 -o /dev/null *");
        return Expected.imageBuilds(sandbox);
    }

    private Sandbox k3sSandbox() throws Exception {
        return k3sSandbox(dir);
    }

    /** A k3s whose kubeconfig is readable, whose API answers, with kubectl one minor ahead of it. */
    static Sandbox k3sSandbox(Path dir) throws Exception {
        Sandbox sandbox = upSandbox(dir)
                .succeed("kubectl", "* get --raw /readyz")
                .answer("kubectl", "*version -o json", "{\"clientVersion\": {\"minor\": \"37\"},\\n\"serverVersion\": {\"minor\": \"36\"}}\\n")
                .succeed("kubectl", "*-n kube-system get deployment traefik")
                .answer("kubectl", "*-n kube-system get helmchartconfig traefik -o name", 1, "Error from server (NotFound)\\n");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        return sandbox;
    }

    static Sandbox.Run upOnK3s(Sandbox sandbox, String... variables) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "CLUSTER=k3s"));
        args.addAll(List.of(variables));
        return sandbox.make(Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString()), args.toArray(String[]::new));
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
                // preflight: the engine runs, the host has a JDK, the engine is large enough, the host
                // ports are free or the cluster's own
                "docker info",
                "java -version",
                Expected.ENGINE_INFO,
                PREFLIGHT_PORTS,
                // only then the build, on the host's JDK
                "java -version",
                "$ROOT/mvnw -B package -DskipTests",
                "kind get clusters",
                "kind create cluster --name quarkus-k8s-platform --config $ROOT/k8s/kind/cluster.yaml"
                        + " --image kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5"
                        + " --wait 180s"));
        expected.addAll(Expected.gatewayApiCrds(KIND));
        expected.addAll(List.of(
                "helm upgrade --install traefik traefik --repo https://traefik.github.io/charts --version 42.4.3"
                        + " --kube-context kind-quarkus-k8s-platform --namespace traefik --create-namespace"
                        + " --values $ROOT/k8s/kind/traefik-values.yaml --wait --timeout 300s",
                "docker ps --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$",
                "docker rm --force quarkus-k8s-platform-cloud-provider-kind",
                // a Linux engine: the load balancers' addresses are reachable, no port mapping
                Expected.ENGINE_SYSTEM,
                "docker run --detach --name quarkus-k8s-platform-cloud-provider-kind --restart unless-stopped"
                        + " --network kind --volume /var/run/docker.sock:/var/run/docker.sock"
                        + " registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.11.1"
                        + "@sha256:40e18b9cd9c798cce40d39ff5c099a4f16a36c268d8e1dda469d73955a35e403"
                        + " --enable-default-ingress=false --gateway-channel=disabled"));
        expected.addAll(Expected.buildImages("1.0.0", Expected.IMAGES.toArray(String[]::new)));
        expected.add("kind load docker-image --name quarkus-k8s-platform " + Expected.allImages());
        expected.addAll(Expected.applyAndWait(KIND, "kind"));
        expected.addAll(List.of(KIND + Expected.LB_ADDRESS, Expected.ENGINE_SYSTEM,
                "curl -fsS --max-time 5 -o /dev/null http://172.18.0.5:8088/api/gateway/info"));
        assertEquals(expected, run.commands());
        assertTrue(run.output().contains("Ingress       http://localhost/"), run.output());
        assertTrue(run.output().contains("NodePort      http://127.0.0.1:30080/"), run.output());
        assertTrue(run.output().contains("LoadBalancer  http://172.18.0.5:8088/   (answers)"), run.output());
    }

    /** The addresses are where to look after a failed smoke suite too: printed, then the failure. */
    @Test
    void aFailedSmokeSuiteStillPrintsWhereThePlatformIs() throws Exception {
        Sandbox.Run run = sandbox().answer("java", "java -jar * smoke *", 1, "smoke: 17 of 18 checks passed\\n").make(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        String out = run.output();
        assertTrue(out.contains("The platform is applied on kind (version 1.0.0), but the smoke suite failed:"), out);
        assertTrue(out.contains("Ingress       http://localhost/"), out);
        assertTrue(out.contains("NodePort      http://127.0.0.1:30080/"), out);
        assertTrue(out.contains("up: the smoke suite failed through http://localhost (its report is above)"), out);
        assertFalse(out.contains("The platform is up"), out);
    }

    /**
     * A node image of the user's own (KIND_NODE_IMAGE), and a kubelet that starts on a cgroup v1 host:
     * since 1.35 it refuses one unless the cluster's KubeletConfiguration says failCgroupV1: false.
     */
    @Test
    void kindTakesANodeImageOfYourOwnAndItsKubeletStartsOnCgroupV1() throws Exception {
        Sandbox.Run run = sandbox().make(Map.of("KIND_NODE_IMAGE", "platform/node:v1.37.2"), "up");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.commands().contains("kind create cluster --name quarkus-k8s-platform --config $ROOT/k8s/kind/cluster.yaml"
                + " --image platform/node:v1.37.2 --wait 180s"), run.commands().toString());
        JsonNode cluster = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RenderedOverlay.repositoryRoot().resolve("k8s/kind/cluster.yaml")));
        List<JsonNode> kubelet = new ArrayList<>();
        for (JsonNode patch : cluster.path("kubeadmConfigPatches")) {
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(patch.asText());
            if ("KubeletConfiguration".equals(document.path("kind").asText())) {
                kubelet.add(document);
            }
        }
        assertEquals(1, kubelet.size(), "one KubeletConfiguration patch for every node: " + cluster);
        assertEquals(false, kubelet.get(0).path("failCgroupV1").asBoolean(true), kubelet.toString());
    }

    @Test
    void aMissingEngineStopsUpBeforeTheBuild() throws Exception {
        Sandbox sandbox = sandbox().without("docker").without("podman");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: docker is not installed: install Docker (Linux: apt-get install docker.io;"
                + " macOS: Docker Desktop, colima, OrbStack or Rancher Desktop)\n"), run.output());
        assertEquals(List.of(), run.commands(), "nothing runs, nothing is built, before the preflight passes");
    }

    @Test
    void podmanIsRefusedWithOneLine() throws Exception {
        Sandbox.Run run = sandbox().without("docker").makeWithOnlyBasics(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: make up needs Docker, not podman: kind load docker-image and"
                + " cloud-provider-kind use docker and its socket (podman works for make images); install Docker (Linux:"
                + " apt-get install docker.io; macOS: Docker Desktop, colima, OrbStack or Rancher Desktop)\n"),
                run.output());
        assertEquals(List.of(), run.commands(), "nothing runs on podman");
    }

    @Test
    void aSecondUpCreatesNothingAndKeepsTheSetupJob() throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("docker", "docker ps --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$", "4f2a\\n")
                .answer("kubectl", "*get job setup*", "setup " + Expected.SETUP_DIGEST)
                .answer("kubectl", "* get secret * -o name", "secret/it-exists\\n")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        List<String> changes = run.commands().stream()
                .filter(c -> c.startsWith("kind create") || c.startsWith("docker run") || c.startsWith("docker rm")
                        || c.contains(" delete ") || c.contains(" create secret "))
                .toList();
        for (Expected.InstallSecret secret : Expected.installSecrets()) {
            for (String namespace : secret.namespaces()) {
                assertTrue(run.output().contains("secret " + secret.name() + " exists in " + namespace + ": keeping it"), run.output());
            }
        }
        assertEquals(List.of(), changes, "a second make up must not create, start or delete anything");
        assertTrue(run.output().contains("kind cluster quarkus-k8s-platform exists: keeping it"), run.output());
        assertTrue(run.commands().contains(KIND + " apply -k $ROOT/k8s/overlays/kind"));
    }

    /** The ingest token lives in two namespaces: one that lost it gets the value the other holds, not a new one. */
    @Test
    void aSecretMissingInOneOfItsNamespacesGetsTheValueAnotherHolds() throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kubectl", "* get secret * -o name", "secret/it-exists\\n")
                .answer("kubectl", "*-n platform-logging get secret logs-ingest-token -o name", 1, "Error from server (NotFound)\\n")
                .answer("kubectl", "*-n platform get secret logs-ingest-token -o *go-template=*", "token=0123\\n")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        List<String> calls = run.commands().stream().filter(c -> c.contains("logs-ingest-token")).toList();
        assertEquals(4, calls.size(), calls.toString());
        assertEquals(KIND + " -n platform get secret logs-ingest-token -o name", calls.get(0));
        assertEquals(KIND + " -n platform-logging get secret logs-ingest-token -o name", calls.get(1));
        assertTrue(calls.get(2).startsWith(KIND + " -n platform get secret logs-ingest-token -o 'go-template="), calls.get(2));
        assertEquals(KIND + " -n platform-logging create secret generic logs-ingest-token --from-env-file=/dev/fd/N", calls.get(3));
        assertTrue(run.output().contains("copying secret logs-ingest-token from platform to platform-logging"), run.output());
    }

    /** Applied from another Job document (another image or env), or before make up annotated it: replaced. */
    @ParameterizedTest
    @ValueSource(strings = {"setup 0123abcd", "setup"})
    void aSetupJobOfAnotherTemplateIsReplacedBeforeTheApply(String ran) throws Exception {
        Sandbox.Run run = sandbox()
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("kubectl", "*get job setup*", ran)
                .succeed("kubectl", "* delete job setup --wait=true")
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        int delete = run.commands().indexOf(KIND + " -n platform delete job setup --wait=true");
        int apply = run.commands().indexOf(KIND + " apply -k $ROOT/k8s/overlays/kind");
        assertTrue(delete >= 0 && delete < apply, run.commands().toString());
        assertTrue(run.output().contains("the setup Job ran another template: deleting it so this one can run"), run.output());
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
                "java -version",
                K3S + " get --raw /readyz",
                K3S + " version -o json",
                // one node: the images imported here reach every pod
                K3S + BeyondOneMachineFlowTest.NODES,
                "java -version",
                "$ROOT/mvnw -B package -DskipTests"));
        // Traefik's Gateway provider on, by the platform's HelmChartConfig, none of the user's being there
        expected.addAll(Expected.gatewayApiCrds(K3S));
        expected.addAll(List.of(
                K3S + " -n kube-system get helmchartconfig traefik -o name",
                K3S + " apply -f $ROOT/k8s/k3s/traefik-config.yaml",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system rollout status deployment/traefik --timeout=300s"));
        expected.addAll(Expected.buildImages("1.0.0", Expected.IMAGES.toArray(String[]::new)));
        expected.add("docker save " + Expected.allImages());
        expected.add("k3s ctr images import -");
        expected.addAll(Expected.applyAndWait(K3S, "k3s"));
        expected.add(K3S + " get nodes -o 'jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}'");
        expected.add(K3S + Expected.LB_ADDRESS);
        expected.add("curl -fsS --max-time 5 -o /dev/null http://172.18.0.5:8088/api/gateway/info");
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
                K3S + " -n kube-system get helmchartconfig traefik -o name",
                K3S + " apply -f $ROOT/k8s/k3s/traefik-config.yaml",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system get deployment traefik",
                K3S + " -n kube-system rollout status deployment/traefik --timeout=300s"), traefik);
    }

    /** A kubectl 1.32 on PATH, and the pinned one offered for download: the stand-in's bytes. */
    private Sandbox.Run upWithAnOldKubectl(Sandbox sandbox) throws Exception {
        return sandbox.answer("kubectl", "kubectl version --client -o json", "{\"clientVersion\": {\"minor\": \"32\"}}\\n")
                .answer("curl", "curl * " + KUBECTL_URL, "<" + sandbox.standIn)
                .make(Map.of(), "-o", "build", "up");
    }

    @Test
    void aKubectlTooOldIsReplacedByThePinnedOneWhenItsChecksumMatches() throws Exception {
        Sandbox sandbox = sandbox();
        pinChecksum(sandbox, "kubectl", "linux-amd64", sha256(sandbox.standIn));
        Sandbox.Run run = upWithAnOldKubectl(sandbox);

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("is kubectl 1.32, more than one minor version from v1.37.0: fetching that"), run.output());
        assertTrue(Files.isExecutable(sandbox.root.resolve("bin/kubectl")), "the verified download is installed");
        assertTrue(run.commands().contains("$ROOT/bin/kubectl --context kind-quarkus-k8s-platform apply -k $ROOT/k8s/overlays/kind"),
                "the fetched kubectl is the one used: " + run.commands());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("kubectl --context")), run.commands().toString());
    }

    /** The real pin, which the stand-in's bytes do not match; nothing is fetched beside the download. */
    @Test
    void aKubectlWhoseChecksumDiffersFromThePinIsNotInstalled() throws Exception {
        Sandbox.Run run = upWithAnOldKubectl(sandbox());

        assertEquals(2, run.exit(), run.output());
        assertEquals(List.of("kind version", "kubectl version --client -o json",
                        "curl -fsSL --retry 3 --max-time 300 -o <download> " + KUBECTL_URL),
                run.commands().stream().map(c -> c.replaceAll("\\$ROOT/bin/\\.kubectl\\.\\w+", "<download>")).toList());
        assertTrue(run.output().contains("up: kubectl from " + KUBECTL_URL + " does not match the checksum pinned in"
                + " scripts/cluster/versions.sh: not installed"), run.output());
        assertFalse(Files.exists(dir.resolve("repo/bin/kubectl")), "an unverified download must not be installed");
    }

    @Test
    void aKubectlWithoutAPinnedChecksumIsNotFetched() throws Exception {
        Sandbox sandbox = sandbox();
        pinChecksum(sandbox, "kubectl", "linux-amd64", null);
        Sandbox.Run run = upWithAnOldKubectl(sandbox);

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("curl")), run.commands().toString());
        assertTrue(run.output().contains("up: no checksum for kubectl on linux-amd64 in scripts/cluster/versions.sh (TOOL_SHA256):"
                + " install kubectl yourself"), run.output());
    }

    @Test
    void aKindOfAnotherReleaseIsReplacedByThePinnedOne() throws Exception {
        String binary = "https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-linux-amd64";
        Sandbox.Run run = sandbox().answer("kind", "kind version", "kind v0.29.0 go1.24.2 linux/amd64\\n")
                .succeed("curl", "curl * " + binary)
                .make(Map.of(), "-o", "build", "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: found kind v0.29.0, the node image needs kind v0.33.0: fetching that"), run.output());
        assertTrue(run.output().contains("up: kind from " + binary + " does not match the checksum pinned in scripts/cluster/versions.sh"),
                "an empty download against the real pin: " + run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("kind create")), "no cluster from an unverified kind");
    }

    @Test
    void theHelm3OnPathIsReplacedByThePinnedHelm() throws Exception {
        Sandbox sandbox = sandbox();
        Path archive = helmRelease(sandbox, "linux-amd64");
        pinChecksum(sandbox, "helm", "linux-amd64", sha256(archive));
        Sandbox.Run run = sandbox.answer("helm", "helm version --template {{.Version}}", "v3.19.0")
                .answer("curl", "curl * " + HELM_URL, "<" + archive)
                .make(Map.of(), "-o", "build", "up");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("up: found helm v3.19.0, the Traefik chart was checked with helm v4.3.0: fetching that"),
                run.output());
        assertTrue(Files.isExecutable(sandbox.root.resolve("bin/helm")), "the pinned helm is in bin/");
        List<String> helm = run.commands().stream().filter(c -> c.contains("helm")).map(c -> c.replaceAll(" \\S*/\\.helm\\.\\w+ ", " <archive> ")).toList();
        assertEquals(List.of(
                "helm version --template {{.Version}}",
                "curl -fsSL --retry 3 --max-time 300 -o <archive> " + HELM_URL,
                "$ROOT/bin/helm upgrade --install traefik traefik --repo https://traefik.github.io/charts --version 42.4.3"
                        + " --kube-context kind-quarkus-k8s-platform --namespace traefik --create-namespace"
                        + " --values $ROOT/k8s/kind/traefik-values.yaml --wait --timeout 300s"), helm);
    }

    /**
     * A Mac, simulated: uname says Darwin and arm64, there is shasum but no sha256sum, no GNU timeout,
     * sed, grep, awk and date are busybox's (without most GNU extensions, as BSD's are), and none of
     * kind, kubectl and helm is there yet. make up fetches their darwin-arm64 builds, checks each with
     * shasum, and goes on with them. Unproven here: bash 3.2 itself (this runs bash 5; PortabilityTest
     * rejects bash 4 features by name) and BSD's own utilities.
     */
    @Test
    void onAMacTheDarwinArm64ToolsAreFetchedAndCheckedWithShasum() throws Exception {
        Sandbox sandbox = sandbox().without("kind").without("kubectl").without("helm")
                .standInFor("uname").standInFor("shasum").withBsdLikeUtilities();
        Path archive = helmRelease(sandbox, "darwin-arm64");
        String kind = "https://github.com/kubernetes-sigs/kind/releases/download/v0.33.0/kind-darwin-arm64";
        String kubectl = "https://dl.k8s.io/release/v1.37.0/bin/darwin/arm64/kubectl";
        String helm = "https://get.helm.sh/helm-v4.3.0-darwin-arm64.tar.gz";
        String sum = "ab".repeat(32);
        for (String tool : List.of("kind", "kubectl", "helm")) {
            pinChecksum(sandbox, tool, "darwin-arm64", sum);
        }
        sandbox.answer("uname", "uname -s", "Darwin\\n").answer("uname", "uname -m", "arm64\\n")
                .answer("shasum", "shasum -a 256 *", sum + "  file\\n")
                .answer("curl", "curl * " + kind, "<" + sandbox.standIn)
                .answer("curl", "curl * " + kubectl, "<" + sandbox.standIn)
                .answer("curl", "curl * " + helm, "<" + archive)
                .answer("docker", Expected.ENGINE_INFO, "8217341952 4 Docker Desktop\\n")
                .answer("docker", "docker ps --quiet --filter " + LB_CONTAINER, "9c1e\\n")
                .answer("docker", "docker port 9c1e 8088/tcp", "0.0.0.0:8088\\n");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "up");

        assertEquals(0, run.exit(), run.output());
        List<String> fetches = new ArrayList<>();
        for (String url : List.of(kind, kubectl, helm)) {
            fetches.addAll(List.of("uname -s", "uname -m", "curl -fsSL --retry 3 --max-time 300 -o <download> " + url,
                    "shasum -a 256 <download>"));
        }
        assertEquals(fetches, run.commands().stream().filter(c -> c.matches("(uname|curl|shasum) .*"))
                .map(c -> c.replaceAll("\\$ROOT/bin/\\.[a-z]+\\.\\w+", "<download>")).toList().subList(0, fetches.size()));
        for (String tool : List.of("kind", "kubectl", "helm")) {
            assertTrue(Files.isExecutable(sandbox.root.resolve("bin/" + tool)), tool + " installed in bin/");
        }
        assertTrue(run.commands().contains("$ROOT/bin/kind create cluster --name quarkus-k8s-platform --config $ROOT/k8s/kind/cluster.yaml"
                + " --image kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5 --wait 180s"),
                run.commands().toString());
        assertTrue(run.commands().stream().anyMatch(c -> c.startsWith("docker run --detach --name quarkus-k8s-platform-cloud-provider-kind")
                && c.endsWith(" --enable-lb-port-mapping")), "the load balancers published on the Mac: " + run.commands());
        assertTrue(run.output().contains("LoadBalancer  http://127.0.0.1:8088/   (answers)"), run.output());
        assertTrue(run.commands().contains("curl -fsS --max-time 5 -o /dev/null http://127.0.0.1:8088/api/gateway/info"),
                run.commands().toString());
    }

    /**
     * No JDK on the host: the build and the smoke suite run in the builder image, the smoke suite on the
     * kind network, where localhost (the Ingress's name) stands for the control-plane node through a
     * hosts file; BUILDER_DOCKER_OPTS (here a proxy's CA) goes to both.
     */
    @Test
    void withoutAJdkTheBuildAndTheSmokeSuiteRunInTheBuilderImage() throws Exception {
        String certificates = "--volume /etc/ssl/certs:/etc/ssl/certs:ro";
        // Only basic utilities: the setup Job's digest comes from a sha256sum stand-in.
        Sandbox sandbox = sandbox().without("java").succeed("docker", "docker run --rm *", "docker image inspect " + Expected.BUILDER)
                .answer("docker", "docker inspect -f * quarkus-k8s-platform-control-plane", "172.18.0.3\\n")
                .standInFor("sha256sum").answer("sha256sum", "sha256sum *", Expected.SETUP_DIGEST + "  setup-job.yaml\\n");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of("BUILDER_DOCKER_OPTS", certificates), "up");

        assertEquals(0, run.exit(), run.output());
        String builder = Expected.BUILDER;
        String user = id("-u") + ":" + id("-g");
        String chown = "docker run --rm --user 0 --volume quarkus-k8s-platform-maven:/maven " + builder + " chown " + user + " /maven";
        String inBuilder = "docker run --rm --user " + user + " --env HOME=/tmp --env MAVEN_USER_HOME=/maven"
                + " --env MAVEN_OPTS=-Dmaven.repo.local=/maven/repository --volume quarkus-k8s-platform-maven:/maven"
                + " --volume $ROOT:$ROOT --workdir $ROOT " + certificates + " ";
        List<String> inContainers = run.commands().stream().filter(c -> c.startsWith("docker run --rm")).toList();
        assertEquals(List.of(chown, inBuilder + builder + " $ROOT/scripts/mvn-strict.sh -B package -DskipTests",
                chown, inBuilder + "--network kind --env LOGS_READ_TOKEN " + builder + " java -Djdk.net.hosts.file=$ROOT/target/ingress-hosts"
                        + " -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar smoke --base-url http://localhost --wait-seconds 60",
                chown, inBuilder + "--network kind --env LOGS_READ_TOKEN " + builder + " java -Djdk.net.hosts.file=$ROOT/target/ingress-hosts"
                        + " -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar smoke --base-url http://gateway-api.localhost --wait-seconds 60"),
                inContainers);
        assertEquals("172.18.0.3 localhost gateway-api.localhost\n", Files.readString(sandbox.root.resolve("target/ingress-hosts")));
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("java ") || c.contains("/mvnw ")), run.commands().toString());
        assertTrue(run.output().contains("build: no JDK 17 or newer on this machine: building in " + builder), run.output());
    }

    private static String id(String option) throws Exception {
        Process id = new ProcessBuilder("id", option).start();
        String out = new String(id.getInputStream().readAllBytes()).trim();
        assertTrue(id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0, "id " + option);
        return out;
    }

    /** No JDK, no builder image and nothing to build one with: one line says what to install, and nothing is built. */
    @Test
    void withoutAJdkOrMmdebstrapTheBuildSaysWhatToInstall() throws Exception {
        Sandbox sandbox = sandbox().without("java")
                .answer("docker", "docker image inspect " + Expected.BUILDER, 1, "Error: No such image\\n");
        Sandbox.Run run = sandbox.makeWithOnlyBasics(Map.of(), "up");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("no JDK 17 here and no " + Expected.BUILDER
                + " to build in: install a JDK 17 or newer, or mmdebstrap (apt-get install mmdebstrap) to build that image"), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker run") || c.startsWith("docker build")),
                run.commands().toString());
    }

    @Test
    void k3sMissingSaysHowToInstallIt() throws Exception {
        Sandbox.Run run = sandbox().without("k3s").make(Map.of(), "up", "CLUSTER=k3s");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains(
                "up: k3s is not installed: curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.36.4+k3s1 sh -"), run.output());
        assertEquals(List.of(), run.commands(), "nothing may run before the missing k3s is reported");
    }

    /** A helm release archive as get.helm.sh publishes it, <os>-<arch>/helm inside, the stand-in as helm. */
    private Path helmRelease(Sandbox sandbox, String platform) throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("helm-release/" + platform));
        Files.copy(sandbox.standIn, unpacked.resolve("helm"));
        Path archive = dir.resolve("helm.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", unpacked.getParent().toString(), platform)
                .inheritIO().start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar");
        return archive;
    }

    /**
     * Pins, in the sandbox's copy of versions.sh, the SHA-256 that make up expects of a tool's download
     * for a platform (TOOL_SHA256); null takes the platform's pin away.
     */
    private static void pinChecksum(Sandbox sandbox, String tool, String platform, String sha256) throws Exception {
        Path versions = sandbox.root.resolve("scripts/cluster/versions.sh");
        String text = Files.readString(versions);
        String line = "(?m)^" + tool + " +" + platform + " +[0-9a-f]{64}\\n";
        assertTrue(Pattern.compile(line).matcher(text).find(), tool + " " + platform + " is pinned in versions.sh");
        Files.writeString(versions, text.replaceAll(line, sha256 == null ? "" : tool + " " + platform + " " + sha256 + "\n"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
