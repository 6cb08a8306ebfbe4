package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `make down` on k3s or CLUSTER=current (scripts/cluster/down.sh) deletes the platform's namespaces
 * and its cluster-wide objects by PLATFORM_SELECTOR. Run for real on the installed kind overlay:
 * afterwards the server has none of the overlay's objects left.
 */
class DownTest {

    @Test
    void makeDownLeavesNoObjectOfTheOverlay() {
        Installation.ofTheTree("kind");
        List<HasMetadata> objects = RenderedOverlay.of("kind").objects;
        Installation.changed();
        Installation.deleteNamespaces();
        String deleted = ApiServer.kubectl(null, "delete", "clusterrole,clusterrolebinding", "-l", selector(), "-o", "name")
                .orFail("deleting the cluster-wide objects, as make down does").stdout();

        List<String> clusterWide = objects.stream().filter(o -> o.getMetadata().getNamespace() == null && !o.getKind().equals("Namespace"))
                .map(o -> o.getKind().toLowerCase() + ".rbac.authorization.k8s.io/" + o.getMetadata().getName()).sorted().toList();
        assertTrue(!clusterWide.isEmpty(), "the overlay has cluster-wide objects to find");
        assertEquals(clusterWide, deleted.lines().sorted().toList(), "the selector finds exactly the overlay's cluster-wide objects");
        List<String> left = new ArrayList<>();
        for (HasMetadata o : objects) {
            List<String> get = new ArrayList<>(List.of("get", resource(o), o.getMetadata().getName(),
                    "--ignore-not-found", "-o", "name"));
            if (o.getMetadata().getNamespace() != null) {
                get.addAll(List.of("-n", o.getMetadata().getNamespace()));
            }
            String found = ApiServer.kubectl(null, get.toArray(String[]::new)).orFail("looking for " + o.getMetadata().getName()).stdout();
            if (!found.isBlank()) {
                left.add(found.strip());
            }
        }
        assertEquals(List.of(), left, "objects make down left behind");
    }

    /** PLATFORM_SELECTOR of scripts/cluster/cluster-lib.sh, the one place it is written. */
    private static String selector() {
        Matcher m = Pattern.compile("(?m)^PLATFORM_SELECTOR=(\\S+)$")
                .matcher(Project.read(Project.ROOT.resolve("scripts/cluster/cluster-lib.sh")));
        assertTrue(m.find(), "PLATFORM_SELECTOR in scripts/cluster/cluster-lib.sh");
        return m.group(1);
    }

    /** The kind with its API group, as kubectl names a resource unambiguously (kind alone in the core group). */
    private static String resource(HasMetadata o) {
        String apiVersion = o.getApiVersion();
        String kind = o.getKind().toLowerCase();
        return apiVersion.contains("/") ? kind + "." + apiVersion.substring(0, apiVersion.indexOf('/')) : kind;
    }
}
