package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Adding a service module to the reactor is not done until the overlays run it: every module's image
 * is used by a workload, and every HTTP service has its Deployment, its ClusterIP Service and a
 * route in the Ingress (the smoke suite checks every Service the Ingress routes to, so a route is
 * also a smoke check). The image build and the scripts read the same list (scripts/lib.sh).
 */
class ServiceModulesTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceModuleRunsInTheOverlay(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        List<String> images = r.podTemplates().values().stream()
                .flatMap(t -> Stream.concat(t.getSpec().getContainers().stream(),
                        PodTemplates.orEmpty(t.getSpec().getInitContainers()).stream()))
                .map(Container::getImage).distinct().toList();
        for (String service : ServiceModules.all()) {
            assertTrue(images.contains(service + ":" + Project.version()),
                    "services/" + service + " is a module, but no workload in " + overlay + " runs its image; images: " + images);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyHttpServiceHasItsDeploymentClusterIpServiceAndRoute(String overlay) {
        RenderedOverlay r = RenderedOverlay.of(overlay);
        List<String> routed = r.all(Ingress.class).stream()
                .flatMap(i -> i.getSpec().getRules().stream())
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(p -> p.getBackend().getService().getName()).distinct().toList();
        for (String service : ServiceModules.http()) {
            Deployment d = r.one(Deployment.class, service);
            assertEquals(service, d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"));
            assertEquals("ClusterIP", r.one(Service.class, service).getSpec().getType(), service + "'s Service");
            assertTrue(routed.contains(service), "the Ingress of " + overlay + " routes to " + routed + ", not to " + service);
        }
    }
}
