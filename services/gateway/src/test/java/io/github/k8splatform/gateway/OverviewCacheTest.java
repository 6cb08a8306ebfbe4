package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One overview answers every request for app.overview.max-age; the next request after it asks again.
 * An overview with a section down is not shared.
 */
@QuarkusTest
@QuarkusTestResource(value = OverviewResourceTest.Upstreams.class, restrictToAnnotatedClass = true,
        initArgs = {@ResourceArg(name = "app.upstream-timeout", value = "5s"), @ResourceArg(name = "app.overview.max-age", value = "3s")})
class OverviewCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(3);
    private static final int CONCURRENT = 16;

    /** Whatever overview the previous test left shared has expired. */
    @BeforeEach
    void expireShared() throws InterruptedException {
        Thread.sleep(MAX_AGE.toMillis() + 200);
    }

    @Test
    void concurrentRequestsShareOneOverviewUntilItIsMaxAgeOld() throws Exception {
        UpstreamStub upstream = OverviewResourceTest.upstream;
        int before = upstream.catalogCalls.get();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                answers.add(clients.submit(() -> given().get("/api/overview").then().statusCode(200)
                        .extract().<Integer>path("catalog.value.productCount")));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(42, answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        long elapsed = System.nanoTime() - started;
        // A slow machine may cross a max-age boundary during the burst: one more ask per boundary crossed.
        int allowed = 1 + (int) (elapsed / MAX_AGE.toNanos());
        int asked = upstream.catalogCalls.get() - before;
        assertTrue(asked >= 1 && asked <= allowed, CONCURRENT + " requests in " + elapsed / 1_000_000 + " ms asked catalog "
                + asked + " times; at most " + allowed + " expected");

        Thread.sleep(MAX_AGE.toMillis() + 200);
        int beforeRefresh = upstream.catalogCalls.get();
        given().get("/api/overview").then().statusCode(200);
        assertEquals(beforeRefresh + 1, upstream.catalogCalls.get(), "an overview older than max-age was served");
    }

    @Test
    void anOverviewWithASectionDownIsNotShared() throws InterruptedException {
        UpstreamStub upstream = OverviewResourceTest.upstream;
        upstream.ordersDown = true;
        try {
            int before = upstream.catalogCalls.get();
            given().get("/api/overview").then().statusCode(200).body("orders.status", equalTo("down"));
            given().get("/api/overview").then().statusCode(200).body("orders.status", equalTo("down"));
            assertEquals(before + 2, upstream.catalogCalls.get(), "an overview with orders down was served twice");
        } finally {
            upstream.ordersDown = false;
        }
        given().get("/api/overview").then().statusCode(200).body("orders.status", equalTo("up"));
    }
}
