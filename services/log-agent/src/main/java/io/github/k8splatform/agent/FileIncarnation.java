package io.github.k8splatform.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which incarnation of a file the agent is reading: a checksum of its first line. Device and inode
 * say where a file lives, not which file it is: once a rotated file is compressed and deleted, the
 * kubelet's next 0.log often gets the same inode, and offsets in it collide with the old file's.
 *
 * <p>Why the first line: Vector's file source (vectordotdev/vector, lib/file-source/src/fingerprinter.rs)
 * identifies a file by a CRC of its first line by default, not by device and inode, for exactly this
 * reason; the OpenTelemetry filelog receiver (open-telemetry/opentelemetry-collector-contrib,
 * pkg/stanza/fileconsumer/internal/fingerprint/fingerprint.go) uses the first 1000 bytes, growing
 * with the file. fluent-bit's in_tail (fluent/fluent-bit, plugins/in_tail/tail_sql.h) looks a file's
 * offset up by inode, with db.compare_filename by name too, which does not help: the new file is
 * 0.log again. Every container log line starts with a nanosecond timestamp, so the first line differs
 * between incarnations even when the text does not. The inode's birth time (statx) would be cheaper,
 * but Java 17 does not expose it on Linux, and overlay and older filesystems may not report it.
 */
final class FileIncarnation {

    /** How much of the first line counts: enough for the CRI or Docker timestamp and more. */
    static final int MAX_BYTES = 1024;

    private FileIncarnation() {
    }

    /**
     * The incarnation of the file behind the channel: 16 hex digits of SHA-256 over its first line
     * (up to MAX_BYTES), or empty while the file holds no whole first line yet. An append-only file
     * keeps its first line, so the same file always gives the same answer.
     */
    static Optional<String> of(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAX_BYTES);
        int n;
        do {
            n = channel.read(head, head.position());
        } while (n > 0 && head.hasRemaining());
        byte[] bytes = head.array();
        int length = head.position();
        int end = -1;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0 && length < MAX_BYTES) {
            return Optional.empty();
        }
        MessageDigest sha = sha256();
        sha.update(bytes, 0, end < 0 ? length : end);
        return Optional.of(HexFormat.of().formatHex(sha.digest(), 0, 8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
