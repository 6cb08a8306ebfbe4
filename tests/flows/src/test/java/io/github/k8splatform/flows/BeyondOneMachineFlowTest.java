package io.github.k8splatform.flows;

import static io.github.k8splatform.flows.Expected.K3S;
import static io.github.k8splatform.flows.Expected.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.ServiceModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make up beyond one machine: REGISTRY= on kind, k3s and CLUSTER=current (the images pushed, then
 * applied by digest from a kustomization written at deploy time), a multi-node k3s without a registry
 * (refused before the build), nodes of two architectures (one multi-arch push per image), and any
 * cluster as it is. What make up writes is rendered with the real kubectl kustomize and read back.
 */
class BeyondOneMachineFlowTest {

    static final String NODES = " get nodes -o 'jsonpath={range .items[*]}{.metadata.name}{\" \"}{.status.nodeInfo.architecture}{\"\\n\"}{end}'";
    /** The glob for that call: brackets would be a character class. */
    static final String NODES_GLOB = "*get nodes -o *.status.nodeInfo.architecture*";
    static final String DIGEST = "sha256:" + "ab12".repeat(16);
    /** A Java base pushed for amd64 and arm64, as a mixed cluster's build needs one. */
    private static final String MULTI_ARCH_BASE = "10.0.0.7:5000/jre:25-trixie";
    /** The Ingress's name on CLUSTER=current, where localhost does not reach it. */
    private static final String HOST = "PLATFORM_HOST=shop.example.com";

    @TempDir
    Path dir;

    /** PostgreSQL's image as the StatefulSet names it: name:tag@digest. */
    private static final String POSTGRES = RenderedOverlay.of("kind").one(StatefulSet.class, "postgres").getSpec().getTemplate()
            .getSpec().getContainers().get(0).getImage();
    /** Its name and tag, which its copy in a registry keeps (the copy has a digest of its own). */
    private static final String POSTGRES_TAG = POSTGRES.substring(0, POSTGRES.indexOf('@'));

    /** A registry that takes every push and reports the same digest, on an engine of this architecture. */
    private static Sandbox pushing(Sandbox sandbox, String engineArchitecture) {
        return sandbox.answer("docker", "docker info --format {{.Architecture}}", engineArchitecture + "\\n")
                .succeed("docker", "docker tag *", "docker image inspect postgres:*")
                .answer("docker", "docker push *", "The push refers to repository\\n1.0.0: digest: " + DIGEST + " size: 2203\\n");
    }

