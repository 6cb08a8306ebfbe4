package io.github.k8splatform.e2e;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What make e2e's stand-ins for the kubelet and the endpoints controller did to each replica, as it
 * happened (container started, readiness changed, endpoints joined or left, SIGTERM, stopped): the
 * drill reports' timeline, as Kubernetes events are on a cluster. Safe for the probe threads.
 */
final class PodEvents {

    private final ConcurrentLinkedQueue<PodEvent> events = new ConcurrentLinkedQueue<>();

    void record(String pod, String reason, String message) {
        events.add(new PodEvent(Instant.now(), pod, reason, message));
    }

    /** The events from..to (both included), oldest first. */
    List<PodEvent> between(Instant from, Instant to) {
        return events.stream().filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to))
                .sorted(Comparator.comparing(PodEvent::at)).toList();
    }
}
