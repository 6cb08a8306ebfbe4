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
    final Path realPath;
    final ContainerLogFile origin;
    private final FileChannel channel;
    private long readOffset;
    private int generation;
    private StringBuilder partial;
    private long partialStart;
    private Instant partialTime;
    private String partialStream;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE_BYTES);

    FileTail(String key, Path realPath, ContainerLogFile origin, long offset, int generation) throws IOException {
        this.key = key;
        this.realPath = realPath;
        this.origin = origin;
        this.channel = FileChannel.open(realPath, StandardOpenOption.READ);
        this.readOffset = offset;
        this.generation = generation;
    }

    int generation() {
        return generation;
    }

    String sourceFile() {
        return key + "#" + generation;
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
        if (channel.size() < readOffset) {
            // Truncated (copytruncate): start over, under a new generation so offsets stay unique.
            generation++;
            readOffset = 0;
            partial = null;
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
        into.add(new LogRecord(origin, key, sourceFile(), partialTime, partialStream, partial.toString(), partialStart, end));
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
    }
}
