/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The report's PNG charts (XChart, rendered headless). */
public final class Charts {
  private Charts() {}

  /**
   * Bytes against shared runs, log-log, one line per backend, from every measured census row of one
   * block size that has runs. Returns the file written, or null if there was nothing to draw.
   */
  public static @Nullable Path bytesVsRuns(List<Census.Row> rows, long regionSize, Path dir)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<Census.Row>> byBackend =
        rows.stream()
            .filter(r -> r.measured() && r.regionSize() == regionSize && r.runs() > 0)
            .collect(Collectors.groupingBy(Census.Row::backend, TreeMap::new, Collectors.toList()));
    if (byBackend.isEmpty()) {
      return null;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title("Retained bytes vs shared runs, " + Sizes.format(regionSize) + " block")
            .xAxisTitle("shared runs")
            .yAxisTitle("retained bytes (JOL)")
            .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    byBackend.forEach(
        (backend, list) -> {
          List<Census.Row> sorted = new ArrayList<>(list);
          sorted.sort(Comparator.comparingLong(Census.Row::runs));
          double[] x = sorted.stream().mapToDouble(Census.Row::runs).toArray();
          double[] y = sorted.stream().mapToDouble(Census.Row::bytes).toArray();
          chart.addSeries(backend, x, y);
        });
    String name = "bytes-vs-runs-" + Sizes.format(regionSize).replace(" ", "");
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    return dir.resolve(name + ".png");
  }

  /**
   * ns/op per operation, one bar per backend, log scale; only operations every backend ran. Returns
   * the file written, or null if there was nothing to draw.
   */
  public static @Nullable Path nsPerOp(List<SpeedRuns.Measurement> measurements, Path dir)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, Map<String, Double>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : measurements) {
      if (Double.isFinite(m.nsPerOp()) && m.nsPerOp() > 0) {
        byBackend
            .computeIfAbsent(m.backend(), b -> new TreeMap<>())
            .put(m.operation(), m.nsPerOp());
      }
    }
    List<String> operations =
        measurements.stream()
            .map(SpeedRuns.Measurement::operation)
            .distinct()
            .filter(op -> byBackend.values().stream().allMatch(ops -> ops.containsKey(op)))
            .sorted()
            .collect(Collectors.toList());
    if (operations.isEmpty()) {
      return null;
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1200)
            .height(700)
            .title("JMH average time per operation (log scale)")
            .xAxisTitle("operation")
            .yAxisTitle("ns/op")
            .build();
    // Bars start at zero, which a log axis cannot show: draw markers instead.
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setMarkerSize(10);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    byBackend.forEach(
        (backend, ops) ->
            chart.addSeries(
                backend,
                operations,
                operations.stream().map(op -> (Number) ops.get(op)).collect(Collectors.toList())));
    BitmapEncoder.saveBitmap(
        chart, dir.resolve("ns-per-op").toString(), BitmapEncoder.BitmapFormat.PNG);
    return dir.resolve("ns-per-op.png");
  }
}
