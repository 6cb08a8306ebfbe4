package io.github.k8splatform.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each of a run's containers spent in CPU over a drill, and how often its CPU limit throttled
 * it, read from the host's cgroup v1 files (cpuacct.usage, cpu.stat): the evidence for a drill whose
 * latency grew while the services' own request times stayed short. Containers started or stopped
 * during the drill are left out, since only one end of their account exists.
 */
final class ContainerCpu {

    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu/docker");
    private static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct/docker");

    /** One container's counters: CPU used, CFS periods, periods throttled, time throttled. */
    record Account(long usageNanos, long periods, long throttled, long throttledNanos) {
        Account minus(Account earlier) {
            return new Account(usageNanos - earlier.usageNanos, periods - earlier.periods, throttled - earlier.throttled,
                    throttledNanos - earlier.throttledNanos);
        }

        @Override
        public String toString() {
            return "%.1f s CPU, throttled in %d of %d periods (%d ms)".formatted(usageNanos / 1e9, throttled, periods,
                    throttledNanos / 1_000_000);
        }
    }

    private ContainerCpu() {
    }

    /** Each running container of the run, by name without the run's prefix; empty when the cgroup files are not there. */
    static Map<String, Account> now(String prefix) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        String ps = Docker.exec(List.of("docker", "ps", "--no-trunc", "--filter", "name=^" + prefix + "-",
                "--format", "{{.ID}} {{.Names}}"), 30);
        for (String line : ps.lines().sorted((a, b) -> a.split(" ")[1].compareTo(b.split(" ")[1])).toList()) {
            String[] cols = line.split(" ");
            try {
                Map<String, Long> stat = Files.readAllLines(CPU.resolve(cols[0]).resolve("cpu.stat")).stream()
                        .map(l -> l.split(" ")).collect(Collectors.toMap(f -> f[0], f -> Long.parseLong(f[1])));
                long usage = Long.parseLong(Files.readString(CPUACCT.resolve(cols[0]).resolve("cpuacct.usage")).trim());
                accounts.put(cols[1].substring(prefix.length() + 1), new Account(usage, stat.get("nr_periods"),
                        stat.get("nr_throttled"), stat.get("throttled_time")));
            } catch (IOException e) {
                // stopped between docker ps and the read, or no cgroup v1 here: left out
            }
        }
        return accounts;
    }

    /** The difference between two readings, for the containers in both. */
    static String between(Map<String, Account> before, Map<String, Account> after) {
        return after.entrySet().stream().filter(e -> before.containsKey(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue().minus(before.get(e.getKey())))
                .collect(Collectors.joining("; "));
    }
}
