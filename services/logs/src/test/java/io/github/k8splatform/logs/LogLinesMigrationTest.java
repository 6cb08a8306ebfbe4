package io.github.k8splatform.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The log_lines migrations on a table holding lines: V2 (source_incarnation) keeps every row, unchanged,
 * under the new key; V3 keeps only the platform's namespaces.
 */
class LogLinesMigrationTest {

    private static final String ROWS = "SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, node, namespace, pod,"
            + " container, stream, logged_at, message, source_file, source_offset, received_at), ',' ORDER BY id))"
            + " FROM logs.log_lines";

    @Test
    void existingRowsKeepTheirKeyUnderTheEmptyIncarnation() throws Exception {
        String url = TestDatabase.createDatabase("logs_migration");
        migrate(url, "1");
        String before;
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message, source_file,"
                    + " source_offset) SELECT 'node-' || (i % 3), 'platform', 'pod-' || (i % 7), 'app', 'stdout',"
                    + " now() - i * interval '1 s', 'line ' || i, '2049:' || (i % 5) || '#0', i * 100"
                    + " FROM generate_series(1, 5000) i");
            before = single(s, ROWS);
        }
        migrate(url, "latest");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement()) {
            assertEquals(before, single(s, ROWS), "the rows after the migration");
            assertEquals("5000", single(s, "SELECT count(*) FROM logs.log_lines WHERE source_incarnation = ''"));
            // The old file's position and a new incarnation at the same inode and offset now both fit.
            s.execute("INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message, source_file,"
                    + " source_offset, source_incarnation) VALUES ('node-1', 'platform', 'pod-1', 'app', 'stdout', now(),"
                    + " 'new file', '2049:1#0', 100, '00000000000000aa')");
            assertEquals("2", single(s, "SELECT count(*) FROM logs.log_lines WHERE source_file = '2049:1#0' AND source_offset = 100"));
        }
    }

    /** V3: what an earlier agent stored from other namespaces goes; the platform's lines stay. */
    @Test
    void onlyThePlatformsNamespacesKeepTheirLines() throws Exception {
        String url = TestDatabase.createDatabase("logs_namespaces");
        migrate(url, "2");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message, source_file,"
                    + " source_offset) SELECT 'node-1', (ARRAY['platform', 'platform-logging', 'kube-system', 'default'])[i % 4 + 1],"
                    + " 'pod', 'app', 'stdout', now(), 'line ' || i, '2049:1', i FROM generate_series(0, 99) i");
        }
        migrate(url, "latest");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                Statement s = c.createStatement()) {
            assertEquals("platform:25,platform-logging:25", single(s, "SELECT string_agg(namespace || ':' || n, ',' ORDER BY namespace)"
                    + " FROM (SELECT namespace, count(*) AS n FROM logs.log_lines GROUP BY namespace) counted"));
        }
    }

    private static void migrate(String url, String target) {
        Flyway.configure().dataSource(url, TestDatabase.user(), TestDatabase.password()).schemas("logs")
                .locations("filesystem:" + TestDatabase.migrations("logs"))
                .target(target).load().migrate();
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
