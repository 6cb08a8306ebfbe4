package io.github.k8splatform.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every service replica runs on its image's AOT cache (images/aot-train.sh): its JVM, started with
 * the cache's log on, says it opened and mapped the cache, and never that it could not use it. A
 * JVM that silently fell back would start two to three times slower and nothing else would show it.
 */
final class AotCacheCheck {

    /** docker run arguments that turn the JVM's AOT cache log on (a log, not a flag the cache checks). */
    static final List<String> LOG_ON = List.of("-e", "JAVA_TOOL_OPTIONS=-Xlog:aot=info");

    private AotCacheCheck() {
    }

    /** The replicas' names and container ids; says which use the cache and fails on any that does not. */
    static boolean verify(Platform platform, Map<String, String> replicas) {
        List<String> without = new ArrayList<>();
        for (Map.Entry<String, String> replica : replicas.entrySet()) {
            String log = platform.docker.allLogs(replica.getValue());
            boolean mapped = log.contains("Opened AOT cache") && log.contains("Mapped static");
            boolean refused = log.contains("Unable to use AOT cache") || log.contains("Unable to map") || log.contains("AOT cache disabled");
            if (!mapped || refused) {
                without.add(replica.getKey());
            }
        }
        if (without.isEmpty()) {
            platform.say("e2e: every replica runs on its image's AOT cache: " + String.join(", ", replicas.keySet()));
            return true;
        }
        platform.say("e2e: FAILED: not running on the image's AOT cache (see -Xlog:aot in their logs): " + String.join(", ", without));
        return false;
    }
}
