package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each command run as the Job and CronJob run it, against the real test database. */
@QuarkusMainTest
class BatchCommandsTest {

    @BeforeEach
    void freshSchemas() throws Exception {
        TestDatabase.execute("DROP SCHEMA IF EXISTS catalog CASCADE", "DROP SCHEMA IF EXISTS orders CASCADE",
                "DROP SCHEMA IF EXISTS logs CASCADE");
    }

    static LaunchResult ok(QuarkusMainLauncher launcher, String... args) {
        LaunchResult result = launcher.launch(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.getErrorOutput());
        return result;
    }

    /** Picocli takes the version provider from CDI, config injected: a version, never "null". */
    @Test
    void versionIsTheProjectsVersion(QuarkusMainLauncher launcher) {
        LaunchResult version = ok(launcher, "--version");
        assertTrue(version.getOutput().matches("(?s)batch \\d+\\.\\d+\\.\\d+\\S*\\s*"), version.getOutput());
    }

    @Test
    void migrateBringsEverySchemaToTheVersionServicesWaitFor(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult first = ok(launcher, "migrate");
        assertTrue(first.getOutput().contains("migrate catalog: schema catalog"), first.getOutput());
        Properties expected = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/schema-versions.properties")) {
            expected.load(in);
        }
        for (String schema : expected.stringPropertyNames()) {
            assertEquals(Long.parseLong(expected.getProperty(schema)), TestDatabase.count(
                    "SELECT max(version::int) FROM " + schema + ".flyway_schema_history WHERE success"), schema);
        }
        LaunchResult again = ok(launcher, "migrate");
        assertTrue(again.getOutput().contains("(0 migrations applied)"), again.getOutput());
    }


    @Test
    void reportTotalsOnePeriodAndIsIdempotent(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "migrate");
        insertOrder("a", "MUG-1", 2, 1250, "2026-03-01T23:59:59Z");
        insertOrder("b", "MUG-1", 1, 1250, "2026-03-02T00:00:00Z");
        insertOrder("c", "MUG-1", 3, 1250, "2026-03-02T12:00:00Z");
        insertOrder("d", "TEA-2", 1, 400, "2026-03-02T23:59:59Z");
        insertOrder("e", "TEA-2", 5, 400, "2026-03-03T00:00:00Z");

        LaunchResult result = ok(launcher, "report", "--period", "2026-03-02");
        assertTrue(result.getOutput().contains("3 orders over 2 products"), result.getOutput());
        assertEquals(4 * 1250, TestDatabase.count(
                "SELECT revenue_cents FROM orders.report_lines WHERE period_start = '2026-03-02' AND sku = 'MUG-1'"));
        assertEquals(4, TestDatabase.count(
                "SELECT quantity FROM orders.report_lines WHERE period_start = '2026-03-02' AND sku = 'MUG-1'"));
        String lines = TestDatabase.fingerprint("orders.report_lines");

        ok(launcher, "report", "--period", "2026-03-02");
        assertEquals(lines, TestDatabase.fingerprint("orders.report_lines"), "a rerun must give the same report");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.reports"));

        ok(launcher, "report", "--period", "2026-03");
        assertEquals(5, TestDatabase.count(
                "SELECT sum(order_count) FROM orders.report_lines WHERE period_start = '2026-03-01' AND period_end = '2026-04-01'"));
        ok(launcher, "report", "--period", "2026-02-10");
        assertEquals(1, TestDatabase.count(
                "SELECT count(*) FROM orders.reports WHERE period_start = '2026-02-10'"), "an empty period still has a report");
    }

    @Test
    void pruneDeletesOnlyWhatIsOlderThanTheRetention(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "migrate");
        insertOrder("old", "MUG-1", 1, 100, "2020-01-01T00:00:00Z");
        insertOrder("recent", "MUG-1", 1, 100, java.time.Instant.now().minusSeconds(86_400 * 9).toString());
        insertOrder("new", "MUG-1", 1, 100, java.time.Instant.now().toString());
        TestDatabase.execute("INSERT INTO orders.reports (period_start, period_end) VALUES ('2020-01-01', '2020-01-02')",
                "INSERT INTO orders.reports (period_start, period_end) VALUES (current_date - 1, current_date)");

        for (int days : new int[] {30, 3, 0}) {
            TestDatabase.execute("INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message,"
                    + " source_file, source_offset) VALUES ('n', 'platform', 'p', 'c', 'stdout', now() - interval '"
                    + days + " days', 'm', 'f', " + days + ")");
        }

        LaunchResult result = ok(launcher, "prune", "--retention-days", "10", "--log-retention-days", "5");
        assertTrue(result.getOutput().contains("deleted 1 orders and 1 reports"), result.getOutput());
        assertTrue(result.getOutput().contains("1 log lines older than"), result.getOutput());
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM logs.log_lines"), "lines within 5 days stay");
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM orders.orders WHERE idempotency_key IN ('recent', 'new')"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM orders.orders"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.reports"));

        ok(launcher, "prune");
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM orders.orders"), "the default retention is 90 days");
    }

    @Test
    void badArgumentsFailWithOneLineAndChangeNothing(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "migrate");
        insertOrder("keep", "MUG-1", 1, 100, "2020-01-01T00:00:00Z");
        String[][] bad = {
                {"report", "--period", "2026-13-01"},
                {"report", "--period", "soon"},
                {"prune", "--retention-days", "0"},
                {"prune", "--retention-days", "many"},
                {"prune", "--log-retention-days", "0"},
                {"bogus"},
        };
        for (String[] args : bad) {
            LaunchResult result = launcher.launch(args);
            assertEquals(2, result.exitCode(), String.join(" ", args));
            assertEquals(1, result.getErrorStream().size(), "one line: " + result.getErrorStream());
            assertTrue(result.getErrorOutput().startsWith("batch"), result.getErrorOutput());
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.orders"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM orders.reports"));
    }

    static void insertOrder(String key, String sku, int quantity, long unitPrice, String createdAt) throws Exception {
        TestDatabase.execute("INSERT INTO orders.orders (idempotency_key, request_hash, sku, quantity,"
                + " unit_price_cents, currency, total_cents, created_at) VALUES ('" + key + "', repeat('0', 64), '"
                + sku + "', " + quantity + ", " + unitPrice + ", 'EUR', " + unitPrice * quantity + ", '" + createdAt + "')");
    }
}
