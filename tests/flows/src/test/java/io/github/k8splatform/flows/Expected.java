package io.github.k8splatform.flows;

import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.ServiceModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command lines the flows are expected to run, as {@link Sandbox#shown} shows them (an argument
 * with white space or quotes in single quotes), and the answers the stand-ins need for them.
 */
final class Expected {

    static final String VERSION = "1.0.0";
    static final String KIND = "kubectl --context kind-quarkus-k8s-platform";
    static final String K3S_CONFIG = "$ROOT/k3s.yaml";
    static final String K3S = "kubectl --kubeconfig " + K3S_CONFIG;
    /** The Debian-built Java base, which build-images.sh uses when BASE_IMAGE is unset. */
    static final String BASE = baseImage("JRE_IMAGE");
    /** The Debian-built builder, in which make build runs where the host has no JDK 17. */
    static final String BUILDER = baseImage("OFFLINE_BUILDER_IMAGE");
    static final List<String> IMAGES = ServiceModules.all();

    private static final Pattern STOP_FILE = Pattern.compile("drill-stop\\.\\w+");
    /** The time in the report's name and in its events file's. */
    private static final Pattern REPORT_TIME = Pattern.compile("-\\d{8}-\\d{6}(?=\\.html|-events\\.json|-kubelets)");

    private Expected() {
    }

    /** Where scripts/cluster/gateway-api-crds.sh keeps the pinned CRDs once fetched (HOME is the sandbox's root). */
    static final String GATEWAY_API_CRDS = "$ROOT/.cache/quarkus-k8s-platform/gateway-api/" + pinned("GATEWAY_API_VERSION")
            + "-" + pinned("GATEWAY_API_SHA256").substring(0, 16) + "/standard";

    /** scripts/cluster/gateway-api-crds.sh install, through this kubectl: apply, then wait until they are served. */
    static List<String> gatewayApiCrds(String kube) {
        return List.of(kube + " apply --server-side --force-conflicts -f " + GATEWAY_API_CRDS,
                kube + " wait --for condition=Established --timeout=60s crd/gatewayclasses.gateway.networking.k8s.io"
                        + " crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io");
    }

    /** After the smoke suite through the Ingress: the HTTPRoute is there and accepted, and the suite runs through it. */
    static List<String> smokeThroughTheGateway(String kube) {
        return List.of(kube + " -n platform get httproute platform -o name",
                kube + " -n platform wait httproute/platform --timeout=120s"
                        + " '--for=jsonpath={.status.parents[0].conditions[?(@.type==\"Accepted\")].status}=True'",
                "java -version",
                "java -Djdk.net.hosts.file=$ROOT/target/ingress-hosts -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar"
                        + " smoke --base-url http://gateway-api.localhost --wait-seconds 60");
    }

