package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A container logging the way the kubelet and containerd write, on the real filesystem, read by the
 * packaged agent and stored by the packaged collector in PostgreSQL. The container writes CRI lines of
 * equal length (long ones split into 16 KiB "P" parts) into /var/log/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/0.log,
 * linked from /var/log/containers. At each rotation, as the kubelet's container log manager does, every
 * uncompressed rotated file is gzipped and deleted, rotated files beyond the limit are removed, 0.log is
 * renamed to 0.log.&lt;timestamp&gt; and a new 0.log is created: it often gets an inode just freed, and its
 * lines sit at the same offsets as the old file's. The agent restarts in the middle, with one rotation
 * while it is away. Every line written must be stored exactly once, and the run must actually have
 * reused inodes, or it proved nothing.
 * <p>
 * Whether the kernel hands a freed log inode to the new 0.log is chance: ext4 and XFS give the lowest
 * free inode near the directory, which may be a hole left by any other file (a dropped database, a
 * build's temporary file), and a deleted log's inode is free only once the agent, which keeps it open
 * until read, lets it go (at its next poll). Left to chance, CI saw 8 reuses in 43 rotations. So the
 * test makes the collision happen: after deleting a log it waits, briefly, until the agent has closed it,
 * then creates files in the container's directory, holding every inode that no earlier log had, until
 * one gets an earlier log's inode, and renames that file to 0.log.
 */
class KubeletRotationIT {

    private static final String NODE = "kubelet-node";
    private static final String CONTAINER_ID = "e".repeat(64);
    /** containerd splits lines longer than 16 KiB into "P" entries. */
    private static final int CRI_MAX_ENTRY = 16 * 1024;
    private static final int LINES_PER_FILE = 400;
    private static final int LONG_LINE_EVERY = 50;
    /** kubelet containerLogMaxFiles=5: 0.log and at most four rotated files. */
    private static final int MAX_ROTATED = 4;
    /** Seconds between rotations, from sub-second to several seconds, in turn. */
    private static final double[] INTERVALS = {0.3, 0.6, 1.0, 2.5, 0.4, 3.0};
    /**
     * A new 0.log gets an earlier log's inode only once the agent has let that log go, so each phase
     * rotates until enough new files did (at least a round of INTERVALS), bounded in rotations and
     * time; too few fails the test.
     */
    private static final int REUSES_BEFORE_RESTART = 6;
    private static final int REUSES_AFTER_RESTART = 4;
    private static final int MAX_ROTATIONS_PER_PHASE = 30;
    private static final Duration PHASE_BUDGET = Duration.ofSeconds(35);
    /** Files a rotation may create looking for an earlier log's inode before it takes a new one, and in all. */
    private static final int MAX_INODE_PROBES = 512;
    private static final int MAX_HELD = 8192;
    /** A few of the agent's polls (agent.poll-interval): how long a deleted log may stay open in the agent. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);
    private static final DateTimeFormatter CRI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final DateTimeFormatter ROTATED_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS");

    private final Set<String> written = new HashSet<>();
    /** The inode of every file created in the run, and whether that file was a log (else a .gz). */
    private final Map<Long, Boolean> inodes = new HashMap<>();
    /** Files holding inodes that were no earlier log's, kept so the allocator hands out the others. */
    private final List<Path> held = new ArrayList<>();
    /** Inodes of deleted logs that no new 0.log has taken yet. */
    private final Set<Long> freedLogs = new HashSet<>();
    private Path containerDir;
    private Process agent;
    private Path current;
    private int sequence;
    private int rotations;
    private int reuses;
    /** Rotations whose new 0.log got the inode of an earlier log file: the collision the agent must survive. */
    private int logInodeReuses;

    @Test
    void everyLineIsStoredOnceThroughRotationsThatReuseInodes() throws Exception {
        long started = System.nanoTime();
        String dbUrl = TestDatabase.createDatabase("logs_kubelet");
        TestDatabase.migrate(dbUrl, "logs");
        // Under target/, not /tmp: tmpfs never reuses inode numbers, so the run would prove nothing there.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "kubelet");
        Path logDir = Files.createDirectories(work.resolve("containers"));
        // The checkpoint's temporary files would take freed inodes first; on a node it lives elsewhere too.
        Path stateDir = Files.createTempDirectory("kubelet-agent-state");
        containerDir = Files.createDirectories(work.resolve("pods/platform_writer-0_0b6a1c9e-5d4f-4f61-9a53-2f0d3c7be812/app"));
        current = containerDir.resolve("0.log");
        createCurrent();
        Files.createSymbolicLink(logDir.resolve("writer-0_platform_app-" + CONTAINER_ID + ".log"), current);

        int collectorPort = PipelineProcesses.freePort();
        int ingestPort = PipelineProcesses.freePort();
        Process collector = PipelineProcesses.startCollector(dbUrl, collectorPort, ingestPort, work);
        try {
            PipelineProcesses.waitReady(collectorPort, collector);
            int agentPort = PipelineProcesses.freePort();
            agent = PipelineProcesses.startAgent(logDir, stateDir, ingestPort, agentPort, NODE, work);
            PipelineProcesses.waitReady(agentPort, agent);
            rotateUntilReused(REUSES_BEFORE_RESTART);
            // Stop the agent once the rotated files are stored: the rotation while it is away compresses
            // the newest of them, and a file deleted unread is lost (and counted), which is not this test.
            writeLines(LINES_PER_FILE / 2);
            PipelineProcesses.waitStored(dbUrl, written.size(), Duration.ofSeconds(30));
            double shippedBefore = PipelineProcesses.metric(agentPort, "log_agent_lines_shipped_total", NODE);
            double reusedSeenBefore = PipelineProcesses.metric(agentPort, "log_agent_file_incarnations_total", "inode_reused");
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stops on SIGTERM");
            int reusesBeforeRestart = reuses;

            writeLines(LINES_PER_FILE / 2);
            rotate();
            writeLines(LINES_PER_FILE / 2);
            agentPort = PipelineProcesses.freePort();
            agent = PipelineProcesses.startAgent(logDir, stateDir, ingestPort, agentPort, NODE, work);
            PipelineProcesses.waitReady(agentPort, agent);
            rotateUntilReused(reusesBeforeRestart + REUSES_AFTER_RESTART);
            writeLines(LINES_PER_FILE);

            PipelineProcesses.waitStored(dbUrl, written.size(), Duration.ofSeconds(60));
            Thread.sleep(1_500); // anything extra (a duplicate) would arrive now
            verifyStoredOnce(dbUrl);

            double shipped = shippedBefore + PipelineProcesses.metric(agentPort, "log_agent_lines_shipped_total", NODE);
            double stored = PipelineProcesses.metric(collectorPort, "logs_lines_stored_total", NODE);
            double duplicates = PipelineProcesses.metric(collectorPort, "logs_lines_duplicate_total", NODE);
            double reusedSeen = reusedSeenBefore + PipelineProcesses.metric(agentPort, "log_agent_file_incarnations_total", "inode_reused");
            assertEquals(written.size(), stored, "logs_lines_stored_total counts every stored line");
            assertEquals(shipped - stored, duplicates, "shipped minus stored is exactly the duplicates the collector counted");
            assertEquals(0, PipelineProcesses.metric(agentPort, "log_agent_bytes_lost_total", ""), "no bytes lost");
            System.out.printf("kubelet: %d lines stored once each across %d rotations, %d of them reusing an inode"
                    + " (%d an earlier log file's, %d after the agent restart; the agent saw %.0f), %.0f duplicates refused,"
                    + " %d inodes held, on %s, in %d s%n", written.size(), rotations, reuses, logInodeReuses,
                    reuses - reusesBeforeRestart, reusedSeen, duplicates, held.size(), Files.getFileStore(work).type(),
                    (System.nanoTime() - started) / 1_000_000_000L);
            assertTrue(reusesBeforeRestart >= REUSES_BEFORE_RESTART && reuses - reusesBeforeRestart >= REUSES_AFTER_RESTART,
                    "inodes were reused in only " + reuses + " of " + rotations + " rotations (" + reusesBeforeRestart
                    + " before the restart) on " + Files.getFileStore(work).type()
                    + ": the run proved nothing about inode reuse");
            assertTrue(logInodeReuses >= 1, "no new 0.log got the inode of an earlier log file");
            assertTrue(reusedSeen >= 1, "the agent never reported a reused inode (log_agent_file_incarnations_total)");
        } finally {
            PipelineProcesses.stop(agent, collector);
        }
    }

    private void verifyStoredOnce(String dbUrl) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT message FROM logs.log_lines")) {
            while (rows.next()) {
                stored.merge(rows.getString(1), 1, Integer::sum);
            }
        }
        List<String> twice = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(5).toList();
        assertTrue(twice.isEmpty(), "stored more than once: " + twice);
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(stored.keySet());
        assertTrue(missing.isEmpty(), missing.size() + " of " + written.size() + " lines never stored, e.g. "
                + missing.stream().limit(3).map(m -> m.substring(0, Math.min(40, m.length()))).toList());
        assertEquals(written.size(), stored.size(), "lines stored that were never written");
    }

    /** Writes and rotates at the next intervals until reuses reaches the target, within the phase's bounds. */
    private void rotateUntilReused(int target) throws Exception {
        long deadline = System.nanoTime() + PHASE_BUDGET.toNanos();
        for (int i = 0; i < MAX_ROTATIONS_PER_PHASE && System.nanoTime() < deadline
                && (i < INTERVALS.length || reuses < target); i++) {
            writeFor(INTERVALS[rotations % INTERVALS.length]);
            rotate();
        }
    }

    /** Writes lines spread over the given seconds, as a container would. */
    private void writeFor(double seconds) throws Exception {
        int chunks = 10;
        for (int i = 0; i < chunks; i++) {
            writeLines(LINES_PER_FILE / chunks);
            Thread.sleep((long) (seconds * 1000 / chunks));
        }
    }

    /**
     * Appends lines of equal length, so that offsets in one file are offsets in the next; every
     * LONG_LINE_EVERY-th line is long and written as 16 KiB "P" entries and a closing "F" entry.
     */
    private void writeLines(int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int n = ++sequence;
            boolean longLine = n % LONG_LINE_EVERY == 0;
            String message = String.format("writer-0 line %08d ", n) + (longLine ? "L" : "s").repeat(longLine ? 40_000 : 80);
            written.add(message);
            for (int from = 0; from < message.length(); from += CRI_MAX_ENTRY) {
                boolean last = from + CRI_MAX_ENTRY >= message.length();
                text.append(LocalDateTime.now(ZoneOffset.UTC).format(CRI_TIME)).append(last ? " stdout F " : " stdout P ")
                        .append(message, from, Math.min(message.length(), from + CRI_MAX_ENTRY)).append('\n');
            }
        }
        Files.writeString(current, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The kubelet's rotation: compress rotated files, remove the excess, rename 0.log, create a new one. */
    private void rotate() throws IOException, InterruptedException {
        List<Path> rotated = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(containerDir, "0.log.*")) {
            files.forEach(rotated::add);
        }
        rotated.sort(null);
        for (int i = 0; i < rotated.size() - (MAX_ROTATED - 1); i++) {
            Files.delete(rotated.get(i));
        }
        for (Path file : rotated) {
            if (Files.exists(file) && !file.toString().endsWith(".gz")) {
                compress(file);
            }
        }
        Files.move(current, containerDir.resolve("0.log." + LocalDateTime.now(ZoneOffset.UTC).format(ROTATED_SUFFIX)),
                StandardCopyOption.ATOMIC_MOVE);
        createCurrent();
        rotations++;
    }

    private void compress(Path file) throws IOException, InterruptedException {
        Path temp = file.resolveSibling(file.getFileName() + ".gz.tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
            Files.copy(file, out);
        }
        inodes.put(inode(temp), false);
        Files.move(temp, file.resolveSibling(file.getFileName() + ".gz"), StandardCopyOption.ATOMIC_MOVE);
        long logInode = inode(file);
        Files.delete(file);
        awaitReleased(file);
        freedLogs.add(logInode);
    }

    /** Waits, bounded, until the agent no longer holds the deleted file open, so that its inode is free. */
    private void awaitReleased(Path deleted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (agent != null && agent.isAlive() && System.nanoTime() < deadline && holds(agent, deleted)) {
            Thread.sleep(20);
        }
    }

    /**
     * Whether the process has the deleted file open: Linux names it "path (deleted)" in /proc/pid/fd.
     * Without /proc there is no telling, and no waiting.
     */
    private static boolean holds(Process process, Path deleted) throws IOException {
        String open = deleted.getParent().toRealPath().resolve(deleted.getFileName()) + " (deleted)";
        Path fdDir = Path.of("/proc", Long.toString(process.pid()), "fd");
        if (!Files.isDirectory(fdDir)) {
            return false;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(open)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        return false;
    }

    /**
     * Creates the new 0.log, on an earlier log's inode when one is free: files made in the same
     * directory take the free inodes in the allocator's order; the first on an earlier log's inode
     * becomes 0.log by rename, the others stay to keep their inodes out of the way.
     */
    private void createCurrent() throws IOException {
        for (int i = 0; i < MAX_INODE_PROBES && held.size() < MAX_HELD && !freedLogs.isEmpty(); i++) {
            Path probe = Files.createFile(containerDir.resolve("held-inode-" + (held.size() + 1)));
            if (freedLogs.remove(inode(probe))) {
                Files.move(probe, current, StandardCopyOption.ATOMIC_MOVE);
                break;
            }
            held.add(probe);
        }
        if (!Files.exists(current)) {
            Files.createFile(current);
        }
        Boolean earlierWasLog = inodes.put(inode(current), true);
        if (earlierWasLog != null) {
            reuses++;
            logInodeReuses += earlierWasLog ? 1 : 0;
        }
    }

    private static long inode(Path file) throws IOException {
        return (Long) Files.getAttribute(file, "unix:ino");
    }
}
