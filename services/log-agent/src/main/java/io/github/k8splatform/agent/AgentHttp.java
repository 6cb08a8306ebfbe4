package io.github.k8splatform.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The agent's health and metrics, on the JDK's HttpServer with its one dispatcher thread, at the
 * paths Quarkus' health and metrics extensions use (the manifest's probes name them):
 * /q/health/live is UP while the read-and-ship loop goes round (a stuck loop gets the pod
 * restarted); /q/health/ready and /q/health/started are UP once the agent serves; /q/metrics is
 * Prometheus text. Four GET routes did not justify the Vert.x stack and its memory.
 */
@ApplicationScoped
public class AgentHttp {

    private static final Logger LOG = Logger.getLogger(AgentHttp.class);
    private static final Duration STUCK = Duration.ofSeconds(60);

    private final AgentConfig.Http http;
    private final AgentLoop loop;
    private final PrometheusMeterRegistry metrics;
    private HttpServer server;

    AgentHttp(AgentConfig config, AgentLoop loop, PrometheusMeterRegistry metrics) {
        this.http = config.http();
        this.loop = loop;
        this.metrics = metrics;
    }

    @Produces
    @Singleton
    static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** After the loop has started, so started and ready mean the agent is at work. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) throws IOException {
        server = HttpServer.create(new InetSocketAddress(http.host(), http.port()), 0);
        route("/q/health/live", this::live);
        route("/q/health/ready", () -> new Answer(200, "application/json", health("UP", "")));
        route("/q/health/started", () -> new Answer(200, "application/json", health("UP", "")));
        route("/q/metrics", () -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
        LOG.infof("health and metrics on http://%s:%d/q/", http.host(), server.getAddress().getPort());
    }

    void stop(@Observes ShutdownEvent event) {
        server.stop(0);
    }

    private Answer live() {
        long idle = loop.nanosSinceLastLoop();
        String status = idle < STUCK.toNanos() ? "UP" : "DOWN";
        String check = "{\"name\":\"log-agent loop\",\"status\":\"" + status + "\",\"data\":{\"secondsSinceLastRound\":"
                + idle / 1_000_000_000L + "}}";
        return new Answer(status.equals("UP") ? 200 : 503, "application/json", health(status, check));
    }

    private static String health(String status, String checks) {
        return "{\"status\":\"" + status + "\",\"checks\":[" + checks + "]}";
    }

    private record Answer(int status, String type, String body) {
    }

    /** A context matches every path under it: only the exact path is answered, anything else is a 404. */
    private void route(String path, Supplier<Answer> answer) {
        server.createContext(path, exchange -> {
            try {
                send(exchange, exchange.getRequestURI().getPath().equals(path) ? answer.get() : new Answer(404, "text/plain", ""));
            } finally {
                exchange.close();
            }
        });
    }

    private static void send(HttpExchange exchange, Answer a) throws IOException {
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", a.type());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(a.status(), head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
