package io.github.k8splatform.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Follows every container log file in a directory (/var/log/containers: links into /var/log/pods),
 * tracking files by device and inode so a rename is the same file and a new file at the same path
 * is a new one. Rotated and deleted files are read to their end before they are let go.
 */
final class Tailer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Tailer.class);

    private final Path logDir;
    private final Checkpoint checkpoint;
    private final Map<String, FileTail> tails = new HashMap<>();
    /** Per file, the end offset of the last line the collector acknowledged. */
    private final Map<String, Long> shipped = new HashMap<>();

    Tailer(Path logDir, Checkpoint checkpoint) throws IOException {
        this.logDir = logDir;
        this.checkpoint = checkpoint;
        resumeRotated();
    }

    /** Reads from every followed file, at most maxRecords records in all. */
    List<LogRecord> poll(int maxRecords, FileTail.Counts counts) throws IOException {
        Set<String> present = scan();
        List<LogRecord> records = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (FileTail tail : tails.values()) {
            if (records.size() >= maxRecords) {
                break;
            }
            tail.read(maxRecords - records.size(), records, counts);
            boolean allShipped = tail.atEnd() && shipped.getOrDefault(tail.key, 0L) >= tail.consumedOffset();
            if (!present.contains(tail.key) && allShipped) {
                finished.add(tail.key);
            }
        }
        for (String key : finished) {
            tails.remove(key).close();
            shipped.remove(key);
            checkpoint.remove(key);
        }
        return records;
    }

    /** The collector acknowledged these records: remember how far each file is shipped, durably. */
    void acknowledge(List<LogRecord> records) throws IOException {
        for (LogRecord r : records) {
            FileTail tail = tails.get(r.fileKey());
            if (tail != null && r.sourceFile().equals(tail.sourceFile())) {
                shipped.merge(r.fileKey(), r.endOffset(), Math::max);
                checkpoint.put(r.fileKey(), new Checkpoint.Position(tail.realPath.toString(), tail.origin.pod(),
                        tail.origin.namespace(), tail.origin.container(), shipped.get(r.fileKey()), tail.generation()));
            }
        }
        checkpoint.save();
    }

    /** Bytes in followed files not yet read. */
    long lag() {
        long lag = 0;
        for (FileTail tail : tails.values()) {
            try {
                lag += tail.unread();
            } catch (IOException e) {
                // a file going away while measured: no lag to report for it
            }
        }
        return lag;
    }

    private Set<String> scan() throws IOException {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logDir, "*.log")) {
            for (Path link : files) {
                Optional<ContainerLogFile> origin = ContainerLogFile.of(link);
                if (origin.isEmpty()) {
                    continue;
                }
                try {
                    Path real = link.toRealPath();
                    String key = keyOf(real);
                    present.add(key);
                    if (!tails.containsKey(key)) {
                        follow(key, real, origin.get());
                    }
                } catch (NoSuchFileException e) {
                    // a dangling link: the container's log is already gone
                }
            }
        }
        return present;
    }

    private void follow(String key, Path real, ContainerLogFile origin) throws IOException {
        Checkpoint.Position known = checkpoint.positions().get(key);
        long offset = known != null ? known.offset() : 0;
        int generation = known != null ? known.generation() : 0;
        tails.put(key, new FileTail(key, real, origin, offset, generation));
        shipped.put(key, offset);
        LOG.infof("following %s (%s) from offset %d", real, key, offset);
    }

    /**
     * After a restart, files the checkpoint knows but the directory no longer links to were rotated
     * (renamed beside the new file) while the agent was away: find them by inode and finish them.
     */
    private void resumeRotated() throws IOException {
        Set<String> present = scan();
        for (Map.Entry<String, Checkpoint.Position> entry : new HashMap<>(checkpoint.positions()).entrySet()) {
            if (present.contains(entry.getKey())) {
                continue;
            }
            Path dir = Path.of(entry.getValue().realPath()).getParent();
            Optional<Path> renamed = Optional.empty();
            if (dir != null && Files.isDirectory(dir)) {
                try (var siblings = Files.list(dir)) {
                    renamed = siblings.filter(p -> entry.getKey().equals(keyOrNull(p))).findFirst();
                }
            }
            Checkpoint.Position known = entry.getValue();
            if (renamed.isPresent()) {
                follow(entry.getKey(), renamed.get(),
                        new ContainerLogFile(known.pod(), known.namespace(), known.container()));
            } else {
                checkpoint.remove(entry.getKey());
            }
        }
    }

    static String keyOf(Path real) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(real, "unix:dev,ino");
        return attributes.get("dev") + ":" + attributes.get("ino");
    }

    private static String keyOrNull(Path path) {
        try {
            return keyOf(path);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        for (FileTail tail : tails.values()) {
            tail.close();
        }
        tails.clear();
    }
}
