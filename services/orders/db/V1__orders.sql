-- One row per accepted order. The unique idempotency key makes a retried POST
-- find its first answer instead of writing a second order.
CREATE TABLE orders.orders (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key  VARCHAR(100) NOT NULL UNIQUE,
    request_hash     CHAR(64)     NOT NULL,
    sku              VARCHAR(64)  NOT NULL,
    quantity         INTEGER      NOT NULL CHECK (quantity > 0),
    unit_price_cents BIGINT       NOT NULL CHECK (unit_price_cents >= 0),
    currency         CHAR(3)      NOT NULL,
    total_cents      BIGINT       NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX orders_newest_first ON orders.orders (created_at DESC, id DESC);
