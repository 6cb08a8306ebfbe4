package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Both overlays render, every object decodes into its model type, and no field is unknown. */
class StrictDecodingTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyFieldIsKnownToTheKubernetesModel(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertFalse(rendered.objects.isEmpty(), overlay + " renders nothing");
        assertEquals(List.of(), rendered.unknownFields, overlay + ": fields the API server would reject");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void requiredFieldsArePresent(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (HasMetadata object : rendered.objects) {
            assertNotNull(object.getMetadata().getName(), object.getKind() + " without a name");
        }
        rendered.podTemplates().forEach((workload, template) -> {
            assertNotNull(template.getMetadata().getLabels(), workload + ": pod labels");
            for (Container c : containers(template)) {
                assertNotNull(c.getName(), workload + ": a container without a name");
                assertNotNull(c.getImage(), workload + "/" + c.getName() + ": no image");
            }
        });
    }

    static List<Container> containers(PodTemplateSpec template) {
        List<Container> all = new java.util.ArrayList<>(template.getSpec().getContainers());
        if (template.getSpec().getInitContainers() != null) {
            all.addAll(template.getSpec().getInitContainers());
        }
        return all;
    }
}
