package io.github.k8splatform.web;

import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness stays DOWN until the service has served its own hot paths (app.warm-up.requests) a
 * number of rounds, one request at a time, on its own port. A JVM that has just started runs its
 * code interpreted: in the Docker end-to-end run on two cores (since retired), orders' first seconds of traffic took 300 to 1400 ms
 * per order while catalog answered its lookups in 13 ms (p50), so lookups passed their 700 ms bound
 * and the breaker opened. Warming before readiness spends that CPU before the pod gets traffic.
 * The warm-up ends early, and readiness turns UP, at the first 5xx or connection error (a missing
 * dependency is readiness's and the breaker's business, not the warm-up's) and after max-duration;
 * a request that times out does not end it (in that run a new orders replica's first order took
 * over 5 s under the drill's load, and ending there left the replica cold).
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String NAME = "warm-up";

    private final WarmUpConfig config;
    private final Vertx vertx;
    private volatile int port;
    private volatile boolean done;
    private volatile int served;

    WarmUp(WarmUpConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.done = config.rounds() == 0 || config.requests().isEmpty();
    }

    /** Once the HTTP server listens (Quarkus fires this event asynchronously only): the warm-up needs it. */
    void start(@ObservesAsync HttpServerStart server) {
        if (done) {
            return;
        }
        port = server.options().getPort();
        Thread thread = new Thread(this::run, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long deadline = start + config.maxDuration().toNanos();
        HttpClient client = vertx.createHttpClient();
        String stoppedBy = null;
        try {
            for (int round = 0; round < config.rounds() && stoppedBy == null && System.nanoTime() < deadline; round++) {
                for (WarmUpConfig.Request request : config.requests().get()) {
                    if (System.nanoTime() >= deadline) {
                        break;
                    }
                    stoppedBy = send(client, request);
                    if (stoppedBy != null) {
                        break;
                    }
                    served++;
                }
            }
        } finally {
            client.close();
            done = true;
        }
        LOG.infof("warm-up: %d requests in %d ms%s", served, (System.nanoTime() - start) / 1_000_000,
                stoppedBy == null ? "" : ", stopped early: " + stoppedBy);
    }

    /** Null when the request was answered below 500 or timed out; else why the warm-up stops. */
    private String send(HttpClient client, WarmUpConfig.Request request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
                .setHost("127.0.0.1").setPort(port).setURI(request.path());
        request.headers().forEach(options::addHeader);
        request.body().ifPresent(body -> options.addHeader("Content-Type", "application/json"));
        Buffer body = Buffer.buffer(request.body().orElse(""));
        try {
            int status = client.request(options)
                    .compose(r -> r.send(body))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return status >= 500 ? request.method() + " " + request.path() + " answered " + status : null;
        } catch (TimeoutException e) {
            // Slow, not broken: a cold JVM on a busy node is what the warm-up is for; max-duration bounds it.
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return request.method() + " " + request.path() + ": " + e;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(done).withData("requests", served).build();
    }
}
