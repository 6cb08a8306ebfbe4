package io.github.k8splatform.gateway.live;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * While at least one live page watches, sends app.traffic.rate requests per second to each service's
 * GET /api/&lt;service&gt;/info through its ClusterIP Service (ServiceUrls), and records who answered. Each request opens its own connection: kube-proxy picks an
 * endpoint per connection, so a kept-alive connection would show one pod only. The load is bounded:
 * one probe per gateway replica at most, a timeout per request, nothing sent when nobody watches.
 */
@ApplicationScoped
public class TrafficProbe {

    private final Vertx vertx;
    private final Map<String, URI> targets;
    private final Map<String, TrafficWindow> windows = new LinkedHashMap<>();
    private final long intervalMs;
    private final long timeoutMs;
    /** Read by the probes on the event loop: a probe that finds another client ended with the traffic. */
    private volatile HttpClient client;
    private long timer = -1;
    private int watchers;
    private boolean stopped;

    TrafficProbe(Vertx vertx, ServiceUrls services,
            @ConfigProperty(name = "app.traffic.rate") int rate,
            @ConfigProperty(name = "app.traffic.timeout") Duration timeout,
            @ConfigProperty(name = "app.traffic.window") Duration window) {
        this.vertx = vertx;
        this.intervalMs = 1000L / rate;
        this.timeoutMs = timeout.toMillis();
        this.targets = services.all();
        targets.keySet().forEach(service -> windows.put(service, new TrafficWindow((int) window.toSeconds())));
    }

    /**
     * Whether another page may watch: fewer than maxWatchers do, and the probe is not shut down.
     * Checked before the stream starts, so that a refusal can still be a 503; two pages asking at
     * the same moment may both pass, which costs nothing: the probe's load does not grow with pages.
     */
    public synchronized boolean accepts(int maxWatchers) {
        return !stopped && watchers < maxWatchers;
    }

    /** A page started watching: the first one starts the traffic. */
    synchronized void watch() {
        if (!stopped && watchers++ == 0) {
            // The windows are kept: a page that reconnects to this replica (an edge cut its stream)
            // sees the minute before, and what is older ages out.
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                    .setConnectTimeout((int) timeoutMs).setMaxPoolSize(targets.size() * 16));
            timer = vertx.setPeriodic(intervalMs, tick -> targets.forEach(this::probe));
        }
    }

    /** A page stopped watching: the last one stops the traffic. */
    synchronized void unwatch() {
        if (watchers > 0 && --watchers == 0) {
            stop();
        }
    }

    int rate() {
        return (int) (1000 / intervalMs);
    }

    List<TrafficWindow.Summary> summaries() {
        long now = System.currentTimeMillis() / 1000;
        return targets.entrySet().stream()
                .map(t -> windows.get(t.getKey()).summary(t.getKey(), t.getValue().toString(), now)).toList();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        synchronized (this) {
            stopped = true;
            stop();
        }
    }

    private void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void probe(String service, URI target) {
        TrafficWindow window = windows.get(service);
        HttpClient http = client;
        if (http == null) {
            return;
        }
        long start = System.nanoTime();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.getHost())
                .setPort(target.getPort()).setURI("/api/" + service + "/info").setIdleTimeout(timeoutMs);
        http.request(request)
                .compose(r -> r.send().compose(response -> response.body().map(body -> outcome(response, body.toString()))))
                .onComplete(result -> {
                    if (http != client) {
                        return; // the traffic stopped while this one was on its way: not a failure of the service
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    long second = System.currentTimeMillis() / 1000;
                    if (result.failed()) {
                        window.failed(second, cause(result.cause()), ms);
                    } else if (result.result().failure() != null) {
                        window.failed(second, result.result().failure(), ms);
                    } else {
                        window.answered(second, result.result().pod(), result.result().version(), ms);
                    }
                });
    }

    private static Outcome outcome(HttpClientResponse response, String body) {
        if (response.statusCode() != 200) {
            return new Outcome(null, null, "HTTP " + response.statusCode());
        }
        try {
            JsonObject info = new JsonObject(body);
            return new Outcome(info.getString("pod", "unknown"), info.getString("version", "unknown"), null);
        } catch (RuntimeException notJson) {
            return new Outcome(null, null, "not an info document");
        }
    }

    /** Short causes for the page: Netty's exception classes are long and say the same thing. */
    private static String cause(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connect failed";
        }
        String name = failure.getClass().getSimpleName();
        return name.contains("Timeout") ? "timeout" : name;
    }

    private record Outcome(String pod, String version, String failure) {
    }
}
