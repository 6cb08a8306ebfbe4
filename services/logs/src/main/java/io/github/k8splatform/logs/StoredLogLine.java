package io.github.k8splatform.logs;

import java.time.Instant;

/** A stored line, as GET /api/logs answers it. */
public record StoredLogLine(long id, String node, String namespace, String pod, String container, String stream,
        Instant timestamp, String message) {
}
