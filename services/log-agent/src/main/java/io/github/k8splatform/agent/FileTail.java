package io.github.k8splatform.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One log file being followed. The channel stays open, so a file renamed by rotation or deleted is
 * still read to its end. Only whole lines are consumed: bytes after the last newline wait for the
 * writer. A partial entry (CRI "P" or Docker json without newline) is joined with the entries that
 * continue it and becomes one record that starts where its first part started.
 */
final class FileTail implements AutoCloseable {

    /** Longest line taken whole; anything longer is counted as malformed and skipped. */
    static final int MAX_LINE_BYTES = 256 * 1024;

    final String key;
    final ContainerLogFile origin;
    private final FileChannel channel;
    private Path path;
    private long readOffset;
    /** The end of the last line of this incarnation the collector acknowledged. */
    private long shippedOffset;
    /** Null until the file holds a whole first line, and again after a truncation. */
    private String incarnation;
    private long size;
    private StringBuilder partial;
    private long partialStart;
    private Instant partialTime;
    private String partialStream;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE_BYTES);

    /** Opens the file to read from offset 0; the caller may resume further on (startAt). */
    FileTail(String key, Path path, ContainerLogFile origin) throws IOException {
        this.key = key;
        this.path = path;
        this.origin = origin;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Learns which incarnation of the file this is, when it already holds a whole first line. */
    Optional<String> identify() throws IOException {
        incarnation = FileIncarnation.of(channel).orElse(null);
        return Optional.ofNullable(incarnation);
    }

    void startAt(long offset) {
        readOffset = offset;
        shippedOffset = offset;
    }

    void shippedTo(long end) {
        shippedOffset = Math.max(shippedOffset, end);
    }

    long shippedOffset() {
        return shippedOffset;
    }

    /** Read to the current end, and every record read acknowledged: nothing of it is left to do. */
    boolean allShipped() throws IOException {
        return atEnd() && shippedOffset >= consumedOffset();
    }

    String incarnation() {
        return incarnation;
    }

    /** Where the file was last seen: rotation renames it (0.log becomes 0.log.20261126-031000). */
    Path path() {
        return path;
    }

    void seenAt(Path current) {
        path = current;
    }

    /** The file's size when it was last read. */
    long size() {
        return size;
    }

    /** Bytes written but not yet read: the lag behind the writer. */
    long unread() throws IOException {
        return Math.max(0, channel.size() - readOffset);
    }

    boolean atEnd() throws IOException {
        return channel.size() <= readOffset;
    }

    /** The end of the last complete record read: an unfinished partial entry is not consumed yet. */
    long consumedOffset() {
        return partial != null ? partialStart : readOffset;
    }

    /** Reads whole lines, appending up to maxRecords records; counts malformed lines. */
    int read(int maxRecords, List<LogRecord> into, Counts counts) throws IOException {
        size = channel.size();
        if (size < readOffset) {
            // Truncated (copytruncate): what is written from offset 0 on is a new incarnation.
            counts.truncated++;
            incarnation = null;
            readOffset = 0;
            shippedOffset = 0;
            partial = null;
        }
        if (incarnation == null && identify().isEmpty()) {
            return 0; // no whole first line yet, so no line to read either
        }
        int added = 0;
        while (added < maxRecords) {
            buffer.clear();
            int n = channel.read(buffer, readOffset);
            if (n <= 0) {
                break;
            }
            byte[] bytes = buffer.array();
            int lineStart = 0;
            boolean progressed = false;
            for (int i = 0; i < n && added < maxRecords; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                long start = readOffset + lineStart;
                long end = readOffset + i + 1;
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                switch (take(line, start, end, into)) {
                    case RECORD -> added++;
                    case MALFORMED -> counts.malformed += line.isEmpty() ? 0 : 1;
                    case PART -> { }
                }
                lineStart = i + 1;
                progressed = true;
            }
            if (!progressed) {
                if (n == MAX_LINE_BYTES) {
                    // A line longer than the buffer: skip it to its newline rather than stall.
                    counts.malformed++;
                    readOffset += n;
                    continue;
                }
                break; // an unfinished last line: wait for its newline
            }
            readOffset += lineStart;
        }
        counts.read += added;
        return added;
    }

    /** What one whole line was: the end of a record, a part of one still open, or neither. */
    private enum Taken { RECORD, PART, MALFORMED }

    private Taken take(String line, long start, long end, List<LogRecord> into) {
        Optional<LogLineParser.Entry> parsed = LogLineParser.parse(line);
        if (parsed.isEmpty()) {
            return Taken.MALFORMED;
        }
        LogLineParser.Entry entry = parsed.get();
        if (partial == null) {
            partial = new StringBuilder();
            partialStart = start;
            partialTime = entry.timestamp();
            partialStream = entry.stream();
        }
        partial.append(entry.message());
        if (entry.partial()) {
            return Taken.PART;
        }
        into.add(new LogRecord(origin, key, incarnation, partialTime, partialStream, partial.toString(), partialStart, end));
        partial = null;
        return Taken.RECORD;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** What a round of reading found, for the agent's metrics. */
    static final class Counts {
        long read;
        long malformed;
        long truncated;
    }
}
