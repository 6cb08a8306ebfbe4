package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Probe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's readiness probes and the endpoints controller, stood in for: each replica's
 * readiness probe runs as its Deployment declares it (path, period, timeout, thresholds), and a
 * replica joins its Services' endpoints when the probe passes and leaves them when it fails or when
 * the replica is deleted, each change reaching the routing PROPAGATION_DELAY later, as an
 * EndpointSlice update reaches kube-proxy and the Ingress controller.
 */
final class ReadinessWatcher implements AutoCloseable {

    /**
     * How long an EndpointSlice change takes to reach kube-proxy and the Ingress controller on a
     * small cluster (watch, then reprogramming): about a second. The delay is what preStop covers
     * on a cluster, so the drills must pass with it, not without.
     */
    static final Duration PROPAGATION_DELAY = Duration.ofSeconds(1);

    /** A replica's probe and what it last concluded; guarded by the instance. */
    private static final class Watched {
        final String deployment;
        final ScheduledFuture<?> probing;
        int failures;
        int successes;
        boolean ready;

        Watched(String deployment, ScheduledFuture<?> probing) {
            this.deployment = deployment;
            this.probing = probing;
        }
    }

    private final ServiceRouting routing;
    private final PodEvents events;
    /** Several probes may wait on a slow replica at once; one is never blocked by another's timeout. */
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(4, daemon("readiness-probe"));
    /** One thread: endpoint changes reach the routing in the order they were decided. */
    private final ScheduledExecutorService endpoints = Executors.newSingleThreadScheduledExecutor(daemon("endpoints"));
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    ReadinessWatcher(ServiceRouting routing, PodEvents events) {
        this.routing = routing;
        this.events = events;
    }

    /** Probes the replica (reached on the host at address) as its Deployment's readinessProbe says. */
    void watch(String replica, String deployment, String address, Probe probe) {
        URI uri = URI.create("http://" + address + probe.getHttpGet().getPath());
        Duration timeout = Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1));
        int failureThreshold = orDefault(probe.getFailureThreshold(), 3);
        int successThreshold = orDefault(probe.getSuccessThreshold(), 1);
        long period = Duration.ofSeconds(orDefault(probe.getPeriodSeconds(), 10)).toMillis();
        // Until its first result the replica is not ready, as a new pod is not; the first probe
        // comes soon, not a period late, so startup is not slowed by the stand-in.
        ScheduledFuture<?> probing = probes.scheduleWithFixedDelay(
                () -> observe(replica, passes(uri, timeout), failureThreshold, successThreshold),
                100, period, TimeUnit.MILLISECONDS);
        watched.put(replica, new Watched(deployment, probing));
    }

    /** A deleted pod: no more probes, and it leaves the endpoints PROPAGATION_DELAY from now. */
    void terminating(String replica) {
        Watched w = watched.remove(replica);
        if (w != null) {
            w.probing.cancel(false);
        }
        publishLater(replica, "LeftEndpoints", () -> routing.leave(replica));
    }

    private void observe(String replica, boolean passed, int failureThreshold, int successThreshold) {
        Watched w = watched.get(replica);
        if (w == null) {
            return;
        }
        synchronized (this) {
            w.successes = passed ? w.successes + 1 : 0;
            w.failures = passed ? 0 : w.failures + 1;
            if (!w.ready && w.successes >= successThreshold) {
                w.ready = true;
                events.record(replica, "Ready", "readiness probe passed " + w.successes + " time(s)");
                publishLater(replica, "JoinedEndpoints", () -> routing.join(w.deployment, replica));
            } else if (w.ready && w.failures >= failureThreshold) {
                w.ready = false;
                events.record(replica, "NotReady", "readiness probe failed " + w.failures + " times");
                publishLater(replica, "LeftEndpoints", () -> routing.leave(replica));
            }
        }
    }

    /** The change reaches the routing PROPAGATION_DELAY from now; reason: the replica's event then. */
    private void publishLater(String replica, String reason, Runnable change) {
        endpoints.schedule(() -> {
            try {
                change.run();
                events.record(replica, reason, "the Services' endpoints changed, %d ms after the decision"
                        .formatted(PROPAGATION_DELAY.toMillis()));
            } catch (RuntimeException e) {
                System.err.println("e2e: endpoints: " + e.getMessage());
            }
        }, PROPAGATION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean passes(URI uri, Duration timeout) {
        try {
            HttpResponse<Void> response = Http.client().sendAsync(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return response.statusCode() >= 200 && response.statusCode() < 400;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static int orDefault(Integer value, int kubernetesDefault) {
        return value == null ? kubernetesDefault : value;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        probes.shutdownNow();
        endpoints.shutdownNow();
    }
}
