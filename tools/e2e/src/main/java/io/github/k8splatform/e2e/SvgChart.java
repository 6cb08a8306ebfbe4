package io.github.k8splatform.e2e;

import static io.github.k8splatform.e2e.Markup.escape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG charts over a drill's seconds: lines (one per series) and lanes (one row per pod, a
 * mark per event). Each is a figure with both axes labelled, ticks, and a legend naming every
 * series in HTML (so long names wrap); the SVG has a viewBox and no fixed size, so it scales to the
 * page's width.
 */
final class SvgChart {

    static final String X_LABEL = "seconds since start";
    /** Red comes last: it reads as failure, and the answers' versions are not failures. */
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf", "#d62728"};
    private static final int WIDTH = 1000;
    private static final int TOP = 12;
    private static final int BOTTOM = 46;
    private static final int RIGHT = 16;
    private static final int PLOT_HEIGHT = 220;
    private static final int LINE_LEFT = 64;
    private static final int LANE_LEFT = 220;
    private static final int LANE_HEIGHT = 26;
    /** The longest lane label shown; a longer name keeps its start and its end around an ellipsis. */
    private static final int LANE_LABEL = 30;

    /** A mark on a lane: when, which lane (0 on top), which series it belongs to, its tooltip. */
    record Mark(double seconds, int lane, String series, String tooltip) {
    }

    private SvgChart() {
    }

    /** One line per series over seconds 0..seconds, each value drawn at the middle of its second. */
    static String lines(String label, String yLabel, int seconds, List<DrillSeries.Series> series) {
        return plot(label, yLabel, seconds, series, Scale.linear(highest(series)), false);
    }

    /** As lines, on a logarithmic y axis (decades from 1): a 10 s timeout does not flatten a 40 ms median. */
    static String logLines(String label, String yLabel, int seconds, List<DrillSeries.Series> series) {
        return plot(label, yLabel, seconds, series, Scale.log(highest(series)), false);
    }

    /** A bar per second, the series' values stacked in their order: causes that coincide stay apart. */
    static String stackedBars(String label, String yLabel, int seconds, List<DrillSeries.Series> series) {
        double[] sums = new double[seconds];
        series.forEach(s -> {
            for (int i = 0; i < Math.min(seconds, s.perSecond().length); i++) {
                sums[i] += Double.isNaN(s.perSecond()[i]) ? 0 : s.perSecond()[i];
            }
        });
        return plot(label, yLabel, seconds, series, Scale.linear(Arrays.stream(sums).max().orElse(0)), true);
    }

    private static double highest(List<DrillSeries.Series> series) {
        return series.stream().flatMapToDouble(s -> Arrays.stream(s.perSecond())).filter(v -> !Double.isNaN(v)).max()
                .orElse(0);
    }

    /** The frame, the y ticks with their grid lines, then each series as lines or stacked bars. */
    private static String plot(String label, String yLabel, int seconds, List<DrillSeries.Series> series, Scale scale,
            boolean stacked) {
        Frame frame = new Frame(LINE_LEFT, PLOT_HEIGHT, seconds);
        StringBuilder svg = frame.axes(yLabel);
        for (double v : scale.ticks()) {
            double y = frame.y(scale.fraction(v));
            svg.append(line(LINE_LEFT, y, WIDTH - RIGHT, y, "grid"))
                    .append(text(LINE_LEFT - 6, y + 4, "end", "tick", number(v)));
        }
        Map<String, String> colors = colors(series.stream().map(DrillSeries.Series::name).toList());
        double[] below = new double[seconds];
        for (DrillSeries.Series s : series) {
            svg.append(group(s.name(), colors.get(s.name()), stacked ? bars(frame, s.perSecond(), below, scale)
                    : polylines(frame, s.perSecond(), scale)));
        }
        return figure(label, frame, svg, colors);
    }

    /** Where values sit on the plot's height (fraction 0 at the x axis, 1 at the top), and the values to label. */
    private record Scale(double top, boolean log, List<Double> ticks) {

        /** From 0 to the highest value rounded up to a nice step (1 at least: the values are counts or ms). */
        static Scale linear(double highest) {
            double step = Math.max(1, niceStep(highest, 5));
            double top = Math.max(step, Math.ceil(highest / step) * step);
            List<Double> ticks = new ArrayList<>();
            for (double v = 0; v <= top + step / 2; v += step) {
                ticks.add(v);
            }
            return new Scale(top, false, ticks);
        }

        /** Decades from 1 to the one above the highest value (10 at least). */
        static Scale log(double highest) {
            int decades = Math.max(1, (int) Math.ceil(Math.log10(Math.max(1, highest))));
            List<Double> ticks = new ArrayList<>();
            for (int d = 0; d <= decades; d++) {
                ticks.add(Math.pow(10, d));
            }
            return new Scale(Math.pow(10, decades), true, ticks);
        }

        /** A value below 1 sits at the bottom of a log scale. */
        double fraction(double v) {
            return log ? Math.log10(Math.max(1, v)) / Math.log10(top) : v / top;
        }
    }

