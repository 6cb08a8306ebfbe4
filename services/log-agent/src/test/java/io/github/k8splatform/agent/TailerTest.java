package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tailer over real files across an agent restart: a reused inode is a new file; a deleted unread file is lost, and said so. */
class TailerTest {

    @TempDir
    Path work;
    private Path logDir;
    private Path stateDir;
    private Path log;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void layout() throws IOException {
        logDir = Files.createDirectories(work.resolve("containers"));
        stateDir = work.resolve("state");
        Path containerDir = Files.createDirectories(work.resolve("pods/platform_web-0_uid/web"));
        log = containerDir.resolve("0.log");
        Files.createFile(log);
        Files.createSymbolicLink(logDir.resolve("web-0_platform_web-" + "f".repeat(64) + ".log"), log);
    }

    @Test
    void aFileAtTheCheckpointedInodeWithAnotherFirstLineIsReadFromItsStart() throws IOException {
        append(log, "old", 50);
        try (Tailer tailer = tailer()) {
            tailer.acknowledge(readAll(tailer));
        }
        // While the agent is away the inode gets other content, longer than the checkpointed offset.
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(0);
        }
        append(log, "new", 60);
        try (Tailer tailer = tailer()) {
            List<LogRecord> records = readAll(tailer);
            assertEquals(60, records.size());
            assertEquals("new line 000", records.get(0).message());
        }
        assertEquals(1, metrics.counter("log_agent_file_incarnations", "reason", "inode_reused").count());
        assertEquals(0, metrics.counter("log_agent_bytes_lost").count());
    }

    @Test
    void aRotatedFileCompressedBeforeItsEndCountsItsUnreadBytesAsLost() throws IOException {
        append(log, "first", 100);
        long lineBytes = Files.size(log) / 100;
        try (Tailer tailer = tailer()) {
            List<LogRecord> some = tailer.poll(30, new FileTail.Counts());
            assertEquals(30, some.size());
            tailer.acknowledge(some);
        }
        // Away: rotated, a new 0.log, and the rotated file compressed and deleted.
        Path rotated = log.resolveSibling("0.log.20261126-031000");
        Files.move(log, rotated);
        Files.createFile(log);
        append(log, "second", 10);
        Files.delete(rotated);
        try (Tailer tailer = tailer()) {
            assertEquals(10, readAll(tailer).size());
        }
        assertEquals(70 * lineBytes, metrics.counter("log_agent_bytes_lost").count());
    }

    @Test
    void aFileRotatedBeforeTheAgentLookedIsReadBesideTheNewOne() throws IOException {
        append(log, "before", 20);
        Files.move(log, log.resolveSibling("0.log.20261126-031000"));
        Files.createFile(log);
        append(log, "after", 5);
        try (Tailer tailer = tailer()) {
            assertEquals(25, readAll(tailer).size());
        }
    }

    @Test
    void aFileRotatedWhileTheNewLogIsNotThereYetIsNotReadAgain() throws IOException {
        append(log, "shipped", 40);
        try (Tailer tailer = tailer()) {
            tailer.acknowledge(readAll(tailer));
            // The kubelet renamed 0.log; until the runtime reopens it, the link from /var/log/containers dangles.
            Files.move(log, log.resolveSibling("0.log.20261126-031000"));
            assertEquals(0, readAll(tailer).size());
            Files.createFile(log);
            append(log, "next", 3);
            List<LogRecord> records = readAll(tailer);
            assertEquals(List.of("next line 000", "next line 001", "next line 002"), records.stream().map(LogRecord::message).toList());
        }
        assertEquals(0, metrics.counter("log_agent_file_incarnations", "reason", "inode_reused").count());
    }

    @Test
    void onlyTheShippedNamespacesAreFollowedUnlessEveryOneIsAskedFor() throws IOException {
        Path controlPlane = Files.createDirectories(work.resolve("pods/kube-system_etcd-0_uid/etcd")).resolve("0.log");
        Files.createFile(controlPlane);
        Files.createSymbolicLink(logDir.resolve("etcd-0_kube-system_etcd-" + "e".repeat(64) + ".log"), controlPlane);
        append(log, "web", 2);
        append(controlPlane, "etcd", 3);
        try (Tailer tailer = new Tailer(logDir, Checkpoint.load(stateDir), new TailMetrics(metrics),
                ShippedNamespaces.of(List.of("platform", " platform-logging")))) {
            assertEquals(List.of("platform"), readAll(tailer).stream().map(r -> r.origin().namespace()).distinct().toList());
        }
        try (Tailer tailer = new Tailer(logDir, Checkpoint.load(work.resolve("fresh-state")), new TailMetrics(metrics),
                ShippedNamespaces.of(List.of(ShippedNamespaces.EVERY)))) {
            assertEquals(5, readAll(tailer).size());
        }
    }

    private Tailer tailer() throws IOException {
        return new Tailer(logDir, Checkpoint.load(stateDir), new TailMetrics(metrics), file -> true);
    }

    private static List<LogRecord> readAll(Tailer tailer) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            all.addAll(tailer.poll(1000, new FileTail.Counts()));
        }
        return all;
    }

    private static void append(Path file, String what, int lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("2026-11-26T03:10:00.000000000Z stdout F ").append(String.format("%s line %03d", what, i)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
