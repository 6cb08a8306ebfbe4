package io.github.k8splatform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * migrate waits for a database that comes up after it starts, as the setup Job's does beside a
 * starting PostgreSQL: the test database is reached through a port that opens only after a delay,
 * longer than the application takes to start, with the connect retries the cluster's profile sets
 * (without them, migrate fails).
 */
@QuarkusMainTest
@TestProfile(LateDatabaseTest.Late.class)
class LateDatabaseTest {

    private static final long DELAY_MILLIS = 8_000;
    private static final int PORT = freePort();
    private static volatile ServerSocket listening;

    public static class Late implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)").matcher(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
            if (!url.matches()) {
                throw new IllegalStateException("not a PostgreSQL URL: " + System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
            }
            Properties file = new Properties();
            try (InputStream in = LateDatabaseTest.class.getClassLoader().getResourceAsStream("application.properties")) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Every datasource batch has (quarkus.datasource.<database>.db-kind) behind the late port.
            Map<String, String> config = new HashMap<>();
            Pattern datasource = Pattern.compile("quarkus\\.datasource\\.(\\w+)\\.db-kind");
            file.stringPropertyNames().stream().map(datasource::matcher).filter(Matcher::matches).map(m -> m.group(1))
                    .forEach(database -> config.put("quarkus.datasource." + database + ".jdbc.url",
                            "jdbc:postgresql://127.0.0.1:" + PORT + "/" + url.group(3)));
            // The cluster's (%prod) connect retries, as the setup Job runs with them.
            file.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.quarkus.flyway.") && k.contains(".connect-retries"))
                    .forEach(k -> config.put(k.substring("%prod.".length()), file.getProperty(k)));
            return config;
        }
    }

    @Test
    void migrateWaitsForTheDatabase(QuarkusMainLauncher launcher) throws Exception {
        TestDatabase.execute("DROP SCHEMA IF EXISTS catalog CASCADE", "DROP SCHEMA IF EXISTS orders CASCADE",
                "DROP SCHEMA IF EXISTS logs CASCADE");
        Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/.*").matcher(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(url.matches());
        Thread forwarder = new Thread(() -> forwardAfterDelay(url.group(1), Integer.parseInt(url.group(2))), "late-database");
        forwarder.setDaemon(true);
        long started = System.nanoTime();
        forwarder.start();

        LaunchResult result;
        try {
            result = launcher.launch("migrate");
        } finally {
            forwarder.interrupt();
            if (listening != null) {
                listening.close();
            }
        }

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("migrate logs: schema logs"), result.getOutput());
        assertTrue(tookMillis >= DELAY_MILLIS, "migrate waited for the port to open: " + tookMillis + " ms");
    }

    /** After the delay, 127.0.0.1:PORT forwards every connection to the test database, both ways. */
    private static void forwardAfterDelay(String host, int port) {
        try {
            Thread.sleep(DELAY_MILLIS);
            try (ServerSocket server = new ServerSocket(PORT, 50, InetAddress.getLoopbackAddress())) {
                listening = server;
                while (!Thread.currentThread().isInterrupted()) {
                    Socket client = server.accept();
                    Socket database = new Socket(host, port);
                    pipe(client.getInputStream(), database.getOutputStream());
                    pipe(database.getInputStream(), client.getOutputStream());
                }
            }
        } catch (IOException e) {
            // closed when the test ends, or the database refused: migrate's result tells which
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try (from; to) {
                from.transferTo(to);
            } catch (IOException e) {
                // the other side closed: the connection is over
            }
        }, "late-database-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
