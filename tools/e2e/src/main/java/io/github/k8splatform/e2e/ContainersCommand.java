package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * make e2e: the platform's containers, run as the kind overlay describes them, on one docker network
 * where each container answers to its Kubernetes Service name; an nginx edge routes like the Ingress.
 * Then the smoke suite, the report CronJob's command, a restart of one orders replica under load, and
 * a rolling update of orders to the next version under load.
 * Everything created is removed at the end, also on failure.
 */
@Command(name = "containers", description = "Run the platform's containers end to end and check them.")
public class ContainersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--overlay", defaultValue = "kind")
    String overlay;

    @Option(names = "--postgres-image", defaultValue = "platform-base/postgres:15-bookworm",
            description = "stands in for the StatefulSet's image, which no registry can serve here")
    String postgresImage;

    @Option(names = "--edge-image", defaultValue = "platform-base/nginx:bookworm")
    String edgeImage;

    /**
     * make drill's rate. At 50/s two cores cannot serve seven freshly started JVMs: every container
     * sampled burns 10 to 40 ms of CPU per request while its code is still interpreted, the host runs
     * out of CPU, orders' catalog lookups pass their 700 ms bound and its breaker opens.
     */
    @Option(names = "--rate", defaultValue = "20", description = "requests per second during the drills")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "how long the restart traffic lasts")
    int seconds;

    /** Where each run keeps its containers' logs, in a folder named after the run. */
    private static final Path CONTAINER_LOGS = Path.of("target/e2e/containers");
    /** Where the Docker engine keeps each container's json-file log. */
    private static final String DOCKER_CONTAINERS = "/var/lib/docker/containers";

    private Docker docker;
    private String prefix;
    private Path work;
    private ServiceRouting routing;

    @Override
    public Integer call() throws Exception {
        Docker.requireEngine();
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String hint = "run make base-images";
        Docker.requireImage(postgresImage, hint);
        Docker.requireImage(edgeImage, hint);
        for (Deployment d : rendered.all(Deployment.class)) {
            Docker.requireImage(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), "run make images");
        }
        prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        work = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try (Docker d = new Docker(CONTAINER_LOGS.resolve(prefix))) {
            docker = d;
            Thread cleanup = new Thread(d::close);
            Runtime.getRuntime().addShutdownHook(cleanup);
            routing = new ServiceRouting(d, rendered, prefix, edgeImage, work);
            boolean passed = run(rendered, new ContainerSpec(rendered, work));
            Runtime.getRuntime().removeShutdownHook(cleanup);
            say((passed ? "e2e: passed" : "e2e: FAILED") + "; container logs in " + CONTAINER_LOGS.resolve(prefix));
            return passed ? 0 : 1;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private boolean run(RenderedOverlay r, ContainerSpec containers) throws Exception {
        long t0 = System.nanoTime();
        String network = docker.network(prefix);
        say("e2e: network " + prefix);

        StatefulSet pgSet = r.one(StatefulSet.class, "postgres");
        PodSpec pgPod = pgSet.getSpec().getTemplate().getSpec();
        Map<String, String> claims = new HashMap<>();
        pgSet.getSpec().getVolumeClaimTemplates().forEach(c -> claims.put(c.getMetadata().getName(),
                docker.volume(prefix + "-" + c.getMetadata().getName())));
        String postgres = docker.start(containers.runArgs(pgPod, pgPod.getContainers().get(0), network,
                prefix + "-postgres", "postgres", postgresImage, claims));
        waitFor("postgres", () -> {
            docker.execIn(postgres, List.of("pg_isready", "--host=127.0.0.1", "--username=postgres"));
            return true;
        }, Duration.ofSeconds(60), postgres);

        PodSpec setup = r.one(Job.class, "setup").getSpec().getTemplate().getSpec();
        List<Container> steps = new ArrayList<>(setup.getInitContainers());
        steps.addAll(setup.getContainers());
        for (Container step : steps) {
            Docker.Completed done = docker.runToCompletion(containers.runArgs(setup, step, network,
                    prefix + "-setup-" + step.getName(), null, null, Map.of()), 180);
            say("e2e: job setup/" + step.getName() + " exit " + done.exitCode() + ": " + done.logs().strip());
            if (done.exitCode() != 0) {
                return false;
            }
        }

        List<String> started = new ArrayList<>();
        for (String service : List.of("catalog", "orders", "orders-2", "gateway", "logs")) {
            started.add(startReplica(r, containers, network, service, service.replace("-2", ""), List.of()));
        }
        String firstOrders = started.get(1);
        String secondOrders = started.get(2);

        URI base = routing.start(network);
        waitFor("edge", () -> Http.get(base.resolve("/api/gateway/info")).status() == 200, Duration.ofSeconds(30),
                routing.edge());
        say("e2e: edge on " + base + " (routes from ingress/ingress.yaml), Services on their ClusterIP stand-in,"
                + " platform up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        String agent = startLogAgent(r, containers, network, started);

        SmokeSuite.Result smoke = SmokeSuite.run(base);
        SmokeCommand.print(spec, smoke);
        if (smoke.failed() > 0) {
            return false;
        }
        // Two cores cannot run seven JVMs under load without starving some: the agent has shown what
        // it does, so it stops before the restart drill, which is about the orders replicas.
        docker.stop(agent, 30);

        PodSpec cron = r.one(CronJob.class, "report").getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container report = cron.getInitContainers().get(0);
        Docker.Completed reported = docker.runToCompletion(containers.runArgs(cron, report, network,
                prefix + "-report", null, null, Map.of()), 180);
        say("e2e: cronjob report/" + report.getName() + " exit " + reported.exitCode() + ": " + reported.logs().strip());
        var overview = Http.get(base.resolve("/api/overview")).json().path("report");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        boolean reportSeen = reported.exitCode() == 0 && overview.path("status").asText().equals("up")
                && overview.path("value").path("periodStart").asText().equals(today)
                && overview.path("value").path("lines").findValuesAsText("sku").contains(smoke.orderedSku());
        say("e2e: the gateway shows today's report with the smoke order's sku: " + reportSeen);
        if (!reportSeen) {
            return false;
        }

        String toStop = firstOrders;
        String toStopName = prefix + "-orders";
        Secret secret = r.one(Secret.class, r.one(Deployment.class, "orders").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("DB_PASSWORD")).findFirst()
                .orElseThrow().getValueFrom().getSecretKeyRef().getName());
        String ordersPassword = new String(Base64.getDecoder().decode(secret.getData().get("orders-password")),
                StandardCharsets.UTF_8);
        String jdbc = "jdbc:postgresql://" + docker.published(postgres, 5432) + "/orders";
        say("e2e: drill: %d requests/s (3 reads, 7 orders in every 10) for %d s through the edge;".formatted(rate, seconds)
                + " SIGTERM to one of two orders replicas after 5 s");
        String runId = prefix + "-drill";
        Drill.Result drill = Drill.run(new Drill.Options(base, rate, Duration.ofSeconds(seconds), 3,
                List.of(smoke.orderedSku()), runId, null), Map.of(Duration.ofSeconds(5), () -> {
                    routing.leave(toStopName);
                    docker.stop(toStop, 30);
                }));
        say(drill.summary());
        say("e2e: drill report " + Drill.writeReport(drill, Path.of("target/e2e/drill-report.html"),
                "Restart under load (make e2e)").toAbsolutePath());
        boolean stored = eachOrderStoredOnce(drill, runId, jdbc, ordersPassword);
        if (!drill.passed() || !stored || docker.running(toStop)) {
            return false;
        }
        return rollingUpdate(r, containers, network, base, secondOrders, smoke.orderedSku(), jdbc, ordersPassword);
    }

    /**
     * A container of a Deployment's pod, started and waited for until ready, then an endpoint of its
     * Services; extraRunArgs go first.
     */
    private String startReplica(RenderedOverlay r, ContainerSpec containers, String network, String name, String app,
            List<String> extraRunArgs) throws InterruptedException {
        PodSpec pod = r.one(Deployment.class, app).getSpec().getTemplate().getSpec();
        long startedAt = System.nanoTime();
        List<String> args = new ArrayList<>(extraRunArgs);
        args.addAll(containers.runArgs(pod, pod.getContainers().get(0), network, prefix + "-" + name, null, null, Map.of()));
        String id = docker.start(args);
        String address = docker.published(id, pod.getContainers().get(0).getPorts().get(0).getContainerPort());
        waitFor(name + " readiness", () -> Http.get(URI.create("http://" + address + "/q/health/ready")).status() == 200,
                Duration.ofSeconds(90), id);
        say("e2e: %s ready %d ms after docker run".formatted(name, (System.nanoTime() - startedAt) / 1_000_000));
        routing.join(app, prefix + "-" + name);
        return id;
    }

    /**
     * orders rolled to N+1 under the drill's traffic the way its Deployment rolls (maxSurge 1,
     * maxUnavailable 0): a new replica turns ready and joins the endpoints; once it has stayed ready
     * for the Deployment's minReadySeconds it counts as available, and only then does the old one
     * leave them and get SIGTERM; then a second new one joins. The new replicas run the same image with
     * APP_VERSION=N+1, which is what the image tagged N+1 sets. Passes when nothing failed and the
     * orders' answers moved from N alone (first 5 s) to N+1 alone (last 5 s).
     */
    private boolean rollingUpdate(RenderedOverlay r, ContainerSpec containers, String network, URI base,
            String oldOrders, String sku, String jdbc, String ordersPassword) throws Exception {
        String image = r.one(Deployment.class, "orders").getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String current = image.substring(image.indexOf(':') + 1);
        String next = nextVersion(current);
        Integer minReady = r.one(Deployment.class, "orders").getSpec().getMinReadySeconds();
        Runnable roll = () -> {
            try {
                startReplica(r, containers, network, "orders-next-1", "orders", List.of("-e", "APP_VERSION=" + next));
                Thread.sleep(Duration.ofSeconds(minReady == null ? 0 : minReady).toMillis());
                routing.leave(prefix + "-orders-2");
                docker.stop(oldOrders, 30);
                startReplica(r, containers, network, "orders-next-2", "orders", List.of("-e", "APP_VERSION=" + next));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        int rollingSeconds = Math.max(2 * seconds, 30);
        say("e2e: rolling update: orders %s -> %s under %d requests/s for %d s".formatted(current, next, rate,
                rollingSeconds));
        String runId = prefix + "-rolling";
        Drill.Result drill = Drill.run(new Drill.Options(base, rate, Duration.ofSeconds(rollingSeconds), 3, List.of(sku),
                runId, null), Map.of(Duration.ofSeconds(3), roll));
        say(drill.summary());
        say("e2e: rolling update report " + Drill.writeReport(drill, Path.of("target/e2e/rolling-update-report.html"),
                "orders " + current + " -> " + next + " (make e2e)").toAbsolutePath());
        Map<Long, Map<String, Long>> share = drill.versionsOverTime(5);
        Set<String> first = ordersVersions(share.values().iterator().next());
        Set<String> last = ordersVersions(new ArrayList<>(share.values()).get(share.size() - 1));
        say("e2e: orders answered as %s first and %s last".formatted(first, last));
        boolean stored = eachOrderStoredOnce(drill, runId, jdbc, ordersPassword);
        return drill.passed() && stored && first.equals(Set.of("orders " + current)) && last.equals(Set.of("orders " + next));
    }

    private static Set<String> ordersVersions(Map<String, Long> bucket) {
        return bucket.keySet().stream().filter(k -> k.startsWith("orders ") || k.equals("failed")).collect(Collectors.toSet());
    }

    /** N+1: the patch number raised, as make drill does. */
    static String nextVersion(String version) {
        String[] parts = version.split("\\.");
        if (parts.length != 3 || !parts[2].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("cannot derive N+1 from " + version);
        }
        return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
    }

    /** Beside the drill's API check: the database holds exactly one row per 2xx order, under its key. */
    private boolean eachOrderStoredOnce(Drill.Result drill, String runId, String jdbc, String password) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, "orders", password);
                PreparedStatement s = c.prepareStatement("SELECT idempotency_key, id FROM orders.orders WHERE idempotency_key LIKE ?")) {
            s.setString(1, runId + "-%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getLong(2));
                }
            }
        }
        List<Drill.Sample> ok = drill.writes().stream().filter(Drill.Sample::ok).toList();
        long missing = ok.stream().filter(w -> !Long.valueOf(w.orderId()).equals(rows.get(w.key()))).count();
        say("e2e: database: %d rows for %d 2xx orders, %d missing or different".formatted(rows.size(), ok.size(), missing));
        return missing == 0 && rows.size() == ok.size();
    }


    /**
     * The DaemonSet's agent, reading the Docker engine's real log files of the platform's containers:
     * they are linked under kubelet-style names (pod_namespace_container-id.log) in a directory that
     * stands in for the node's /var/log, and Docker's own directory is mounted read-only beside it.
     */
    private String startLogAgent(RenderedOverlay r, ContainerSpec containers, String network, List<String> started)
            throws Exception {
        Path varlog = Files.createDirectories(work.resolve("varlog/containers")).getParent();
        for (String id : started) {
            String[] facts = Docker.exec(List.of("docker", "inspect", "--format", "{{.Name}} {{.Id}} {{.LogPath}}", id), 20)
                    .trim().split(" ");
            String name = facts[0].substring(1);
            String fullId = facts[1];
            String logPath = facts[2];
            String container = name.substring(prefix.length() + 1).replace("-2", "");
            Files.createSymbolicLink(varlog.resolve("containers/" + name + "_" + ContainerSpec.NAMESPACE + "_"
                    + container + "-" + fullId + ".log"), Path.of(logPath));
        }
        varlog.toFile().setReadable(true, false);
        Path state = Files.createDirectories(work.resolve("agent-state"));
        PodSpec pod = r.one(DaemonSet.class, "log-agent").getSpec().getTemplate().getSpec();
        List<String> args = new ArrayList<>(containers.runArgs(pod, pod.getContainers().get(0), network,
                prefix + "-log-agent", null, null, Map.of("varlog", varlog.toString(), "state", state.toString())));
        // The agent's own default collector URL, logs.platform, reaches the logs Service's stand-in.
        args.addAll(0, List.of("-v", DOCKER_CONTAINERS + ":" + DOCKER_CONTAINERS + ":ro"));
        String agent = docker.start(args);
        String address = docker.published(agent, pod.getContainers().get(0).getPorts().get(0).getContainerPort());
        waitFor("log-agent readiness", () -> Http.get(URI.create("http://" + address + "/q/health/ready")).status() == 200,
                Duration.ofSeconds(60), agent);
        say("e2e: log agent reads " + started.size() + " containers' Docker log files");
        return agent;
    }

    @FunctionalInterface
    private interface Probe {
        boolean ready() throws Exception;
    }

    private void waitFor(String what, Probe probe, Duration timeout, String containerId) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception e) {
                // not yet: keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " not ready within " + timeout.toSeconds() + " s; last log lines:\n"
                + docker.logs(containerId));
    }

    private void say(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

}
