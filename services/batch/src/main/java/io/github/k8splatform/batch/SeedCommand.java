package io.github.k8splatform.batch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Loads the bundled product list (seed/products.tsv). Rows are upserted and only changed rows are
 * written, in one transaction, so running it twice leaves the same rows.
 */
@Command(name = "seed", description = "Load the bundled product list into the catalog database.")
public class SeedCommand implements Callable<Integer> {

    static final String SEED_FILE = "seed/products.tsv";

    @Spec
    CommandSpec spec;

    private final AgroalDataSource catalog;

    SeedCommand(@DataSource("catalog") AgroalDataSource catalog) {
        this.catalog = catalog;
    }

    record SeedProduct(String sku, String name, String description, long priceCents, String currency) {
    }

    @Override
    public Integer call() throws IOException, SQLException {
        List<SeedProduct> products = read();
        int inserted = 0;
        int updated = 0;
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO catalog.products"
                    + " (sku, name, description, price_cents, currency) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,"
                    + " price_cents = EXCLUDED.price_cents, currency = EXCLUDED.currency, updated_at = now()"
                    + " WHERE (products.name, products.description, products.price_cents, products.currency)"
                    + " IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.price_cents, EXCLUDED.currency)"
                    + " RETURNING (xmax = 0) AS inserted")) {
                for (SeedProduct p : products) {
                    s.setString(1, p.sku());
                    s.setString(2, p.name());
                    s.setString(3, p.description());
                    s.setLong(4, p.priceCents());
                    s.setString(5, p.currency());
                    try (ResultSet rows = s.executeQuery()) {
                        if (rows.next()) {
                            if (rows.getBoolean(1)) {
                                inserted++;
                            } else {
                                updated++;
                            }
                        }
                    }
                }
            }
            c.commit();
        }
        spec.commandLine().getOut().printf("seed catalog: %d products in %s (%d inserted, %d updated, %d unchanged)%n",
                products.size(), SEED_FILE, inserted, updated, products.size() - inserted - updated);
        return 0;
    }

    static List<SeedProduct> read() throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SEED_FILE);
        if (in == null) {
            throw new IOException(SEED_FILE + " is missing from the batch jar");
        }
        List<SeedProduct> products = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    throw new IOException(SEED_FILE + " line " + number + ": expected 5 tab-separated fields");
                }
                products.add(new SeedProduct(f[0], f[1], f[2], Long.parseLong(f[3]), f[4]));
            }
        }
        return products;
    }
}
