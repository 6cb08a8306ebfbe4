package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    private static final Duration SETTLE = Duration.ofMillis(300);

    /** Whatever overview the previous test left shared has expired. */
    @BeforeEach
    void expireShared() throws InterruptedException {
        Thread.sleep(MAX_AGE.toMillis() + 200);
    }

    /**
     * The race the sharing must win: a burst that all finds the shared overview stale. The one ask
     * is held upstream until every request of the burst has reached the gateway, so each of them
     * sees the stale answer; exactly one ask may follow, and a request after max-age asks again.
     */
    @Test
    void aBurstThatFindsTheOverviewStaleAsksOnce() throws Exception {
        UpstreamStub upstream = OverviewResourceTest.upstream;
        given().get("/api/overview").then().statusCode(200);
        Thread.sleep(MAX_AGE.toMillis() + 200);
        int before = upstream.catalogCalls.get();
        int arrivedBefore = OverviewArrivals.COUNT.get();
        CountDownLatch held = new CountDownLatch(1);
        upstream.catalogHeld = held;
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                answers.add(clients.submit(() -> given().get("/api/overview").then().statusCode(200)
                        .extract().<Integer>path("catalog.value.productCount")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (OverviewArrivals.COUNT.get() - arrivedBefore < CONCURRENT && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(CONCURRENT, OverviewArrivals.COUNT.get() - arrivedBefore, "the burst reached the gateway");
            // The filter runs in the event-loop task that asks for the overview right after it: a
            // moment more, and the last request has found the answer stale too.
            Thread.sleep(SETTLE.toMillis());
            upstream.catalogHeld = null;
            held.countDown();
            for (Future<Integer> answer : answers) {
                assertEquals(42, answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            upstream.catalogHeld = null;
            held.countDown();
            clients.shutdownNow();
        }
        assertEquals(1, upstream.catalogCalls.get() - before, CONCURRENT + " requests that found the overview stale asked catalog");

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
