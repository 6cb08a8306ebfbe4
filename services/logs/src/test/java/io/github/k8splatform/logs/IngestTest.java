package io.github.k8splatform.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentToken.class)
@QuarkusTestResource(ReadToken.class)
class IngestTest {

    @Inject
    IngestServer ingest;

    /** A request as an agent sends it: to the ingest port, with the agents' token. */
    RequestSpecification agent() {
        return given().port(ingest.port()).header("Authorization", AgentToken.BEARER);
    }

    /** A query as a reader sends it: with the read token. */
    RequestSpecification reader() {
        return given().header("Authorization", ReadToken.BEARER);
    }

    @BeforeEach
    void empty() throws Exception {
        TestDatabase.migrate("logs");
        TestDatabase.execute("TRUNCATE logs.log_lines");
    }

    static String line(String pod, String container, String time, String message, long offset) {
        return """
                {"node":"kind-worker","namespace":"platform","pod":"%s","container":"%s","stream":"stdout",\
                "timestamp":"%s","message":"%s","sourceFile":"2049:1234","sourceOffset":%d}"""
                .formatted(pod, container, time, message, offset);
    }

    @Test
    void aRetriedBatchIsStoredOnce() throws Exception {
        String batch = "[" + line("orders-1", "orders", "2026-11-25T10:00:00Z", "placed order 1", 0) + ","
                + line("orders-1", "orders", "2026-11-25T10:00:01Z", "placed order 2", 120) + "]";
        agent().contentType("application/json").body(batch).post(IngestServer.PATH)
                .then().statusCode(200).body("received", equalTo(2), "stored", equalTo(2), "duplicates", equalTo(0));
        agent().contentType("application/json").body(batch).post(IngestServer.PATH)
                .then().statusCode(200).body("stored", equalTo(0), "duplicates", equalTo(2));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM logs.log_lines"));
    }

    @Test
    void aNewFileAtAReusedInodeIsStoredAndEveryDuplicateIsCounted() throws Exception {
        String old = line("orders-1", "orders", "2026-11-25T10:00:00Z", "from the old file", 0)
                .replace("\"sourceOffset\"", "\"sourceIncarnation\":\"00000000000000aa\",\"sourceOffset\"");
        String reused = line("orders-1", "orders", "2026-11-25T10:05:00Z", "from the new file", 0)
                .replace("\"sourceOffset\"", "\"sourceIncarnation\":\"00000000000000bb\",\"sourceOffset\"");
        double duplicatesBefore = counter("logs_lines_duplicate_total");
        double storedBefore = counter("logs_lines_stored_total");
        agent().contentType("application/json").body("[" + old + "]").post(IngestServer.PATH)
                .then().statusCode(200).body("stored", equalTo(1));
        agent().contentType("application/json").body("[" + reused + "," + old + "," + reused + "]").post(IngestServer.PATH)
                .then().statusCode(200).body("received", equalTo(3), "stored", equalTo(1), "duplicates", equalTo(2));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM logs.log_lines WHERE source_file = '2049:1234' AND source_offset = 0"));
        assertEquals(2, counter("logs_lines_duplicate_total") - duplicatesBefore);
        assertEquals(2, counter("logs_lines_stored_total") - storedBefore);
    }

    private static double counter(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*node=\"kind-worker\"[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void gzippedNdjsonIsAccepted() throws Exception {
        String ndjson = line("catalog-1", "catalog", "2026-11-25T10:00:00Z", "a", 0) + "\n"
                + line("catalog-1", "catalog", "2026-11-25T10:00:02Z", "b", 10) + "\n";
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        agent().contentType("application/x-ndjson").header("Content-Encoding", "gzip").body(zipped.toByteArray())
                .post(IngestServer.PATH).then().statusCode(200).body("stored", equalTo(2));
    }

    @Test
    void queriesFilterAndReturnTheNewestFirst() {
        String batch = "[" + String.join(",",
                line("orders-1", "orders", "2026-11-25T10:00:00Z", "GET /api/orders 200", 0),
                line("orders-1", "orders", "2026-11-25T10:00:05Z", "POST /api/orders 201", 50),
                line("orders-2", "orders", "2026-11-25T10:00:03Z", "POST /api/orders 201", 0).replace("2049:1234", "2049:99"),
                line("catalog-1", "catalog", "2026-11-25T10:00:04Z", "GET /api/catalog/products 200", 0)
                        .replace("2049:1234", "2049:7")) + "]";
        agent().contentType("application/json").body(batch).post(IngestServer.PATH).then().statusCode(200);

        reader().get("/api/logs").then().statusCode(200).body("items.pod", contains("orders-1", "catalog-1", "orders-2", "orders-1"));
        reader().get("/api/logs?container=orders&contains=POST&since=2026-11-25T09:30:00Z&until=2026-11-25T10:30:00Z").then().body("items.pod", contains("orders-1", "orders-2"));
        reader().get("/api/logs?pod=orders-1&limit=1").then().body("items.message", contains("POST /api/orders 201"));
        reader().get("/api/logs?pod=orders-1&limit=1&page=1").then().body("items.message", contains("GET /api/orders 200"));
        reader().get("/api/logs?since=2026-11-25T10:00:03Z&until=2026-11-25T10:00:05Z")
                .then().body("items.pod", contains("catalog-1", "orders-2"));
        reader().get("/api/logs?namespace=kube-system").then().body("items.size()", equalTo(0));
        given().get("/api/logs/info").then().statusCode(200).body("service", equalTo("logs"));
    }
}
