package io.github.k8splatform.catalog;

import java.util.List;

/** One page of products, ordered by sku, with the total so clients know how many pages there are. */
public record ProductPage(List<Product> items, int page, int size, long total) {
}
