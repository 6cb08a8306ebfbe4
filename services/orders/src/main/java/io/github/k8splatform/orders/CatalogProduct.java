package io.github.k8splatform.orders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of a catalog product an order needs; catalog may add fields without breaking orders. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogProduct(String sku, long priceCents, String currency) {
}
