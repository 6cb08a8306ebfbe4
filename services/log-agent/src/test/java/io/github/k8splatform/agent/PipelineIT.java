package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, List<String>> expected = new TreeMap<>();
    private int sequence;

    @Test
    void everyValidLineArrivesOnceAndInOrder() throws Exception {
        String dbUrl = TestDatabase.createDatabase("logs_pipeline");
        TestDatabase.migrate(dbUrl, "logs");
        Path work = Files.createTempDirectory("pipeline");
        Path logDir = Files.createDirectories(work.resolve("containers"));
        Path stateDir = work.resolve("state");
        Path fileA = logDir.resolve("orders-1_platform_orders-" + ID_A + ".log");
        Path fileB = logDir.resolve("catalog-1_platform_catalog-" + ID_B + ".log");
        int collectorPort = freePort();
        Process collector = startCollector(dbUrl, collectorPort, work);
        Process agent = null;
        try {
            waitReady(collectorPort, collector);
            agent = startAgent(logDir, stateDir, collectorPort, work);

            write(fileA, "orders-1", 200);
            write(fileB, "catalog-1", 200);
            writePartial(fileA, "orders-1");
            appendRaw(fileB, "garbage that is not a log line\n2026-11-25T10:00:00Z stdout X bad-tag\n");
            waitStored(dbUrl, total(), Duration.ofSeconds(30));

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
            agent = startAgent(logDir, stateDir, collectorPort, work);
            collector = startCollector(dbUrl, collectorPort, work);
            waitReady(collectorPort, collector);

            // copytruncate: the file is emptied in place and written again from offset 0.
            waitStored(dbUrl, total(), Duration.ofSeconds(60));
            try (RandomAccessFile truncate = new RandomAccessFile(fileB.toFile(), "rw")) {
                truncate.setLength(0);
            }
            write(fileB, "catalog-1", 50);
            write(fileA, "orders-1", 50);

            waitStored(dbUrl, total(), Duration.ofSeconds(60));
            Thread.sleep(1_500); // anything extra (a duplicate) would arrive now
            verify(dbUrl);
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor(20, TimeUnit.SECONDS);
            }
            collector.destroy();
            collector.waitFor(20, TimeUnit.SECONDS);
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
        System.out.printf("pipeline: %d lines stored exactly once across rotation, truncation, collector outage and agent restart%n",
                total());
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

    private void waitStored(String dbUrl, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(dbUrl, TestDatabase.user(), TestDatabase.password());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM logs.log_lines")) {
                r.next();
                stored = r.getLong(1);
            }
            if (stored >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + stored + " of " + count + " lines stored within " + timeout.toSeconds() + " s");
    }

    private Process startCollector(String dbUrl, int port, Path work) throws IOException {
        ProcessBuilder b = java(Path.of("../logs/target/quarkus-app/quarkus-run.jar"), work.resolve("collector.log"));
        b.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        b.environment().put("QUARKUS_DATASOURCE_JDBC_URL", dbUrl);
        b.environment().put("DB_PASSWORD", TestDatabase.password());
        return b.start();
    }

    private Process startAgent(Path logDir, Path stateDir, int collectorPort, Path work) throws IOException {
        ProcessBuilder b = java(Path.of("target/quarkus-app/quarkus-run.jar"), work.resolve("agent.log"));
        b.environment().put("QUARKUS_HTTP_PORT", "0");
        b.environment().put("LOG_DIR", logDir.toString());
        b.environment().put("STATE_DIR", stateDir.toString());
        b.environment().put("COLLECTOR_URL", "http://127.0.0.1:" + collectorPort);
        b.environment().put("NODE_NAME", "test-node");
        return b.start();
    }

    private static ProcessBuilder java(Path jar, Path log) {
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is missing: package the services first");
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
        b.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return b;
    }

    private void waitReady(int port, Process process) throws Exception {
        for (int i = 0; i < 300; i++) {
            assertTrue(process.isAlive(), "the collector exited");
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the collector was not ready within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
