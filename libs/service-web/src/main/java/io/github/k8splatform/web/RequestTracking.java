package io.github.k8splatform.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * First handler of every request, /q/* included: tags the response with who served it and logs one
 * line when it ends. It runs on the Vert.x router so that even answers JAX-RS never sees carry the tags.
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

    RequestTracking(ServiceIdentity identity) {
        this.identity = identity;
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
        ctx.addHeadersEndHandler(v -> ctx.response().headers()
                .set(SERVED_BY, identity.info().pod())
                .set(APP_VERSION, identity.info().version())
                .set(REQUEST_ID, requestId));
        ctx.addEndHandler(v -> log(request, ctx.response().getStatusCode(), start, requestId));
        ctx.next();
    }

    private static void log(HttpServerRequest request, int status, long start, String requestId) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        MDC.put("method", request.method().name());
        MDC.put("path", request.path());
        MDC.put("status", status);
        MDC.put("durationMs", millis);
        MDC.put("requestId", requestId);
        try {
            LOG.infof("%s %s %d %dms", request.method().name(), request.path(), status, millis);
        } finally {
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("durationMs");
            MDC.remove("requestId");
        }
    }
}
