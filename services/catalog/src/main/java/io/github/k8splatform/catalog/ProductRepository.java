package io.github.k8splatform.catalog;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC over the catalog.products table: each method is one statement, so one transaction. */
@ApplicationScoped
public class ProductRepository {

    private static final String COLUMNS = "sku, name, description, price_cents, currency, updated_at";

    private final AgroalDataSource dataSource;

    ProductRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ProductPage page(int page, int size) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement list = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM catalog.products ORDER BY sku LIMIT ? OFFSET ?");
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM catalog.products")) {
            list.setInt(1, size);
            list.setLong(2, (long) page * size);
            List<Product> items = new ArrayList<>();
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    items.add(read(rows));
                }
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return new ProductPage(items, page, size, rows.getLong(1));
            }
        }
    }

    public Optional<Product> find(String sku) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM catalog.products WHERE sku = ?")) {
            s.setString(1, sku);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** Inserts unless the sku exists; empty when it did, so the caller can answer 409. */
    public Optional<Product> insert(Product p) throws SQLException {
        return write("INSERT INTO catalog.products (sku, name, description, price_cents, currency)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sku) DO NOTHING RETURNING " + COLUMNS, p,
                ProductRepository::read);
    }

    /** Creates or replaces; the flag says which, for 201 versus 200 (xmax is 0 on a fresh insert). */
    public Upserted upsert(Product p) throws SQLException {
        return write("INSERT INTO catalog.products (sku, name, description, price_cents, currency)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name,"
                + " description = EXCLUDED.description, price_cents = EXCLUDED.price_cents,"
                + " currency = EXCLUDED.currency, updated_at = now()"
                + " RETURNING " + COLUMNS + ", (xmax = 0) AS created", p,
                rows -> new Upserted(read(rows), rows.getBoolean("created"))).orElseThrow();
    }

    public boolean delete(String sku) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM catalog.products WHERE sku = ?")) {
            s.setString(1, sku);
            return s.executeUpdate() == 1;
        }
    }

    public record Upserted(Product product, boolean created) {
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> Optional<T> write(String sql, Product p, RowReader<T> reader) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, p.sku());
            s.setString(2, p.name());
            s.setString(3, p.description());
            s.setLong(4, p.priceCents());
            s.setString(5, p.currency());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
            }
        }
    }

    private static Product read(ResultSet rows) throws SQLException {
        return new Product(rows.getString("sku"), rows.getString("name"), rows.getString("description"),
                rows.getLong("price_cents"), rows.getString("currency").trim(),
                rows.getTimestamp("updated_at").toInstant());
    }
}
