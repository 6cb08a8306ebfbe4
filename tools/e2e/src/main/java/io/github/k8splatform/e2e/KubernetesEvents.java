package io.github.k8splatform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The events of `kubectl get events -o json` (make drill writes them before it stops the traffic)
 * that fall in a drill's window, for its report's timeline: Scheduled, Pulled, Started, Killing,
 * Unhealthy, ScalingReplicaSet, ...
 */
final class KubernetesEvents {

    private KubernetesEvents() {
    }

    /** The file's events from..to, oldest first; IOException when it is missing or not JSON. */
    static List<PodEvent> read(Path file, Instant from, Instant to) throws IOException {
        return within(Http.JSON.readTree(file.toFile()), from, to);
    }

    /**
     * An event list's items from..to. from is taken to its whole second: the API server keeps
     * lastTimestamp to the second, so an event half a second after the start reads as before it.
     * An event repeated (count > 1) is shown once, at its last time, with its count.
     */
    static List<PodEvent> within(JsonNode list, Instant from, Instant to) {
        Instant since = from.truncatedTo(ChronoUnit.SECONDS);
        List<PodEvent> events = new ArrayList<>();
        for (JsonNode item : list.path("items")) {
            Instant at = time(item);
            if (at == null || at.isBefore(since) || at.isAfter(to)) {
                continue;
            }
            JsonNode object = item.path("involvedObject");
            String kind = object.path("kind").asText();
            String name = kind.equals("Pod") || kind.isEmpty() ? object.path("name").asText()
                    : kind.toLowerCase() + "/" + object.path("name").asText();
            int count = item.path("series").path("count").asInt(item.path("count").asInt(1));
            events.add(new PodEvent(at.isBefore(from) ? from : at, name, item.path("reason").asText("?"),
                    item.path("message").asText("").strip() + (count > 1 ? " (" + count + " times)" : "")));
        }
        events.sort(Comparator.comparing(PodEvent::at));
        return events;
    }

    /**
     * When it (last) happened: a new-style event's series.lastObservedTime or eventTime, else
     * lastTimestamp, firstTimestamp, creation.
     */
    private static Instant time(JsonNode item) {
        for (JsonNode field : List.of(item.path("series").path("lastObservedTime"), item.path("eventTime"), item.path("lastTimestamp"), item.path("firstTimestamp"),
                item.path("metadata").path("creationTimestamp"))) {
            if (field.isTextual() && !field.asText().isEmpty()) {
                return Instant.parse(field.asText());
            }
        }
        return null;
    }
}
