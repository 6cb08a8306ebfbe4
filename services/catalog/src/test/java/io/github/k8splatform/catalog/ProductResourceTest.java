package io.github.k8splatform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WriteToken.class)
class ProductResourceTest {

    @BeforeEach
    void emptyCatalog() throws Exception {
        TestDatabase.migrate("catalog");
        TestDatabase.execute("TRUNCATE catalog.products");
    }

    /** A request of the catalog's writer, with the write token. */
    static RequestSpecification writer() {
        return given().header("Authorization", WriteToken.BEARER);
    }

    static String product(String sku, long price) {
        return """
                {"sku":"%s","name":"Name of %s","description":"d","priceCents":%d,"currency":"EUR"}"""
                .formatted(sku, sku, price);
    }

    static void create(String sku, long price) {
        writer().contentType(ContentType.JSON).body(product(sku, price))
                .post("/api/catalog/products").then().statusCode(201);
    }

    @Test
    void createsReadsReplacesAndDeletes() {
        writer().contentType(ContentType.JSON).body(product("MUG-1", 1250))
                .post("/api/catalog/products")
                .then().statusCode(201)
                .header("Location", endsWith("/api/catalog/products/MUG-1"))
                .body("sku", equalTo("MUG-1"), "priceCents", equalTo(1250), "currency", equalTo("EUR"));

        writer().get("/api/catalog/products/MUG-1").then().statusCode(200).body("name", equalTo("Name of MUG-1"));

        writer().contentType(ContentType.JSON)
                .body("{\"name\":\"Big mug\",\"priceCents\":1500,\"currency\":\"USD\"}")
                .put("/api/catalog/products/MUG-1")
                .then().statusCode(200).body("name", equalTo("Big mug"), "priceCents", equalTo(1500));

        writer().contentType(ContentType.JSON)
                .body("{\"name\":\"New\",\"priceCents\":1,\"currency\":\"USD\"}")
                .put("/api/catalog/products/NEW-1")
                .then().statusCode(201);

        writer().delete("/api/catalog/products/MUG-1").then().statusCode(204);
        writer().get("/api/catalog/products/MUG-1").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("sku"));
        writer().delete("/api/catalog/products/MUG-1").then().statusCode(404);
    }

    @Test
    void duplicateSkuIsAConflictAndChangesNothing() {
        create("DUP-1", 100);
        writer().contentType(ContentType.JSON).body(product("DUP-1", 999))
                .post("/api/catalog/products")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("sku"));
        writer().get("/api/catalog/products/DUP-1").then().body("priceCents", equalTo(100));
    }

    @Test
    void pagesAreOrderedBySkuAndCounted() {
        for (String sku : new String[] {"C-3", "A-1", "B-2", "D-4", "E-5"}) {
            create(sku, 10);
        }
        writer().get("/api/catalog/products?page=1&size=2")
                .then().statusCode(200)
                .body("items.sku", contains("C-3", "D-4"), "total", equalTo(5), "page", equalTo(1), "size", equalTo(2));
        writer().get("/api/catalog/products?page=9&size=100").then().statusCode(200).body("items", hasSize(0));
        writer().get("/api/catalog/products?size=101").then().statusCode(400).body("field", equalTo("size"));
    }

    @Test
    void everyResponseSaysWhoServedIt() {
        writer().get("/api/catalog/info")
                .then().statusCode(200)
                .header("X-Served-By", not(emptyOrNullString()))
                .header("X-App-Version", equalTo("1.0.0"))
                .header("X-Request-Id", not(emptyOrNullString()))
                .body("service", equalTo("catalog"), "version", equalTo("1.0.0"),
                        "pod", not(emptyOrNullString()), "startedAt", not(emptyOrNullString()));
        writer().header("X-Request-Id", "drill-42").get("/q/health/live")
                .then().statusCode(200).header("X-Request-Id", equalTo("drill-42"))
                .header("X-Served-By", not(emptyOrNullString()));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        writer().get("/api/catalog/products").then().statusCode(200);
        writer().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count"));
        writer().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/catalog/products"));
        writer().get("/q/health/ready").then().statusCode(200);
    }
}
