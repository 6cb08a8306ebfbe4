package io.github.k8splatform.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a URI over app.http.max-uri-length with a 414 problem document. Vert.x answers a request
 * line over quarkus.http.limits.max-initial-line-length with a bare 414 before any handler runs and
 * offers Quarkus no hook for it, so that limit is set far above this one: only lines past it get
 * the bare answer.
 */
@ApplicationScoped
public class RequestLineLimit {

    private final int maxUriLength;

    RequestLineLimit(@ConfigProperty(name = "app.http.max-uri-length") int maxUriLength) {
        this.maxUriLength = maxUriLength;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (ctx.request().uri().length() > maxUriLength) {
            Problem.of(414, "uri-too-long", "URI Too Long", "the request URI is over " + maxUriLength + " characters")
                    .withField("uri").send(ctx.response());
            return;
        }
        ctx.next();
    }
}
