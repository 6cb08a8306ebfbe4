package io.github.k8splatform.logs;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** logs.ingest.* in application.properties: the port the agents send to and its bounds. */
@ConfigMapping(prefix = "logs.ingest")
public interface IngestConfig {

    int port();

    MemorySize maxBodySize();

    long maxDecompressedBytes();

    int maxLines();
}
