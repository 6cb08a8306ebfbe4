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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Plain JDBC over logs.log_lines. */
@ApplicationScoped
public class LogRepository {

    private final AgroalDataSource dataSource;

    LogRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a batch in one statement (the columns as arrays, unnested): lines already stored (same
     * source position) are skipped, and returned, so that none is dropped without a trace.
     */
    public List<LogLine> storeReturningDuplicates(List<LogLine> lines) throws SQLException {
        int n = lines.size();
        String[][] text = new String[8][n];
        Timestamp[] times = new Timestamp[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            LogLine line = lines.get(i);
            text[0][i] = line.node();
            text[1][i] = line.namespace();
            text[2][i] = line.pod();
            text[3][i] = line.container();
            text[4][i] = line.stream();
            text[5][i] = line.message().replace("\u0000", "");
            text[6][i] = line.sourceFile();
            text[7][i] = line.storedIncarnation();
            times[i] = Timestamp.from(line.timestamp());
            offsets[i] = line.sourceOffset();
        }
        Set<String> inserted = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO logs.log_lines (node, namespace, pod, container,"
                        + " stream, message, source_file, source_incarnation, logged_at, source_offset)"
                        + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::timestamptz[], ?::bigint[])"
                        + " ON CONFLICT (node, source_file, source_incarnation, source_offset) DO NOTHING"
                        + " RETURNING node, source_file, source_incarnation, source_offset")) {
            for (int column = 0; column < text.length; column++) {
                s.setArray(column + 1, c.createArrayOf("text", text[column]));
            }
            s.setArray(9, c.createArrayOf("timestamptz", times));
            s.setArray(10, c.createArrayOf("bigint", offsets));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    inserted.add(position(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
                }
            }
        }
        List<LogLine> duplicates = new ArrayList<>();
        for (LogLine line : lines) {
            // remove, not contains: the second of two equal positions in one batch is a duplicate too
            if (!inserted.remove(position(line.node(), line.sourceFile(), line.storedIncarnation(), line.sourceOffset()))) {
                duplicates.add(line);
            }
        }
        return duplicates;
    }

    private static String position(String node, String file, String incarnation, long offset) {
        return node + '\n' + file + '\n' + incarnation + '\n' + offset;
    }

    /** The filters of GET /api/logs; null means "any". */
    public record Query(String namespace, String pod, String container, String contains, Instant since, Instant until,
            int limit, int page) {
    }

    /**
     * A text search (contains, an unindexed strpos) reads at most this many of the newest lines that
     * match the other filters, however many the window holds: its cost has a ceiling.
     */
    static final int MAX_SEARCHED_LINES = 100_000;

    private static final String COLUMNS = "id, node, namespace, pod, container, stream, logged_at, message";
    private static final String NEWEST_FIRST = " ORDER BY logged_at DESC, id DESC";

    public List<StoredLogLine> newest(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM logs.log_lines WHERE true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " AND namespace = ?", q.namespace());
        condition(sql, params, " AND pod = ?", q.pod());
        condition(sql, params, " AND container = ?", q.container());
        condition(sql, params, " AND logged_at >= ?", q.since() == null ? null : Timestamp.from(q.since()));
        condition(sql, params, " AND logged_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
        if (q.contains() != null) {
            sql.insert(0, "SELECT " + COLUMNS + " FROM (").append(NEWEST_FIRST).append(" LIMIT " + MAX_SEARCHED_LINES)
                    .append(") newest WHERE strpos(message, ?) > 0");
            params.add(q.contains());
        }
        sql.append(NEWEST_FIRST).append(" LIMIT ? OFFSET ?");
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
