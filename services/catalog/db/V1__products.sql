-- Products the catalog sells. Prices are whole cents so sums never round.
CREATE TABLE catalog.products (
    sku         VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    description VARCHAR(2000) NOT NULL DEFAULT '',
    price_cents BIGINT        NOT NULL CHECK (price_cents >= 0),
    currency    CHAR(3)       NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
