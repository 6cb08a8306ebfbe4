package io.github.k8splatform.e2e;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secrets a cluster gets from make up (scripts/cluster/up.sh), made for this run instead: the
 * repository holds no secret value, so each key of each Secret a pod template names gets a random
 * value on first use, the same one for every container that asks.
 */
final class RunSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    String value(String secret, String key) {
        return values.computeIfAbsent(secret + "/" + key, k -> {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        });
    }
}