    @Test
    void aMultiNodeK3sWithoutARegistryIsRefusedBeforeTheBuild() throws Exception {
        Sandbox sandbox = UpFlowTest.k3sSandbox(dir).answer("kubectl", NODES_GLOB, "this-machine amd64\\npi-1 arm64\\npi-2 arm64\\n")
                .standInFor("hostname").answer("hostname", "hostname", "this-machine\\n");
        Sandbox.Run run = UpFlowTest.upOnK3s(sandbox);

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("up: k3s has 3 nodes, and without REGISTRY the images go into this machine's containerd"
                + " only: the pods of " + String.join(" ", ServiceModules.all()) + " scheduled on pi-1"), run.output());
        assertTrue(run.output().contains(" scheduled on pi-1 pi-2 would stay in ErrImagePull; make registry, then REGISTRY=<this host's address>:5000"
                + " CLUSTER=k3s make up"), run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.contains("mvnw") || c.startsWith("docker build")),
                "refused before anything is built: " + run.commands());
    }

    @Test
    void doctorWarnsOfAMultiNodeK3sWithoutARegistry() throws Exception {
        Sandbox sandbox = UpFlowTest.k3sSandbox(dir).answer("kubectl", NODES_GLOB, "this-machine amd64\\npi-1 arm64\\n")
                .succeed("kubectl", "*-n kube-system get deployment traefik -o *", "*-n kube-system get daemonsets -o name");
        Sandbox.Run run = sandbox.make(Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString()), "doctor", "CLUSTER=k3s");

        assertTrue(run.output().matches("(?s).*\\nPASS +nodes +this-machine \\(amd64\\), pi-1 \\(arm64\\)\\n.*"), run.output());
        assertTrue(run.output().matches("(?s).*\\nWARN +images reach nodes +k3s has 2 nodes, .*"), run.output());
    }

    @Test
    void registryOnK3sPushesEachImageAndAppliesItByDigest() throws Exception {
        Sandbox sandbox = pushing(UpFlowTest.k3sSandbox(dir), "x86_64").answer("kubectl", NODES_GLOB, "this-machine amd64\\n");
        Sandbox.Run run = UpFlowTest.upOnK3s(sandbox, "REGISTRY=10.0.0.7:5000");

        assertEquals(0, run.exit(), run.output());
        for (String image : ServiceModules.all()) {
            assertTrue(run.commands().contains("docker tag " + image + ":1.0.0 10.0.0.7:5000/" + image + ":1.0.0"), run.commands().toString());
            assertTrue(run.commands().contains("docker push 10.0.0.7:5000/" + image + ":1.0.0"), run.commands().toString());
        }
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker save") || c.startsWith("k3s ctr")),
                "nothing imported into this node: " + run.commands());
        assertTrue(run.commands().contains(K3S + " apply -k $ROOT/target/deploy/k3s"), run.commands().toString());
        RenderedOverlay applied = rendered(sandbox, "k3s");
        assertEquals(fromRegistry("10.0.0.7:5000"), ourImages(applied), "every image of the platform by the registry's name and digest");
        assertTrue(run.commands().contains("docker push 10.0.0.7:5000/" + POSTGRES_TAG), "PostgreSQL's image copied too: " + run.commands());
        assertEquals("kube-system", controllerPeer(applied), "the k3s overlay's own settings stay");
    }

    /**
     * A Job's template cannot change: the setup Job is compared with the Job document of what is
     * applied (here the install's kustomization, with the pushed images), kept when it was applied
     * from the same one, replaced when not.
     */
    @Test
    void theSetupJobIsReplacedOnlyWhenItRanAnotherTemplate() throws Exception {
        for (String ran : List.of("setup " + Expected.SETUP_DIGEST, "setup 0123abcd")) {
            Sandbox sandbox = pushing(UpFlowTest.k3sSandbox(dir.resolve(ran.length() > 20 ? "same" : "other")), "x86_64")
                    .answer("kubectl", NODES_GLOB, "this-machine amd64\\n")
                    .answer("kubectl", "*get job setup*", ran)
                    .succeed("kubectl", "* delete job setup --wait=true");
            Sandbox.Run run = UpFlowTest.upOnK3s(sandbox, "REGISTRY=10.0.0.7:5000");

            assertEquals(0, run.exit(), run.output());
            assertTrue(run.commands().contains(K3S + " kustomize $ROOT/target/deploy/k3s"), run.commands().toString());
            assertEquals(ran.endsWith("0123abcd"), run.commands().contains(K3S + " -n platform delete job setup --wait=true"), ran);
        }
    }

    @Test
    void nodesOfTwoArchitecturesGetOneMultiArchPushPerImage() throws Exception {
        Sandbox sandbox = UpFlowTest.k3sSandbox(dir).answer("kubectl", NODES_GLOB, "this-machine amd64\\npi-1 arm64\\n")
                .answer("docker", "docker info --format {{.Architecture}}", "x86_64\\n")
                .succeed("docker", "docker buildx version", "docker buildx build *", "docker buildx imagetools create *")
                .answer("docker", "docker buildx imagetools inspect *", DIGEST + "\\n");
        Sandbox.Run run = UpFlowTest.upOnK3s(sandbox, "REGISTRY=10.0.0.7:5000", "BASE_IMAGE=" + MULTI_ARCH_BASE);

        assertEquals(0, run.exit(), run.output());
        List<String> builds = run.commands().stream().filter(c -> c.startsWith("docker buildx build")).toList();
        assertEquals(ServiceModules.all().size(), builds.size(), builds.toString());
        for (String build : builds) {
            assertTrue(build.startsWith("docker buildx build --platform linux/amd64,linux/arm64 --push --file $ROOT/images/Dockerfile"
                    + " --build-arg BASE_IMAGE=" + MULTI_ARCH_BASE + " "), build);
            assertTrue(build.matches(".* --tag 10\\.0\\.0\\.7:5000/[a-z-]+:1\\.0\\.0 \\$ROOT$"), build);
        }
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker build ") || c.startsWith("docker push")),
                "no single-architecture image: " + run.commands());
        assertEquals(fromRegistry("10.0.0.7:5000"), ourImages(rendered(sandbox, "k3s")), "the manifest lists' digests");
        assertTrue(run.commands().contains("docker buildx imagetools create --tag 10.0.0.7:5000/" + POSTGRES_TAG + " " + POSTGRES),
                "PostgreSQL's manifest list copied whole: " + run.commands());
    }

    /** The Debian-built base exists for this machine's architecture alone: two need one from a registry. */
    @Test
    void twoArchitecturesOnTheLocalBaseAreRefusedWithTheFix() throws Exception {
        Sandbox sandbox = UpFlowTest.k3sSandbox(dir).answer("kubectl", NODES_GLOB, "this-machine amd64\\npi-1 arm64\\n")
                .answer("docker", "docker info --format {{.Architecture}}", "x86_64\\n")
                .succeed("docker", "docker buildx version");
        Sandbox.Run run = UpFlowTest.upOnK3s(sandbox, "REGISTRY=10.0.0.7:5000");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("build-images: building for linux/amd64,linux/arm64 needs BASE_IMAGE, a Java 25 image in a registry for each of them"),
                run.output());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("docker buildx build")), run.commands().toString());
    }

    @Test
    void twoArchitecturesWithoutBuildxAreRefusedWithTheFix() throws Exception {
        Sandbox sandbox = UpFlowTest.k3sSandbox(dir).answer("kubectl", NODES_GLOB, "this-machine amd64\\npi-1 arm64\\n")
                .answer("docker", "docker info --format {{.Architecture}}", "x86_64\\n")
                .answer("docker", "docker buildx version", 1, "docker: unknown command: docker buildx\\n");
        Sandbox.Run run = UpFlowTest.upOnK3s(sandbox, "REGISTRY=10.0.0.7:5000");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("build-images: building for linux/amd64,linux/arm64 needs docker buildx"), run.output());
    }

    @Test
    void registryOnKindPointsEveryNodeAtItThroughTheKindNetwork() throws Exception {
        Sandbox sandbox = pushing(UpFlowTest.upSandbox(dir), "x86_64")
                .answer("kind", "kind get clusters", "quarkus-k8s-platform\\n")
                .answer("docker", "docker ps --quiet --filter name=^quarkus-k8s-platform-cloud-provider-kind$", "4f2a\\n")
                .answer("kubectl", NODES_GLOB, "quarkus-k8s-platform-control-plane amd64\\nquarkus-k8s-platform-worker amd64\\n")
                .answer("kind", "kind get nodes --name quarkus-k8s-platform", "quarkus-k8s-platform-control-plane\\nquarkus-k8s-platform-worker\\n")
                .answer("docker", "docker network inspect kind *", "172.18.0.1 fc00:f853:ccd:e793::1 \\n")
                .succeed("docker", "docker exec *");
        Sandbox.Run run = sandbox.make(Map.of(), "-o", "build", "up", "REGISTRY=127.0.0.1:5000");

        assertEquals(0, run.exit(), run.output());
        for (String node : List.of("quarkus-k8s-platform-control-plane", "quarkus-k8s-platform-worker")) {
            assertTrue(run.commands().contains("docker exec " + node + " mkdir -p /etc/containerd/certs.d/127.0.0.1:5000"), run.commands().toString());
            assertTrue(run.commands().contains("docker exec -i " + node + " cp /dev/stdin /etc/containerd/certs.d/127.0.0.1:5000/hosts.toml"),
                    run.commands().toString());
        }
        assertTrue(run.commands().contains("docker exec quarkus-k8s-platform-control-plane curl -fsS --max-time 5 -o /dev/null"
                + " http://172.18.0.1:5000/v2/"), "a node reaches the registry before anything is applied: " + run.commands());
        assertTrue(run.commands().stream().noneMatch(c -> c.startsWith("kind load")), run.commands().toString());
        assertTrue(run.commands().contains(KIND + " apply -k $ROOT/target/deploy/kind"), run.commands().toString());
        assertEquals(fromRegistry("127.0.0.1:5000"), ourImages(rendered(sandbox, "kind")));
    }

    /** A cluster with ingress-nginx as its default class, a default StorageClass, two nodes and their pod CIDRs. */
    private Sandbox currentCluster(String name) throws Exception {
        return pushing(UpFlowTest.upSandbox(dir.resolve(name)), "x86_64")
                .answer("kubectl", "kubectl config current-context", "prod\\n")
                .succeed("kubectl", "kubectl --context prod get --raw /readyz")
                .answer("kubectl", "kubectl --context prod version -o json", "{\"clientVersion\": {\"minor\": \"37\"},\\n\"serverVersion\": {\"minor\": \"36\"}}\\n")
                .answer("kubectl", NODES_GLOB, "node-a amd64\\nnode-b amd64\\n")
                .answer("kubectl", "*get ingressclass -o ?jsonpath=?range .items???}{.metadata.name}*", "nginx ")
                .answer("kubectl", "*get ingressclass -o *is-default-class*", "nginx\\n")
                .answer("kubectl", "*get storageclass -o *is-default-class*", "standard ")
                .succeed("kubectl", "kubectl --context prod get ingressclass nginx -o name")
                .answer("kubectl", "*get ingressclass nginx -o jsonpath={.spec.controller}", "k8s.io/ingress-nginx")
                .answer("kubectl", "*get pods --all-namespaces -l app.kubernetes.io/name=ingress-nginx *", "ingress-nginx")
                .answer("kubectl", "*get nodes -o *podCIDR*", "10.1.0.0/24\\n10.1.1.0/24\\n")
                .answer("kubectl", "*get ingress platform *", "203.0.113.9")
                .answer("kubectl", "kubectl --context prod get gatewayclass traefik -o name", 1,
                        "Error from server (NotFound): gatewayclasses.gateway.networking.k8s.io \"traefik\" not found\\n")
                .answer("kubectl", "* get httproute platform -o name", 1,
                        "Error from server (NotFound): the server doesn't have a resource type \"httproute\"\\n");
    }

    /** Refused by the preflight (doctor's rows), which make up runs before it builds anything. */
    @Test
    void currentWithoutARegistryADefaultIngressClassOrStorageClassIsRefused() throws Exception {
        Sandbox.Run unpushed = currentCluster("unpushed").make(Map.of(), "-o", "build", "up", "CLUSTER=current", HOST);
        assertEquals(2, unpushed.exit(), unpushed.output());
        assertTrue(unpushed.output().contains("up: CLUSTER=current pulls every image from a registry: make registry (or use yours),"
                + " then REGISTRY=<host:port> CLUSTER=current make up"), unpushed.output());

        Sandbox.Run classless = currentCluster("classless").answer("kubectl", "*get ingressclass -o *is-default-class*", "")
                .make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop", HOST);
        assertEquals(2, classless.exit(), classless.output());
        assertTrue(classless.output().contains("FAIL   IngressClasses         nginx, none of them the default"), classless.output());
        assertTrue(classless.commands().stream().noneMatch(c -> c.contains(" apply -k ")), "nothing applied: " + classless.commands());

        Sandbox.Run storeless = currentCluster("storeless").answer("kubectl", "*get storageclass -o *is-default-class*", "")
                .make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop", HOST);
        assertEquals(2, storeless.exit(), storeless.output());
        assertTrue(storeless.output().contains("FAIL   default StorageClass   none: PostgreSQL's PersistentVolumeClaim would stay Pending"),
                storeless.output());
        assertTrue(storeless.commands().stream().noneMatch(c -> c.contains(" apply -k ")), "nothing applied: " + storeless.commands());
    }

    @Test
    void aPullSecretOnlyWhenAskedFor() throws Exception {
        Sandbox sandbox = currentCluster("pull-secret").succeed("kubectl", "*create secret generic registry-credentials *", "*apply -f -");
        Sandbox.Run run = upWithPullSecret(sandbox, "registry.example.com");

        assertEquals(0, run.exit(), run.output());
        for (String namespace : List.of("platform", "platform-logging")) {
            assertTrue(run.commands().contains("kubectl --context prod -n " + namespace + " create secret generic registry-credentials"
                    + " --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/dev/fd/N --dry-run=client -o yaml"),
                    run.commands().toString());
        }
        RenderedOverlay applied = rendered(sandbox, "current");
        for (ServiceAccount account : applied.all(ServiceAccount.class)) {
            assertEquals("registry-credentials", account.getImagePullSecrets().get(0).getName(), account.getMetadata().getName());
        }

        Sandbox.Run refused = upWithPullSecret(currentCluster("pull-secret-elsewhere"), "ghcr.io");
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("holds no credentials for registry.example.com: docker login registry.example.com"), refused.output());
        assertTrue(refused.commands().stream().noneMatch(c -> c.contains("registry-credentials") || c.contains(" apply -k ")),
                "no Secret, nothing applied: " + refused.commands());
    }

    /**
     * The Ingress answers localhost and PLATFORM_HOST, each with every path, and the smoke suite goes
     * through that name; CLUSTER=current without it, or with an address, is refused before the build.
     */
    @Test
    void theIngressAnswersOnlyItsHosts() throws Exception {
        Sandbox sandbox = currentCluster("hosts");
        Sandbox.Run run = sandbox.make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop", HOST);

        assertEquals(0, run.exit(), run.output());
        Ingress ingress = rendered(sandbox, "current").one(Ingress.class, "platform");
        List<IngressRule> rules = ingress.getSpec().getRules();
        assertEquals(List.of("localhost", "shop.example.com"), rules.stream().map(IngressRule::getHost).toList());
        assertEquals(rules.get(0).getHttp(), rules.get(1).getHttp(), "the same paths under both hosts");
        assertTrue(run.commands().contains("java -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar smoke"
                + " --base-url http://shop.example.com --wait-seconds 60"), run.commands().toString());
        assertTrue(rendered(sandbox, "current").all(HTTPRoute.class).isEmpty(), "no GatewayClass traefik, no HTTPRoute");

        // Where Traefik serves Gateway API, its route comes too, under both names, and the suite runs through it.
        Sandbox gatewayApi = currentCluster("gateway-api").succeed("kubectl", "kubectl --context prod get gatewayclass traefik -o name",
                "* get httproute platform -o name");
        Sandbox.Run both = gatewayApi.make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop", HOST);
        assertEquals(0, both.exit(), both.output());
        HTTPRoute route = rendered(gatewayApi, "current").one(HTTPRoute.class, "platform");
        assertEquals(List.of("gateway-api.localhost", "gateway-api.shop.example.com"), route.getSpec().getHostnames());
        assertTrue(both.commands().contains("java -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar smoke"
                + " --base-url http://gateway-api.shop.example.com --wait-seconds 60"), both.commands().toString());
        assertTrue(both.output().contains("Gateway API   http://gateway-api.shop.example.com/"), both.output());

        for (String[] refused : new String[][] {
                {"PLATFORM_HOST=", "up: CLUSTER=current needs PLATFORM_HOST=<a name that resolves to your Ingress controller>:"
                        + " the Ingress answers only localhost and that name"},
                {"PLATFORM_HOST=10.0.0.7", "up: PLATFORM_HOST must be a DNS name in lower case, without port or scheme,"
                        + " not an address: '10.0.0.7'"},
                {"PLATFORM_HOST=Shop.example.com:80", "up: PLATFORM_HOST must be a DNS name"}}) {
            Sandbox.Run bad = currentCluster("hosts-" + refused[0].length())
                    .make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop", refused[0]);
            assertEquals(2, bad.exit(), bad.output());
            assertTrue(bad.output().contains(refused[1]), bad.output());
            assertTrue(bad.commands().stream().noneMatch(c -> c.contains(" apply ")), "nothing applied: " + bad.commands());
        }
    }

    /** make up with REGISTRY_PULL_SECRET=1 and a config.json holding one login, as docker login writes it. */
    private static Sandbox.Run upWithPullSecret(Sandbox sandbox, String loggedInto) throws Exception {
        Files.createDirectories(sandbox.root.resolve(".docker"));
        Files.writeString(sandbox.root.resolve(".docker/config.json"),
                "{\n\t\"auths\": {\n\t\t\"" + loggedInto + "\": {\n\t\t\t\"auth\": \"c2VjcmV0\"\n\t\t}\n\t}\n}\n");
        return sandbox.make(Map.of(), "-o", "build", "up", "CLUSTER=current", "REGISTRY=registry.example.com/shop",
                "REGISTRY_PULL_SECRET=1", HOST);
    }

    /** What make up wrote for this install, rendered by the real kubectl kustomize. */
    private static RenderedOverlay rendered(Sandbox sandbox, String cluster) throws Exception {
        Path written = sandbox.root.resolve("target/deploy/" + cluster);
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", written.toString()).redirectErrorStream(true).start();
        String yaml = new String(kustomize.getInputStream().readAllBytes());
        assertTrue(kustomize.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kustomize.exitValue(), Files.readString(written.resolve("kustomization.yaml")) + yaml);
        return RenderedOverlay.decode(cluster, yaml);
    }

    /** The images of the platform's own workloads (PostgreSQL's comes from its own registry). */
    /** Every image the rendering runs, PostgreSQL's included. */
    private static TreeSet<String> ourImages(RenderedOverlay overlay) {
        TreeSet<String> images = new TreeSet<>();
        for (PodTemplateSpec template : overlay.podTemplates().values()) {
            template.getSpec().getContainers().forEach(c -> images.add(c.getImage()));
        }
        return images;
    }

    /** Every image of the platform, each service's and PostgreSQL's, from this registry by digest. */
    private static TreeSet<String> fromRegistry(String registry) {
        TreeSet<String> images = new TreeSet<>(ServiceModules.all().stream().map(i -> registry + "/" + i + ":1.0.0@" + DIGEST).toList());
        images.add(registry + "/" + POSTGRES_TAG + "@" + DIGEST);
        return images;
    }

    private static String controllerPeer(RenderedOverlay overlay) {
        NetworkPolicy logs = overlay.one(NetworkPolicy.class, "logs-ingress");
        return logs.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
    }
}
