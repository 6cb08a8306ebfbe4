package io.github.k8splatform.page;

import io.github.k8splatform.manifests.ServiceModules;
import io.github.k8splatform.testing.RandomToken;
import io.github.k8splatform.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What make run starts, as real processes: every HTTP service's packaged jar on a free 127.0.0.1
 * port, each on its own database of the test PostgreSQL (migrated as batch would), calling the others
 * by URL, and the gateway forwarding /api/&lt;service&gt; as the Ingress would (LocalEdge). Each process
 * has a pod name and a version, as the downward API and a drill would give it.
 */
final class LocalPlatform implements AutoCloseable {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    final Map<String, String> urls = new LinkedHashMap<>();
    final Map<String, String> pods = new LinkedHashMap<>();
    /** The catalog's write token for this run, random as make up makes it per install. */
    final String writeToken = RandomToken.hex();
    final String readToken = RandomToken.hex();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Starts every HTTP service; the given one runs with the given version. */
    static LocalPlatform start(Map<String, String> versions) throws Exception {
        LocalPlatform platform = new LocalPlatform();
        try {
            platform.startAll(versions);
        } catch (Exception | AssertionError e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    String gateway() {
        return urls.get("gateway");
    }

    private void startAll(Map<String, String> versions) throws Exception {
        List<String> services = ServiceModules.http();
        for (String service : services) {
            urls.put(service, "http://127.0.0.1:" + freePort());
            pods.put(service, service + "-page-1");
        }
        Map<String, String> common = new HashMap<>();
        urls.forEach((service, url) -> common.put(service.toUpperCase().replace('-', '_') + "_URL", url));
        common.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        common.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        common.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.user());
        common.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password());
        common.put("DB_PASSWORD", TestDatabase.password());
        common.put("CATALOG_WRITE_TOKEN", writeToken);
        common.put("LOGS_READ_TOKEN", readToken);
        // The collector's ingest port: a free one, not the fixed 8093, so two platforms never collide.
        common.put("LOGS_INGEST_PORT", String.valueOf(freePort()));
        common.put("APP_LOCAL_EDGE_ENABLED", "true");
        // As on a machine outside any cluster, even one whose tests run in a pod with a token.
        common.put("APP_WORKLOADS_SERVICE_ACCOUNT_DIR", "/nonexistent/serviceaccount");
        Path logs = Files.createDirectories(Path.of("target/page"));
        for (String service : services) {
            Map<String, String> env = new HashMap<>(common);
            env.put("QUARKUS_HTTP_PORT", URI.create(urls.get(service)).getPort() + "");
            env.put("POD_NAME", pods.get(service));
            env.put("NODE_NAME", "this-machine");
            if (versions.containsKey(service)) {
                env.put("APP_VERSION", versions.get(service));
            }
            if (hasSchema(service)) {
                String db = TestDatabase.createDatabase("page_" + service);
                TestDatabase.migrate(db, service);
                env.put("QUARKUS_DATASOURCE_JDBC_URL", db);
            }
            processes.add(start(service, env, logs.resolve(service + ".log")));
        }
        for (String service : services) {
            waitReady(service);
        }
    }

    private static boolean hasSchema(String service) {
        return Files.isDirectory(ROOT.resolve("libs/schema/src/main/resources/db").resolve(service));
    }

    private static Process start(String service, Map<String, String> env, Path log) throws IOException {
        Path jar = ROOT.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package " + service + " first (mvn package): " + jar);
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** At most 60 s: four JVMs start at once on two cores. */
    private void waitReady(String service) throws InterruptedException {
        URI ready = URI.create(urls.get(service) + "/q/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service + " not ready within 60 s; see tests/page/target/page/" + service + ".log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

}
