package io.github.k8splatform.orders;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks catalog for a product's price, within a bound: each attempt ends by 700 ms (the client's
 * socket timeouts are tighter still) and a failed read is tried once more (a GET is safe to repeat),
 * so the caller has an answer well within 2 s.
 * When at least half of the last 20 lookups failed the circuit opens, and orders answers 503 at once
 * instead of waiting. Twenty, not fewer: a replica that has just started answers its first lookups
 * slowly, and a breaker that opened on three of them failed every order of a new pod for 5 s during
 * a rolling update. An unknown sku is an answer, not a failure: it is neither retried nor counted.
 */
@ApplicationScoped
public class PriceLookup {

    private final CatalogClient catalog;

    PriceLookup(@RestClient CatalogClient catalog) {
        this.catalog = catalog;
    }

    @Timeout(700)
    @Retry(maxRetries = 1, delay = 50, maxDuration = 1500, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, skipOn = ProblemException.class)
    public CatalogProduct price(String sku) {
        try {
            return catalog.product(sku);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new ProblemException(Problem.of(422, "unknown-sku", "Unprocessable Content",
                        "catalog has no product with sku " + sku).withField("sku"));
            }
            throw e;
        }
    }
}
