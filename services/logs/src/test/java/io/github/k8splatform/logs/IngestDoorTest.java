package io.github.k8splatform.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who can store lines: a batch on the query port (the one the Ingress routes to) finds no ingest, and
 * on the ingest port only the agents' token is let in; every refusal is a problem and stores nothing.
 */
@QuarkusTest
@QuarkusTestResource(AgentToken.class)
class IngestDoorTest {

    static final String BATCH = "[" + IngestTest.line("forged-1", "forged", "2026-11-25T10:00:00Z", "forged line", 0) + "]";

    @Inject
    IngestServer ingest;

    @BeforeEach
    void empty() throws Exception {
        TestDatabase.migrate("logs");
        TestDatabase.execute("TRUNCATE logs.log_lines");
    }

    @Test
    void theQueryPortHasNoIngestEvenWithTheToken() throws Exception {
        given().header("Authorization", AgentToken.BEARER).contentType("application/json").body(BATCH).post(IngestServer.PATH)
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM logs.log_lines"));
    }

    @Test
    void aBatchWithoutTheAgentsTokenIs401AndStoresNothing() throws Exception {
        List<String> refused = List.of("Bearer " + AgentToken.VALUE + "0", "Bearer " + AgentToken.VALUE.substring(1),
                "Bearer ", "Basic " + AgentToken.VALUE, AgentToken.VALUE);
        for (String authorization : refused) {
            given().port(ingest.port()).header("Authorization", authorization).contentType("application/json").body(BATCH)
                    .post(IngestServer.PATH).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer")).body("field", equalTo("Authorization"));
        }
        given().port(ingest.port()).contentType("application/json").body(BATCH).post(IngestServer.PATH)
                .then().statusCode(401).body("field", equalTo("Authorization"));
        // The identity comes first: a stranger's malformed batch is refused as a stranger's, unread.
        given().port(ingest.port()).contentType("text/plain").body("not a batch").post(IngestServer.PATH)
                .then().statusCode(401);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM logs.log_lines"));
    }

    @Test
    void theAgentsTokenStoresTheBatch() throws Exception {
        given().port(ingest.port()).header("Authorization", AgentToken.BEARER).contentType("application/json").body(BATCH)
                .post(IngestServer.PATH).then().statusCode(200).body("stored", equalTo(1));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM logs.log_lines"));
    }

    @Test
    void theIngestPortServesNothingElse() {
        given().port(ingest.port()).header("Authorization", AgentToken.BEARER).get(IngestServer.PATH)
                .then().statusCode(405).contentType(startsWith("application/problem+json"));
        given().port(ingest.port()).get("/api/logs").then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().port(ingest.port()).get("/q/health/ready").then().statusCode(404);
    }
}
