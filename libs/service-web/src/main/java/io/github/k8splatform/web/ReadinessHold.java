package io.github.k8splatform.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The bad build of `make drill-bad`: with APP_READINESS_HOLD=true the pod starts and stays live but
 * never turns ready, so a rollout stalls behind it while the old pods keep serving.
 */
@Readiness
@ApplicationScoped
public class ReadinessHold implements HealthCheck {

    private final boolean hold;

    ReadinessHold(@ConfigProperty(name = "app.readiness.hold", defaultValue = "false") boolean hold) {
        this.hold = hold;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("readiness-hold").status(!hold)
                .withData("APP_READINESS_HOLD", hold).build();
    }
}
