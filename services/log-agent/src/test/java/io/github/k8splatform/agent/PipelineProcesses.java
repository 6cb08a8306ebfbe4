package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.RandomToken;
import io.github.k8splatform.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged collector and agent as real processes, and what the pipeline tests ask of them. */
final class PipelineProcesses {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PipelineProcesses() {
    }

    /** The ingest token collector and agent share in these runs, made per run as make up makes one per install. */
    static final String INGEST_TOKEN = RandomToken.hex();

    /** A collector with its query port on port and its ingest port on ingestPort. */
    static Process startCollector(String dbUrl, int port, int ingestPort, Path work) throws IOException {
        ProcessBuilder b = java(Path.of("../logs/target/quarkus-app/quarkus-run.jar"), work.resolve("collector.log"));
        b.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        b.environment().put("LOGS_INGEST_PORT", String.valueOf(ingestPort));
        b.environment().put("LOGS_INGEST_TOKEN", INGEST_TOKEN);
        b.environment().put("QUARKUS_DATASOURCE_JDBC_URL", dbUrl);
        b.environment().put("DB_PASSWORD", TestDatabase.password());
        return b.start();
    }

    /** An agent with its HTTP port (metrics) on httpPort; 0 picks any. */
    static Process startAgent(Path logDir, Path stateDir, int ingestPort, int httpPort, String node, Path work)
            throws IOException {
        return startAgent(logDir, stateDir, ingestPort, httpPort, node, work, INGEST_TOKEN);
    }

    /** An agent that sends ingestToken with its batches. */
    static Process startAgent(Path logDir, Path stateDir, int ingestPort, int httpPort, String node, Path work,
            String ingestToken) throws IOException {
        ProcessBuilder b = java(Path.of("target/quarkus-app/quarkus-run.jar"), work.resolve("agent.log"));
        b.environment().put("HTTP_HOST", "127.0.0.1");
        b.environment().put("HTTP_PORT", String.valueOf(httpPort));
        b.environment().put("LOG_DIR", logDir.toString());
        b.environment().put("STATE_DIR", stateDir.toString());
        b.environment().put("COLLECTOR_URL", "http://127.0.0.1:" + ingestPort);
        b.environment().put("LOGS_INGEST_TOKEN", ingestToken);
        b.environment().put("NODE_NAME", node);
        return b.start();
    }

    private static ProcessBuilder java(Path jar, Path log) {
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is missing: package the services first");
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
        b.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return b;
    }

    /** Stops each process that was started (SIGTERM), waiting for it a bounded time. */
    static void stop(Process... processes) throws InterruptedException {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    static void waitReady(int port, Process process) throws Exception {
        for (int i = 0; i < 300; i++) {
            assertTrue(process.isAlive(), "the process on port " + port + " exited");
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the process on port " + port + " was not ready within 30 s");
    }

    /** One counter from /q/metrics, summed over its series that carry the given label text (or all). */
    static double metric(int port, String name, String labels) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static long stored(String dbUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM logs.log_lines")) {
            r.next();
            return r.getLong(1);
        }
    }

    static void waitStored(String dbUrl, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = -1;
        while (System.nanoTime() < deadline) {
            stored = stored(dbUrl);
            if (stored >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + stored + " of " + count + " lines stored within " + timeout.toSeconds() + " s");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
