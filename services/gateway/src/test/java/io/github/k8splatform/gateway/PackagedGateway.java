package io.github.k8splatform.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The packaged gateway (target/quarkus-app) as a real process on a free 127.0.0.1 port. */
final class PackagedGateway implements AutoCloseable {

    /** One call; a failed call has status -1, the error as body and no headers. */
    record Outcome(long startNanos, long endNanos, int status, String body, HttpHeaders headers) {
    }

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    final Process process;
    final String base;
    private final String log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedGateway(Process process, String base, String log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the jar with the given environment; the log goes to target/&lt;logName&gt;. */
    static PackagedGateway start(String logName, Map<String, String> env) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the gateway first: " + jar.toAbsolutePath());
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + logName));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        return new PackagedGateway(builder.start(), "http://127.0.0.1:" + port, "target/" + logName);
    }

    /** Waits, at most 15 s, until the path answers 200. */
    void waitFor200(String path) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            assertTrue(process.isAlive(), "gateway exited; see " + log);
            if (call(path).status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not answer 200 within 15 s; see " + log);
    }

    Outcome call(String path) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Outcome(start, System.nanoTime(), response.statusCode(), response.body(),
                    response.headers());
        } catch (IOException e) {
            return new Outcome(start, System.nanoTime(), -1, e.toString(), NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(start, System.nanoTime(), -1, "interrupted", NONE);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
