package io.github.k8splatform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Started against a database nothing has migrated: not ready until `batch migrate` has run. */
@QuarkusTest
@TestProfile(SchemaReadinessTest.UnmigratedDatabase.class)
class SchemaReadinessTest {

    static final String DATABASE = "catalog_readiness";

    public static class UnmigratedDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("quarkus.datasource.jdbc.url", TestDatabase.createDatabase(DATABASE));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void readinessWaitsForTheSchemaWhileLivenessStaysUp() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'schema' }.status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);

        TestDatabase.migrate(TestDatabase.url().replaceAll("/[^/]+$", "/" + DATABASE), "catalog");

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("schema"));
    }
}
