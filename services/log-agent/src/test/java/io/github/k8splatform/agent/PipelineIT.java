package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged agent and the packaged collector as real processes, real files and a real database:
 * lines written across a rotation, a truncation, partial and malformed lines, with the collector
 * down for a while and the agent restarted in the middle. Afterwards the collector holds exactly
 * the valid lines, in order per file, none twice.
 */
class PipelineIT {

    private static final String ID_A = "a".repeat(64);
    private static final String ID_B = "b".repeat(64);
    private final Map<String, List<String>> expected = new TreeMap<>();
    private int sequence;

    @Test
    void everyValidLineArrivesOnceAndInOrder() throws Exception {
        Run run = Run.fresh("logs_pipeline");
        String dbUrl = run.dbUrl();
        Path work = run.work();
        Path logDir = run.logDir();
        Path stateDir = run.stateDir();
        int collectorPort = run.collectorPort();
        int ingestPort = run.ingestPort();
        Path fileA = logDir.resolve("orders-1_platform_orders-" + ID_A + ".log");
        Path fileB = logDir.resolve("catalog-1_platform_catalog-" + ID_B + ".log");
        Process collector = PipelineProcesses.startCollector(dbUrl, collectorPort, ingestPort, work);
        Process agent = null;
        try {
            PipelineProcesses.waitReady(collectorPort, collector);
            agent = PipelineProcesses.startAgent(logDir, stateDir, ingestPort, 0, "test-node", work);

            write(fileA, "orders-1", 200);
            write(fileB, "catalog-1", 200);
            writePartial(fileA, "orders-1");
            appendRaw(fileB, "garbage that is not a log line\n2026-11-25T10:00:00Z stdout X bad-tag\n");
            PipelineProcesses.waitStored(dbUrl, total(), Duration.ofSeconds(30));

            // Rotation: the runtime renames the file, still writes a few lines to it, then opens a new one.
            Path rotated = logDir.resolve(fileA.getFileName() + ".1");
            Files.move(fileA, rotated);
            write(rotated, "orders-1", 20);
            write(fileA, "orders-1", 100);

            // The collector goes away; the agent keeps reading and retries.
            collector.destroy();
            collector.waitFor(30, TimeUnit.SECONDS);
            write(fileA, "orders-1", 150);
            write(fileB, "catalog-1", 150);
            Thread.sleep(2_000);

            // The agent restarts while lines keep coming.
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stops on SIGTERM");
            write(fileA, "orders-1", 100);
            writePartial(fileB, "catalog-1");
            agent = PipelineProcesses.startAgent(logDir, stateDir, ingestPort, 0, "test-node", work);
            collector = PipelineProcesses.startCollector(dbUrl, collectorPort, ingestPort, work);
            PipelineProcesses.waitReady(collectorPort, collector);

            // copytruncate: the file is emptied in place and written again from offset 0.
            PipelineProcesses.waitStored(dbUrl, total(), Duration.ofSeconds(60));
            try (RandomAccessFile truncate = new RandomAccessFile(fileB.toFile(), "rw")) {
                truncate.setLength(0);
            }
            write(fileB, "catalog-1", 50);
            write(fileA, "orders-1", 50);

            PipelineProcesses.waitStored(dbUrl, total(), Duration.ofSeconds(60));
            Thread.sleep(1_500); // anything extra (a duplicate) would arrive now
            verify(dbUrl);
            System.out.printf("pipeline: %d lines stored exactly once across rotation, truncation, collector outage and agent restart%n",
                    total());
        } finally {
            PipelineProcesses.stop(agent, collector);
        }
    }

