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

/** Reads the reports `batch report` writes; orders never writes them itself. */
@ApplicationScoped
public class ReportRepository {

    private final AgroalDataSource dataSource;

    ReportRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The most recently generated report, read in one snapshot so header and lines agree. */
    public Optional<Report> latest() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("WITH latest AS (SELECT period_start, period_end, generated_at"
                        + " FROM orders.reports ORDER BY generated_at DESC, period_start DESC LIMIT 1)"
                        + " SELECT l.period_start, l.period_end, l.generated_at,"
                        + " r.sku, r.currency, r.order_count, r.quantity, r.revenue_cents"
                        + " FROM latest l LEFT JOIN orders.report_lines r USING (period_start, period_end)"
                        + " ORDER BY r.revenue_cents DESC NULLS LAST, r.sku");
                ResultSet rows = s.executeQuery()) {
            Report report = null;
            List<Report.Line> lines = new ArrayList<>();
            while (rows.next()) {
                if (report == null) {
                    report = new Report(rows.getDate("period_start").toLocalDate(),
                            rows.getDate("period_end").toLocalDate(),
                            rows.getTimestamp("generated_at").toInstant(), lines);
                }
                if (rows.getString("sku") != null) {
                    lines.add(new Report.Line(rows.getString("sku"), rows.getString("currency").trim(),
                            rows.getInt("order_count"), rows.getLong("quantity"), rows.getLong("revenue_cents")));
                }
            }
            return Optional.ofNullable(report);
        }
    }
}
