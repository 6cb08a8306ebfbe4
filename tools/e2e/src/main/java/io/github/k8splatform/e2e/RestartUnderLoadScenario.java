package io.github.k8splatform.e2e;

import java.time.Duration;

/**
 * One of the two orders replicas restarts under the drill's traffic the way a pod is deleted: it
 * leaves the endpoints, then gets SIGTERM (after 5 s of traffic). Passes when no request failed, no
 * order was lost or stored twice, and the replica really stopped.
 */
record RestartUnderLoadScenario(Platform platform, OrdersUnderLoad load) {

    boolean run(String sku, int seconds) throws Exception {
        String toStop = platform.replica("orders");
        platform.say("e2e: drill: %d requests/s (3 reads, 7 orders in every 10) for %d s through the edge;"
                .formatted(load.rate(), seconds) + " SIGTERM to one of two orders replicas after 5 s");
        OrdersUnderLoad.Outcome outcome = load.run("drill", sku, seconds, Duration.ofSeconds(5),
                () -> platform.deleteReplica("orders"), "Restart under load (make e2e)");
        return outcome.passed() && !platform.docker.running(toStop);
    }
}
