package io.github.k8splatform.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * One check the API server (or, where said, the component that acts on the object) applies to the
 * rendered objects beyond the OpenAPI schema. {@code name} is the Kubernetes function or Pod Security
 * check ID it mirrors, {@code mirrors} where to read it. A check returns one line per violation, each
 * naming the object (kind/name) and the field path.
 */
record Rule(String name, String mirrors, Function<List<HasMetadata>, List<String>> check) {

    List<String> apply(List<HasMetadata> objects) {
        return check.apply(objects);
    }

    static String at(HasMetadata object, String field, String message) {
        return object.getKind() + "/" + object.getMetadata().getName() + " " + field + ": " + message;
    }

    /** One line per message of a syntax check, as field.Invalid reports it. */
    static void invalid(List<String> violations, HasMetadata object, String field, Object value, List<String> messages) {
        for (String message : messages) {
            violations.add(at(object, field, "Invalid value \"" + value + "\": " + message));
        }
    }
}
