package io.github.k8splatform.web;

/**
 * Query parameters arrive as text and are checked here, so that ?size=abc is a 400 naming "size"
 * rather than the 404 JAX-RS gives when it cannot convert a parameter.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static int intInRange(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new ProblemException(Problem.invalidField(name,
                name + " must be a whole number from " + min + " to " + max));
    }
}
