package io.github.k8splatform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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

/** Malformed requests to every endpoint: each gets a 4xx problem+json naming the field, and nothing changes. */
@QuarkusTest
@QuarkusTestResource(WriteToken.class)
class BadInputTest {

    private static final String BIG = "{\"sku\":\"BIG-1\",\"name\":\"" + "x".repeat(70_000) + "\",\"priceCents\":1,\"currency\":\"EUR\"}";

    record Bad(String method, String path, String contentType, String body, int status, String field) {
    }

    static final List<Bad> CASES = List.of(
            new Bad("POST", "/api/catalog/products", "application/json", "{", 400, "body"),
            new Bad("POST", "/api/catalog/products", "application/json", "[]", 400, "body"),
            new Bad("POST", "/api/catalog/products", "application/json", "null", 400, "body"),
            new Bad("POST", "/api/catalog/products", "application/json", "", 400, "body"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"x y\",\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "name"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":-1,\"currency\":\"EUR\"}", 400, "priceCents"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":\"ten\",\"currency\":\"EUR\"}", 400, "priceCents"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":1e400,\"currency\":\"EUR\"}", 400, "priceCents"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":1,\"currency\":\"euro\"}", 400, "currency"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\",\"admin\":true}", 400, "admin"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":{\"a\":1},\"priceCents\":1,\"currency\":\"EUR\"}", 400, "name"),
            new Bad("POST", "/api/catalog/products", "text/plain", "sku=OK-1", 415, null),
            new Bad("POST", "/api/catalog/products", "application/json", BIG, 413, "body"),
            new Bad("PUT", "/api/catalog/products/OK-1", "application/json",
                    "{\"sku\":\"OTHER\",\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("PUT", "/api/catalog/products/KEEP-1", "application/json",
                    "{\"sku\":\"KEEP-1\",\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"n\",\"priceCents\":1.5,\"currency\":\"EUR\"}", 400, "priceCents"),
            new Bad("PUT", "/api/catalog/products/bad%20sku", "application/json",
                    "{\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("PUT", "/api/catalog/products/OK-1", "application/json", "{\"name\":\"n\"}", 400, "currency"),
            new Bad("DELETE", "/api/catalog/products/NOPE", null, null, 404, "sku"),
            new Bad("GET", "/api/catalog/products/NOPE", null, null, 404, "sku"),
            new Bad("GET", "/api/catalog/products?page=-1", null, null, 400, "page"),
            new Bad("GET", "/api/catalog/products?size=abc", null, null, 400, "size"),
            new Bad("GET", "/api/catalog/products?size=0", null, null, 400, "size"),
            new Bad("PATCH", "/api/catalog/products/OK-1", "application/json", "{}", 405, null),
            // Control characters: refused before any database call, whatever edge is in front.
            new Bad("GET", "/api/catalog/products/%00", null, null, 400, "sku"),
            new Bad("GET", "/api/catalog/products/KEEP-1%01", null, null, 400, "sku"),
            new Bad("DELETE", "/api/catalog/products/KEEP-1%00", null, null, 400, "sku"),
            new Bad("PUT", "/api/catalog/products/%7F", "application/json",
                    "{\"name\":\"n\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "sku"),
            new Bad("GET", "/api/catalog/products?size=%00", null, null, 400, "size"),
            new Bad("GET", "/api/catalog/products?page=1%0A", null, null, 400, "page"),
            new Bad("GET", "/api/catalog/products?x%00=1", null, null, 400, "query"),
            new Bad("POST", "/api/catalog/products", "application/json",
                    "{\"sku\":\"OK-1\",\"name\":\"a\\u0000b\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "name"),
            new Bad("PUT", "/api/catalog/products/KEEP-1", "application/json",
                    "{\"name\":\"n\",\"description\":\"\\u0000\",\"priceCents\":1,\"currency\":\"EUR\"}", 400, "description"),
            new Bad("GET", "/api/catalog/products/" + "A".repeat(5000), null, null, 414, "uri"),
            new Bad("DELETE", "/api/catalog/products", null, null, 405, null));

    @BeforeEach
    void seed() throws Exception {
        TestDatabase.migrate("catalog");
        TestDatabase.execute("TRUNCATE catalog.products");
        ProductResourceTest.create("KEEP-1", 700);
    }

    @Test
    void everyMalformedRequestIsA4xxProblemAndChangesNothing() throws Exception {
        assertRefusals(WriteToken.BEARER, bad -> bad.status());
    }

    /**
     * The same requests without a token, or with a wrong one: a write is refused for that before its
     * input is looked at (401, 403), unless it was refused before any resource was chosen (an unknown
     * method, a body or URI too long, a media type no resource takes); reads answer as before.
     */
    @Test
    void withoutTheWriteTokenEveryWriteIs401AndWithAWrongOne403() throws Exception {
        assertRefusals(null, bad -> refusedForCredential(bad) ? 401 : bad.status());
        assertRefusals("Bearer not-the-token", bad -> refusedForCredential(bad) ? 403 : bad.status());
    }

    /** Each path's own methods, in OPTIONS' answer and in a 405's Allow (RFC 9110), not the class's. */
    @Test
    void optionsAndA405NameExactlyThePathsMethods() {
        given().options("/api/catalog/products").then().statusCode(204).header("Allow", "GET, HEAD, OPTIONS, POST");
        given().options("/api/catalog/products/KEEP-1").then().statusCode(204)
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT");
        given().request("TRACE", "/api/catalog/products/KEEP-1").then().statusCode(405)
                .header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT");
    }

    /** 1062.0 is the whole number 1062, as JSON Schema's integer counts it; 1.5 is refused above. */
    @Test
    void aWholeNumberWithAZeroFractionIsThatNumber() {
        given().header("Authorization", WriteToken.BEARER).contentType("application/json")
                .body("{\"name\":\"n\",\"priceCents\":1062.0,\"currency\":\"EUR\"}")
                .put("/api/catalog/products/WHOLE-1").then().statusCode(201).body("priceCents", equalTo(1062));
    }

    private static boolean refusedForCredential(Bad bad) {
        return !bad.method().equals("GET") && !List.of(405, 413, 414, 415).contains(bad.status());
    }

    private void assertRefusals(String authorization, java.util.function.ToIntFunction<Bad> status) throws Exception {
        String before = TestDatabase.fingerprint("catalog.products");
        List<Executable> checks = new ArrayList<>();
        for (Bad bad : CASES) {
            // Paths are sent as written: %00 must reach the service as a NUL, not as %2500.
            RequestSpecification request = given().urlEncodingEnabled(false).redirects().follow(false);
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            if (bad.contentType() != null) {
                request = request.contentType(bad.contentType() + "; charset=UTF-8").body(bad.body());
            }
            Response response = request.request(bad.method(), bad.path());
            String what = bad.method() + " " + bad.path() + " " + abbreviate(bad.body()) + " -> " + response.statusCode()
                    + " " + abbreviate(response.body().asString());
            int expected = status.applyAsInt(bad);
            checks.add(() -> assertEquals(expected, response.statusCode(), what));
            checks.add(() -> assertTrue(response.contentType().startsWith("application/problem+json"), what));
            String field = expected == 401 || expected == 403 ? "Authorization" : bad.field();
            if (field != null) {
                checks.add(() -> assertEquals(field, response.jsonPath().getString("field"), what));
            }
            checks.add(() -> assertEquals(expected, response.jsonPath().getInt("status"), what));
            if (expected == 405) {
                String allow = response.header("Allow");
                checks.add(() -> assertTrue(allow != null && allow.contains("GET") && !allow.contains(bad.method()),
                        what + ": Allow " + allow));
            }
        }
        assertAll(checks);
        assertEquals(before, TestDatabase.fingerprint("catalog.products"), "the table changed");
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
