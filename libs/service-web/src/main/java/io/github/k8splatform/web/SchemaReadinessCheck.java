package io.github.k8splatform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once `batch migrate` has brought the service's schema to the version its code expects
 * (db/schema-versions.properties from the schema module), so a Deployment rolled out before its
 * migration Job simply waits. A service without app.schema has no database and is never held back.
 */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements HealthCheck {

    private static final String NAME = "schema";

    private final Optional<String> schema;
    private final Instance<DataSource> dataSource;
    private volatile Integer expected;
    /** Schemas only move forward, so once current the check stops querying. */
    private volatile boolean current;

    SchemaReadinessCheck(@ConfigProperty(name = "app.schema") Optional<String> schema,
            Instance<DataSource> dataSource) {
        this.schema = schema;
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        if (schema.isEmpty()) {
            return HealthCheckResponse.named(NAME).up().withData("database", "none").build();
        }
        String name = schema.get();
        int expected = expectedVersion();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("schema", name).withData("expected", expected);
        if (current) {
            return response.up().withData("version", expected).build();
        }
        try {
            int actual = appliedVersion(name);
            current = actual >= expected;
            return response.status(current).withData("version", actual).build();
        } catch (SQLException e) {
            return response.down().withData("error", "not migrated yet: " + e.getMessage()).build();
        }
    }

    private int appliedVersion(String name) throws SQLException {
        String sql = "SELECT version FROM " + name + ".flyway_schema_history"
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1";
        try (Connection connection = dataSource.get().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
        }
    }

    private int expectedVersion() {
        if (expected == null) {
            expected = readExpectedVersion(schema.orElseThrow());
        }
        return expected;
    }

    private static int readExpectedVersion(String schemaName) {
        Properties versions = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("db/schema-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("db/schema-versions.properties is missing: add the schema module");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = versions.getProperty(schemaName);
        if (version == null) {
            throw new IllegalStateException("db/schema-versions.properties has no entry for " + schemaName);
        }
        return Integer.parseInt(version);
    }
}
