package io.github.k8splatform.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile that only sets configuration: a subclass hands its settings to the constructor.
 * Each profile is its own application start, so what one test sets never leaks into another.
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    protected ConfigOverrides(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
