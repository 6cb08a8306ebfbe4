package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The objects point at each other and at the code correctly: selectors, ports, probes, env, images. */
class WiringTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    /** quarkus-kubernetes always adds it, for the Kubernetes client (gateway's Workloads reads POD_NAMESPACE instead). */
    static final Set<String> GENERATED_ENV = Set.of("KUBERNETES_NAMESPACE");
    /** Read by the images' java itself, not the service: the per-workload JVM flags images/Dockerfile documents. */
    static final Set<String> JVM_ENV = Set.of("_JAVA_OPTIONS");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceSelectsAWorkloadAndItsTargetPortExists(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Executable> checks = new ArrayList<>();
        for (Service service : rendered.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> selected = rendered.podTemplates().values().stream()
                    .filter(t -> selector != null && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            String what = overlay + ": Service " + service.getMetadata().getName();
            checks.add(() -> assertFalse(selected.isEmpty(), what + " selects no pods"));
            for (ServicePort port : service.getSpec().getPorts()) {
                for (PodTemplateSpec pod : selected) {
                    checks.add(() -> assertTrue(exposes(pod, port.getTargetPort()),
                            what + " targetPort " + port.getTargetPort() + " is not a port of its pods"));
                }
            }
        }
        assertAll(checks);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theIngressRoutesEachPrefixToAnExistingServicePort(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Ingress> ingresses = rendered.all(Ingress.class);
        assertEquals(1, ingresses.size(), "exactly one Ingress");
        Ingress ingress = ingresses.get(0);
        assertEquals("traefik", ingress.getSpec().getIngressClassName());
        assertTrue(ingress.getMetadata().getAnnotations() == null || ingress.getMetadata().getAnnotations().isEmpty(),
                "no controller-specific annotations");
        Map<String, String> expected = Map.of("/", "gateway", "/api/catalog", "catalog", "/api/orders", "orders",
                "/api/logs", "logs");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertEquals(expected.size(), paths.size());
        for (HTTPIngressPath path : paths) {
            assertEquals("Prefix", path.getPathType());
            IngressServiceBackend backend = path.getBackend().getService();
            assertEquals(expected.get(path.getPath()), backend.getName(), path.getPath());
            Service service = rendered.one(Service.class, backend.getName());
            assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> backend.getPort().getName() != null
                            ? backend.getPort().getName().equals(p.getName())
                            : backend.getPort().getNumber().equals(p.getPort())),
                    path.getPath() + ": Service " + backend.getName() + " has no port " + backend.getPort());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesCallTheServicesRealHealthEndpoints(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : Project.HTTP_SERVICES) {
            Container c = rendered.one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0);
            int port = Project.httpPort(service);
            assertProbe(c.getLivenessProbe(), "/q/health/live", port, service);
            assertProbe(c.getReadinessProbe(), "/q/health/ready", port, service);
            assertProbe(c.getStartupProbe(), "/q/health/started", port, service);
            assertEquals(port, c.getPorts().stream().filter(p -> p.getName().equals("http")).findFirst().orElseThrow().getContainerPort(),
                    service + " container port http");
            assertEquals(port, httpPortOf(rendered.one(Service.class, service)),
                    service + ": the Service port equals the container port, so service URLs are the same everywhere");
        }
    }

    /**
     * The live page's Traffic part probes every HTTP service, each through its ClusterIP Service by
     * the name and port the cluster gives it (%prod URL of quarkus.rest-client.&lt;service&gt;.url).
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theLivePageProbesEveryHttpServiceThroughItsService(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        java.util.Properties gateway = Project.config("gateway");
        assertEquals(Project.HTTP_SERVICES.stream().sorted().toList(),
                List.of(gateway.getProperty("app.traffic.services").split(",")).stream().map(String::strip).sorted().toList(),
                "app.traffic.services lists the HTTP services");
        for (String service : Project.HTTP_SERVICES) {
            String url = gateway.getProperty("%prod.quarkus.rest-client." + service + ".url");
            assertNotNull(url, "gateway has no %prod URL for " + service);
            Service target = rendered.one(Service.class, service);
            String expected = "http://" + target.getMetadata().getName() + ":" + httpPortOf(target);
            assertEquals(expected, url.replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1")
                    .replace("${quarkus.http.port}", String.valueOf(Project.httpPort("gateway"))), service);
        }
    }

    static int httpPortOf(Service service) {
        return service.getSpec().getPorts().stream().filter(p -> p.getName().equals("http")).findFirst()
                .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port named http")).getPort();
    }

    private static void assertProbe(Probe probe, String path, int port, String service) {
        assertNotNull(probe, service + ": no probe for " + path);
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath(), service);
        assertEquals(port, get.getPort().getIntVal(), service + " " + path);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyEnvVariableIsOneTheServiceReads(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Executable> checks = new ArrayList<>();
        rendered.podTemplates().forEach((workload, template) -> {
            String app = template.getMetadata().getLabels().get("app.kubernetes.io/name");
            if (app.equals("postgres")) {
                return; // the official image's own interface, plus init-databases.sh
            }
            String sources = Project.sourcesOf(app);
            for (Container c : StrictDecodingTest.containers(template)) {
                for (EnvVar env : c.getEnv()) {
                    if (GENERATED_ENV.contains(env.getName())) {
                        continue;
                    }
                    if (JVM_ENV.contains(env.getName())) {
                        checks.add(() -> assertTrue(Project.read(Project.ROOT.resolve("images/Dockerfile")).contains(env.getName()),
                                overlay + " " + workload + "/" + c.getName() + ": images/Dockerfile says nothing of " + env.getName()));
                        continue;
                    }
                    checks.add(() -> assertTrue(sources.contains("${" + env.getName())
                                    || sources.contains("\"" + env.getName() + "\""),
                            overlay + " " + workload + "/" + c.getName() + ": " + app + " never reads " + env.getName()));
                }
            }
        });
        assertAll(checks);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void imagesAreWhatTheBuildProduces(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String version = Project.version();
        rendered.podTemplates().forEach((workload, template) -> {
            String app = template.getMetadata().getLabels().get("app.kubernetes.io/name");
            for (Container c : StrictDecodingTest.containers(template)) {
                if (app.equals("postgres")) {
                    // The official image by tag and digest: the digest decides what runs.
                    assertTrue(c.getImage().matches("postgres:\\d+\\.\\d+-bookworm@sha256:[0-9a-f]{64}"), c.getImage());
                } else {
                    assertEquals(app + ":" + version, c.getImage(), workload + "/" + c.getName());
                }
            }
        });
    }

    private static boolean exposes(PodTemplateSpec pod, IntOrString target) {
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort())) {
                    return true;
                }
            }
        }
        return false;
    }
}
