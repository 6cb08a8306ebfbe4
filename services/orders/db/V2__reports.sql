-- Per-product order totals for a period, written by `batch report`. One header row per period,
-- so a period without orders still has a report; regenerating a period replaces it in one
-- transaction, which makes the job idempotent per period.
CREATE TABLE orders.reports (
    period_start DATE        NOT NULL,
    period_end   DATE        NOT NULL,
    generated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (period_start, period_end),
    CHECK (period_end > period_start)
);

CREATE TABLE orders.report_lines (
    period_start  DATE        NOT NULL,
    period_end    DATE        NOT NULL,
    sku           VARCHAR(64) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    order_count   INTEGER     NOT NULL,
    quantity      BIGINT      NOT NULL,
    revenue_cents BIGINT      NOT NULL,
    PRIMARY KEY (period_start, period_end, sku, currency),
    FOREIGN KEY (period_start, period_end) REFERENCES orders.reports ON DELETE CASCADE
);
