package io.github.k8splatform.orders;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Places an order exactly once per Idempotency-Key: a retry with the same body gets the first
 * order back, a different body under the same key is refused, and nothing is written unless the
 * price came from catalog.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);

    private final OrderRepository orders;
    private final PriceLookup prices;

    OrderPlacement(OrderRepository orders, PriceLookup prices) {
        this.orders = orders;
        this.prices = prices;
    }

    /** The order, and whether this call created it (false: a replay of an earlier call). */
    public record Placed(Order order, boolean created) {
    }

    public Placed place(String idempotencyKey, OrderRequest request) throws SQLException {
        String fingerprint = request.fingerprint();
        Optional<Placed> earlier = replay(idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CatalogProduct product = priceOf(request.sku());
        Optional<Order> inserted = orders.insertIfAbsent(idempotencyKey, fingerprint, request, product);
        if (inserted.isPresent()) {
            return new Placed(inserted.get(), true);
        }
        // A concurrent request with the same key won the insert: answer as its replay.
        return replay(idempotencyKey, fingerprint).orElseThrow();
    }

    private Optional<Placed> replay(String idempotencyKey, String fingerprint) throws SQLException {
        Optional<OrderRepository.Stored> stored = orders.findByKey(idempotencyKey);
        if (stored.isPresent() && !stored.get().requestHash().equals(fingerprint)) {
            throw new ProblemException(Problem.of(409, "idempotency-key-reused", "Conflict",
                    "this Idempotency-Key was used for a different order; use a new key").withField("Idempotency-Key"));
        }
        return stored.map(s -> new Placed(s.order(), false));
    }

    private CatalogProduct priceOf(String sku) {
        try {
            return prices.price(sku);
        } catch (FaultToleranceException | ProcessingException | WebApplicationException e) {
            LOG.warnf("catalog unavailable for sku %s: %s", sku, e.toString());
            throw new ProblemException(Problem.of(503, "catalog-unavailable", "Service Unavailable",
                    "catalog did not answer in time, so no order was written; retry with the same Idempotency-Key"));
        }
    }
}
