package io.github.k8splatform.agent;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything under agent.* in application.properties, where each setting says what it is. */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    Path logDir();

    Path stateDir();

    URI collectorUrl();

    String node();

    List<String> namespaces();

    Duration pollInterval();

    Batch batch();

    Buffer buffer();

    Retry retry();

    Http http();

    interface Batch {
        int maxLines();

        int maxBytes();

        Duration maxWait();
    }

    interface Buffer {
        int maxLines();
    }

    interface Retry {
        Duration maxBackoff();
    }

    interface Http {
        String host();

        int port();
    }
}
