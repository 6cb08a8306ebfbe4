package io.github.k8splatform.batch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes per-product order totals for a period. The period's old report is replaced in the same
 * transaction, so a rerun (a retried CronJob pod) gives the same report, never a doubled one.
 */
@Command(name = "report", description = "Write per-product order totals for a period into orders.reports.")
public class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", defaultValue = "yesterday", converter = Period.Converter.class,
            description = "YYYY-MM-DD, YYYY-MM, today or yesterday (UTC); default: ${DEFAULT-VALUE}")
    Period period;

    private final AgroalDataSource orders;

    ReportCommand(@DataSource("orders") AgroalDataSource orders) {
        this.orders = orders;
    }

    @Override
    public Integer call() throws SQLException {
        int lines;
        long orderCount;
        try (Connection c = orders.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM orders.reports WHERE period_start = ? AND period_end = ?");
                    PreparedStatement header = c.prepareStatement(
                        "INSERT INTO orders.reports (period_start, period_end) VALUES (?, ?)");
                    PreparedStatement totals = c.prepareStatement("INSERT INTO orders.report_lines"
                        + " (period_start, period_end, sku, currency, order_count, quantity, revenue_cents)"
                        + " SELECT ?, ?, sku, currency, count(*), sum(quantity), sum(total_cents) FROM orders.orders"
                        + " WHERE created_at >= (?::date AT TIME ZONE 'UTC') AND created_at < (?::date AT TIME ZONE 'UTC')"
                        + " GROUP BY sku, currency");
                    PreparedStatement count = c.prepareStatement("SELECT coalesce(sum(order_count), 0)"
                        + " FROM orders.report_lines WHERE period_start = ? AND period_end = ?")) {
                for (PreparedStatement s : new PreparedStatement[] {delete, header, totals, count}) {
                    s.setDate(1, Date.valueOf(period.start()));
                    s.setDate(2, Date.valueOf(period.end()));
                }
                totals.setDate(3, Date.valueOf(period.start()));
                totals.setDate(4, Date.valueOf(period.end()));
                delete.executeUpdate();
                header.executeUpdate();
                lines = totals.executeUpdate();
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    orderCount = rows.getLong(1);
                }
            }
            c.commit();
        }
        spec.commandLine().getOut().printf("report %s..%s: %d orders over %d products%n",
                period.start(), period.end(), orderCount, lines);
        return 0;
    }
}
