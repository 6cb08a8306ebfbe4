package io.github.k8splatform.page;

import io.github.k8splatform.manifests.ServiceModules;
import io.github.k8splatform.testing.PackagedService;
import io.github.k8splatform.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What make run starts, as real processes: every HTTP service's packaged jar with make run's
 * environment (target/local.env, which scripts/with-postgres.sh writes: tokens, database user,
 * URLs), except that each listens on a free 127.0.0.1 port and has its own database of the test
 * PostgreSQL (migrated as batch would), and the gateway forwards /api/&lt;service&gt; as the Ingress
 * would (LocalEdge). Each process has a pod name and a version, as the downward API and a drill
 * would give it.
 */
final class LocalPlatform implements AutoCloseable {

    private static final Path ROOT = PackagedService.root();
    private static final Path LOCAL_ENV = ROOT.resolve("target/local.env");

    final Map<String, String> urls = new LinkedHashMap<>();
    final Map<String, String> pods = new LinkedHashMap<>();
    private final Map<String, String> localEnv = readLocalEnv();
    /** The catalog's write token for this run, random as make up makes it per install. */
    final String writeToken = localEnv.get("CATALOG_WRITE_TOKEN");
    final String readToken = localEnv.get("LOGS_READ_TOKEN");
    private final List<PackagedService> processes = new ArrayList<>();

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
        Map<String, Integer> ports = new HashMap<>();
        for (String service : services) {
            ports.put(service, PackagedService.freePort());
            urls.put(service, "http://127.0.0.1:" + ports.get(service));
            pods.put(service, service + "-page-1");
        }
        Map<String, String> common = new HashMap<>(localEnv);
        urls.forEach((service, url) -> common.put(service.toUpperCase().replace('-', '_') + "_URL", url));
        common.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // The collector's ingest port: a free one, not the fixed 8093, so two platforms never collide.
        common.put("LOGS_INGEST_PORT", String.valueOf(PackagedService.freePort()));
        common.put("APP_LOCAL_EDGE_ENABLED", "true");
        // As on a machine outside any cluster, even one whose tests run in a pod with a token.
        common.put("APP_WORKLOADS_SERVICE_ACCOUNT_DIR", "/nonexistent/serviceaccount");
        for (String service : services) {
            Map<String, String> env = new HashMap<>(common);
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
            processes.add(PackagedService.start(service, ports.get(service), env, Path.of("target/page", service + ".log")));
        }
        // At most 60 s each: four JVMs start at once on two cores.
        for (PackagedService process : processes) {
            process.awaitReady(Duration.ofSeconds(60));
        }
    }

    /** target/local.env's KEY=VALUE lines; fails with what to run when there is none. */
    private static Map<String, String> readLocalEnv() {
        if (!Files.isRegularFile(LOCAL_ENV)) {
            throw new IllegalStateException("no " + LOCAL_ENV + ": run the page tests under scripts/with-postgres.sh"
                    + " (make test does), which writes it");
        }
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(LOCAL_ENV)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    private static boolean hasSchema(String service) {
        return Files.isDirectory(TestDatabase.migrations(service));
    }

    @Override
    public void close() throws InterruptedException {
        for (PackagedService process : processes) {
            process.close();
        }
    }
}
