package io.github.k8splatform.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Per-product order totals for [periodStart, periodEnd), as `batch report` wrote them. */
public record Report(LocalDate periodStart, LocalDate periodEnd, Instant generatedAt, List<Line> lines) {

    public record Line(String sku, String currency, int orderCount, long quantity, long revenueCents) {
    }
}
