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
 * Applies the retention periods: orders created, and reports whose period ended, before the cutoff
 * are deleted in one transaction; container log lines logged before their (shorter) cutoff too.
 * Rows newer than a cutoff are never touched. An order's
 * Idempotency-Key is retained as long as the order, so retries must come within the retention.
 */
@Command(name = "prune", description = "Delete orders, reports and log lines older than their retention periods.")
public class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--retention-days",
            description = "keep orders and reports this many days (at least 1); default: batch.retention-days,"
                    + " 90 unless RETENTION_DAYS is set")
    Integer retentionDays;

    @Option(names = "--log-retention-days",
            description = "keep container log lines this many days (at least 1); default: batch.log-retention-days,"
                    + " 7 unless LOG_RETENTION_DAYS is set")
    Integer logRetentionDays;

    private final AgroalDataSource orders;
    private final AgroalDataSource logs;

    PruneCommand(@DataSource("orders") AgroalDataSource orders, @DataSource("logs") AgroalDataSource logs,
            @ConfigProperty(name = "batch.retention-days") int configuredRetentionDays,
            @ConfigProperty(name = "batch.log-retention-days") int configuredLogRetentionDays) {
        this.orders = orders;
        this.logs = logs;
        this.retentionDays = configuredRetentionDays;
        this.logRetentionDays = configuredLogRetentionDays;
    }

    @Override
    public Integer call() throws SQLException {
        for (var option : new Object[][] {{"--retention-days", retentionDays}, {"--log-retention-days", logRetentionDays}}) {
            if ((Integer) option[1] < 1) {
                throw new ParameterException(spec.commandLine(), option[0] + " must be at least 1, was " + option[1]);
            }
        }
        Instant cutoff = Instant.now().minus(retentionDays, ChronoUnit.DAYS);
        Instant logCutoff = Instant.now().minus(logRetentionDays, ChronoUnit.DAYS);
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
        int prunedLines;
        try (Connection c = logs.getConnection();
                PreparedStatement l = c.prepareStatement("DELETE FROM logs.log_lines WHERE logged_at < ?")) {
            l.setTimestamp(1, Timestamp.from(logCutoff));
            prunedLines = l.executeUpdate();
        }
        spec.commandLine().getOut().printf("prune: deleted %d orders and %d reports older than %s (retention %d days),"
                + " %d log lines older than %s (retention %d days)%n",
                prunedOrders, prunedReports, cutoff.truncatedTo(ChronoUnit.SECONDS), retentionDays,
                prunedLines, logCutoff.truncatedTo(ChronoUnit.SECONDS), logRetentionDays);
        return 0;
    }
}
