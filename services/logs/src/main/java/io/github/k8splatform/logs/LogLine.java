package io.github.k8splatform.logs;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One container log line as an agent ships it: where it was logged, when, what, and where in which
 * file it was read (sourceFile is the file's device:inode, sourceIncarnation which file lived there,
 * sourceOffset the byte where the line starts). An agent from before incarnations sends none.
 */
public record LogLine(
        @NotBlank @Size(max = 253) String node,
        @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", message = "must be a Kubernetes namespace name") String namespace,
        @NotBlank @Size(max = 253) String pod,
        @NotBlank @Size(max = 63) String container,
        @NotNull @Pattern(regexp = "stdout|stderr", message = "must be stdout or stderr") String stream,
        @NotNull Instant timestamp,
        @NotNull @Size(max = 65_536) String message,
        @NotBlank @Size(max = 100) String sourceFile,
        @Pattern(regexp = "[0-9a-f]{16}", message = "must be 16 hexadecimal digits") String sourceIncarnation,
        @NotNull @PositiveOrZero Long sourceOffset) {

    /** The incarnation as stored: empty for lines from an agent that sends none. */
    public String storedIncarnation() {
        return sourceIncarnation == null ? "" : sourceIncarnation;
    }
}
