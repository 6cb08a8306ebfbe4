package io.github.k8splatform.catalog;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** A random catalog write token for this test run, as make up makes one per install: none is in the repository. */
public class WriteToken implements QuarkusTestResourceLifecycleManager {

    static final String VALUE = random();

    /** The header a writer sends. */
    static final String BEARER = "Bearer " + VALUE;

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public Map<String, String> start() {
        return Map.of("app.catalog.write-token", VALUE);
    }

    @Override
    public void stop() {
    }
}
