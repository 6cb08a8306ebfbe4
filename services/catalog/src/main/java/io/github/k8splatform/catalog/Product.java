package io.github.k8splatform.catalog;

import java.time.Instant;

/** A product as the catalog serves it. Prices are whole cents in an ISO 4217 currency. */
public record Product(String sku, String name, String description, long priceCents, String currency,
        Instant updatedAt) {
}
