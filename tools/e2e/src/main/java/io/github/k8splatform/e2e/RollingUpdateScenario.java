package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * orders rolled to N+1 under the drill's traffic the way its Deployment rolls (maxSurge 1,
 * maxUnavailable 0): a new replica turns ready and joins the endpoints; once it has stayed ready for
 * the Deployment's minReadySeconds it counts as available, and only then does the old one leave them
 * and get SIGTERM; then a second new one joins. The new replicas run the same image with
 * APP_VERSION=N+1, which is what the image tagged N+1 sets. Passes when nothing failed and the
 * orders' answers moved from N alone (first 5 s) to N+1 alone (last 5 s), and when the gateway's live
 * page, open throughout, showed both versions answering at one moment (LivePageWatch).
 */
record RollingUpdateScenario(Platform platform, OrdersUnderLoad load) {

    private static final Path SCREENSHOTS = Path.of("target/e2e");

    /** seconds: the restart drill's; the rolling update lasts twice as long, at least 30 s. */
    boolean run(String sku, int seconds) throws Exception {
        String image = platform.rendered.one(Deployment.class, "orders").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage();
        String current = image.substring(image.indexOf(':') + 1);
        String next = nextVersion(current);
        Integer minReady = platform.rendered.one(Deployment.class, "orders").getSpec().getMinReadySeconds();
        Runnable roll = () -> {
            try {
                platform.startReplica("orders-next-1", "orders", List.of("-e", "APP_VERSION=" + next));
                Thread.sleep(Duration.ofSeconds(minReady == null ? 0 : minReady).toMillis());
                platform.deleteReplica("orders-2");
                platform.startReplica("orders-next-2", "orders", List.of("-e", "APP_VERSION=" + next));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        int rollingSeconds = Math.max(2 * seconds, 30);
        platform.say("e2e: rolling update: orders %s -> %s under %d requests/s for %d s".formatted(current, next,
                load.rate(), rollingSeconds));
        LivePageWatch page = new LivePageWatch(platform.base(), "orders", Set.of(current, next), SCREENSHOTS);
        OrdersUnderLoad.Outcome outcome;
        try (page) {
            outcome = load.run("rolling-update", sku, rollingSeconds, Duration.ofSeconds(3), roll,
                    "orders " + current + " -> " + next + " (make e2e)");
        }
        List<String> middle = page.middle();
        if (page.failure() != null) {
            platform.say("e2e: the live page's browser failed during the drill: " + page.failure());
        }
        platform.say("e2e: the live page (screenshots in %s: live-page-{start,middle,end}.png) showed orders answering as %s in the middle"
                .formatted(SCREENSHOTS, middle));
        Drill.Result drill = outcome.drill();
        Map<Long, Map<String, Long>> share = drill.versionsOverTime(5);
        Set<String> first = ordersVersions(share.values().iterator().next());
        Set<String> last = ordersVersions(new ArrayList<>(share.values()).get(share.size() - 1));
        platform.say("e2e: orders answered as %s first and %s last".formatted(first, last));
        return outcome.passed() && first.equals(Set.of("orders " + current)) && last.equals(Set.of("orders " + next))
                && middle.containsAll(Set.of(current, next));
    }

    private static Set<String> ordersVersions(Map<String, Long> bucket) {
        return bucket.keySet().stream().filter(k -> k.startsWith("orders ") || k.equals("failed")).collect(Collectors.toSet());
    }

    /** N+1: the patch number raised, as make drill does. */
    static String nextVersion(String version) {
        String[] parts = version.split("\\.");
        if (parts.length != 3 || !parts[2].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("cannot derive N+1 from " + version);
        }
        return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
    }
}
