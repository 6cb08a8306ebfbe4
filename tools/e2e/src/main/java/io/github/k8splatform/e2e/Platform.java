package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's containers on one docker network, run as the overlay describes them; ServiceRouting
 * stands in for the Services and the Ingress, so callers reach a replica only through its Service.
 * What the scenarios share: starting and deleting a replica, waiting for a container, the run's output.
 */
final class Platform {

    final Docker docker;
    final RenderedOverlay rendered;
    final ContainerSpec containers;
    final ServiceRouting routing;
    /** Every container's name starts with it, so parallel runs never collide. */
    final String prefix;
    final Path work;
    private final PrintWriter out;
    private final Map<String, String> replicas = new LinkedHashMap<>();
    private String network;
    private String postgres;
    private URI base;

    Platform(Docker docker, RenderedOverlay rendered, ContainerSpec containers, ServiceRouting routing, String prefix,
            Path work, PrintWriter out) {
        this.docker = docker;
        this.rendered = rendered;
        this.containers = containers;
        this.routing = routing;
        this.prefix = prefix;
        this.work = work;
        this.out = out;
    }

    /** The docker network, and the postgres StatefulSet's container on it (with postgresImage), ready. */
    void startDatabase(String postgresImage) throws InterruptedException {
        network = docker.network(prefix);
        say("e2e: network " + prefix);
        StatefulSet pgSet = rendered.one(StatefulSet.class, "postgres");
        PodSpec pgPod = pgSet.getSpec().getTemplate().getSpec();
        Map<String, String> claims = new HashMap<>();
        pgSet.getSpec().getVolumeClaimTemplates().forEach(c -> claims.put(c.getMetadata().getName(),
                docker.volume(prefix + "-" + c.getMetadata().getName())));
        postgres = docker.start(containers.runArgs(pgPod, pgPod.getContainers().get(0), network,
                prefix + "-postgres", "postgres", postgresImage, claims));
        String id = postgres;
        waitFor("postgres", () -> {
            docker.execIn(id, List.of("pg_isready", "--host=127.0.0.1", "--username=postgres"));
            return true;
        }, Duration.ofSeconds(60), id);
    }

    /** The setup Job's steps in order (init containers, then containers); false when one fails. */
    boolean runSetupJob() {
        PodSpec setup = rendered.one(Job.class, "setup").getSpec().getTemplate().getSpec();
        List<Container> steps = new ArrayList<>(setup.getInitContainers());
        steps.addAll(setup.getContainers());
        for (Container step : steps) {
            Docker.Completed done = docker.runToCompletion(containers.runArgs(setup, step, network,
                    prefix + "-setup-" + step.getName(), null, null, Map.of()), 180);
            say("e2e: job setup/" + step.getName() + " exit " + done.exitCode() + ": " + done.logs().strip());
            if (done.exitCode() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A container of a Deployment's pod, started and waited for until ready, then an endpoint of its
     * Services; extraRunArgs go first. Returns the container's id.
     */
    String startReplica(String name, String deployment, List<String> extraRunArgs) throws InterruptedException {
        PodSpec pod = rendered.one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
        long startedAt = System.nanoTime();
        List<String> args = new ArrayList<>(extraRunArgs);
        args.addAll(containers.runArgs(pod, pod.getContainers().get(0), network, prefix + "-" + name, null, null, Map.of()));
        String id = docker.start(args);
        String address = docker.published(id, pod.getContainers().get(0).getPorts().get(0).getContainerPort());
        waitFor(name + " readiness", () -> Http.get(URI.create("http://" + address + "/q/health/ready")).status() == 200,
                Duration.ofSeconds(90), id);
        say("e2e: %s ready %d ms after docker run".formatted(name, (System.nanoTime() - startedAt) / 1_000_000));
        routing.join(deployment, prefix + "-" + name);
        replicas.put(name, id);
        return id;
    }

    /** A replica deleted as a pod is: it leaves its Services' endpoints, then gets SIGTERM. */
    void deleteReplica(String name) {
        routing.leave(prefix + "-" + name);
        docker.stop(replicas.get(name), 30);
    }

    /** The edge, routing like the Ingress, once it answers; returns its base URL. */
    URI startEdge() throws Exception {
        URI edge = routing.start(network);
        waitFor("edge", () -> Http.get(edge.resolve("/api/gateway/info")).status() == 200, Duration.ofSeconds(30),
                routing.edge());
        base = edge;
        return edge;
    }

    String network() {
        return network;
    }

    String postgres() {
        return postgres;
    }

    URI base() {
        return base;
    }

    /** The container id of a replica started under this name. */
    String replica(String name) {
        return replicas.get(name);
    }

    /** The ids of every replica started so far, in start order. */
    List<String> replicaIds() {
        return List.copyOf(replicas.values());
    }

    @FunctionalInterface
    interface Probe {
        boolean ready() throws Exception;
    }

    void waitFor(String what, Probe probe, Duration timeout, String containerId) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                // not yet: keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " not ready within " + timeout.toSeconds() + " s; last log lines:\n"
                + docker.logs(containerId));
    }

    void say(String line) {
        out.println(line);
        out.flush();
    }
}
