package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.ServiceModules;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The names scripts/cluster/ waits for, patches and selects by are the ones the rendered overlays
 * really have: a renamed object in the manifests fails here, not on somebody's cluster.
 */
class ScriptNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void theScriptsNameWhatTheManifestsHave(String overlay) throws Exception {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        // up.sh and drill.sh wait for and patch a Deployment per HTTP service of scripts/lib.sh's list.
        List<String> deployments = r.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).sorted().toList();
        assertEquals(ServiceModules.http().stream().sorted().toList(), deployments);
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            assertEquals("platform", d.getMetadata().getNamespace());
            // drill.sh patches the container named like the Deployment, image <name>:<version>,
            // and lists pods by app.kubernetes.io/name.
            assertEquals(name, d.getSpec().getTemplate().getSpec().getContainers().get(0).getName());
            assertTrue(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().startsWith(name + ":"));
            assertEquals(name, d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"));
            assertNotNull(d.getSpec().getTemplate().getMetadata().getLabels().get("version"), "the version label drill.sh sets");
        }
        Job setup = r.one(Job.class, "setup");
        assertTrue(setup.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().startsWith("batch:"),
                "up.sh compares the setup Job's first container image with batch:<version>");
        assertEquals("platform-logging", r.one(DaemonSet.class, "log-agent").getMetadata().getNamespace());
        assertEquals("LoadBalancer", r.one(Service.class, "gateway-lb").getSpec().getType());
        assertEquals("postgres", r.one(StatefulSet.class, "postgres").getSpec().getTemplate().getMetadata().getLabels()
                .get("app.kubernetes.io/name"), "drill-drain finds the database's node by this label");
    }
}
