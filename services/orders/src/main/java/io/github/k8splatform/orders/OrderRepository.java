package io.github.k8splatform.orders;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC over orders.orders. An order is one INSERT: it is written whole or not at all. */
@ApplicationScoped
public class OrderRepository {

    private static final String COLUMNS = "id, sku, quantity, unit_price_cents, currency, total_cents, created_at";

    private final AgroalDataSource dataSource;

    OrderRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An order already stored under the key, with the fingerprint of the request that created it. */
    public record Stored(Order order, String requestHash) {
    }

    public Optional<Stored> findByKey(String idempotencyKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT " + COLUMNS + ", request_hash FROM orders.orders WHERE idempotency_key = ?")) {
            s.setString(1, idempotencyKey);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(new Stored(read(rows), rows.getString("request_hash"))) : Optional.empty();
            }
        }
    }

    /** Empty when another request stored the same key first; the unique key decides, not a read. */
    public Optional<Order> insertIfAbsent(String idempotencyKey, String requestHash, OrderRequest request,
            CatalogProduct product) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO orders.orders"
                        + " (idempotency_key, request_hash, sku, quantity, unit_price_cents, currency, total_cents)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + COLUMNS)) {
            s.setString(1, idempotencyKey);
            s.setString(2, requestHash);
            s.setString(3, request.sku());
            s.setInt(4, request.quantity());
            s.setLong(5, product.priceCents());
            s.setString(6, product.currency());
            s.setLong(7, product.priceCents() * request.quantity());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    public Optional<Order> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM orders.orders WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    public OrderList newest(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement list = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM orders.orders ORDER BY created_at DESC, id DESC LIMIT ?");
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM orders.orders")) {
            list.setInt(1, limit);
            List<Order> items = new ArrayList<>();
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    items.add(read(rows));
                }
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return new OrderList(items, rows.getLong(1));
            }
        }
    }

    private static Order read(ResultSet rows) throws SQLException {
        return new Order(rows.getLong("id"), rows.getString("sku"), rows.getInt("quantity"),
                rows.getLong("unit_price_cents"), rows.getString("currency").trim(), rows.getLong("total_cents"),
                rows.getTimestamp("created_at").toInstant());
    }
}
