package io.github.k8splatform.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The memory of a run's running containers, as `docker stats --no-stream` reports it (the cgroup's
 * usage less its page cache): once, at idle, or sampled through a drill, keeping the sample whose
 * sum is highest, which is what the machine had to hold at once.
 */
final class ContainerMemory {

    /** A drill lasts at most a minute and one sample takes one to two seconds: this bounds the sampling. */
    private static final int MAX_SAMPLES = 120;
    private static final long PAUSE_MILLIS = 1_000;

    /** Bytes per container, keyed by the name without the run's prefix. */
    record Snapshot(Map<String, Long> bytes) {
        long sum() {
            return bytes.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return bytes.entrySet().stream().map(e -> e.getKey() + " " + mib(e.getValue()))
                    .collect(Collectors.joining(", ")) + "; sum " + mib(sum());
        }
    }

    private ContainerMemory() {
    }

    /** The run's containers that are running now. */
    static Snapshot now(String prefix) {
        String table = Docker.exec(List.of("docker", "stats", "--no-stream", "--format", "{{.Name}}\t{{.MemUsage}}"), 30);
        Map<String, Long> bytes = new TreeMap<>();
        table.lines().map(line -> line.split("\t")).filter(cols -> cols.length == 2 && cols[0].startsWith(prefix + "-"))
                .forEach(cols -> bytes.put(cols[0].substring(prefix.length() + 1), parse(cols[1].split("/")[0].trim())));
        return new Snapshot(bytes);
    }

    /** "123.4MiB" (docker's units: B, KiB, MiB, GiB, also kB, MB, GB) in bytes. */
    static long parse(String usage) {
        int unit = 0;
        while (unit < usage.length() && (Character.isDigit(usage.charAt(unit)) || usage.charAt(unit) == '.')) {
            unit++;
        }
        double value = Double.parseDouble(usage.substring(0, unit));
        double factor = switch (usage.substring(unit)) {
            case "B" -> 1;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "kB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            default -> throw new IllegalArgumentException("unknown unit in " + usage);
        };
        return Math.round(value * factor);
    }

    static String mib(long bytes) {
        return "%.1f MiB".formatted(bytes / 1048576.0);
    }

    /** Samples on its own thread from creation until closed; peak() is the highest sum seen. */
    static final class Peak implements AutoCloseable {
        private final Thread sampler;
        private volatile boolean stopped;
        private volatile Snapshot peak = new Snapshot(Map.of());
        private volatile int samples;

        Peak(String prefix) {
            sampler = new Thread(() -> {
                while (!stopped && samples < MAX_SAMPLES) {
                    try {
                        Snapshot now = now(prefix);
                        samples++;
                        if (now.sum() > peak.sum()) {
                            peak = now;
                        }
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IllegalStateException e) {
                        if (!stopped) {
                            System.err.println("e2e: memory sample: " + e.getMessage());
                        }
                    }
                }
            }, "memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        Snapshot peak() {
            return peak;
        }

        int samples() {
            return samples;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            sampler.interrupt();
            sampler.join(35_000);
        }
    }
}
