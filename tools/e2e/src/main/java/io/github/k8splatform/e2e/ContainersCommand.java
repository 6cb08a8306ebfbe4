package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * make e2e: the platform's containers, run as the kind overlay describes them, on one docker network
 * where ServiceRouting stands in for the Services and the Ingress; with --registry, from the
 * registry's copies of their images, pulled by digest (RegistryCopies).
 * Then the scenarios, in order: the log pipeline (its agent runs to the end), the smoke suite, the
 * report CronJob's command, a restart of one orders replica under load, and a rolling update of
 * orders to the next version under load; the containers' memory is shown at idle and at each
 * drill's peak. Everything created is removed at the end, also on failure.
 */
@Command(name = "containers", description = "Run the platform's containers end to end and check them.")
public class ContainersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--overlay", defaultValue = "kind")
    String overlay;

    @Option(names = "--postgres-image", defaultValue = "platform-base/postgres:15-bookworm",
            description = "stands in for the StatefulSet's image, which no registry can serve here")
    String postgresImage;

    @Option(names = "--edge-image", defaultValue = "platform-base/nginx:bookworm")
    String edgeImage;

    @Option(names = "--registry", defaultValue = "${env:E2E_REGISTRY}",
            description = "host:port of a registry: every image is pushed there and run from its copy, pulled by digest"
                    + " (make e2e starts one: scripts/registry.sh with)")
    String registry;

    /**
     * make drill's rate. At 50/s two cores cannot serve seven freshly started JVMs: every container
     * sampled burns 10 to 40 ms of CPU per request while its code is still interpreted, the host runs
     * out of CPU, orders' catalog lookups pass their 700 ms bound and its breaker opens.
     */
    @Option(names = "--rate", defaultValue = "20", description = "requests per second during the drills")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "how long the restart traffic lasts")
    int seconds;

    /** Where each run keeps its containers' logs, in a folder named after the run. */
    private static final Path CONTAINER_LOGS = Path.of("target/e2e/containers");

    @Override
    public Integer call() throws Exception {
        Docker.requireEngine();
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String hint = "run make base-images";
        Docker.requireImage(postgresImage, hint);
        Docker.requireImage(edgeImage, hint);
        for (Deployment d : rendered.all(Deployment.class)) {
            Docker.requireImage(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), "run make images");
        }
        String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try (RegistryCopies images = registry == null || registry.isBlank() ? RegistryCopies.none()
                        : RegistryCopies.push(registry, imagesOf(rendered), spec.commandLine().getOut()::println);
                Docker docker = new Docker(CONTAINER_LOGS.resolve(prefix))) {
            Thread cleanup = new Thread(docker::close);
            Runtime.getRuntime().addShutdownHook(cleanup);
            ServiceRouting routing = new ServiceRouting(docker, rendered, prefix, images.of(edgeImage), work);
            // Closed before docker: no probe runs against containers being removed.
            PodEvents events = new PodEvents();
            try (ReadinessWatcher readiness = new ReadinessWatcher(routing, events)) {
                Platform platform = new Platform(docker, rendered, new ContainerSpec(rendered, work, images), routing, readiness,
                        events, prefix, work, spec.commandLine().getOut());
                boolean passed = run(platform);
                Runtime.getRuntime().removeShutdownHook(cleanup);
                platform.say((passed ? "e2e: passed" : "e2e: FAILED") + "; container logs in " + CONTAINER_LOGS.resolve(prefix));
                return passed ? 0 : 1;
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every image the run starts: the pod templates' (the StatefulSet's stood in for) and the edge's. */
    private Set<String> imagesOf(RenderedOverlay rendered) {
        Set<String> images = new TreeSet<>(List.of(postgresImage, edgeImage));
        rendered.podTemplates().forEach((workload, template) -> {
            if (!workload.startsWith("StatefulSet/")) {
                template.getSpec().getContainers().forEach(c -> images.add(c.getImage()));
                if (template.getSpec().getInitContainers() != null) {
                    template.getSpec().getInitContainers().forEach(c -> images.add(c.getImage()));
                }
            }
        });
        return images;
    }

    /** The phases, in order; the first that fails ends the run. */
    private boolean run(Platform platform) throws Exception {
        long t0 = System.nanoTime();
        platform.startDatabase(postgresImage);
        if (!platform.runSetupJob()) {
            return false;
        }
        platform.startRouting();
        // One replica of each Deployment, and a second of orders: the restart scenario stops one of two.
        Map<String, String> replicas = new LinkedHashMap<>();
        for (Deployment d : platform.rendered.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            replicas.put(name, platform.startReplica(name, name, AotCacheCheck.LOG_ON));
            if (name.equals("orders")) {
                replicas.put("orders-2", platform.startReplica("orders-2", name, AotCacheCheck.LOG_ON));
            }
        }
        URI base = platform.edgeAnswering();
        if (!AotCacheCheck.verify(platform, replicas)) {
            return false;
        }
        platform.say("e2e: edge on " + base + " (routes from ingress/ingress.yaml), Services on their ClusterIP stand-in,"
                + " platform up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        LogPipelineScenario logPipeline = new LogPipelineScenario(platform);
        logPipeline.start();
        SmokeSuite.Result smoke = new SmokeScenario(platform, spec).run();
        if (smoke.failed() > 0 || !logPipeline.refusesBatchesWithoutTheAgentsToken(base)) {
            return false;
        }
        // The log agent keeps running through the drills, as the DaemonSet does on every node.
        platform.say("e2e: memory at idle (docker stats): " + ContainerMemory.now(platform.prefix));

        String sku = smoke.orderedSku();
        OrdersUnderLoad load = new OrdersUnderLoad(platform, new OrdersDatabase(platform), rate);
        return new ReportCronJobScenario(platform).run(sku)
                && new RestartUnderLoadScenario(platform, load).run(sku, seconds)
                && new RollingUpdateScenario(platform, load).run(sku, seconds);
    }
}
