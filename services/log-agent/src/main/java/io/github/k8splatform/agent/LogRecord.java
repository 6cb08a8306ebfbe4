package io.github.k8splatform.agent;

import java.time.Instant;

/**
 * A complete log line read from a file (partial entries already joined), with where it starts and
 * ends. fileKey names the file (device:inode), incarnation which file lived there (FileIncarnation):
 * together with the offset they identify the line, even when a later file reuses the inode.
 */
public record LogRecord(ContainerLogFile origin, String fileKey, String incarnation, Instant timestamp, String stream,
        String message, long startOffset, long endOffset) {
}
