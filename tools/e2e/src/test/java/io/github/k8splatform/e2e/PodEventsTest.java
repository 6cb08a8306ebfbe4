package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** make e2e's record of what its stand-ins did to the replicas, as a drill's report reads it. */
class PodEventsTest {

    @Test
    void aDrillSeesTheEventsOfItsWindowOnlyOldestFirst() throws InterruptedException {
        PodEvents events = new PodEvents();
        events.record("orders", "Started", "before the drill");
        Thread.sleep(5);
        Instant from = Instant.now();
        events.record("orders-2", "Killing", "deleted");
        events.record("orders-2", "Stopped", "exited");
        Instant to = Instant.now();
        Thread.sleep(5);
        events.record("orders-3", "Started", "after the drill");
        assertEquals(List.of("orders-2 Killing", "orders-2 Stopped"),
                events.between(from, to).stream().map(e -> e.object() + " " + e.reason()).toList());
    }
}
