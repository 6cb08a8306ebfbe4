package io.github.k8splatform.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.gateway.PackagedGateway.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the drills set on a Deployment, on the packaged gateway as a real process: APP_VERSION is
 * what X-App-Version shows (the version the images set), and APP_READINESS_HOLD=true keeps
 * readiness DOWN while the pod stays live and serves (the bad build of make drill-bad).
 */
class ReleaseFlagsIT {

    @Test
    void readinessHoldKeepsThePodLiveButNeverReady() throws Exception {
        try (UpstreamStub upstream = new UpstreamStub();
                PackagedGateway gateway = PackagedGateway.start("release-flags-gateway.log", Map.of(
                        "CATALOG_URL", upstream.url(), "ORDERS_URL", upstream.url(),
                        "APP_VERSION", "9.9.9-drill", "APP_READINESS_HOLD", "true"))) {
            gateway.waitFor200("/q/health/live");

            Outcome overview = gateway.call("/api/overview");
            assertEquals(200, overview.status(), overview.body());
            assertEquals("9.9.9-drill", overview.headers().firstValue("X-App-Version").orElse(null));

            Outcome ready = null;
            for (int i = 0; i < 20; i++) {
                ready = gateway.call("/q/health/ready");
                assertEquals(503, ready.status(), "readiness must never pass: " + ready.body());
                Thread.sleep(100);
            }
            assertTrue(ready.body().contains("\"readiness-hold\"") && ready.body().contains("\"DOWN\""), ready.body());
        }
    }

    @Test
    void withoutTheHoldTheSameBuildTurnsReady() throws Exception {
        try (UpstreamStub upstream = new UpstreamStub();
                PackagedGateway gateway = PackagedGateway.start("release-flags-ready-gateway.log", Map.of(
                        "CATALOG_URL", upstream.url(), "ORDERS_URL", upstream.url(), "APP_READINESS_HOLD", "false"))) {
            gateway.waitFor200("/q/health/ready");
            assertTrue(gateway.call("/q/health/ready").body().contains("\"readiness-hold\""));
        }
    }
}
