package io.github.k8splatform.manifests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Consumer;

/** Copies of the kind overlay's objects, changed on purpose, to show that a check sees the change. */
final class Broken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Broken() {
    }

    /** A deep copy (a JSON round trip) of an object of the kind overlay, to break without touching the original. */
    static <T extends HasMetadata> T copyOf(Class<T> type, String name) {
        return JSON.convertValue(RenderedOverlay.of("kind").one(type, name), type);
    }

    /** A copy of one object of the kind overlay, changed. */
    static <T extends HasMetadata> T changed(Class<T> type, String name, Consumer<T> change) {
        T copy = copyOf(type, name);
        change.accept(copy);
        return copy;
    }

    /** The kind overlay's objects, with one replaced by a changed deep copy. */
    static <T extends HasMetadata> List<HasMetadata> mutated(Class<T> type, String name, Consumer<T> change) {
        T copy = changed(type, name, change);
        return RenderedOverlay.of("kind").objects.stream()
                .map(o -> type.isInstance(o) && o.getMetadata().getName().equals(name) ? copy : o).toList();
    }
}
