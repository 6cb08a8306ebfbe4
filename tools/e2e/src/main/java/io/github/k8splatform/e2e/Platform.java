package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
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
    private final ReadinessWatcher readiness;
    /** What happened to each replica, for the drill reports' timelines. */
    final PodEvents events;
    /** Every container's name starts with it, so parallel runs never collide. */
    final String prefix;
    final Path work;
    private final PrintWriter out;
    /** Replica name to container id, and to its Deployment's name. */
    private final Map<String, String> replicas = new LinkedHashMap<>();
    private final Map<String, String> deploymentOf = new HashMap<>();
    private String network;
    private String postgres;
    private URI base;

    Platform(Docker docker, RenderedOverlay rendered, ContainerSpec containers, ServiceRouting routing,
            ReadinessWatcher readiness, PodEvents events, String prefix, Path work, PrintWriter out) {
        this.docker = docker;
        this.rendered = rendered;
        this.containers = containers;
        this.routing = routing;
        this.readiness = readiness;
        this.events = events;
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
     * A container of a Deployment's pod, started and probed as its readinessProbe says; returns once
     * its readiness has reached the Services' endpoints. extraRunArgs go first. Returns the container's id.
     */
    String startReplica(String name, String deployment, List<String> extraRunArgs) throws InterruptedException {
        PodSpec pod = rendered.one(Deployment.class, deployment).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        long startedAt = System.nanoTime();
        List<String> args = new ArrayList<>(extraRunArgs);
        args.addAll(containers.runArgs(pod, container, network, prefix + "-" + name, null, null, Map.of()));
        String id = docker.start(args);
        events.record(prefix + "-" + name, "Started", "container started (docker run"
                + (extraRunArgs.isEmpty() ? "" : " " + String.join(" ", extraRunArgs)) + ")");
        String address = docker.published(id, container.getReadinessProbe().getHttpGet().getPort().getIntVal());
        readiness.watch(prefix + "-" + name, deployment, address, container.getReadinessProbe());
        waitFor(name + " readiness and endpoints", () -> routing.routes(prefix + "-" + name), Duration.ofSeconds(90), id);
        say("e2e: %s ready and routed %d ms after docker run".formatted(name, (System.nanoTime() - startedAt) / 1_000_000));
        replicas.put(name, id);
        deploymentOf.put(name, deployment);
        return id;
    }

    /**
     * A replica deleted as a pod is: at once it leaves its Services' endpoints (which reaches the
     * routing ReadinessWatcher.PROPAGATION_DELAY later) and its preStop hook runs; then SIGTERM, and
     * SIGKILL when the rest of terminationGracePeriodSeconds has passed.
     */
    void deleteReplica(String name) {
        PodSpec pod = rendered.one(Deployment.class, deploymentOf.get(name)).getSpec().getTemplate().getSpec();
        LifecycleHandler preStop = pod.getContainers().get(0).getLifecycle() == null ? null
                : pod.getContainers().get(0).getLifecycle().getPreStop();
        long preStopSeconds = preStop == null || preStop.getSleep() == null ? 0 : preStop.getSleep().getSeconds();
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        String replica = prefix + "-" + name;
        events.record(replica, "Killing", "deleted: leaves the endpoints; preStop sleep %d s".formatted(preStopSeconds));
        readiness.terminating(replica);
        try {
            Thread.sleep(Duration.ofSeconds(preStopSeconds).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during preStop", e);
        }
        int rest = (int) Math.max(0, grace - preStopSeconds);
        events.record(replica, "SIGTERM", "docker stop: SIGTERM, SIGKILL after %d s".formatted(rest));
        docker.stop(replicas.get(name), rest);
        events.record(replica, "Stopped", "the container exited");
    }

    /**
     * kube-proxy and the edge, before any replica: on a cluster the Services and the Ingress exist
     * before their pods, so a replica can call another Service (orders' warm-up asks catalog) as it starts.
     */
    void startRouting() throws IOException {
        base = routing.start(network);
    }

    /** The edge's base URL, once it routes to the gateway. */
    URI edgeAnswering() throws InterruptedException {
        waitFor("edge", () -> Http.get(base.resolve("/api/gateway/info")).status() == 200, Duration.ofSeconds(30),
                routing.edge());
        return base;
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
