package io.github.k8splatform.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pod a workload's controller would create from its template, for Pod Security to judge: the
 * admission plugin refuses Pods, and only warns about the workloads that hold their templates.
 */
final class PodFromTemplate {

    private PodFromTemplate() {
    }

    /** The Pod of the workload's (first) template; a StatefulSet's claim templates become claims. */
    static Pod of(HasMetadata workload) {
        PodTemplates.PodTemplate template = PodTemplates.of(List.of(workload)).get(0);
        PodSpec spec = template.spec();
        List<Volume> volumes = new ArrayList<>(PodTemplates.orEmpty(spec.getVolumes()));
        for (String claim : template.claimTemplates()) {
            volumes.add(new VolumeBuilder().withName(claim).withNewPersistentVolumeClaim()
                    .withClaimName(claim + "-" + workload.getMetadata().getName() + "-0").endPersistentVolumeClaim().build());
        }
        spec.setVolumes(volumes);
        return new PodBuilder().withNewMetadata().withName(workload.getMetadata().getName() + "-from-template")
                .withNamespace(workload.getMetadata().getNamespace()).withLabels(template.template().getMetadata().getLabels())
                .withAnnotations(template.template().getMetadata().getAnnotations()).endMetadata()
                .withSpec(spec).build();
    }
}
