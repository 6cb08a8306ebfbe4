package io.github.k8splatform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over quarkus.http.limits.max-body-size before it is read, with a problem
 * document; Vert.x enforces the same limit on chunked bodies that declare no length.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private final long maxBytes;

    RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null && exceeds(declared)) {
            ctx.response().putHeader("Connection", "close");
            Problem.bodyTooLarge(maxBytes).send(ctx.response());
            return;
        }
        ctx.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
