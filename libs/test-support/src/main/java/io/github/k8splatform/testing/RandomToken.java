package io.github.k8splatform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A token made for one test run and given to the service as a configuration property, as make up
 * makes one per install: no token is in the repository. A subclass names the property and keeps the
 * value for its tests to send.
 */
public abstract class RandomToken implements QuarkusTestResourceLifecycleManager {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final String property;
    private final String value;

    protected RandomToken(String property, String value) {
        this.property = property;
        this.value = value;
    }

    /** 24 random bytes in hex, like make up's random_hex 24. */
    public static String hex() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(property, value);
    }

    @Override
    public void stop() {
    }
}
