package io.github.k8splatform.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProductResourceTest {

    @BeforeEach
    void emptyCatalog() throws Exception {
        TestDatabase.migrate("catalog");
        TestDatabase.execute("TRUNCATE catalog.products");
    }

    static String product(String sku, long price) {
        return """
                {"sku":"%s","name":"Name of %s","description":"d","priceCents":%d,"currency":"EUR"}"""
                .formatted(sku, sku, price);
    }

    static void create(String sku, long price) {
        given().contentType(ContentType.JSON).body(product(sku, price))
                .post("/api/catalog/products").then().statusCode(201);
    }

    @Test
    void createsReadsReplacesAndDeletes() {
        given().contentType(ContentType.JSON).body(product("MUG-1", 1250))
                .post("/api/catalog/products")
                .then().statusCode(201)
                .header("Location", endsWith("/api/catalog/products/MUG-1"))
                .body("sku", equalTo("MUG-1"), "priceCents", equalTo(1250), "currency", equalTo("EUR"));

        given().get("/api/catalog/products/MUG-1").then().statusCode(200).body("name", equalTo("Name of MUG-1"));

        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Big mug\",\"priceCents\":1500,\"currency\":\"USD\"}")
                .put("/api/catalog/products/MUG-1")
                .then().statusCode(200).body("name", equalTo("Big mug"), "priceCents", equalTo(1500));

        given().contentType(ContentType.JSON)
                .body("{\"name\":\"New\",\"priceCents\":1,\"currency\":\"USD\"}")
                .put("/api/catalog/products/NEW-1")
                .then().statusCode(201);

        given().delete("/api/catalog/products/MUG-1").then().statusCode(204);
        given().get("/api/catalog/products/MUG-1").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("sku"));
        given().delete("/api/catalog/products/MUG-1").then().statusCode(404);
    }

    @Test
    void duplicateSkuIsAConflictAndChangesNothing() {
        create("DUP-1", 100);
        given().contentType(ContentType.JSON).body(product("DUP-1", 999))
                .post("/api/catalog/products")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("sku"));
        given().get("/api/catalog/products/DUP-1").then().body("priceCents", equalTo(100));
    }

    @Test
    void pagesAreOrderedBySkuAndCounted() {
        for (String sku : new String[] {"C-3", "A-1", "B-2", "D-4", "E-5"}) {
            create(sku, 10);
        }
        given().get("/api/catalog/products?page=1&size=2")
                .then().statusCode(200)
                .body("items.sku", contains("C-3", "D-4"), "total", equalTo(5), "page", equalTo(1), "size", equalTo(2));
        given().get("/api/catalog/products?page=9&size=100").then().statusCode(200).body("items", hasSize(0));
        given().get("/api/catalog/products?size=101").then().statusCode(400).body("field", equalTo("size"));
    }

    @Test
    void everyResponseSaysWhoServedIt() {
        given().get("/api/catalog/info")
                .then().statusCode(200)
                .header("X-Served-By", not(emptyOrNullString()))
                .header("X-App-Version", equalTo("1.0.0"))
                .header("X-Request-Id", not(emptyOrNullString()))
                .body("service", equalTo("catalog"), "version", equalTo("1.0.0"),
                        "pod", not(emptyOrNullString()), "startedAt", not(emptyOrNullString()));
        given().header("X-Request-Id", "drill-42").get("/q/health/live")
                .then().statusCode(200).header("X-Request-Id", equalTo("drill-42"))
                .header("X-Served-By", not(emptyOrNullString()));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().get("/api/catalog/products").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count"));
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/catalog/products"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