    /** A value scripts/cluster/versions.sh pins: NAME=value. */
    static String pinned(String name) {
        try {
            return Files.readAllLines(RenderedOverlay.repositoryRoot().resolve("scripts/cluster/versions.sh")).stream()
                    .filter(line -> line.startsWith(name + "=")).map(line -> line.substring(name.length() + 1))
                    .findFirst().orElseThrow(() -> new IllegalStateException("scripts/cluster/versions.sh pins no " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What docker info says of the engine: its memory, CPUs and system, as make doctor reads them. */
    static final String ENGINE_INFO = "docker info --format '{{.MemTotal}} {{.NCPU}} {{.OperatingSystem}}'";
    /** Whether the engine is Docker Desktop, whose container addresses the host cannot reach. */
    static final String ENGINE_SYSTEM = "docker info --format {{.OperatingSystem}}";

    /** The LoadBalancer address and port make up reads to print its URL. */
    static final String LB_ADDRESS = " -n platform get service gateway-lb -o"
            + " 'jsonpath={.status.loadBalancer.ingress[0].ip}{\" \"}{.spec.ports[0].port}{\"\\n\"}'";

    /** What the stand-ins answer for images/build-images.sh: the engine runs, the base is there, each image has a size. */
    static Sandbox imageBuilds(Sandbox sandbox) {
        return sandbox.succeed("docker", "docker info", "docker image inspect " + BASE, "docker build *")
                .answer("docker", "docker image inspect --format*", "300000000");
    }

    /** What images/build-images.sh runs for these services at this version. */
    static List<String> buildImages(String version, String... services) {
        List<String> lines = new ArrayList<>(List.of("docker info", "docker image inspect " + BASE));
        for (String service : services) {
            lines.add("docker build --file $ROOT/images/Dockerfile --build-arg BASE_IMAGE=" + BASE
                    + " --build-arg SERVICE=" + service + " --build-arg VERSION=" + version
                    + " --build-arg REVISION=unknown"
                    + (service.equals("batch") ? " --build-arg TRAINING_ARGS=--help" : "")
                    + " --tag " + service + ":" + version + " $ROOT");
            lines.add("docker image inspect --format {{.Size}} " + service + ":" + version);
        }
        return lines;
    }

    /** An image images/base-images.sh builds, by the variable that names it there. */
    private static String baseImage(String variable) {
        try {
            return Files.readAllLines(RenderedOverlay.repositoryRoot().resolve("images/base-images.sh")).stream()
                    .filter(line -> line.startsWith(variable + "="))
                    .map(line -> line.substring(variable.length() + 1))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + variable + "= in images/base-images.sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String allImages() {
        return String.join(" ", IMAGES.stream().map(i -> i + ":" + VERSION).toList());
    }

    /**
     * The digest make up annotates the setup Job with: of the Job document it renders, which the
     * kubectl stand-in renders empty (sha256 of no bytes).
     */
    static final String SETUP_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** From applying the overlay to the smoke suite and the LoadBalancer address. */
    static List<String> applyAndWait(String kube, String overlay) {
        List<String> lines = new ArrayList<>(List.of(
                kube + " apply -f $ROOT/k8s/base/namespaces.yaml"));
        // the Secrets of k8s/base/app/install-secrets, made with random values when absent
        for (InstallSecret secret : installSecrets()) {
            for (String namespace : secret.namespaces()) {
                lines.add(kube + " -n " + namespace + " get secret " + secret.name() + " -o name");
            }
            for (String namespace : secret.namespaces()) {
                lines.add(kube + " -n " + namespace + " create secret generic " + secret.name() + " --from-env-file=/dev/fd/N");
            }
        }
        lines.addAll(List.of(
                kube + " kustomize $ROOT/k8s/overlays/" + overlay,
                kube + " -n platform get job setup --ignore-not-found -o"
                        + " 'jsonpath={.metadata.name} {.metadata.annotations.quarkus-k8s-platform/applied-digest}'",
                kube + " apply -k $ROOT/k8s/overlays/" + overlay,
                kube + " -n platform annotate job setup quarkus-k8s-platform/applied-digest=" + SETUP_DIGEST + " --overwrite",
                kube + " -n platform wait --for=condition=complete job/setup --timeout=300s"));
        for (String deployment : ServiceModules.http()) {
            lines.add(kube + " -n platform rollout status deployment/" + deployment + " --timeout=300s");
        }
        lines.add(kube + " -n platform-logging rollout status daemonset/log-agent --timeout=300s");
        // The smoke suite's log checks read with the install's read token, from its Secret.
        lines.add(kube + " -n platform get secret logs-read-token -o 'go-template={{.data.token | base64decode}}'");
        lines.add("java -version");
        lines.add("java -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar smoke --base-url http://localhost --wait-seconds 60");
        lines.addAll(smokeThroughTheGateway(kube));
        return lines;
    }

    /** A Secret make up creates per install, with the namespaces that hold it. */
    record InstallSecret(List<String> namespaces, String name) {
    }

    /** The Secrets make up creates per install, in k8s/base/app/install-secrets's order. */
    static List<InstallSecret> installSecrets() {
        try {
            return Files.readAllLines(RenderedOverlay.repositoryRoot().resolve("k8s/base/app/install-secrets")).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+"))
                    .map(words -> new InstallSecret(List.of(words[0].split(",")), words[1])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** expectation: the drill tool's version check, e.g. "--expect-final orders=1.0.1". */
    static String drillTool(String mode, String title, String expectation) {
        return "java -jar $ROOT/tools/e2e/target/quarkus-app/quarkus-run.jar drill --base-url http://localhost --rate 20"
                + " --seconds 1800 --stop-file $ROOT/target/drill/drill-stop.* --report $ROOT/target/drill/" + mode
                + "-orders-<time>.html --events-file $ROOT/target/drill/" + mode + "-orders-<time>-events.json"
                + " --kubelet-summaries $ROOT/target/drill/" + mode + "-orders-<time>-kubelets"
                + " --namespace platform --namespace platform-logging --title '"
                + title + "' " + expectation;
    }

    /** Recorded lines with the run-specific parts (temporary stop file, report time) made stable. */
    static List<String> stable(List<String> commands, String tmp) {
        return commands.stream()
                .map(c -> c.replace(tmp, "$TMP"))
                .map(c -> STOP_FILE.matcher(c).replaceAll("drill-stop.*"))
                .map(c -> REPORT_TIME.matcher(c).replaceAll("-<time>"))
                .toList();
    }
}
