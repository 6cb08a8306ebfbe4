package io.github.k8splatform.gateway;

import io.github.k8splatform.gateway.Overview.Section;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks catalog and orders at the same time, each bounded by app.upstream-timeout. An upstream that
 * is down or slow costs its own section only: the overview is still a 200. A failed call is tried
 * once more within the bound (a GET is safe to repeat): a replica that is draining answers 503 or
 * closes its connections, and the next try reaches another one.
 * <p>
 * One overview serves every request for app.overview.max-age, and requests that arrive while it is
 * being asked for wait for that one: each overview costs three upstream calls and four queries,
 * about 3.7 ms of CPU across the platform (make bench-http), so a page many people poll would
 * otherwise cost the upstreams more than all their other traffic. An overview with a section down
 * is never shared: the next request asks again, so one failed call reaches one caller, as before.
 */
@Path("/api/overview")
public class OverviewResource {

    private static final Logger LOG = Logger.getLogger(OverviewResource.class);

    private final CatalogClient catalog;
    private final OrdersClient orders;
    private final Duration timeout;
    private final Uni<Overview> current;
    private final long maxAgeNanos;
    /** When the shared overview was answered (0: never), whether every section answered, whether one is being asked for. */
    private volatile long answeredAt;
    private volatile boolean allAnswered;
    private final AtomicBoolean asking = new AtomicBoolean();

    OverviewResource(@RestClient CatalogClient catalog, @RestClient OrdersClient orders,
            @ConfigProperty(name = "app.upstream-timeout") Duration timeout,
            @ConfigProperty(name = "app.overview.max-age") Duration maxAge) {
        this.catalog = catalog;
        this.orders = orders;
        this.timeout = timeout;
        this.maxAgeNanos = maxAge.toNanos();
        // memoize() checks stale() on every subscription and, when true, drops even an ask in flight:
        // so it is true only once an answer is there to replace, and for one subscription only: the
        // one that claims the next ask (two requests of a burst could otherwise both see the old
        // answer stale before either ask began, and ask twice).
        this.current = maxAge.isZero() ? Uni.createFrom().deferred(this::ask)
                : Uni.createFrom().deferred(this::askShared).memoize().until(this::stale);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Overview> overview() {
        return current;
    }

    private Uni<Overview> ask() {
        Uni<Section> products = bounded("catalog", catalog.products(1)
                .map(count -> Section.up(Map.of("productCount", count.total()))));
        Uni<Section> orderCount = bounded("orders", orders.orders(1)
                .map(count -> Section.up(Map.of("orderCount", count.total()))));
        Uni<Section> report = bounded("orders", orders.latestReport().map(Section::up));
        return Uni.combine().all().unis(products, orderCount, report).with(Overview::new);
    }

    private Uni<Overview> askShared() {
        asking.set(true);
        return ask().invoke(this::remember);
    }

    private void remember(Overview overview) {
        allAnswered = !"down".equals(overview.catalog().status()) && !"down".equals(overview.orders().status())
                && !"down".equals(overview.report().status());
        answeredAt = System.nanoTime();
        asking.set(false);
    }

    private boolean stale() {
        return answeredAt != 0 && (!allAnswered || System.nanoTime() - answeredAt >= maxAgeNanos)
                && asking.compareAndSet(false, true);
    }

    private Uni<Section> bounded(String upstream, Uni<Section> call) {
        return call.onFailure(OverviewResource::worthRetrying).retry().atMost(1)
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(failure -> explain(upstream, failure));
    }

    /** Anything but an answer about the request itself (a 4xx, such as no report yet). */
    private static boolean worthRetrying(Throwable failure) {
        return !(failure instanceof WebApplicationException http && http.getResponse().getStatus() < 500);
    }

    private static Section explain(String upstream, Throwable failure) {
        if (failure instanceof WebApplicationException http && http.getResponse().getStatus() == 404) {
            return Section.empty("no report yet: the report CronJob has not run");
        }
        LOG.warnf("%s unavailable: %s", upstream, failure.toString());
        return Section.down(upstream + " did not answer: " + failure.getClass().getSimpleName());
    }
}
