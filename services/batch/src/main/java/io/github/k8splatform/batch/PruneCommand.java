package io.github.k8splatform.batch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Applies the retention period: orders created, and reports whose period ended, before the cutoff
 * are deleted in one transaction. Rows newer than the cutoff are never touched. An order's
 * Idempotency-Key is retained as long as the order, so retries must come within the retention.
 */
@Command(name = "prune", description = "Delete orders and reports older than the retention period.")
public class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--retention-days",
            description = "keep this many days (at least 1); default: batch.retention-days, 90 unless RETENTION_DAYS is set")
    Integer retentionDays;

    private final AgroalDataSource orders;

    PruneCommand(@DataSource("orders") AgroalDataSource orders,
            @ConfigProperty(name = "batch.retention-days") int configuredRetentionDays) {
        this.orders = orders;
        this.retentionDays = configuredRetentionDays;
    }

    @Override
    public Integer call() throws SQLException {
        if (retentionDays < 1) {
            throw new ParameterException(spec.commandLine(), "--retention-days must be at least 1, was " + retentionDays);
        }
        Instant cutoff = Instant.now().minus(retentionDays, ChronoUnit.DAYS);
        int prunedOrders;
        int prunedReports;
        try (Connection c = orders.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement o = c.prepareStatement("DELETE FROM orders.orders WHERE created_at < ?");
                    PreparedStatement r = c.prepareStatement(
                            "DELETE FROM orders.reports WHERE period_end < (? AT TIME ZONE 'UTC')::date")) {
                o.setTimestamp(1, Timestamp.from(cutoff));
                r.setTimestamp(1, Timestamp.from(cutoff));
                prunedOrders = o.executeUpdate();
                prunedReports = r.executeUpdate();
            }
            c.commit();
        }
        spec.commandLine().getOut().printf("prune: deleted %d orders and %d reports older than %s (retention %d days)%n",
                prunedOrders, prunedReports, cutoff.truncatedTo(ChronoUnit.SECONDS), retentionDays);
        return 0;
    }
}
