package io.github.k8splatform.agent;

import java.time.Instant;

/**
 * A complete log line read from a file (partial entries already joined), with where it starts and
 * ends. sourceFile names the file (device:inode) and its generation, which a truncation bumps so
 * that reused offsets never collide with lines already stored.
 */
public record LogRecord(ContainerLogFile origin, String fileKey, String sourceFile, Instant timestamp, String stream,
        String message, long startOffset, long endOffset) {
}
