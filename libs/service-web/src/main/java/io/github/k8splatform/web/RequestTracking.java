package io.github.k8splatform.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * First handler of every request, /q/* included: tags the response with who served it and logs one
 * line when it ends. It runs on the Vert.x router so that even answers JAX-RS never sees carry the tags.
 * <p>
 * The line is INFO for every write, every 5xx and every request slower than app.request-log.slow-after,
 * DEBUG for the rest (reads that went well, probes): a line per read cost about a fifth of catalog's
 * and orders' CPU per request under load (make bench-http), and each line travels on through the log
 * agent and the collector into PostgreSQL. QUARKUS_LOG_CATEGORY__HTTP_REQUEST__LEVEL=DEBUG logs them all.
 */
@ApplicationScoped
public class RequestTracking {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String SERVED_BY = "X-Served-By";
    public static final String APP_VERSION = "X-App-Version";

    private static final Logger LOG = Logger.getLogger("http.request");
    /** A caller's id is kept only when it is short and plain, so logs cannot be forged through it. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ServiceIdentity identity;
    private final long slowAfterMillis;

    RequestTracking(ServiceIdentity identity, @ConfigProperty(name = "app.request-log.slow-after") Duration slowAfter) {
        this.identity = identity;
        this.slowAfterMillis = slowAfter.toMillis();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::track);
    }

    private void track(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String incoming = request.getHeader(REQUEST_ID);
        String requestId = incoming != null && SAFE_ID.matcher(incoming).matches()
                ? incoming
                : UUID.randomUUID().toString();
        ctx.put(REQUEST_ID, requestId);
        ctx.addHeadersEndHandler(v -> {
            // An answer forwarded from another service (the gateway's LocalEdge) keeps who served it.
            if (!ctx.response().headers().contains(SERVED_BY)) {
                ctx.response().headers().set(SERVED_BY, identity.info().pod()).set(APP_VERSION, identity.info().version());
            }
            ctx.response().headers().set(REQUEST_ID, requestId);
        });
        ctx.addEndHandler(v -> log(request, ctx.response().getStatusCode(), start, requestId));
        ctx.next();
    }

    private void log(HttpServerRequest request, int status, long start, String requestId) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean read = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        Logger.Level level = !read || status >= 500 || millis >= slowAfterMillis ? Logger.Level.INFO : Logger.Level.DEBUG;
        if (!LOG.isEnabled(level)) {
            return;
        }
        MDC.put("method", request.method().name());
        MDC.put("path", request.path());
        MDC.put("status", status);
        MDC.put("durationMs", millis);
        MDC.put("requestId", requestId);
        try {
            LOG.logf(level, "%s %s %d %dms", request.method().name(), request.path(), status, millis);
        } finally {
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("durationMs");
            MDC.remove("requestId");
        }
    }
}
