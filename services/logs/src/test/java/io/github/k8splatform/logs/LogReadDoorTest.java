package io.github.k8splatform.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading the stored lines needs the read token, and every query has a bound: past one the answer is
 * a 400 naming the parameter, before the database is asked.
 */
@QuarkusTest
@QuarkusTestResource(AgentToken.class)
@QuarkusTestResource(ReadToken.class)
class LogReadDoorTest {

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void oneStoredLine() throws SQLException {
        TestDatabase.migrate("logs");
        TestDatabase.execute("TRUNCATE logs.log_lines", "INSERT INTO logs.log_lines (node, namespace, pod, container, stream,"
                + " logged_at, message, source_file, source_offset) VALUES ('n', 'platform', 'orders-1', 'orders', 'stdout',"
                + " now(), 'a secret someone printed', '1:1', 0)");
    }

    @Test
    void withoutTheReadTokenIs401WithTheChallengeAndNoLine() {
        given().get("/api/logs").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", equalTo("Bearer realm=\"logs-read\""))
                .body("field", equalTo("Authorization"), "detail", equalTo("this needs Authorization: Bearer <the logs-read token>"));
    }

    @Test
    void anotherTokenIs403AndTheAgentsTokenIsNotTheReadToken() {
        for (String other : new String[] {"Bearer " + ReadToken.VALUE + "0", AgentToken.BEARER, "Bearer x", "Basic " + ReadToken.VALUE}) {
            Response r = given().header("Authorization", other).get("/api/logs");
            int expected = other.startsWith("Bearer") ? 403 : 401;
            assertEquals(expected, r.statusCode(), other);
            assertEquals("Authorization", r.jsonPath().getString("field"), other);
        }
    }

    @Test
    void theReadTokenReadsTheLine() {
        given().header("Authorization", ReadToken.BEARER).get("/api/logs").then().statusCode(200)
                .body("items[0].message", equalTo("a secret someone printed"));
    }

    @Test
    void queriesPastABoundAre400sNamingTheParameter() {
        for (String[] q : new String[][] {
                {"limit=500&page=20", "page"}, {"limit=1&page=20", "page"}, {"page=100000", "page"}, {"limit=501", "limit"}}) {
            Response r = given().header("Authorization", ReadToken.BEARER).get("/api/logs?" + q[0]);
            assertEquals(400, r.statusCode(), q[0] + ": " + r.body().asString());
            assertEquals(q[1], r.jsonPath().getString("field"), q[0]);
        }
    }

    @Test
    void theDeepestPageIsAnswered() {
        given().header("Authorization", ReadToken.BEARER).get("/api/logs?limit=500&page=19").then().statusCode(200);
    }

    /**
     * A search reads the hour before until and no more: a since further back does not widen it, so
     * the line printed two hours ago is found only by a search whose until is near it.
     */
    @Test
    void aSearchReadsOnlyTheHourBeforeUntil() throws SQLException {
        TestDatabase.execute("INSERT INTO logs.log_lines (node, namespace, pod, container, stream, logged_at, message,"
                + " source_file, source_offset) VALUES ('n', 'platform', 'orders-1', 'orders', 'stdout',"
                + " now() - interval '2 hours', 'an older secret', '1:1', 1)");
        Instant now = Instant.now();
        String dayAgo = now.minus(Duration.ofDays(1)).toString();
        String ninetyMinutesAgo = now.minus(Duration.ofMinutes(90)).toString();
        assertEquals(List.of("a secret someone printed"), searched("contains=secret"));
        assertEquals(List.of("a secret someone printed"), searched("contains=secret&since=" + dayAgo));
        assertEquals(List.of("an older secret"), searched("contains=secret&until=" + ninetyMinutesAgo));
        assertEquals(List.of("a secret someone printed", "an older secret"), searched("since=" + dayAgo),
                "without contains, since reaches as far back as it says");
    }

    private static List<String> searched(String query) {
        return given().header("Authorization", ReadToken.BEARER).get("/api/logs?" + query).then().statusCode(200)
                .extract().jsonPath().getList("items.message", String.class);
    }

    /** PostgreSQL cancels any statement of the service after 5 s: the pool's connections say so. */
    @Test
    void everyConnectionCarriesTheStatementTimeout() throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet r = c.createStatement().executeQuery("SHOW statement_timeout")) {
            r.next();
            assertEquals("5s", r.getString(1));
        }
    }
}
