package io.github.k8splatform.logs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC over logs.log_lines. */
@ApplicationScoped
public class LogRepository {

    private final AgroalDataSource dataSource;

    LogRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a batch in one transaction; lines already stored (same source position) are skipped. */
    public int store(List<LogLine> lines) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int stored = 0;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO logs.log_lines (node, namespace, pod, container,"
                    + " stream, logged_at, message, source_file, source_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (node, source_file, source_offset) DO NOTHING")) {
                for (LogLine line : lines) {
                    s.setString(1, line.node());
                    s.setString(2, line.namespace());
                    s.setString(3, line.pod());
                    s.setString(4, line.container());
                    s.setString(5, line.stream());
                    s.setTimestamp(6, Timestamp.from(line.timestamp()));
                    s.setString(7, line.message().replace("\u0000", ""));
                    s.setString(8, line.sourceFile());
                    s.setLong(9, line.sourceOffset());
                    s.addBatch();
                }
                for (int count : s.executeBatch()) {
                    stored += Math.max(count, 0);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return stored;
        }
    }

    /** The filters of GET /api/logs; null means "any". */
    public record Query(String namespace, String pod, String container, String contains, Instant since, Instant until,
            int limit, int page) {
    }

    public List<StoredLogLine> newest(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, node, namespace, pod, container, stream, logged_at, message"
                + " FROM logs.log_lines WHERE true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " AND namespace = ?", q.namespace());
        condition(sql, params, " AND pod = ?", q.pod());
        condition(sql, params, " AND container = ?", q.container());
        if (q.contains() != null) {
            sql.append(" AND strpos(message, ?) > 0");
            params.add(q.contains());
        }
        condition(sql, params, " AND logged_at >= ?", q.since() == null ? null : Timestamp.from(q.since()));
        condition(sql, params, " AND logged_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
        sql.append(" ORDER BY logged_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add((long) q.page() * q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<StoredLogLine> lines = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    lines.add(new StoredLogLine(rows.getLong("id"), rows.getString("node"), rows.getString("namespace"),
                            rows.getString("pod"), rows.getString("container"), rows.getString("stream"),
                            rows.getTimestamp("logged_at").toInstant(), rows.getString("message")));
                }
            }
            return lines;
        }
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }
}
