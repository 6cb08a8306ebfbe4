package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each upstream behaviour, seen in the next overview: nothing served from an earlier one (max-age 0s). */
@QuarkusTest
@QuarkusTestResource(value = OverviewResourceTest.Upstreams.class, restrictToAnnotatedClass = true,
        initArgs = {@ResourceArg(name = "app.upstream-timeout", value = "500ms"), @ResourceArg(name = "app.overview.max-age", value = "0s")})
class OverviewResourceTest {

    static UpstreamStub upstream;

    /** The stub as catalog and orders, and the given settings (initArgs). */
    public static class Upstreams implements QuarkusTestResourceLifecycleManager {
        private Map<String, String> settings;

        @Override
        public void init(Map<String, String> initArgs) {
            settings = initArgs;
        }

        @Override
        public Map<String, String> start() {
            upstream = UpstreamStub.started();
            Map<String, String> config = new HashMap<>(settings);
            config.put("quarkus.rest-client.catalog.url", upstream.url());
            config.put("quarkus.rest-client.orders.url", upstream.url());
            return config;
        }

        @Override
        public void stop() {
            upstream.close();
        }
    }

    /**
     * The first calls through a cold REST client (class loading, connection setup) can outlast the
     * 500 ms bound on a busy machine; each test is about one upstream behaviour, not about that.
     */
    @BeforeEach
    void warmUp() {
        for (int attempt = 0; attempt < 20; attempt++) {
            String orders = given().get("/api/overview").then().statusCode(200).extract().path("orders.status");
            if ("up".equals(orders)) {
                return;
            }
        }
        throw new AssertionError("the overview never reached a healthy stub in 20 tries");
    }

    @AfterEach
    void heal() {
        upstream.delayMillis = 0;
        upstream.ordersDown = false;
        upstream.reportExists = true;
        upstream.ordersDraining.clear();
    }

    @Test
    void aggregatesEveryUpstream() {
        given().get("/api/overview").then().statusCode(200)
                .body("catalog.status", equalTo("up"), "catalog.value.productCount", equalTo(42),
                        "orders.status", equalTo("up"), "orders.value.orderCount", equalTo(7),
                        "report.status", equalTo("up"), "report.value.periodStart", equalTo("2026-01-01"));
    }

    @Test
    void aDownUpstreamCostsOnlyItsSection() {
        upstream.ordersDown = true;
        given().get("/api/overview").then().statusCode(200)
                .body("catalog.status", equalTo("up"), "orders.status", equalTo("down"),
                        "orders.error", containsString("orders"), "report.status", equalTo("down"));
    }

    @Test
    void aDrainingReplicaCostsNothing() {
        upstream.ordersDraining.addAll(Set.of("/api/orders", "/api/orders/reports/latest"));
        given().get("/api/overview").then().statusCode(200)
                .body("orders.status", equalTo("up"), "report.status", equalTo("up"));
        assertEquals(Set.of(), upstream.ordersDraining, "both orders calls met the draining replica first");
    }

    @Test
    void noReportYetIsEmptyNotDown() {
        upstream.reportExists = false;
        given().get("/api/overview").then().statusCode(200).body("report.status", equalTo("empty"));
    }

    @Test
    void aSlowUpstreamIsCutOffAtTheTimeout() {
        upstream.delayMillis = 3_000;
        given().get("/api/overview").then().statusCode(200)
                .time(lessThan(1_500L), TimeUnit.MILLISECONDS)
                .body("catalog.status", equalTo("down"), "orders.status", equalTo("down"));
    }

    @Test
    void landingPageListsTheEndpoints() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("X-Served-By", not(emptyOrNullString()))
                .body(containsString("/api/overview"), containsString("/api/catalog/products"),
                        containsString("/api/orders"));
        given().get("/api/gateway/info").then().statusCode(200).body("service", equalTo("gateway"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
