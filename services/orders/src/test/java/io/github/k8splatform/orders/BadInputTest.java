package io.github.k8splatform.orders;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Malformed requests to every orders endpoint: a 4xx problem naming the field, and no change. */
@QuarkusTest
@QuarkusTestResource(CatalogStub.class)
class BadInputTest {

    record Bad(String method, String path, String key, String contentType, String body, int status, String field) {
    }

    static final String JSON = "application/json";
    static final List<Bad> CASES = List.of(
            new Bad("POST", "/api/orders", null, JSON, "{\"sku\":\"MUG-1\",\"quantity\":1}", 400, "Idempotency-Key"),
            new Bad("POST", "/api/orders", "", JSON, "{\"sku\":\"MUG-1\",\"quantity\":1}", 400, "Idempotency-Key"),
            new Bad("POST", "/api/orders", "x".repeat(101), JSON, "{\"sku\":\"MUG-1\",\"quantity\":1}", 400, "Idempotency-Key"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":1", 400, "body"),
            new Bad("POST", "/api/orders", "k", JSON, "\"order\"", 400, "body"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"quantity\":1}", 400, "sku"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\"}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":0}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":1001}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":1.5}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":\"2\"}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":7,\"quantity\":1}", 400, "sku"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"x\":1,\"sku\":\"MUG-1\",\"quantity\":1}", 400, "x"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\",\"quantity\":99999999999}", 400, "quantity"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"mug 1\",\"quantity\":1}", 400, "sku"),
            new Bad("POST", "/api/orders", "k-unknown", JSON, "{\"sku\":\"NO-SUCH\",\"quantity\":1}", 422, "sku"),
            new Bad("POST", "/api/orders", "k", "application/xml", "<order/>", 415, null),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"" + "A".repeat(70_000) + "\"}", 413, "body"),
            new Bad("GET", "/api/orders/abc", null, null, null, 400, "id"),
            new Bad("GET", "/api/orders/0", null, null, null, 400, "id"),
            new Bad("GET", "/api/orders/99999999999999999999", null, null, null, 400, "id"),
            new Bad("GET", "/api/orders/424242", null, null, null, 404, "id"),
            new Bad("GET", "/api/orders?limit=0", null, null, null, 400, "limit"),
            new Bad("GET", "/api/orders?limit=x", null, null, null, 400, "limit"),
            new Bad("DELETE", "/api/orders/1", null, null, null, 405, null),
            new Bad("PUT", "/api/orders", "k", JSON, "{}", 405, null),
            // Control characters: refused before any database or catalog call, whatever edge is in front.
            new Bad("GET", "/api/orders/%00", null, null, null, 400, "id"),
            new Bad("GET", "/api/orders/1%0A", null, null, null, 400, "id"),
            new Bad("GET", "/api/orders?limit=%00", null, null, null, 400, "limit"),
            new Bad("GET", "/api/orders/reports/latest?x=%1B", null, null, null, 400, "x"),
            new Bad("POST", "/api/orders", "k", JSON, "{\"sku\":\"MUG-1\\u0000\",\"quantity\":1}", 400, "sku"),
            new Bad("GET", "/api/orders/" + "1".repeat(5000), null, null, null, 414, "uri"));

    @BeforeEach
    void seed() throws Exception {
        TestDatabase.migrate("orders");
        TestDatabase.execute("TRUNCATE orders.orders CASCADE");
        CatalogStub.mode = CatalogStub.Mode.HEALTHY;
        CatalogStub.product("MUG-1", 1250, "EUR");
        OrderResourceTest.place("existing", "MUG-1", 1).then().statusCode(201);
    }

    @Test
    void everyMalformedRequestIsA4xxProblemAndChangesNothing() throws Exception {
        String before = TestDatabase.fingerprint("orders.orders");
        List<Executable> checks = new ArrayList<>();
        for (Bad bad : CASES) {
            // Paths are sent as written: %00 must reach the service as a NUL, not as %2500.
            RequestSpecification request = given().urlEncodingEnabled(false);
            if (bad.key() != null) {
                request = request.header("Idempotency-Key", bad.key());
            }
            if (bad.contentType() != null) {
                request = request.contentType(bad.contentType()).body(bad.body());
            }
            Response response = request.request(bad.method(), bad.path());
            String what = bad.method() + " " + bad.path() + " -> " + response.statusCode() + " "
                    + response.body().asString().substring(0, Math.min(200, response.body().asString().length()));
            checks.add(() -> assertEquals(bad.status(), response.statusCode(), what));
            checks.add(() -> assertTrue(String.valueOf(response.contentType()).startsWith("application/problem+json"), what));
            if (bad.field() != null) {
                checks.add(() -> assertEquals(bad.field(), response.jsonPath().getString("field"), what));
            }
        }
        assertAll(checks);
        assertEquals(before, TestDatabase.fingerprint("orders.orders"), "orders changed");
    }
}
