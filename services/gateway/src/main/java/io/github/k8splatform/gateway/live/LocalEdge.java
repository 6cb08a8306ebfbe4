package io.github.k8splatform.gateway.live;

import io.github.k8splatform.web.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * make run has no Ingress, so the page's Try-it calls (/api/orders, /api/logs, /api/catalog) would
 * reach the gateway and find nothing. With app.local-edge.enabled=true (make run and the page test
 * only) the gateway forwards /api/&lt;service&gt;/... to that service's URL, as the Ingress routes those
 * prefixes on a cluster. Off by default: in a cluster the Ingress does it.
 */
@ApplicationScoped
public class LocalEdge {

    /** As the services' own quarkus.http.limits.max-body-size. */
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "transfer-encoding", "host");

    private final boolean enabled;
    private final String self;
    private final ServiceUrls services;
    private final Vertx vertx;
    private HttpClient client;

    LocalEdge(Vertx vertx, ServiceUrls services, @ConfigProperty(name = "app.local-edge.enabled") boolean enabled,
            @ConfigProperty(name = "app.name") String self) {
        this.vertx = vertx;
        this.services = services;
        this.enabled = enabled;
        this.self = self;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000));
        services.all().forEach((service, target) -> {
            if (!service.equals(self)) {
                // Quarkus pauses each request until a handler asks for its body: BodyHandler reads it.
                router.routeWithRegex("/api/" + service + "(/.*)?").order(-10)
                        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                        .handler(ctx -> forward(ctx, target));
            }
        });
    }

    void close(@Observes ShutdownEvent shutdown) {
        if (client != null) {
            client.close();
        }
    }

    private void forward(RoutingContext ctx, URI target) {
        HttpServerRequest in = ctx.request();
        RequestOptions out = new RequestOptions().setMethod(in.method()).setHost(target.getHost())
                .setPort(target.getPort()).setURI(in.uri()).setIdleTimeout(10_000);
        in.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                out.addHeader(h.getKey(), h.getValue());
            }
        });
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        client.request(out).compose(r -> r.send(body))
                .compose(response -> response.body().map(answer -> {
                    ctx.response().setStatusCode(response.statusCode());
                    response.headers().forEach(h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase()) && !h.getKey().equalsIgnoreCase("content-length")) {
                            ctx.response().putHeader(h.getKey(), h.getValue());
                        }
                    });
                    return ctx.response().end(answer);
                }))
                .onFailure(failure -> {
                    if (!ctx.response().ended()) {
                        Problem.of(502, "upstream-unavailable", "Upstream unavailable",
                                target + " did not answer: " + failure.getClass().getSimpleName()).send(ctx.response());
                    }
                });
    }
}
