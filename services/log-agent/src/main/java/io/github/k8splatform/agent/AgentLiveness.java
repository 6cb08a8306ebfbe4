package io.github.k8splatform.agent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the read-and-ship loop goes round; a stuck loop gets the pod restarted. */
@Liveness
@ApplicationScoped
public class AgentLiveness implements HealthCheck {

    private static final Duration STUCK = Duration.ofSeconds(60);
    private final AgentLoop loop;

    AgentLiveness(AgentLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        long idle = loop.nanosSinceLastLoop();
        return HealthCheckResponse.named("log-agent loop").status(idle < STUCK.toNanos())
                .withData("secondsSinceLastRound", idle / 1_000_000_000L).build();
    }
}
