package io.github.k8splatform.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A product as PUT /api/catalog/products/{sku} takes it (the sku is the path's), and what the seed
 * compares with catalog's answer to leave an unchanged product alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductFields(String name, String description, long priceCents, String currency) {
}
