package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * `make up` over an older install is a `kubectl apply` of the next release onto this one. The
 * fields the API server makes immutable (ValidateDeploymentUpdate/ValidateStatefulSetUpdate/
 * ValidateDaemonSetUpdate selectors, StatefulSet serviceName, podManagementPolicy and claim
 * templates, ValidateJobUpdate's template) must not differ between the two, or the apply is refused.
 * The next release is the repository's k8s/ and ingress/ with the project version bumped everywhere.
 */
class UpgradeTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one immutable field a release changes on purpose: scripts/cluster/up.sh deletes a stale setup Job before applying. */
    private static final String REPLACED_JOB_TEMPLATE = "Job/setup spec.template";

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void immutableFieldsAreTheSameInTheNextRelease(String overlay, @TempDir Path next) {
        String version = Project.version();
        String bumped = nextVersion(version);
        copyWithVersion(Project.ROOT, next, List.of("k8s", "ingress"), version, bumped);
        Map<String, JsonNode> current = immutableFields(RenderedOverlay.of(overlay).objects);
        Map<String, JsonNode> upgraded = immutableFields(RenderedOverlay.decode(overlay + " " + bumped,
                RenderedOverlay.kustomize(next.resolve("k8s/overlays").resolve(overlay).toString())).objects);

        assertEquals(current.keySet(), upgraded.keySet());
        assertTrue(current.get(REPLACED_JOB_TEMPLATE).toString().contains(":" + version),
                "the bump reached the images: the setup Job's template names batch:" + version);
        List<String> changed = current.keySet().stream().filter(k -> !current.get(k).equals(upgraded.get(k))).toList();
        assertEquals(List.of(REPLACED_JOB_TEMPLATE), changed, "immutable fields that change from " + version + " to " + bumped);
        assertTrue(Project.read(Project.ROOT.resolve("scripts/cluster/up.sh")).contains("delete job setup"),
                "the setup Job's template changes every release, so make up must delete the old Job first");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noImmutableFieldNamesTheVersionOrAnImageTag(String overlay) {
        assertEquals(List.of(), fieldsNamingARelease(RenderedOverlay.of(overlay).objects));
    }

    @Test
    void aVersionInASelectorIsFound() {
        List<HasMetadata> broken = ApiServerRulesMutationTest.mutated(Deployment.class, "catalog",
                d -> d.getSpec().getSelector().getMatchLabels().put("version", Project.version()));
        assertEquals(List.of("Deployment/catalog spec.selector"), fieldsNamingARelease(broken));
    }

    /** The immutable fields (but the replaced setup Job's template) that contain the version or an image tag. */
    static List<String> fieldsNamingARelease(List<HasMetadata> objects) {
        List<String> releaseNames = Stream.concat(Stream.of(Project.version()), PodTemplates.of(objects).stream()
                .flatMap(t -> t.containers().stream()).map(c -> c.container().getImage().replaceFirst("^.*:", ""))).distinct().toList();
        return immutableFields(objects).entrySet().stream()
                .filter(f -> !f.getKey().equals(REPLACED_JOB_TEMPLATE))
                .filter(f -> releaseNames.stream().anyMatch(name -> f.getValue().toString().contains(name)))
                .map(Map.Entry::getKey).toList();
    }

    /** Each immutable field, keyed kind/name and field path. */
    static Map<String, JsonNode> immutableFields(List<HasMetadata> objects) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            String key = o.getKind() + "/" + o.getMetadata().getName() + " ";
            if (o instanceof Deployment d) {
                fields.put(key + "spec.selector", JSON.valueToTree(d.getSpec().getSelector()));
            } else if (o instanceof DaemonSet d) {
                fields.put(key + "spec.selector", JSON.valueToTree(d.getSpec().getSelector()));
            } else if (o instanceof StatefulSet s) {
                fields.put(key + "spec.selector", JSON.valueToTree(s.getSpec().getSelector()));
                fields.put(key + "spec.serviceName", JSON.valueToTree(s.getSpec().getServiceName()));
                fields.put(key + "spec.podManagementPolicy", JSON.valueToTree(s.getSpec().getPodManagementPolicy()));
                fields.put(key + "spec.volumeClaimTemplates", JSON.valueToTree(s.getSpec().getVolumeClaimTemplates()));
            } else if (o instanceof Job j) {
                fields.put(key + "spec.selector", JSON.valueToTree(j.getSpec().getSelector()));
                fields.put(key + "spec.template", JSON.valueToTree(j.getSpec().getTemplate()));
            }
        }
        return fields;
    }

    private static String nextVersion(String version) {
        Matcher last = Pattern.compile("(\\d+)(\\D*)$").matcher(version);
        assertTrue(last.find(), "a version ending in a number: " + version);
        return version.substring(0, last.start()) + (Integer.parseInt(last.group(1)) + 1) + last.group(2);
    }

    private static void copyWithVersion(Path root, Path target, List<String> dirs, String version, String bumped) {
        for (String dir : dirs) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve(root.relativize(file));
                    Files.createDirectories(copy.getParent());
                    Files.writeString(copy, Files.readString(file).replace(version, bumped));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
