package io.github.k8splatform.e2e;

import static io.github.k8splatform.e2e.Markup.escape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A drill's result as one self-contained HTML page (inline CSS and SVG, nothing loaded): the
 * verdict first, then answers per second by version, latency per second, failures per second by
 * cause, the pod events on a timeline, each pod's share and the reconciliation of the orders.
 * Renders only: data in, HTML out.
 */
final class DrillReport {

    /**
     * What a report shows. unmet: what the caller expected and did not see (part of the verdict);
     * events: the pods' events in the drill's window; eventsNote: where they come from, or why there are none.
     */
    record Input(String title, Drill.Result result, List<String> unmet, List<PodEvent> events, String eventsNote,
            List<KubeletSummaries.PodUsage> usage, String usageNote) {

        /** A report without the kubelets' figures. */
        Input(String title, Drill.Result result, List<String> unmet, List<PodEvent> events, String eventsNote) {
            this(title, result, unmet, events, eventsNote, List.of(), "No memory or CPU figures: no kubelet summaries were given.");
        }
    }

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;max-width:1200px;margin:0 auto;padding:1.5rem;overflow-wrap:anywhere}
            h1{font-size:1.3rem;margin:0 0 .4rem;padding:.6rem .9rem;border-radius:6px}
            h1.passed{background:#e6f4ea;color:#0d5d1f}h1.failed{background:#fde8e6;color:#8c1d13}
            h2{font-size:1.1rem;margin:1.8rem 0 .4rem}
            p{margin:.3rem 0}.meta,.note{color:#57606a}
            figure{margin:.4rem 0 0}svg{display:block;width:100%;height:auto;font-size:12px}
            svg .tick{fill:#57606a}svg .axis-label{fill:#1b1f24;font-size:13px}
            svg .axis{stroke:#57606a}svg .grid{stroke:#d8dee4;stroke-dasharray:2 3}
            .legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;padding:0;margin:.3rem 0 0 1rem}
            .legend li{display:flex;align-items:baseline;gap:.4rem;min-width:0;max-width:100%}
            .swatch{flex:none;width:.8rem;height:.8rem;border-radius:2px}
            table{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:.3rem}
            th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #d8dee4}
            td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            details{margin-top:1.8rem}pre{white-space:pre-wrap;background:#f6f8fa;padding:.8rem;font-size:13px}
            """;

    private DrillReport() {
    }

    static String html(Input in) {
        Drill.Result result = in.result();
        // The charts span the traffic and the events; the series stop with the traffic, not fall to 0 after it.
        int seconds = DrillSeries.seconds(result, in.events());
        int traffic = DrillSeries.seconds(result, List.of());
        String verdict = result.verdict(in.unmet());
        StringBuilder body = new StringBuilder();
        body.append("<h1 class=\"verdict %s\">%s</h1>\n".formatted(verdict.startsWith("Passed") ? "passed" : "failed",
                escape(verdict)));
        body.append("<p class=\"meta\">%s · started %s · %d s of traffic</p>\n".formatted(escape(in.title()),
                result.started().truncatedTo(ChronoUnit.SECONDS), traffic));
        body.append(figures(result));

        List<DrillSeries.Series> answers = DrillSeries.answersByVersion(result.samples(), traffic);
        body.append("<h2>Answers per second by version</h2>\n")
                .append("<p class=\"note\">Successful answers by the service and the X-App-Version that gave them.</p>\n")
                .append(answers.isEmpty() ? "<p>No request was answered.</p>\n"
                        : SvgChart.lines("answers per second by version", "requests/s", seconds, answers));
        body.append("<h2>Latency per second</h2>\n")
                .append("<p class=\"note\">Of the requests sent in each second, failed ones too; a logarithmic scale.</p>\n")
                .append(result.samples().isEmpty() ? "<p>No request was sent.</p>\n"
                        : SvgChart.logLines("latency per second", "ms (log scale)", seconds,
                                DrillSeries.latency(result.samples(), traffic)));
        List<DrillSeries.Series> failures = DrillSeries.failuresByCause(result.samples(), traffic);
        body.append("<h2>Failures per second by cause</h2>\n")
                .append("<p class=\"note\">The HTTP status, or the exception or wrong body, of each failed request.</p>\n")
                .append(failures.isEmpty() ? "<p>No request failed.</p>\n"
                        : SvgChart.stackedBars("failures per second by cause", "requests/s", seconds, failures));
        body.append("<h2>Pod events</h2>\n<p class=\"note\">%s</p>\n".formatted(escape(in.eventsNote())))
                .append(timeline(DrillSeries.timeline(in.events(), result.started()), seconds));
        body.append("<h2>Answers per pod</h2>\n").append(pods(DrillSeries.pods(result.samples()), result.samples().size()));
        body.append("<h2>Memory and CPU per pod</h2>\n<p class=\"note\">%s</p>\n".formatted(escape(in.usageNote())))
                .append(usage(in.usage()));
        body.append("<h2>Reconciliation</h2>\n").append(reconciliation(result));
        body.append("<details><summary>Summary as the tool printed it</summary><pre>%s</pre></details>\n"
                .formatted(escape(result.summary())));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                %s</style></head>
                <body>
                %s</body></html>
                """.formatted(escape(tabTitle(verdict, in.title())), STYLE, body);
    }

    private static String figures(Drill.Result result) {
        Drill.Latency latency = result.latency();
        return table(Stream.of("requests", "writes", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms").map(Column::number)
                .toList(), List.of(Stream.of(result.samples().size(), result.writes().size(), result.failed(), latency.p50(),
                latency.p95(), latency.p99(), latency.max()).map(String::valueOf).toList()));
    }

    /** Renders the report into the file (its folder made if missing); the file's absolute path. */
    static Path write(Input in, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Files.writeString(absolute, html(in));
        return absolute;
    }

    /** The lanes chart (a lane per pod or object, in order of first event) and the events as a table. */
    private static String timeline(List<DrillSeries.Moment> moments, int seconds) {
        if (moments.isEmpty()) {
            return "<p>No pod event in the drill's window.</p>\n";
        }
        List<String> lanes = moments.stream().map(DrillSeries.Moment::object).distinct().toList();
        List<SvgChart.Mark> marks = moments.stream().map(m -> new SvgChart.Mark(m.seconds(), lanes.indexOf(m.object()),
                m.reason(), String.format(Locale.ROOT, "%.1f s %s %s: %s", m.seconds(), m.object(), m.reason(), m.message())))
                .toList();
        List<List<String>> rows = moments.stream().map(m -> List.of(String.format(Locale.ROOT, "%.1f", m.seconds()),
                m.object(), m.reason(), m.message())).toList();
        return SvgChart.lanes("pod events over time", "pod", seconds, lanes, marks)
                + table(List.of(new Column("s", true, "4rem"), new Column("pod", false, "30%"),
                        new Column("event", false, "16%"), new Column("message", false, "")), rows);
    }

    private static String pods(List<DrillSeries.Share> shares, int total) {
        List<List<String>> rows = new ArrayList<>();
        for (DrillSeries.Share s : shares) {
            rows.add(List.of(s.pod(), String.join(", ", s.answeredAs()), String.valueOf(s.answers()),
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * s.answers() / Math.max(1, total))));
        }
        return table(List.of(new Column("pod (X-Served-By)", false, "45%"), new Column("answered as", false, ""),
                new Column("answers", true, "7rem"), new Column("share", true, "7rem")), rows);
    }

    private static String usage(List<KubeletSummaries.PodUsage> pods) {
        if (pods.isEmpty()) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        for (KubeletSummaries.PodUsage p : pods) {
            rows.add(List.of(p.namespace() + "/" + p.pod(), p.node(), mib(p.workingSetBytes()), millicores(p.cpuNanoCores())));
        }
        rows.add(List.of("all " + pods.size() + " pods", "", mib(KubeletSummaries.totalBytes(pods)),
                millicores(KubeletSummaries.totalNanoCores(pods))));
        return table(List.of(new Column("pod", false, "45%"), new Column("node", false, ""),
                new Column("memory MiB", true, "9rem"), new Column("CPU m", true, "7rem")), rows);
    }

    private static String mib(long bytes) {
        return String.valueOf(bytes / (1024 * 1024));
    }

    private static String millicores(long nanoCores) {
        return String.valueOf(nanoCores / 1_000_000);
    }

    private static String reconciliation(Drill.Result result) {
        long ok = result.writes().stream().filter(Drill.Sample::ok).count();
        return table(Stream.of("orders sent", "answered 2xx", "read back", "lost", "duplicated").map(Column::number).toList(),
                List.of(List.of(
                String.valueOf(result.writes().size()), String.valueOf(ok), String.valueOf(ok - result.lost()),
                String.valueOf(result.lost()), String.valueOf(result.duplicated()))))
                + "<p class=\"note\">Each order answered 2xx is read back by its id (else lost) and its Idempotency-Key"
                + " replayed, which must return the same order (else duplicated).</p>\n";
    }

    /** A table's column: numbers align right and never wrap; width: its CSS width, empty for what is left. */
    private record Column(String heading, boolean numeric, String width) {
        static Column number(String heading) {
            return new Column(heading, true, "");
        }

        String cell(String tag, String text) {
            return "<" + tag + (numeric ? " class=\"n\">" : ">") + escape(text) + "</" + tag + ">";
        }
    }

    /** A table of fixed layout: the columns' widths as given, long words wrapping anywhere. */
    private static String table(List<Column> columns, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table><colgroup>");
        columns.forEach(c -> html.append(c.width().isEmpty() ? "<col>" : "<col style=\"width:" + c.width() + "\">"));
        html.append("</colgroup><thead><tr>");
        columns.forEach(c -> html.append(c.cell("th", c.heading())));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append(columns.get(i).cell("td", row.get(i)));
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>\n").toString();
    }

    /** The verdict's first word and the title, for the browser's tab. */
    private static String tabTitle(String verdict, String title) {
        return verdict.substring(0, verdict.indexOf(':')) + ": " + title;
    }
}
