package io.github.k8splatform.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Follows every container log file in a directory (/var/log/containers: links into /var/log/pods)
 * and the rotated copies the kubelet keeps beside each (0.log.20261126-031000), so a file rotated
 * before the agent saw it, or while it was away, is still read. A file is tracked by device and
 * inode while it is open, and its incarnation (FileIncarnation) tells a new file that reuses a
 * known inode from the file the checkpoint knew. A file is let go only once it is deleted and read
 * and shipped to its end: the open channel keeps the inode from being reused meanwhile.
 */
final class Tailer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Tailer.class);
    /** The kubelet's suffix of a rotated, not yet compressed, log: a timestamp (no .gz, no .tmp). */
    private static final Pattern ROTATED_SUFFIX = Pattern.compile("[0-9][0-9.-]*");
    private static final int REMEMBERED_RETIRED_KEYS = 4096;

    private final Path logDir;
    /** Which containers' files are followed at all (ShippedNamespaces). */
    private final Predicate<ContainerLogFile> shipped;
    private final Checkpoint checkpoint;
    private final TailEvents events;
    private final Map<String, FileTail> tails = new HashMap<>();
    /** Keys of files read to their end and deleted: a later file with one reuses the inode. */
    private final Set<String> retired = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_RETIRED_KEYS;
        }
    });

    private final Set<Path> unlistable = new HashSet<>();

    Tailer(Path logDir, Checkpoint checkpoint, TailEvents events, Predicate<ContainerLogFile> shipped) throws IOException {
        this.logDir = logDir;
        this.shipped = shipped;
        this.checkpoint = checkpoint;
        this.events = events;
        scan();
        // What the checkpoint knows that is not there any more was deleted while the agent was away.
        for (Map.Entry<String, Checkpoint.Position> known : new ArrayList<>(checkpoint.positions().entrySet())) {
            if (!tails.containsKey(known.getKey())) {
                gone(known.getKey(), known.getValue());
            }
        }
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
            if (!present.contains(tail.key) && tail.allShipped()) {
                finished.add(tail.key);
            }
        }
        for (String key : finished) {
            tails.remove(key).close();
            checkpoint.remove(key);
            retired.add(key);
        }
        return records;
    }

    /** The collector acknowledged these records: remember how far each file is shipped, durably. */
    void acknowledge(List<LogRecord> records) throws IOException {
        Set<FileTail> advanced = new LinkedHashSet<>();
        for (LogRecord r : records) {
            FileTail tail = tails.get(r.fileKey());
            if (tail != null && r.incarnation().equals(tail.incarnation())) {
                tail.shippedTo(r.endOffset());
                advanced.add(tail);
            }
        }
        for (FileTail tail : advanced) {
            checkpoint.put(tail.key, new Checkpoint.Position(tail.path().toString(), tail.origin.pod(),
                    tail.origin.namespace(), tail.origin.container(), tail.shippedOffset(), tail.incarnation(), tail.size()));
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

    /** Every log file there is now, by key; starts following the ones not followed yet. */
    private Set<String> scan() throws IOException {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(logDir, "*.log")) {
            for (Path link : links) {
                Optional<ContainerLogFile> origin = ContainerLogFile.of(link);
                if (origin.isEmpty() || !shipped.test(origin.get())) {
                    continue;
                }
                try {
                    Path log = logBehind(link);
                    see(log, origin.get(), present);
                    for (Path rotated : rotatedBeside(log)) {
                        see(rotated, origin.get(), present);
                    }
                } catch (NoSuchFileException e) {
                    // the container's log directory is gone with its pod
                }
            }
        }
        return present;
    }

    private void see(Path file, ContainerLogFile origin, Set<String> present) throws IOException {
        try {
            String key = keyOf(file);
            present.add(key);
            FileTail tail = tails.get(key);
            if (tail == null) {
                follow(key, file, origin);
            } else {
                tail.seenAt(file);
            }
        } catch (NoSuchFileException e) {
            // deleted between listing and opening: if it was followed, its channel still reads it
        }
    }

    /**
     * The real path of the log a /var/log/containers link leads to. Between the kubelet's rename of
     * 0.log and the runtime's new one the link dangles, but the rotated files beside it are there and
     * must not look deleted: then it is the path the link names, in its directory's real path.
     */
    private static Path logBehind(Path link) throws IOException {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            Path target = link.resolveSibling(Files.readSymbolicLink(link));
            return target.getParent().toRealPath().resolve(target.getFileName());
        }
    }

    private List<Path> rotatedBeside(Path file) throws IOException {
        String prefix = file.getFileName() + ".";
        List<Path> rotated = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && ROTATED_SUFFIX.matcher(name).region(prefix.length(), name.length()).matches();
        })) {
            siblings.forEach(rotated::add);
        } catch (AccessDeniedException e) {
            // The log itself is still followed through its link; only rotated copies go unseen, say so once.
            if (unlistable.add(file.getParent())) {
                LOG.warnf("cannot list %s: files rotated there before the agent opened them are not read", file.getParent());
            }
        }
        return rotated;
    }

    /**
     * Resumes a file at its checkpoint only when it is the same incarnation; a checkpoint written
     * before incarnations (none recorded) trusts the inode once, as the agent did then.
     */
    private void follow(String key, Path file, ContainerLogFile origin) throws IOException {
        FileTail tail = new FileTail(key, file, origin);
        if (!key.equals(keyOrNull(file))) {
            tail.close(); // rotated between looking and opening: the next scan finds both files again
            return;
        }
        Optional<String> incarnation = tail.identify();
        Checkpoint.Position known = checkpoint.positions().get(key);
        long offset = 0;
        if (known != null && (known.incarnation() == null || incarnation.filter(known.incarnation()::equals).isPresent())) {
            offset = known.offset();
        } else {
            boolean reused = known != null || retired.remove(key);
            if (known != null) {
                gone(key, known);
            }
            events.newIncarnation(file, reused ? "inode_reused" : "new");
        }
        tail.startAt(offset);
        tails.put(key, tail);
        LOG.infof("following %s (%s) from offset %d", file, key, offset);
    }

    /** The file the checkpoint knew at this key is deleted: whatever it held beyond the offset is lost. */
    private void gone(String key, Checkpoint.Position known) {
        if (known.size() > known.offset()) {
            events.lost(Path.of(known.realPath()), known.size() - known.offset());
        }
        checkpoint.remove(key);
    }

    static String keyOf(Path real) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(real, "unix:dev,ino");
        return attributes.get("dev") + ":" + attributes.get("ino");
    }

    private static String keyOrNull(Path path) {
        try {
            return keyOf(path);
        } catch (IOException e) {
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
