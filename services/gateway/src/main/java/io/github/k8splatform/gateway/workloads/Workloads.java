package io.github.k8splatform.gateway.workloads;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.k8splatform.gateway.workloads.SnapshotAssembly.Observed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The platform's workloads as the Kubernetes API shows them, for the gateway's page and
 * GET /api/workloads. It reads the API with the gateway's ServiceAccount, whose RBAC is
 * k8s/base/app/gateway/rbac.yaml and k8s/base/logging/gateway-rbac.yaml.
 * <p>
 * In the gateway's namespace, informers (a list, then a watch, kept in a local cache) follow pods,
 * ReplicaSets, Deployments, events, Jobs and CronJobs: {@link #snapshot()} reads only their caches,
 * so it costs no API call however often the page asks. Nodes and the log agent's pods in
 * platform-logging may only be got and listed (the RBAC grants no watch on them): they are listed
 * only when a snapshot is asked for and the last list is older than app.workloads.list-max-age
 * (5 s), on a background thread, so a snapshot never waits for the API and the API sees at most
 * one such pair of lists per max-age.
 * <p>
 * Only where an API is configured (a service-account token is mounted, or an API server URL is
 * set) does anything start, asynchronously after startup: startup and readiness never wait for the
 * API. Outside a cluster (make run) the snapshot says in one line that no API is reachable;
 * when the API refuses (403) or fails (connection refused), it says that, with the cause.
 */
@ApplicationScoped
public class Workloads {

    private static final Logger LOG = Logger.getLogger(Workloads.class);
    /** The one line a reason may be: longer causes (a full Status message) are cut. */
    private static final int REASON_MAX_LENGTH = 300;
    static final String LOG_AGENT_LABEL = "app.kubernetes.io/name";
    static final String LOG_AGENT = "log-agent";
    /** Where fabric8 and Quarkus look for an API server URL, besides the in-cluster environment. */
    private static final List<String> API_SERVER_KEYS = List.of("quarkus.kubernetes-client.api-server-url",
            "quarkus.kubernetes-client.master-url", "kubernetes.master");

    /** One informer of the gateway's namespace and the last error it reported. */
    private record Watched<T extends HasMetadata>(String resource, SharedIndexInformer<T> informer, AtomicReference<Throwable> error) {

        List<T> items() {
            return informer.getStore().list();
        }
    }

    /** The last list of nodes and log-agent pods: when it was made (0: never), and its error if it failed. */
    private record Listed(List<Node> nodes, List<Pod> logAgents, Throwable error, String failed, long atNanos) {
        static final Listed NONE = new Listed(List.of(), List.of(), null, null, 0);
    }

    private final Instance<KubernetesClient> clients;
    private final Config config;
    private final String namespace;
    private final String loggingNamespace;
    private final Duration listMaxAge;
    private final int eventLimit;
    private final Path serviceAccountDir;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean listing = new AtomicBoolean();
    /** Starts the informers and makes the lists, so no caller ever waits for the API. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workloads");
        t.setDaemon(true);
        return t;
    });

    /** Why nothing was started (no API configured), or null. */
    private volatile String notConfigured = "the Workloads informers have not started yet";
    /** Why the informers could not even be created (the client could not be configured), or null. */
    private volatile String startFailure;
    private volatile String apiServer = "the Kubernetes API";
    private volatile List<Watched<?>> watched = List.of();
    private volatile Watched<Pod> pods;
    private volatile Watched<ReplicaSet> replicaSets;
    private volatile Watched<Deployment> deployments;
    private volatile Watched<Event> events;
    private volatile Watched<Job> jobs;
    private volatile Watched<CronJob> cronJobs;
    private volatile Listed listed = Listed.NONE;
    private volatile boolean stopped;

    Workloads(Instance<KubernetesClient> clients, Config config, WorkloadsConfig settings) {
        this.clients = clients;
        this.config = config;
        this.namespace = settings.namespace();
        this.loggingNamespace = settings.loggingNamespace();
        this.listMaxAge = settings.listMaxAge();
        this.eventLimit = settings.events();
        this.serviceAccountDir = settings.serviceAccountDir();
    }

    void start(@Observes StartupEvent startup) {
        Optional<String> missing = missingApi();
        if (missing.isPresent()) {
            notConfigured = missing.get();
            LOG.infof("Workloads: %s", notConfigured);
            return;
        }
        notConfigured = null;
        background.execute(this::startInformers);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        watched.forEach(w -> w.informer().stop());
        background.shutdownNow();
    }

    /** What the caches hold now, plus the last list of nodes and log-agent pods (refreshed in the background when old). */
    public WorkloadsSnapshot snapshot() {
        Instant now = clock.instant();
        String unavailable = unavailableReason();
        if (unavailable != null) {
            return WorkloadsSnapshot.unavailable(unavailable, namespace, loggingNamespace, now.toString());
        }
        Listed last = listed;
        return SnapshotAssembly.assemble(new Observed(deployments.items(), replicaSets.items(), pods.items(), jobs.items(),
                cronJobs.items(), events.items(), last.nodes(), last.logAgents()), namespace, loggingNamespace, eventLimit, now);
    }

    /** Null when every cache is synced, watching or retrying without error, and the last lists succeeded. */
    private String unavailableReason() {
        if (notConfigured != null) {
            return notConfigured;
        }
        if (startFailure != null) {
            return startFailure;
        }
        List<Watched<?>> all = watched;
        if (all.isEmpty()) {
            return "connecting to " + apiServer;
        }
        for (Watched<?> w : all) {
            Throwable error = w.error().get();
            if (w.informer().isWatching()) {
                w.error().compareAndSet(error, null);
            } else if (error != null) {
                return describe("list and watch " + w.resource() + " in namespace " + namespace, error);
            } else if (!w.informer().hasSynced()) {
                return "waiting for " + apiServer + "'s first list of " + w.resource() + " in namespace " + namespace;
            }
        }
        refreshListsIfOld();
        Listed last = listed;
        if (last.error() != null) {
            return describe(last.failed(), last.error());
        }
        if (last.atNanos() == 0) {
            return "waiting for " + apiServer + "'s first list of nodes and of the log agent's pods";
        }
        return null;
    }

    private void startInformers() {
        try {
            KubernetesClient client = clients.get();
            apiServer = "the Kubernetes API at " + client.getConfiguration().getMasterUrl();
            List<Watched<?>> all = new ArrayList<>();
            pods = watch(client, Pod.class, "pods", all);
            replicaSets = watch(client, ReplicaSet.class, "replicasets", all);
            deployments = watch(client, Deployment.class, "deployments", all);
            events = watch(client, Event.class, "events", all);
            jobs = watch(client, Job.class, "jobs", all);
            cronJobs = watch(client, CronJob.class, "cronjobs", all);
            watched = List.copyOf(all);
            if (stopped) { // shut down while they were being created
                all.forEach(w -> w.informer().stop());
                return;
            }
            LOG.infof("Workloads: watching %s in namespace %s through %s", all.stream().map(Watched::resource).toList(), namespace, apiServer);
            refreshListsIfOld();
        } catch (RuntimeException e) {
            startFailure = oneLine("cannot reach the Kubernetes API: " + rootCause(e));
            LOG.warnf("Workloads: %s", startFailure);
        }
    }

    /**
     * An informer that keeps retrying, with the client's backoff (up to about half a minute), after
     * any failure: the default gives up when the first list fails, or on an answer it cannot read (a
     * proxy's HTML page), so a gateway started before its RoleBinding, or while the API server
     * restarts, would never show anything. The error is kept for the snapshot's reason until the
     * informer watches again.
     */
    private <T extends HasMetadata> Watched<T> watch(KubernetesClient client, Class<T> type, String resource, List<Watched<?>> all) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        SharedIndexInformer<T> informer = client.resources(type).inNamespace(namespace).runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            if (error.getAndSet(failure) == null) { // once per failure, not once per retry
                LOG.warnf("Workloads: %s (retrying)", describe("list and watch " + resource + " in namespace " + namespace, failure));
            }
            return true;
        });
        Watched<T> w = new Watched<>(resource, informer, error);
        all.add(w);
        informer.start().exceptionally(failure -> {
            error.set(failure);
            return null;
        });
        return w;
    }

    /**
     * Lists nodes and the log agent's pods when the last list is older than list-max-age and no list
     * is under way: only ever on the background thread, at most once per max-age. The RBAC grants
     * get and list on these, no watch (least privilege), hence a short cache instead of an informer.
     */
    private void refreshListsIfOld() {
        Listed last = listed;
        if (stopped || (last.atNanos() != 0 && System.nanoTime() - last.atNanos() < listMaxAge.toNanos())
                || !listing.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(this::list);
        } catch (RejectedExecutionException e) {
            listing.set(false);
        }
    }

    private void list() {
        Listed last = listed;
        String what = "list nodes";
        try {
            KubernetesClient client = clients.get();
            List<Node> nodes = client.nodes().list().getItems();
            what = "list pods in namespace " + loggingNamespace;
            List<Pod> agents = client.pods().inNamespace(loggingNamespace).withLabel(LOG_AGENT_LABEL, LOG_AGENT).list().getItems();
            listed = new Listed(List.copyOf(nodes), List.copyOf(agents), null, null, System.nanoTime());
        } catch (RuntimeException e) {
            // What was listed before stays, marked by the error, until a list succeeds again.
            listed = new Listed(last.nodes(), last.logAgents(), e, what, System.nanoTime());
            LOG.debugf("Workloads: %s failed: %s", what, e);
        } finally {
            listing.set(false);
        }
    }

    /** Why no Kubernetes API is configured, or empty when one is. */
    private Optional<String> missingApi() {
        if (Files.exists(serviceAccountDir.resolve("token"))) {
            return Optional.empty();
        }
        for (String key : API_SERVER_KEYS) {
            if (config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent()) {
                return Optional.empty();
            }
        }
        return Optional.of("no Kubernetes API is reachable: not in a cluster (no service-account token in " + serviceAccountDir
                + ") and no API server URL configured (quarkus.kubernetes-client.api-server-url)");
    }

    /** One line: what was refused or failed, and why (the status and the API's message, or the connection's cause). */
    static String describe(String what, Throwable failure) {
        KubernetesClientException api = find(failure, KubernetesClientException.class);
        if (api != null && api.getCode() > 0) {
            String status = api.getCode() == 401 ? "401 Unauthorized" : api.getCode() == 403 ? "403 Forbidden" : String.valueOf(api.getCode());
            String message = api.getStatus() != null && api.getStatus().getMessage() != null ? api.getStatus().getMessage() : api.getMessage();
            String verb = api.getCode() == 401 || api.getCode() == 403 ? "refused to " : "failed to ";
            return oneLine("the Kubernetes API " + verb + what + ": " + status + ": " + message);
        }
        return oneLine("the Kubernetes API failed to " + what + ": " + rootCause(failure));
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= REASON_MAX_LENGTH ? line : line.substring(0, REASON_MAX_LENGTH - 1) + "…";
    }
}
