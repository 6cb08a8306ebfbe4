package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What is installed on the API server, and installing another rendering the way `make up` does
 * (scripts/cluster/up.sh): the namespaces first, a setup Job applied from another Job document
 * deleted (its pod template is immutable), then `kubectl apply` of the whole overlay, and the Job
 * annotated with the digest of the document it came from. Both overlays use the same
 * namespaces, so going from one to the other deletes them first, as `make down` would.
 */
final class Installation {

    /** The overlay (kind, k3s) installed now, and which rendering of it. */
    private record Installed(String overlay, String rendering) {
    }

    private static Installed current;
    /** The annotation that holds the digest of the Job document a setup Job was applied from. */
    private static final String SETUP_DIGEST = "quarkus-k8s-platform/applied-digest";

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
        String namespace = RenderedOverlay.decode(overlay + " " + rendering, yaml).one(Job.class, "setup").getMetadata().getNamespace();
        String digest = jobDocumentDigest(yaml);
        replaceStaleSetupJob(namespace, digest);
        String applied = ApiServer.kubectl(yaml, "apply", "-o", "name", "-f", "-")
                .orFail("kubectl apply of the " + overlay + " overlay of " + rendering).stdout();
        ApiServer.kubectl(null, "-n", namespace, "annotate", "job", "setup", SETUP_DIGEST + "=" + digest, "--overwrite")
                .orFail("annotating the setup Job");
        current = new Installed(overlay, rendering);
        return applied.lines().filter(l -> !l.isBlank()).toList();
    }

    /** up.sh's setup_job_digest: the sha256 of the rendering's Job document (the setup Job's). */
    private static String jobDocumentDigest(String yaml) {
        String job = Stream.of(yaml.split("(?m)^---\\n")).filter(doc -> doc.lines().anyMatch("kind: Job"::equals))
                .findFirst().orElseThrow(() -> new AssertionError("no Job in the rendering"));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(job.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** up.sh's replace_stale_setup_job: a Job's template cannot change, so a Job applied from another document goes first. */
    private static void replaceStaleSetupJob(String namespace, String digest) {
        String[] ran = ApiServer.kubectl(null, "-n", namespace, "get", "job", "setup", "--ignore-not-found",
                "-o", "jsonpath={.metadata.name} {.metadata.annotations." + SETUP_DIGEST + "}").orFail("reading the setup Job")
                .stdout().strip().split(" ");
        if (!ran[0].isEmpty() && !(ran.length == 2 && ran[1].equals(digest))) {
            ApiServer.kubectl(null, "-n", namespace, "delete", "job", "setup", "--wait=true", "--timeout=120s")
                    .orFail("deleting the setup Job applied from another document");
        }
        assertTrue(Project.read(Project.ROOT.resolve("scripts/cluster/up.sh")).contains("SETUP_DIGEST=" + SETUP_DIGEST),
                "make up compares the setup Job by the same annotation as this does");
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
