package io.github.k8splatform.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The drill tool's traffic through the edge (3 reads and 7 idempotent orders in every 10) while a
 * scenario changes orders' replicas, the containers' memory at the drill's peak and their CPU, then
 * its report and the database check: what the restart and the rolling-update scenarios share.
 */
final class OrdersUnderLoad {

    /** Where the report's timeline comes from in make e2e. */
    private static final String EVENTS = "The e2e run's stand-ins for the kubelet and the endpoints controller:"
            + " containers started, readiness probe results, endpoints joined and left (1 s after the decision),"
            + " deletions (preStop), SIGTERM and exits.";

    /** drill: the traffic's result; stored: the database holds each 2xx order exactly once. */
    record Outcome(Drill.Result drill, boolean stored) {
        boolean passed() {
            return drill.passed() && stored;
        }
    }

    private final Platform platform;
    private final OrdersDatabase orders;
    private final int rate;

    OrdersUnderLoad(Platform platform, OrdersDatabase orders, int rate) {
        this.platform = platform;
        this.orders = orders;
        this.rate = rate;
    }

    int rate() {
        return rate;
    }

    /** Traffic for the given seconds with the change starting at its time; the report is written to target/e2e/name-report.html. */
    Outcome run(String name, String sku, int seconds, Duration changeAt, Runnable change, String title) throws Exception {
        String runId = platform.prefix + "-" + name;
        Drill.Result drill;
        Map<String, ContainerCpu.Account> cpuBefore = ContainerCpu.now(platform.prefix);
        try (ContainerMemory.Peak memory = new ContainerMemory.Peak(platform.prefix)) {
            drill = Drill.run(new Drill.Options(platform.base(), rate, Duration.ofSeconds(seconds), 3,
                    List.of(sku), runId, null), Map.of(changeAt, change));
            platform.say(drill.summary());
            platform.say("e2e: %s CPU (cgroup): %s".formatted(name, ContainerCpu.between(cpuBefore,
                    ContainerCpu.now(platform.prefix))));
            platform.say("e2e: %s memory at its peak (highest sum of %d docker stats samples): %s"
                    .formatted(name, memory.samples(), memory.peak()));
        }
        boolean stored = orders.eachOrderStoredOnce(drill, runId);
        List<String> unmet = stored ? List.of() : List.of("the database does not hold each 2xx order exactly once");
        Path report = DrillReport.write(new DrillReport.Input(title, drill, unmet,
                platform.events.between(drill.started(), Instant.now()), EVENTS), Path.of("target/e2e/" + name + "-report.html"));
        platform.say("e2e: " + name + " report " + report);
        return new Outcome(drill, stored);
    }
}
