package io.github.k8splatform.gateway;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Counts the overview requests that reached the gateway's resource layer, so that OverviewCacheTest
 * knows when every request of its burst is in, rather than guessing with a sleep.
 */
public class OverviewArrivals {

    static final AtomicInteger COUNT = new AtomicInteger();

    @ServerRequestFilter
    public void count(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().equals("/api/overview")) {
            COUNT.incrementAndGet();
        }
    }
}
