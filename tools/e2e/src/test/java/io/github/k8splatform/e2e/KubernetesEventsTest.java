package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events of kubectl get events -o json that a cluster drill's report shows. */
class KubernetesEventsTest {

    static final Instant START = Instant.parse("2025-01-01T10:00:00.400Z");
    static final Instant END = Instant.parse("2025-01-01T10:01:00Z");

    /** A list as kubectl prints it: core events with timestamps, a new-style one with eventTime, one before the drill. */
    static final String EVENTS = """
            {"apiVersion":"v1","kind":"List","items":[
             {"involvedObject":{"kind":"Pod","name":"orders-7d9c-old1"},"reason":"Killing","count":1,
              "message":"Stopping container orders","firstTimestamp":"2025-01-01T10:00:20Z","lastTimestamp":"2025-01-01T10:00:20Z"},
             {"involvedObject":{"kind":"Deployment","name":"orders"},"reason":"ScalingReplicaSet",
              "message":"Scaled up replica set orders-5f4b to 1","firstTimestamp":"2025-01-01T10:00:00Z","lastTimestamp":"2025-01-01T10:00:00Z"},
             {"involvedObject":{"kind":"Pod","name":"orders-5f4b-new1"},"reason":"Scheduled","message":"Successfully assigned platform/orders-5f4b-new1 to worker",
              "eventTime":"2025-01-01T10:00:01.250000Z","firstTimestamp":null,"lastTimestamp":null},
             {"involvedObject":{"kind":"Pod","name":"orders-5f4b-new1"},"reason":"Unhealthy","count":4,"type":"Warning",
              "message":"Readiness probe failed: HTTP probe failed with statuscode: 503",
              "firstTimestamp":"2025-01-01T10:00:05Z","lastTimestamp":"2025-01-01T10:00:11Z"},
             {"involvedObject":{"kind":"Pod","name":"orders-7d9c-gone"},"reason":"Started","message":"Started container orders",
              "firstTimestamp":"2025-01-01T09:50:00Z","lastTimestamp":"2025-01-01T09:50:00Z"},
             {"involvedObject":{"kind":"Pod","name":"orders-later"},"reason":"Pulled","message":"after the drill",
              "lastTimestamp":"2025-01-01T10:05:00Z"}
            ]}""";

    @Test
    void theDrillsWindowOnlyOldestFirstWithRepeatsCountedAndOtherObjectsNamedByKind() throws IOException {
        assertEquals(List.of(
                new PodEvent(START, "deployment/orders", "ScalingReplicaSet", "Scaled up replica set orders-5f4b to 1"),
                new PodEvent(Instant.parse("2025-01-01T10:00:01.250Z"), "orders-5f4b-new1", "Scheduled",
                        "Successfully assigned platform/orders-5f4b-new1 to worker"),
                new PodEvent(Instant.parse("2025-01-01T10:00:11Z"), "orders-5f4b-new1", "Unhealthy",
                        "Readiness probe failed: HTTP probe failed with statuscode: 503 (4 times)"),
                new PodEvent(Instant.parse("2025-01-01T10:00:20Z"), "orders-7d9c-old1", "Killing", "Stopping container orders")),
                KubernetesEvents.within(Http.JSON.readTree(EVENTS), START, END));
    }

    @Test
    void aMissingOrBrokenFileIsAnIoException(@TempDir Path dir) throws IOException {
        assertThrows(IOException.class, () -> KubernetesEvents.read(dir.resolve("none.json"), START, END));
        Files.writeString(dir.resolve("broken.json"), "{\"items\":[");
        assertThrows(IOException.class, () -> KubernetesEvents.read(dir.resolve("broken.json"), START, END));
        Files.writeString(dir.resolve("events.json"), EVENTS);
        assertEquals(4, KubernetesEvents.read(dir.resolve("events.json"), START, END).size());
    }
}
