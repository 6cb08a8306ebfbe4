package io.github.k8splatform.orders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(CatalogStub.class)
class OrderResourceTest {

    @BeforeEach
    void reset() throws Exception {
        TestDatabase.migrate("orders");
        TestDatabase.execute("TRUNCATE orders.orders, orders.reports CASCADE");
        CatalogStub.mode = CatalogStub.Mode.HEALTHY;
        CatalogStub.product("MUG-1", 1250, "EUR");
        CatalogStub.product("TEA-2", 400, "EUR");
    }

    static Response place(String key, String sku, int quantity) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}")
                .post("/api/orders");
    }

    @Test
    void placesAnOrderPricedByCatalogAndReadsItBack() {
        Response placed = place("k-1", "MUG-1", 3);
        int id = placed.then().statusCode(201)
                .body("sku", equalTo("MUG-1"), "quantity", equalTo(3), "unitPriceCents", equalTo(1250),
                        "totalCents", equalTo(3750), "currency", equalTo("EUR"))
                .extract().jsonPath().getInt("id");
        placed.then().header("Location", endsWith("/api/orders/" + id));
        given().get("/api/orders/" + id).then().statusCode(200).body("totalCents", equalTo(3750));
    }

    @Test
    void sameKeySameBodyReturnsTheOriginalOrder() throws Exception {
        int first = place("k-2", "TEA-2", 1).then().statusCode(201).extract().jsonPath().getInt("id");
        place("k-2", "TEA-2", 1).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.orders"));
    }

    @Test
    void sameKeyDifferentBodyIsAConflict() throws Exception {
        place("k-3", "TEA-2", 1).then().statusCode(201);
        place("k-3", "TEA-2", 2).then().statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("Idempotency-Key"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.orders"));
    }

    @Test
    void concurrentRetriesWithOneKeyWriteOneOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> place("k-race", "MUG-1", 2));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<Response> f : pool.invokeAll(calls, 30, TimeUnit.SECONDS)) {
                Response r = f.get();
                assertEquals(true, r.statusCode() == 200 || r.statusCode() == 201, r.asString());
                ids.add(r.jsonPath().getInt("id"));
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM orders.orders WHERE idempotency_key = 'k-race'"));
    }

    @Test
    void unknownSkuIs422AndWritesNothing() throws Exception {
        place("k-4", "NO-SUCH", 1).then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("sku"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM orders.orders"));
    }

    @Test
    void listsNewestFirstWithTheTotal() {
        place("a", "MUG-1", 1).then().statusCode(201);
        place("b", "TEA-2", 1).then().statusCode(201);
        place("c", "MUG-1", 2).then().statusCode(201);
        given().get("/api/orders?limit=2").then().statusCode(200)
                .body("items.quantity", contains(2, 1), "items.sku", contains("MUG-1", "TEA-2"), "total", equalTo(3));
    }

    @Test
    void latestReportIsTheNewestGeneratedPeriod() throws Exception {
        given().get("/api/orders/reports/latest").then().statusCode(404).contentType("application/problem+json");
        TestDatabase.execute(
                "INSERT INTO orders.reports VALUES ('2026-01-01', '2026-01-02', '2026-01-02T01:00:00Z')",
                "INSERT INTO orders.reports VALUES ('2026-01-02', '2026-01-03', '2026-01-03T01:00:00Z')",
                "INSERT INTO orders.report_lines VALUES ('2026-01-02', '2026-01-03', 'MUG-1', 'EUR', 2, 5, 6250)",
                "INSERT INTO orders.report_lines VALUES ('2026-01-02', '2026-01-03', 'TEA-2', 'EUR', 1, 1, 400)");
        given().get("/api/orders/reports/latest").then().statusCode(200)
                .body("periodStart", equalTo("2026-01-02"), "lines.sku", contains("MUG-1", "TEA-2"),
                        "lines[0].revenueCents", equalTo(6250), "lines[0].orderCount", equalTo(2));
        given().get("/api/orders/info").then().statusCode(200).body("service", equalTo("orders"),
                "node", equalTo("unknown"), "missing", nullValue());
    }
}
