package io.github.k8splatform.logs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad batches and queries: a 4xx problem naming the field, and not one line stored. */
@QuarkusTest
@QuarkusTestResource(AgentToken.class)
@QuarkusTestResource(ReadToken.class)
class BadInputTest {

    @Inject
    IngestServer ingest;

    record Bad(String contentType, String encoding, String body, int status, String field) {
    }

    static final String OK = IngestTest.line("p", "c", "2026-11-25T10:00:00Z", "m", 0);

    static final List<Bad> BATCHES = List.of(
            new Bad("application/json", null, "[" + OK + ",", 400, "body"),
            new Bad("application/json", null, "{}", 400, "body"),
            new Bad("application/json", null, "[]", 400, "lines"),
            new Bad("application/json", null, "[null]", 400, "lines[0]"),
            new Bad("application/json", null, "[" + OK + "," + OK.replace("\"stdout\"", "\"stdin\"") + "]", 400, "lines[1].stream"),
            new Bad("application/json", null, "[" + OK.replace("2026-11-25T10:00:00Z", "yesterday") + "]", 400, "lines[0].timestamp"),
            new Bad("application/json", null, "[" + OK.replace(":0}", ":-5}") + "]", 400, "lines[0].sourceOffset"),
            new Bad("application/json", null, "[" + OK.replace("\"platform\"", "\"Not_A_Namespace\"") + "]", 400, "lines[0].namespace"),
            new Bad("application/json", null, "[" + OK.replace("\"sourceOffset\"", "\"sourceIncarnation\":\"not-hex\",\"sourceOffset\"") + "]",
                    400, "lines[0].sourceIncarnation"),
            new Bad("application/json", null, "[" + OK.replace("\"node\":\"kind-worker\",", "") + "]", 400, "lines[0].node"),
            new Bad("application/json", null, "[" + OK.replace("}", ",\"extra\":1}") + "]", 400, "lines[0].extra"),
            new Bad("application/x-ndjson", null, OK + "\n{\"node\":", 400, "lines[1]"),
            new Bad("application/json", "gzip", "[" + OK + "]", 400, "body"),
            new Bad("application/json", "br", "[" + OK + "]", 415, "Content-Encoding"),
            new Bad("text/plain", null, OK, 415, null),
            new Bad("application/json", null, "[" + (OK + ",").repeat(12_000) + OK + "]", 413, "body"),
            new Bad("application/json", null, "[" + OK + "," + OK.replace("\"m\"", "\"a\\u0000b\"") + "]", 400, "lines[1].message"),
            new Bad("application/x-ndjson", null, OK.replace("\"p\"", "\"\\u0000\"") + "\n", 400, "lines[0].pod"));

    @BeforeEach
    void empty() throws Exception {
        TestDatabase.migrate("logs");
        TestDatabase.execute("TRUNCATE logs.log_lines");
    }

    @Test
    void badBatchesAre4xxProblemsAndStoreNothing() throws Exception {
        assertRefusals(BATCHES, AgentToken.BEARER, Bad::status, Bad::field);
    }

    /**
     * Without the agents' token every bad batch is refused for its credential first (401, before its
     * body is read), and nothing is stored. The oversized one is left out: a stranger's connection is
     * closed unread, and a client still writing 2 MB into it may see the reset before the answer.
     */
    @Test
    void badBatchesWithoutTheAgentsTokenAre401s() throws Exception {
        List<Bad> small = BATCHES.stream().filter(b -> b.body().length() < 65_536).toList();
        assertRefusals(small, null, bad -> 401, bad -> "Authorization");
        assertRefusals(small, "Bearer " + AgentToken.VALUE + "0", bad -> 401, bad -> "Authorization");
    }

    private void assertRefusals(List<Bad> batches, String authorization, Function<Bad, Integer> status, Function<Bad, String> field)
            throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Bad bad : batches) {
            var request = given().port(ingest.port()).contentType(bad.contentType()).body(bad.body().getBytes(StandardCharsets.UTF_8));
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            if (bad.encoding() != null) {
                request = request.header("Content-Encoding", bad.encoding());
            }
            Response r = request.post(IngestServer.PATH);
            String what = bad.body().substring(0, Math.min(60, bad.body().length())) + " -> " + r.statusCode() + " "
                    + r.asString().substring(0, Math.min(200, r.asString().length()));
            checks.add(() -> assertEquals(status.apply(bad), r.statusCode(), what));
            checks.add(() -> assertTrue(String.valueOf(r.contentType()).startsWith("application/problem+json"), what));
            if (field.apply(bad) != null) {
                checks.add(() -> assertEquals(field.apply(bad), r.jsonPath().getString("field"), what));
            }
        }
        assertAll(checks);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM logs.log_lines"));
    }

    @Test
    void badQueriesAre400Problems() {
        for (String[] q : new String[][] {{"limit=0", "limit"}, {"limit=501", "limit"}, {"page=-1", "page"},
                {"since=yesterday", "since"}, {"until=2026-13-01", "until"}, {"contains=%00", "contains"},
                {"pod=a%00", "pod"}, {"namespace=%1F", "namespace"}, {"container=%7F", "container"},
                {"since=%00", "since"}}) {
            // Sent as written: %00 must reach the service as a NUL, not as %2500.
            Response r = given().urlEncodingEnabled(false).header("Authorization", ReadToken.BEARER).get("/api/logs?" + q[0]);
            assertEquals(400, r.statusCode(), q[0]);
            assertTrue(String.valueOf(r.contentType()).startsWith("application/problem+json"), q[0]);
            assertEquals(q[1], r.jsonPath().getString("field"), q[0]);
        }
        Response tooLong = given().header("Authorization", ReadToken.BEARER).get("/api/logs?contains=" + "x".repeat(5000));
        assertEquals(414, tooLong.statusCode());
        assertEquals("uri", tooLong.jsonPath().getString("field"));
    }
}
