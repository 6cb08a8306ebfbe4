package io.github.k8splatform.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL that scripts/with-postgres.sh (make test) provides through QUARKUS_DATASOURCE_*.
 * Tests migrate it with the same SQL files batch uses, and reset tables between tests.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String url() {
        return required("QUARKUS_DATASOURCE_JDBC_URL");
    }

    public static String user() {
        return required("QUARKUS_DATASOURCE_USERNAME");
    }

    public static String password() {
        return required("QUARKUS_DATASOURCE_PASSWORD");
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** Brings a schema to its newest migration; a no-op when it already is. */
    public static void migrate(String schema) {
        migrate(url(), schema);
    }

    public static void migrate(String jdbcUrl, String schema) {
        Flyway.configure()
                .dataSource(jdbcUrl, user(), password())
                .schemas(schema)
                .locations("filesystem:" + migrations(schema))
                .load()
                .migrate();
    }

    public static void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    public static long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A fingerprint of a whole table: equal before and after means the table did not change. */
    public static String fingerprint(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                        + " FROM " + table + " t")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** A new empty database on the same server, for tests that need one nothing has migrated. */
    public static String createDatabase(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name);
        return url().substring(0, url().lastIndexOf('/') + 1) + name;
    }

    /** The service's own migrations: services/&lt;schema&gt;/db. */
    public static Path migrations(String schema) {
        return PackagedService.root().resolve("services").resolve(schema).resolve("db");
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with `make test`,"
                    + " which provides PostgreSQL (scripts/with-postgres.sh)");
        }
        return value;
    }
}
