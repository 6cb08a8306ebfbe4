package io.github.k8splatform.agent;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * make bench-logs, part one: how many CRI lines per second one thread reads and parses from a real
 * (page-cached) file, through the agent's own FileTail. Prints the median of the runs.
 */
public final class ParseBench {

    private ParseBench() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("parse-bench");
        Path file = dir.resolve("bench-0_platform_bench-" + "c".repeat(64) + ".log");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Instant t = Instant.parse("2026-11-25T10:00:00.123456789Z");
            for (int i = 0; i < lines; i++) {
                out.write(t.plusNanos(i * 1000L) + (i % 10 == 0 ? " stdout P " : " stdout F ")
                        + "{\"level\":\"INFO\",\"message\":\"GET /api/catalog/products 200 3ms\",\"requestId\":\"" + i + "\"}\n");
            }
        }
        ContainerLogFile origin = ContainerLogFile.of(file).orElseThrow();
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            long records = 0;
            long start = System.nanoTime();
            try (FileTail tail = new FileTail("bench", file, origin)) {
                List<LogRecord> batch = new ArrayList<>(10_000);
                FileTail.Counts counts = new FileTail.Counts();
                while (tail.read(10_000, batch, counts) > 0) {
                    records += batch.size();
                    batch.clear();
                }
                long nanos = System.nanoTime() - start;
                rates[run] = lines / (nanos / 1e9);
                if (counts.malformed > 0) {
                    throw new IllegalStateException(counts.malformed + " malformed lines in generated input");
                }
            }
            System.out.printf("parse run %d: %d lines (%d records after joining partials) in %.0f ms%n",
                    run + 1, lines, records, lines / rates[run] * 1000);
        }
        Arrays.sort(rates);
        System.out.printf("parse: median %.0f lines/s on one thread (%d runs of %d lines, %.1f MB file)%n",
                rates[runs / 2], runs, lines, Files.size(file) / 1e6);
        Files.delete(file);
        Files.delete(dir);
    }
}
