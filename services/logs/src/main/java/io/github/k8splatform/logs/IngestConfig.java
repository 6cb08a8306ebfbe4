package io.github.k8splatform.logs;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** logs.ingest.* in application.properties: the port the agents send to, its token and its bounds. */
@ConfigMapping(prefix = "logs.ingest")
public interface IngestConfig {

    int port();

    Optional<String> token();

    MemorySize maxBodySize();

    long maxDecompressedBytes();

    int maxLines();
}
