package io.github.k8splatform.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's packaged jar (services/&lt;name&gt;/target/quarkus-app/quarkus-run.jar) running as a real
 * process on a free 127.0.0.1 port, with the environment given and its output in a log file; closed,
 * it gets SIGTERM and at most 20 s to stop. For tests that need another service for real.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final String url;
    private final Path log;
    private final Process process;

    private PackagedService(String name, String url, Path log, Process process) {
        this.name = name;
        this.url = url;
        this.log = log;
        this.process = process;
    }

    /** The repository's root, from a module's directory (every module is two levels down: services/catalog). */
    public static Path root() {
        return Path.of("../..").toAbsolutePath().normalize();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts service on port with env (HTTP host and port are set here), its output to log. */
    public static PackagedService start(String service, int port, Map<String, String> env, Path log) throws IOException {
        Path jar = root().resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package " + service + " first (mvn package): " + jar);
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new PackagedService(service, "http://127.0.0.1:" + port, log, builder.start());
    }

    public String url() {
        return url;
    }

    /** Waits for /q/health/ready to answer 200, at most timeout; fails naming the log otherwise. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        URI ready = URI.create(url + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not ready within " + timeout.toSeconds() + " s"
                + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + "; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
