package io.github.k8splatform.orders;

import java.util.List;

/** The newest orders, and how many there are in all. */
public record OrderList(List<Order> items, long total) {
}