    /** One lane per name, top to bottom, with a mark per event coloured by its series. */
    static String lanes(String label, String yLabel, int seconds, List<String> lanes, List<Mark> marks) {
        Frame frame = new Frame(LANE_LEFT, Math.max(1, lanes.size()) * LANE_HEIGHT, seconds);
        StringBuilder svg = frame.axes(yLabel);
        for (int i = 0; i < lanes.size(); i++) {
            double y = TOP + (i + 0.5) * LANE_HEIGHT;
            svg.append(line(LANE_LEFT, y, WIDTH - RIGHT, y, "grid"))
                    .append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick lane\"><title>%s</title>%s</text>",
                            LANE_LEFT - 6, y + 4, escape(lanes.get(i)), escape(shortened(lanes.get(i)))));
        }
        Map<String, List<Mark>> bySeries = new LinkedHashMap<>();
        marks.forEach(m -> bySeries.computeIfAbsent(m.series(), k -> new ArrayList<>()).add(m));
        Map<String, String> colors = colors(new ArrayList<>(bySeries.keySet()));
        bySeries.forEach((series, inSeries) -> {
            StringBuilder dots = new StringBuilder();
            inSeries.forEach(m -> dots.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" stroke=\"#fff\" stroke-width=\"1.5\"><title>%s</title></circle>",
                    frame.x(m.seconds()), TOP + (m.lane() + 0.5) * LANE_HEIGHT, escape(m.tooltip()))));
            svg.append(group(series, colors.get(series), dots.toString()));
        });
        return figure(label, frame, svg, colors);
    }

    /** The plot area: left edge, height, and the seconds the x axis spans. */
    private record Frame(int left, int height, int seconds) {

        double x(double second) {
            return left + second / seconds * (WIDTH - RIGHT - left);
        }

        /** fraction: 0 at the x axis, 1 at the top. */
        double y(double fraction) {
            return TOP + height - fraction * height;
        }

        int viewHeight() {
            return TOP + height + BOTTOM;
        }

        /** Both axes, the x ticks and both axis labels. */
        StringBuilder axes(String yLabel) {
            StringBuilder svg = new StringBuilder();
            double step = Math.max(1, niceStep(seconds, 10));
            for (double s = 0; s <= seconds + 1e-9; s += step) {
                svg.append(line(x(s), TOP + height, x(s), TOP + height + 5, "axis"))
                        .append(text(x(s), TOP + height + 19, "middle", "tick", number(s)));
            }
            svg.append(line(left, TOP, left, TOP + height, "axis"))
                    .append(line(left, TOP + height, WIDTH - RIGHT, TOP + height, "axis"))
                    .append(text((left + WIDTH - RIGHT) / 2.0, viewHeight() - 6, "middle", "axis-label x-label", X_LABEL))
                    .append(f("<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\" class=\"axis-label y-label\">%s</text>",
                            TOP + height / 2.0, escape(yLabel)));
            return svg;
        }
    }

    private static String figure(String label, Frame frame, StringBuilder svg, Map<String, String> colors) {
        StringBuilder legend = new StringBuilder();
        colors.forEach((name, color) -> legend.append(
                f("<li data-series=\"%s\"><span class=\"swatch\" style=\"background:%s\"></span><span>%s</span></li>",
                        escape(name), color, escape(name))));
        return f("""
                <figure class="chart"><svg viewBox="0 0 %d %d" role="img" aria-label="%s">%s</svg>
                <ul class="legend">%s</ul></figure>
                """, WIDTH, frame.viewHeight(), escape(label), svg, legend);
    }

    /** A series' elements with its name (the test and the tooltip read it) and colour. */
    private static String group(String name, String color, String content) {
        return f("<g data-series=\"%s\" stroke=\"%s\" fill=\"%s\"><title>%s</title>%s</g>",
                escape(name), color, color, escape(name), content);
    }

    /** A polyline per run of seconds with values; a lone value is a dot. */
    private static String polylines(Frame frame, double[] values, Scale scale) {
        StringBuilder out = new StringBuilder();
        List<String> run = new ArrayList<>();
        for (int i = 0; i <= values.length; i++) {
            if (i < values.length && !Double.isNaN(values[i])) {
                run.add(f("%.1f,%.1f", frame.x(i + 0.5), frame.y(scale.fraction(values[i]))));
                continue;
            }
            if (run.size() == 1) {
                String[] xy = run.get(0).split(",");
                out.append(f("<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" stroke=\"none\"/>", xy[0], xy[1]));
            } else if (run.size() > 1) {
                out.append("<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"")
                        .append(String.join(" ", run)).append("\"/>");
            }
            run.clear();
        }
        return out.toString();
    }

    /** A bar per second with a value above 0, standing on below (each second's total so far, then raised by it). */
    private static String bars(Frame frame, double[] values, double[] below, Scale scale) {
        StringBuilder out = new StringBuilder();
        double width = frame.x(1) - frame.x(0);
        for (int i = 0; i < Math.min(values.length, below.length); i++) {
            if (Double.isNaN(values[i]) || values[i] <= 0) {
                continue;
            }
            double bottom = frame.y(scale.fraction(below[i]));
            below[i] += values[i];
            double top = frame.y(scale.fraction(below[i]));
            out.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"none\"/>",
                    frame.x(i) + width * 0.1, top, width * 0.8, bottom - top));
        }
        return out.toString();
    }

    /** Colours in the order of the names, the palette repeating after ten. */
    private static Map<String, String> colors(List<String> names) {
        Map<String, String> colors = new LinkedHashMap<>();
        names.forEach(name -> colors.putIfAbsent(name, PALETTE[colors.size() % PALETTE.length]));
        return colors;
    }

    /** 1, 2 or 5 times a power of ten: about range / ticks. */
    static double niceStep(double range, int ticks) {
        if (range <= 0) {
            return 1;
        }
        double raw = range / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** At most LANE_LABEL characters: a longer name keeps its start and its end (a pod's unique suffix). */
    static String shortened(String name) {
        if (name.length() <= LANE_LABEL) {
            return name;
        }
        int head = (LANE_LABEL - 1) / 2;
        return name.substring(0, head) + "…" + name.substring(name.length() - (LANE_LABEL - 1 - head));
    }

    /** Formatted with a dot for decimals whatever the machine's locale: SVG wants 12.5, never 12,5. */
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return f("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>", x1, y1, x2, y2, cssClass);
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return f("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>",
                x, y, anchor, cssClass, escape(content));
    }
}
