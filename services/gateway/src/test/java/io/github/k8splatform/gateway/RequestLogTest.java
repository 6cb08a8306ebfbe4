package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request log (service-web's RequestTracking) at its configured level: writes and failures, not every read. */
@QuarkusTest
class RequestLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger requestLog = Logger.getLogger("http.request");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                lines.add(record.getMessage().formatted(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        requestLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        requestLog.removeHandler(capture);
    }

    @Test
    void aWriteIsLoggedAndASuccessfulReadIsNot() throws InterruptedException {
        given().header("X-Request-Id", "read-1").get("/api/gateway/info").then().statusCode(200);
        given().header("X-Request-Id", "write-1").post("/api/overview").then().statusCode(405);
        // The line is written when the response has ended, which the client may see first.
        for (int i = 0; i < 100 && lines.stream().noneMatch(l -> l.startsWith("POST ")); i++) {
            Thread.sleep(20);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("POST /api/overview 405 ")), "no line for the POST: " + lines);
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("GET /api/gateway/info")).toList(),
                "a successful read was logged at INFO");
    }
}
