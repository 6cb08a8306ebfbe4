package io.github.k8splatform.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every pod template of the rendered objects, with the field path the API server reports it under. */
final class PodTemplates {

    /** A pod template of {@code owner} at {@code path}; a StatefulSet's claim templates count as volumes. */
    record PodTemplate(HasMetadata owner, String path, PodTemplateSpec template, List<String> claimTemplates) {

        PodSpec spec() {
            return template.getSpec();
        }

        String specPath() {
            return path + ".spec";
        }

        Map<String, String> labels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null
                    ? Map.of() : template.getMetadata().getLabels();
        }

        /** Init containers, then containers, each with its path. */
        List<ContainerAt> containers() {
            List<ContainerAt> all = new ArrayList<>();
            List<Container> init = spec().getInitContainers() == null ? List.of() : spec().getInitContainers();
            for (int i = 0; i < init.size(); i++) {
                all.add(new ContainerAt(init.get(i), specPath() + ".initContainers[" + i + "]"));
            }
            for (int i = 0; i < spec().getContainers().size(); i++) {
                all.add(new ContainerAt(spec().getContainers().get(i), specPath() + ".containers[" + i + "]"));
            }
            return all;
        }
    }

    record ContainerAt(Container container, String path) {
    }

    private PodTemplates() {
    }

    static List<PodTemplate> of(List<HasMetadata> objects) {
        List<PodTemplate> templates = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                templates.add(new PodTemplate(d, "spec.template", d.getSpec().getTemplate(), List.of()));
            } else if (o instanceof StatefulSet s) {
                List<PersistentVolumeClaim> claims = s.getSpec().getVolumeClaimTemplates() == null
                        ? List.of() : s.getSpec().getVolumeClaimTemplates();
                templates.add(new PodTemplate(s, "spec.template", s.getSpec().getTemplate(),
                        claims.stream().map(c -> c.getMetadata().getName()).toList()));
            } else if (o instanceof DaemonSet d) {
                templates.add(new PodTemplate(d, "spec.template", d.getSpec().getTemplate(), List.of()));
            } else if (o instanceof Job j) {
                templates.add(new PodTemplate(j, "spec.template", j.getSpec().getTemplate(), List.of()));
            } else if (o instanceof CronJob c) {
                templates.add(new PodTemplate(c, "spec.jobTemplate.spec.template",
                        c.getSpec().getJobTemplate().getSpec().getTemplate(), List.of()));
            }
        }
        return templates;
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
