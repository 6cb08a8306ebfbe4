package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What a pod may take of its node's disk is bounded: every container requests and limits
 * ephemeral-storage (its logs and writable volumes count), every emptyDir has a sizeLimit. And
 * PostgreSQL, slow under load, is taken out of rotation by its readiness probe, not killed by its
 * liveness probe: the two probes differ.
 */
class NodeFootprintTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerAndEmptyDirIsBoundedOnDisk(String overlay) {
        assertEquals(List.of(), unbounded(RenderedOverlay.of(overlay).podTemplates()), overlay);
    }

    @Test
    void aContainerWithoutAnEphemeralStorageLimitOrAnEmptyDirWithoutSizeLimitIsFound() {
        Map.Entry<String, PodTemplateSpec> first = RenderedOverlay.of("kind").podTemplates().entrySet().iterator().next();
        PodTemplateSpec noLimit = new PodTemplateSpecBuilder(first.getValue()).build();
        noLimit.getSpec().getContainers().get(0).getResources().getLimits().remove("ephemeral-storage");
        assertEquals(List.of(first.getKey() + " container " + noLimit.getSpec().getContainers().get(0).getName()
                + ": no ephemeral-storage limit"), unbounded(Map.of(first.getKey(), noLimit)));
        PodTemplateSpec noSize = new PodTemplateSpecBuilder(first.getValue()).build();
        Volume emptyDir = noSize.getSpec().getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        emptyDir.getEmptyDir().setSizeLimit(null);
        assertEquals(List.of(first.getKey() + " emptyDir " + emptyDir.getName() + ": no sizeLimit"), unbounded(Map.of(first.getKey(), noSize)));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void postgresReadinessAsksAQueryAndLivenessOnlyThatTheServerAnswers(String overlay) {
        Container postgres = RenderedOverlay.of(overlay).one(StatefulSet.class, "postgres").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        List<String> readiness = postgres.getReadinessProbe().getExec().getCommand();
        List<String> liveness = postgres.getLivenessProbe().getExec().getCommand();
        assertNotEquals(readiness, liveness, "one probe for both kills a database that is only slow");
        assertEquals(true, String.join(" ", readiness).contains("SELECT 1"), "readiness: " + readiness);
        assertEquals(true, String.join(" ", liveness).contains("pg_isready") && String.join(" ", liveness).contains("-le 1"),
                "liveness: " + liveness);
    }

    /** One line per container without an ephemeral-storage request or limit, and per emptyDir without a sizeLimit. */
    static List<String> unbounded(Map<String, PodTemplateSpec> templates) {
        List<String> found = new ArrayList<>();
        templates.forEach((workload, template) -> {
            List<Container> containers = Stream.concat(template.getSpec().getContainers().stream(),
                    template.getSpec().getInitContainers() == null ? Stream.empty() : template.getSpec().getInitContainers().stream()).toList();
            for (Container c : containers) {
                for (String kind : List.of("request", "limit")) {
                    Map<String, Quantity> amounts = c.getResources() == null ? null
                            : kind.equals("request") ? c.getResources().getRequests() : c.getResources().getLimits();
                    if (amounts == null || !amounts.containsKey("ephemeral-storage")) {
                        found.add(workload + " container " + c.getName() + ": no ephemeral-storage " + kind);
                    }
                }
            }
            for (Volume v : template.getSpec().getVolumes() == null ? List.<Volume>of() : template.getSpec().getVolumes()) {
                if (v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() == null) {
                    found.add(workload + " emptyDir " + v.getName() + ": no sizeLimit");
                }
            }
        });
        return found;
    }
}
