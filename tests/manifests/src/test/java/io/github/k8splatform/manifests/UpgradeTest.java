package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * `make up` over an install is a `kubectl apply` of the next release onto the last one. On the real
 * API server: the last release's rendering is installed, then the tree, with the project version
 * bumped (so every image and the setup Job change, as in a real release), is applied over it. A
 * field the server keeps immutable (a selector, a StatefulSet's claim templates, a Job's template)
 * that differs fails here with the server's "field is immutable", as it would on `make up`.
 */
class UpgradeTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @BeforeAll
    static void printTheServer() {
        System.out.println("kube-apiserver " + ApiServer.version() + " (make test's own, from tools/kubernetes)");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theNextReleaseAppliesOverTheLastOne(String overlay, @TempDir Path released, @TempDir Path next) {
        LastRelease last = LastRelease.find();
        List<String> installed = Installation.install(overlay, "release " + last.name(),
                last.revision() == null ? Project.ROOT : Installation.checkout(last.revision(), released));
        String version = Project.version();
        String bumped = nextVersion(version);
        List<String> accepted = Installation.install(overlay, "the tree as " + bumped, Installation.nextRelease(version, bumped, next));

        assertEquals(RenderedOverlay.of(overlay).objects.size(), accepted.size(), "objects accepted: " + accepted);
        assertTrue(accepted.contains("job.batch/setup"), "the setup Job of the new images was created again: " + accepted);
        System.out.printf("kube-apiserver %s accepted all %d objects of the %s overlay, applied over %d of %s (%s)%n",
                ApiServer.version(), accepted.size(), overlay, installed.size(), last.name(), last.why());
    }

    /**
     * The check above can fail: a next release whose orders Deployment selects its pods by one more
     * label is refused over the last release, with the message make up would print.
     */
    @Test
    void aNextReleaseWithAnotherSelectorIsRefused(@TempDir Path released, @TempDir Path next) throws IOException {
        LastRelease last = LastRelease.find();
        Installation.install("kind", "release " + last.name(),
                last.revision() == null ? Project.ROOT : Installation.checkout(last.revision(), released));
        Installation.nextRelease(Project.version(), nextVersion(Project.version()), next);
        Path orders = next.resolve("k8s/base/app/orders/generated.yaml");
        // The selector's label (indented 6) and the pod template's (indented 8), each followed by one more.
        Pattern named = Pattern.compile("(?m)^( {6}| {8})app\\.kubernetes\\.io/name: orders$");
        String yaml = Files.readString(orders);
        assertEquals(2, named.matcher(yaml).results().count(), "the selector and the pod labels of orders");
        Files.writeString(orders, named.matcher(yaml).replaceAll("$0\n$1app.kubernetes.io/component: api"));

        AssertionError refused = assertThrows(AssertionError.class,
                () -> Installation.install("kind", "the tree with another selector", next));
        assertTrue(refused.getMessage().contains("field is immutable"), refused.getMessage());
    }

    /** The revision `make up` last installed, as scripts/last-release.sh (make e2e's too) finds it, and why that one. */
    record LastRelease(String revision, String why) {

        String name() {
            return revision == null ? "the tree itself" : revision;
        }

        static LastRelease find() {
            ApiServer.Result result = ApiServer.run(null,
                    List.of("bash", Project.ROOT.resolve("scripts/last-release.sh").toString()));
            assertTrue(result.ok(), "scripts/last-release.sh: " + result.stderr());
            String line = result.stdout().strip();
            if (line.isEmpty()) {
                return new LastRelease(null, "no earlier revision in this checkout");
            }
            String[] commitAndWhy = line.split(" ", 2);
            return new LastRelease(commitAndWhy[0], commitAndWhy[1]);
        }
    }

    private static String nextVersion(String version) {
        Matcher last = Pattern.compile("(\\d+)(\\D*)$").matcher(version);
        assertTrue(last.find(), "a version ending in a number: " + version);
        return version.substring(0, last.start()) + (Integer.parseInt(last.group(1)) + 1) + last.group(2);
    }
}
