package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The charts' arithmetic and markup; how they look is DrillReportRenderingTest's. */
class SvgChartTest {

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(5, SvgChart.niceStep(23, 5));
        assertEquals(10, SvgChart.niceStep(40, 5));
        assertEquals(0.2, SvgChart.niceStep(1, 5), 1e-9);
        assertEquals(2000, SvgChart.niceStep(10_000, 5));
        assertEquals(1, SvgChart.niceStep(0, 5));
    }

    @Test
    void aLongLaneNameKeepsItsStartAndItsUniqueEnd() {
        assertEquals("orders-5f4b8c9d7f-x2k4q", SvgChart.shortened("orders-5f4b8c9d7f-x2k4q"));
        String shortened = SvgChart.shortened("orders-with-a-deployment-name-as-long-as-they-come-5f4b8c9d7");
        assertEquals(30, shortened.length());
        assertTrue(shortened.startsWith("orders-with-a-") && shortened.endsWith("come-5f4b8c9d7"), shortened);
    }

    @Test
    void aChartScalesToItsContainerAndLabelsItsAxesAndEverySeries() {
        String chart = SvgChart.lines("answers", "requests/s", 3, List.of(
                new DrillSeries.Series("orders 1.0.0", new double[] {4, 2, 0}),
                new DrillSeries.Series("orders <1.0.1>", new double[] {0, 2, Double.NaN})));
        assertTrue(chart.contains("<svg viewBox=\"0 0 1000 "), chart);
        assertFalse(chart.contains(" width=\"1000\""), chart);
        assertTrue(chart.contains("class=\"axis-label x-label\">seconds since start</text>"), chart);
        assertTrue(chart.contains("class=\"axis-label y-label\">requests/s</text>"), chart);
        assertTrue(chart.contains("<li data-series=\"orders 1.0.0\">"), chart);
        assertTrue(chart.contains("<span>orders &lt;1.0.1&gt;</span>"), chart);
        assertEquals(2, chart.split("<polyline ").length - 1, "one line per series, the NaN left out: " + chart);
    }

    @Test
    void aLogScaleLabelsDecadesAndStackedBarsStandOnEachOther() {
        String latency = SvgChart.logLines("latency", "ms", 2, List.of(new DrillSeries.Series("max", new double[] {40, 10_000})));
        for (String decade : List.of(">1<", ">10<", ">100<", ">1000<", ">10000<")) {
            assertTrue(latency.contains("class=\"tick\"" + decade + "/text>"), decade + " in " + latency);
        }
        String failures = SvgChart.stackedBars("failures", "requests/s", 2, List.of(
                new DrillSeries.Series("HTTP 502", new double[] {1, 0}), new DrillSeries.Series("HTTP 503", new double[] {1, 0})));
        assertEquals(2, failures.split("<rect ").length - 1, failures);
        assertTrue(failures.contains("class=\"tick\">2</text>"), "the axis reaches the second's total: " + failures);
    }
}