    /** A 401 is the agent's token, not its lines: it keeps them, and they arrive once the token is right. */
    @Test
    void anAgentWithTheWrongTokenKeepsItsLines() throws Exception {
        Run run = Run.fresh("logs_wrong_token");
        Process collector = PipelineProcesses.startCollector(run.dbUrl(), run.collectorPort(), run.ingestPort(), run.work());
        Process agent = null;
        try {
            PipelineProcesses.waitReady(run.collectorPort(), collector);
            int agentPort = PipelineProcesses.freePort();
            agent = PipelineProcesses.startAgent(run.logDir(), run.stateDir(), run.ingestPort(), agentPort, "test-node", run.work(),
                    PipelineProcesses.INGEST_TOKEN + "0");
            PipelineProcesses.waitReady(agentPort, agent);
            write(run.logDir().resolve("orders-1_platform_orders-" + ID_A + ".log"), "orders-1", 50);
            for (int i = 0; i < 100 && PipelineProcesses.metric(agentPort, "log_agent_batches_unauthorized_total", "") == 0; i++) {
                Thread.sleep(100);
            }
            assertTrue(PipelineProcesses.metric(agentPort, "log_agent_batches_unauthorized_total", "") > 0, "the collector said 401");
            assertEquals(0, PipelineProcesses.metric(agentPort, "log_agent_lines_rejected_total", ""), "no line was dropped");
            assertEquals(0, PipelineProcesses.stored(run.dbUrl()));

            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stops on SIGTERM");
            agent = PipelineProcesses.startAgent(run.logDir(), run.stateDir(), run.ingestPort(), 0, "test-node", run.work());
            PipelineProcesses.waitStored(run.dbUrl(), total(), Duration.ofSeconds(30));
            Thread.sleep(1_500); // anything extra (a duplicate) would arrive now
            verify(run.dbUrl());
        } finally {
            PipelineProcesses.stop(agent, collector);
        }
    }

    /** A fresh database and work directory, and the two ports a collector will listen on. */
    private record Run(String dbUrl, Path work, Path logDir, Path stateDir, int collectorPort, int ingestPort) {
        static Run fresh(String name) throws Exception {
            String dbUrl = TestDatabase.createDatabase(name);
            TestDatabase.migrate(dbUrl, "logs");
            Path work = Files.createTempDirectory(name);
            return new Run(dbUrl, work, Files.createDirectories(work.resolve("containers")), work.resolve("state"),
                    PipelineProcesses.freePort(), PipelineProcesses.freePort());
        }
    }

    private void verify(String dbUrl) throws Exception {
        Map<String, List<String>> stored = new TreeMap<>();
        Map<String, Long> lastOffset = new HashMap<>();
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT pod, message, source_file || '@' || source_incarnation AS source_file, source_offset FROM logs.log_lines"
                        + " ORDER BY id")) {
            while (rows.next()) {
                stored.computeIfAbsent(rows.getString("pod"), k -> new ArrayList<>()).add(rows.getString("message"));
                String file = rows.getString("source_file");
                long offset = rows.getLong("source_offset");
                assertTrue(offset > lastOffset.getOrDefault(file, -1L), "lines of " + file + " stored out of order at " + offset);
                lastOffset.put(file, offset);
            }
        }
        for (String pod : expected.keySet()) {
            List<String> want = new ArrayList<>(expected.get(pod));
            List<String> got = new ArrayList<>(stored.getOrDefault(pod, List.of()));
            assertEquals(want.size(), got.size(), pod + ": line count");
            assertEquals(want.stream().sorted().toList(), got.stream().sorted().toList(), pod + ": the lines themselves");
        }
        assertEquals(expected.keySet(), stored.keySet());
    }

    private int total() {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    private void write(Path file, String pod, int lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            String message = pod + " line " + (++sequence);
            text.append(Instant.now()).append(i % 7 == 0 ? " stderr F " : " stdout F ").append(message).append('\n');
            expected.computeIfAbsent(pod, k -> new ArrayList<>()).add(message);
        }
        appendRaw(file, text.toString());
    }

    private void writePartial(Path file, String pod) throws IOException {
        String id = pod + " long line " + (++sequence);
        appendRaw(file, Instant.now() + " stdout P " + id + " part one," + "\n"
                + Instant.now() + " stdout P  part two," + "\n"
                + Instant.now() + " stdout F  end" + "\n");
        expected.computeIfAbsent(pod, k -> new ArrayList<>()).add(id + " part one, part two, end");
    }

    private static void appendRaw(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
