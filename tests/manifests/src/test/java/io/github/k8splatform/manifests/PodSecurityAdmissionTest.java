package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The real server's Pod Security admission takes a Pod made from every workload's template, in its
 * namespace as k8s/base/namespaces.yaml labels it: `platform` enforces restricted and must not even
 * warn; `platform-logging` is privileged for the log agent's hostPath, and warns at baseline about
 * exactly that.
 */
class PodSecurityAdmissionTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    /** The one baseline check the log agent fails on purpose (namespaces.yaml says why). */
    private static final String LOG_AGENT_WARNING = "would violate PodSecurity \"baseline:latest\": hostPath volumes";

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyWorkloadsPodsAreAdmitted(String overlay) {
        Installation.ofTheTree(overlay);
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> admitted = new ArrayList<>();
        for (PodTemplates.PodTemplate t : PodTemplates.of(rendered.objects)) {
            HasMetadata owner = t.owner();
            String name = owner.getKind() + "/" + owner.getMetadata().getName();
            ApiServer.Result result = ApiServer.kubectl(ApiServer.json(PodFromTemplate.of(owner)), "create", "--dry-run=server", "-f", "-");
            assertTrue(result.ok(), overlay + ": a Pod of " + name + " was refused:\n" + result.output());
            List<String> warnings = result.output().lines().filter(l -> l.startsWith("Warning:")).toList();
            String level = rendered.one(Namespace.class, owner.getMetadata().getNamespace()).getMetadata().getLabels()
                    .get("pod-security.kubernetes.io/enforce");
            if (level.equals("restricted")) {
                assertEquals(List.of(), warnings, overlay + ": " + name);
            } else {
                assertFalse(warnings.isEmpty(), overlay + ": " + name + " in a " + level + " namespace: the baseline warning is expected");
                warnings.forEach(w -> assertTrue(w.contains(LOG_AGENT_WARNING), overlay + ": " + name + ": " + w));
            }
            admitted.add(name);
        }
        assertTrue(admitted.containsAll(List.of("DaemonSet/log-agent", "Job/setup", "CronJob/report", "StatefulSet/postgres")), admitted.toString());
        System.out.printf("Pod Security admitted a Pod of each of the %d workloads of the %s overlay: %s%n", admitted.size(), overlay, admitted);
    }
}
