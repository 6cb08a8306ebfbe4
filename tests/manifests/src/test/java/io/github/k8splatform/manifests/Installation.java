package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What is installed on the API server, and installing another rendering the way `make up` does
 * (scripts/cluster/up.sh): the namespaces first, a setup Job of another image deleted (its pod
 * template is immutable), then `kubectl apply` of the whole overlay. Both overlays use the same
 * namespaces, so going from one to the other deletes them first, as `make down` would.
 */
final class Installation {

    /** The overlay (kind, k3s) installed now, and which rendering of it. */
    private record Installed(String overlay, String rendering) {
    }

    private static Installed current;

    private Installation() {
    }

    /** Something was applied outside this class: the next install applies everything again. */
    static synchronized void changed() {
        current = null;
    }

    /** The repository's own overlay, installed unless it is already. */
    static synchronized void ofTheTree(String overlay) {
        if (!new Installed(overlay, "the tree").equals(current)) {
            install(overlay, "the tree", Project.ROOT);
        }
    }

    /**
     * Installs k8s/overlays/&lt;overlay&gt; of the tree at {@code root} (a checkout of a release, or the
     * repository), returning the names of the objects the server accepted, as `kubectl apply -o name`
     * prints them. Fails with the server's message when it refuses any.
     */
    static synchronized List<String> install(String overlay, String rendering, Path root) {
        String yaml = RenderedOverlay.kustomize(root.resolve("k8s/overlays").resolve(overlay).toString());
        if (current != null && !current.overlay().equals(overlay)) {
            deleteNamespaces();
        }
        current = null;
        ApiServer.kubectl(null, "apply", "-f", root.resolve("k8s/base/namespaces.yaml").toString())
                .orFail("applying the namespaces of " + rendering);
        replaceStaleSetupJob(RenderedOverlay.decode(overlay + " " + rendering, yaml).one(Job.class, "setup"));
        String applied = ApiServer.kubectl(yaml, "apply", "-o", "name", "-f", "-")
                .orFail("kubectl apply of the " + overlay + " overlay of " + rendering).stdout();
        current = new Installed(overlay, rendering);
        return applied.lines().filter(l -> !l.isBlank()).toList();
    }

    /** up.sh's replace_stale_setup_job: a Job's template cannot change, so a Job of another image goes first. */
    private static void replaceStaleSetupJob(Job wanted) {
        String namespace = wanted.getMetadata().getNamespace();
        String image = ApiServer.kubectl(null, "-n", namespace, "get", "job", "setup", "--ignore-not-found",
                "-o", "jsonpath={.spec.template.spec.containers[0].image}").orFail("reading the setup Job").stdout().strip();
        String wantedImage = wanted.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (!image.isEmpty() && !image.equals(wantedImage)) {
            ApiServer.kubectl(null, "-n", namespace, "delete", "job", "setup", "--wait=true", "--timeout=120s")
                    .orFail("deleting the setup Job of " + image);
        }
        assertTrue(Project.read(Project.ROOT.resolve("scripts/cluster/up.sh")).contains("delete job setup"),
                "make up deletes a setup Job of another image before applying, as this does");
    }

    /** The platform's namespaces deleted, and gone (the controller manager empties them first), as make down deletes them. */
    static void deleteNamespaces() {
        List<String> names = new ArrayList<>(List.of("delete", "namespace", "--wait=true", "--timeout=180s", "--ignore-not-found"));
        RenderedOverlay.decode("namespaces", Project.read(Project.ROOT.resolve("k8s/base/namespaces.yaml")))
                .all(Namespace.class).forEach(n -> names.add(n.getMetadata().getName()));
        ApiServer.kubectl(null, names.toArray(String[]::new)).orFail("deleting the platform's namespaces");
    }

    /** k8s/ and ingress/ of the repository at git revision {@code revision}, extracted under {@code into}. */
    static Path checkout(String revision, Path into) {
        Path archive = into.resolve("release.tar");
        ApiServer.run(null, List.of("git", "-C", Project.ROOT.toString(), "archive", "--output", archive.toString(), revision, "k8s",
                "ingress")).orFail("git archive " + revision);
        ApiServer.run(null, List.of("tar", "-xf", archive.toString(), "-C", into.toString())).orFail("extracting " + revision);
        return into;
    }

    /** A copy of k8s/ and ingress/ with the project version replaced by {@code next} everywhere: the next release. */
    static Path nextRelease(String version, String next, Path into) {
        for (String dir : List.of("k8s", "ingress")) {
            try (Stream<Path> files = Files.walk(Project.ROOT.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = into.resolve(Project.ROOT.relativize(file));
                    Files.createDirectories(copy.getParent());
                    Files.writeString(copy, Files.readString(file).replace(version, next));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return into;
    }
}
