package io.github.k8splatform.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A drill's result as a self-contained HTML page: the summary and an SVG chart of answers per second by version. */
final class DrillReport {

    private static final String[] PALETTE = {"#2f6fdf", "#2aa876", "#8e44ad", "#e67e22", "#16a085"};
    private static final String FAILED_COLOR = "#d62728";
    private static final int BAR_WIDTH = 12;
    private static final int HEIGHT = 200;

    private DrillReport() {
    }

    static Path write(Drill.Result result, Path file, String title) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html(result, title));
        return file;
    }

    static String html(Drill.Result result, String title) {
        Map<Long, Map<String, Long>> perSecond = result.versionsOverTime(1);
        Map<String, String> colors = colors(perSecond);
        long max = perSecond.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                .max().orElse(1);
        StringBuilder bars = new StringBuilder();
        for (Map.Entry<Long, Map<String, Long>> second : perSecond.entrySet()) {
            double y = HEIGHT;
            for (Map.Entry<String, Long> part : second.getValue().entrySet()) {
                double h = part.getValue() * (double) HEIGHT / max;
                y -= h;
                bars.append("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%ds: %s %d</title></rect>%n"
                        .formatted(second.getKey() * BAR_WIDTH, y, BAR_WIDTH - 2, h, colors.get(part.getKey()), second.getKey(),
                                escape(part.getKey()), part.getValue()));
            }
        }
        StringBuilder legend = new StringBuilder();
        colors.forEach((name, color) -> legend.append("<span style=\"color:%s\">&#9632; %s</span> ".formatted(color, escape(name))));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>body{font:15px system-ui,sans-serif;margin:2rem}pre{background:#f6f8fa;padding:1rem}</style></head>
                <body><h1>%s</h1>
                <p>Answers per second, by the X-App-Version that served them; failures in red.</p>
                <svg width="%d" height="%d" role="img" aria-label="answers per second by version">%s</svg>
                <p>%s</p><pre>%s</pre></body></html>
                """.formatted(escape(title), escape(title), Math.max(1, perSecond.size()) * BAR_WIDTH, HEIGHT, bars, legend,
                escape(result.summary()));
    }

    /** One colour per series (a service's version), in name order; failures always red. */
    private static Map<String, String> colors(Map<Long, Map<String, Long>> perSecond) {
        TreeSet<String> series = new TreeSet<>();
        perSecond.values().forEach(m -> series.addAll(m.keySet()));
        Map<String, String> colors = new TreeMap<>();
        int c = 0;
        for (String name : series) {
            colors.put(name, name.equals("failed") ? FAILED_COLOR : PALETTE[c++ % PALETTE.length]);
        }
        return colors;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
