package io.github.k8splatform.gateway.live;

import io.github.k8splatform.gateway.workloads.Workloads;
import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.github.k8splatform.web.ServiceIdentity;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * GET /api/live: the live page's data as server-sent events, one a second. Each open stream counts
 * as a watcher of the traffic probe. When this replica begins to shut down, its streams end, and the
 * browsers' EventSource reconnects through the Service to a replica that stays.
 */
@Path("/api/live")
@Singleton
public class LiveResource {

    private final TrafficProbe traffic;
    private final Workloads workloads;
    private final ServiceIdentity identity;
    private final int maxWatchers;
    private volatile boolean closing;

    LiveResource(TrafficProbe traffic, Workloads workloads, ServiceIdentity identity,
            @ConfigProperty(name = "app.live.max-watchers") int maxWatchers) {
        this.traffic = traffic;
        this.workloads = workloads;
        this.identity = identity;
        this.maxWatchers = maxWatchers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    // A proxy in front that buffers (nginx) would otherwise hold the stream back.
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @APIResponse(responseCode = "200", description = "One event a second, each event's data one LivePage",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = LivePage.class)))
    @APIResponse(responseCode = "503", description = "This replica is shutting down, or app.live.max-watchers pages watch it")
    public Multi<LivePage> stream() {
        if (closing) {
            throw new ProblemException(Problem.of(503, "shutting-down", "Shutting down",
                    "this gateway replica is shutting down; reconnect"));
        }
        if (!traffic.accepts(maxWatchers)) {
            throw new ProblemException(Problem.of(503, "too-many-watchers", "Too many live pages",
                    maxWatchers + " live pages already watch this gateway replica (app.live.max-watchers)"));
        }
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofSeconds(1))
                .select().first(tick -> !closing)
                .map(tick -> page())
                .onSubscription().invoke(traffic::watch)
                .onTermination().invoke(traffic::unwatch);
    }

    void closing(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
    }

    private LivePage page() {
        return new LivePage(Instant.now(), identity.info(), traffic.rate(), TrafficWindow.RATE_SECONDS,
                traffic.summaries(), workloads.snapshot());
    }
}
