package io.github.k8splatform.orders;

import java.time.Instant;

/** An accepted order, priced when it was placed. */
public record Order(long id, String sku, int quantity, long unitPriceCents, String currency, long totalCents,
        Instant createdAt) {
}
