package io.github.k8splatform.orders;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.testing.ConfigOverrides;
import io.github.k8splatform.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Its own profile, so the circuit breaker it opens does not leak into other tests. */
@QuarkusTest
@TestProfile(CatalogOutageTest.Isolated.class)
@QuarkusTestResource(value = CatalogStub.class, restrictToAnnotatedClass = true)
class CatalogOutageTest {

    public static class Isolated extends ConfigOverrides {
        public Isolated() {
            super(Map.of("app.test-profile", "catalog-outage"));
        }
    }

    @BeforeEach
    void reset() throws Exception {
        TestDatabase.migrate("orders");
        TestDatabase.execute("TRUNCATE orders.orders CASCADE");
        CatalogStub.product("MUG-1", 1250, "EUR");
    }

    @Test
    void slowOrFailingCatalogGives503Within2sAndWritesNothingThenTheBreakerOpensOnRepeatedFailuresOnly() throws Exception {
        // A served request first, so the measurement below is of the outage, not of the first call's warm-up.
        CatalogStub.mode = CatalogStub.Mode.HEALTHY;
        OrderResourceTest.place("warm-1", "MUG-1", 1).then().statusCode(201);
        TestDatabase.execute("TRUNCATE orders.orders CASCADE");

        CatalogStub.mode = CatalogStub.Mode.SLOW;
        long start = System.nanoTime();
        Response slow = OrderResourceTest.place("slow-1", "MUG-1", 1);
        long millis = (System.nanoTime() - start) / 1_000_000; // before the assertions, which compile GPath
        slow.then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
        assertTrue(millis < 2_000, "answered after " + millis + " ms");

        // A few slow lookups, as a replica that has just started makes, do not open the breaker.
        OrderResourceTest.place("slow-2", "MUG-1", 1).then().statusCode(503);
        OrderResourceTest.place("slow-3", "MUG-1", 1).then().statusCode(503);
        CatalogStub.mode = CatalogStub.Mode.HEALTHY;
        OrderResourceTest.place("after-slow", "MUG-1", 1).then().statusCode(201);
        TestDatabase.execute("TRUNCATE orders.orders CASCADE");

        CatalogStub.mode = CatalogStub.Mode.FAILING;
        for (int i = 0; i < 8; i++) {
            OrderResourceTest.place("fail-" + i, "MUG-1", 1).then().statusCode(503);
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM orders.orders"));

        // Enough failures: the breaker is open, so catalog is not even asked.
        int callsBefore = CatalogStub.CALLS.get();
        start = System.nanoTime();
        Response open = OrderResourceTest.place("open-1", "MUG-1", 1);
        millis = (System.nanoTime() - start) / 1_000_000;
        open.then().statusCode(503);
        assertTrue(millis < 500, "an open breaker answers at once, not after " + millis + " ms");
        assertEquals(callsBefore, CatalogStub.CALLS.get());

        CatalogStub.mode = CatalogStub.Mode.HEALTHY;
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM orders.orders"));
    }
}
