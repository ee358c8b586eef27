/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG charts (XChart, rendered headless), each answering one question:
 *
 * <ul>
 *   <li>{@link #guestBytes}: how many bytes each structure retains for one guest workload as the
 *       guest grows (bytes against guest RAM, log-log, one line per backend, optional dashed
 *       formula lines);
 *   <li>{@link #fragmentBytes}: at how many shared runs per GiB each structure costs more than the
 *       flat bitmap (the {@code fragment-K} family only, one chart per block size, the break-even
 *       of {@link ReportAnalysis#crossovers()} marked);
 *   <li>{@link #relativeTime}: how much slower or faster each operation is than on the flat bitmap
 *       (grouped bars of ns/op over the flat bitmap's, with error bars).
 * </ul>
 *
 * <p>Each chart is built by a method that returns the XChart object (so tests can read its series,
 * colours and axes) and written by a {@code write...} method that saves it as PNG. Colours and
 * markers come from {@link BackendColors} only. A chart with nothing to draw is not written; its
 * {@code write...} method returns null.
 */
public final class Charts {
  private Charts() {}

  /** The workload family the break-even chart draws: {@code fragment-K} only. */
  static final String FRAGMENT_PREFIX = "fragment-";

  /** The backend every relative time is divided by. */
  static final String NORMALISER = FlatBitmapProvider.NAME;

  /** The flat bitmap's bytes in the fragment chart: the level every break-even is on. */
  static final String LEVEL = "flat bitmap = break-even level";

  /** The y axis of every bytes chart. */
  static final String BYTES_AXIS = "retained bytes (B, JOL)";

  /**
   * Bytes computed from a layout rather than measured, e.g. the kernel's maple tree by its node
   * formula: drawn dashed next to the measured lines.
   */
  @FunctionalInterface
  public interface BytesFormula {
    /**
     * Bytes for a block of {@code regionSize} bytes holding {@code runs} shared runs.
     *
     * @param regionSize the guest RAM (block size) in bytes
     * @param runs the shared runs the workload leaves at that size
     * @return the bytes, positive (a log axis cannot show 0)
     */
    double bytes(long regionSize, long runs);
  }

  // ------------------------------------------------------------ bytes against guest size

  /**
   * Bytes against guest RAM for one guest workload, log-log: one line per backend through its
   * measured rows of {@code workload} (one point per size), and one dashed line per formula,
   * evaluated at the same sizes with the runs the workload left there. Null if no row of {@code
   * workload} was measured.
   *
   * @param rows census rows (others' workloads and skipped cells are left out)
   * @param workload the guest workload, e.g. {@code boot-tdx}
   * @param formulas named formulas, drawn in this order (may be empty)
   */
  public static @Nullable XYChart guestBytes(
      List<Census.Row> rows, String workload, Map<String, BytesFormula> formulas) {
    List<Census.Row> guest =
        rows.stream()
            .filter(r -> r.measured() && r.workload().equals(workload) && r.bytes() > 0)
            .sorted(Comparator.comparingLong(Census.Row::regionSize))
            .collect(Collectors.toList());
    if (guest.isEmpty()) {
      return null;
    }
    XYChart chart =
        xyChart(
            workload + ": how many bytes does each structure retain as the guest grows?",
            "guest RAM (GiB)",
            BYTES_AXIS);
    Map<String, List<Census.Row>> byBackend =
        guest.stream()
            .collect(Collectors.groupingBy(Census.Row::backend, TreeMap::new, Collectors.toList()));
    byBackend.forEach(
        (backend, list) ->
            BackendColors.style(
                chart.addSeries(
                    backend,
                    list.stream().mapToDouble(r -> gib(r.regionSize())).toArray(),
                    list.stream().mapToDouble(Census.Row::bytes).toArray()),
                backend));
    // The runs of a workload at a size are the same in every backend (same seed); take the first.
    Map<Long, Long> runsBySize = new TreeMap<>();
    guest.forEach(r -> runsBySize.putIfAbsent(r.regionSize(), r.runs()));
    formulas.forEach(
        (name, formula) -> {
          XYSeries series =
              chart.addSeries(
                  name,
                  runsBySize.keySet().stream().mapToDouble(Charts::gib).toArray(),
                  runsBySize.entrySet().stream()
                      .mapToDouble(e -> formula.bytes(e.getKey(), e.getValue()))
                      .toArray());
          BackendColors.style(series, name).setLineStyle(SeriesLines.DASH_DASH);
        });
    return chart;
  }

  /**
   * Writes {@link #guestBytes} as {@code bytes-vs-guest-<workload>.png}; null if there was nothing
   * to draw.
   */
  public static @Nullable Path writeGuestBytes(
      List<Census.Row> rows, String workload, Map<String, BytesFormula> formulas, Path dir)
      throws IOException {
    XYChart chart = guestBytes(rows, workload, formulas);
    return chart == null ? null : save(chart, dir, "bytes-vs-guest-" + workload);
  }

  // ------------------------------------------------------------ fragment family and break-even

  /**
   * Bytes against shared runs per GiB for the {@code fragment-K} rows of one block size, log-log:
   * one line per backend but the flat bitmap, the flat bitmap's bytes ({@link
   * ReportAnalysis#flatBitmapBytes}, the level every crossover is computed against) as a dashed
   * horizontal line in its colour, and for each crossover of that size that is not {@link
   * ReportAnalysis.How#NEVER} a {@link BackendColors#BREAK_EVEN_MARKER} in the backend's colour at
   * (crossover runs per GiB, flat bitmap's bytes). The crossovers are the analysis's, not
   * recomputed. Null if no fragment row of that size was measured.
   *
   * @param rows census rows (boot, churn, alternate and other sizes are left out)
   * @param crossovers {@link ReportAnalysis#crossovers()}; those of other sizes are ignored
   * @param regionSize the block size
   */
  public static @Nullable XYChart fragmentBytes(
      List<Census.Row> rows, List<ReportAnalysis.Crossover> crossovers, long regionSize) {
    List<Census.Row> fragment =
        rows.stream()
            .filter(
                r ->
                    r.measured()
                        && r.workload().startsWith(FRAGMENT_PREFIX)
                        && r.regionSize() == regionSize
                        && r.runs() > 0
                        && r.bytes() > 0)
            .sorted(Comparator.comparingLong(Census.Row::runs))
            .collect(Collectors.toList());
    if (fragment.isEmpty()) {
      return null;
    }
    XYChart chart =
        xyChart(
            "fragment-K on "
                + Sizes.format(regionSize)
                + ": from how many runs per GiB does each structure outgrow the flat bitmap?",
            "shared runs per GiB",
            BYTES_AXIS);
    Map<String, List<Census.Row>> byBackend =
        fragment.stream()
            .filter(r -> !r.backend().equals(NORMALISER))
            .collect(Collectors.groupingBy(Census.Row::backend, TreeMap::new, Collectors.toList()));
    byBackend.forEach(
        (backend, list) ->
            BackendColors.style(
                chart.addSeries(
                    backend,
                    list.stream().mapToDouble(Charts::runsPerGiB).toArray(),
                    list.stream().mapToDouble(Census.Row::bytes).toArray()),
                backend));
    double flat = ReportAnalysis.flatBitmapBytes(fragment.get(0));
    List<ReportAnalysis.Crossover> here =
        crossovers.stream()
            .filter(c -> c.regionSize() == regionSize && c.how() != ReportAnalysis.How.NEVER)
            .collect(Collectors.toList());
    double minX = runsPerGiB(fragment.get(0));
    double maxX = runsPerGiB(fragment.get(fragment.size() - 1));
    for (ReportAnalysis.Crossover c : here) {
      minX = Math.min(minX, c.runsPerGiB());
      maxX = Math.max(maxX, c.runsPerGiB());
    }
    XYSeries level = chart.addSeries(LEVEL, new double[] {minX, maxX}, new double[] {flat, flat});
    BackendColors.style(level, NORMALISER).setLineStyle(SeriesLines.DASH_DASH);
    level.setMarker(SeriesMarkers.NONE);
    for (ReportAnalysis.Crossover c : here) {
      XYSeries marker =
          chart.addSeries(breakEvenName(c), new double[] {c.runsPerGiB()}, new double[] {flat});
      marker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      BackendColors.style(marker, c.backend()).setMarker(BackendColors.BREAK_EVEN_MARKER);
    }
    return chart;
  }

  /** The legend entry of a break-even marker: the backend, where, and how it was found. */
  static String breakEvenName(ReportAnalysis.Crossover c) {
    String runs = Figures.num(c.runsPerGiB()) + " runs/GiB";
    return c.backend()
        + " break-even "
        + switch (c.how()) {
          case INTERPOLATED -> runs;
          case EXTRAPOLATED -> runs + " (extrapolated)";
          case AT_OR_BELOW_SMALLEST -> "<= " + runs;
          case NEVER -> "never";
        };
  }

  /**
   * Writes {@link #fragmentBytes} as {@code bytes-vs-runs-per-GiB-<size>.png} (e.g. {@code
   * bytes-vs-runs-per-GiB-1GiB.png}); null if there was nothing to draw.
   */
  public static @Nullable Path writeFragmentBytes(
      List<Census.Row> rows, List<ReportAnalysis.Crossover> crossovers, long regionSize, Path dir)
      throws IOException {
    XYChart chart = fragmentBytes(rows, crossovers, regionSize);
    return chart == null
        ? null
        : save(chart, dir, "bytes-vs-runs-per-GiB-" + Sizes.format(regionSize).replace(" ", ""));
  }

  // ------------------------------------------------------------ time relative to the flat bitmap

  /**
   * One bar of {@link #relativeTime}: a backend's ns/op on an operation over the flat bitmap's.
   *
   * @param operation the operation label
   * @param backend provider name
   * @param ratio ns/op over the flat bitmap's ns/op on the same operation
   * @param error the half-height of the error bar, NaN when a JMH error is unknown
   */
  public record Relative(String operation, String backend, double ratio, double error) {}

  /**
   * Every backend's time relative to the flat bitmap's, per operation: for a backend {@code b},
   * {@code r = t_b / t_flat}, with the error {@code r * sqrt((e_b / t_b)^2 + (e_flat / t_flat)^2)}
   * (JMH's 99.9% half-intervals, independent runs, relative errors added in quadrature: a
   * first-order propagation, symmetric as XChart's error bars are). The flat bitmap's own bar is
   * exactly 1 with error {@code e_flat / t_flat}: how noisy the normaliser itself is.
   *
   * <p>Operations: those the flat bitmap ran with a positive score and every other backend ran too,
   * less those of QEMU's own code ({@code qemu...}, the multi-source baselines: they never touch
   * the backend, so their ratio is 1 plus noise). Sorted by operation, then backend (flat bitmap
   * first). Empty if the flat bitmap was not measured.
   */
  public static List<Relative> relativeTimes(List<SpeedRuns.Measurement> measurements) {
    Map<String, Map<String, SpeedRuns.Measurement>> byOperation = new TreeMap<>();
    TreeSet<String> backends = new TreeSet<>();
    for (SpeedRuns.Measurement m : measurements) {
      if (!m.operation().startsWith("qemu")) {
        byOperation.computeIfAbsent(m.operation(), o -> new TreeMap<>()).put(m.backend(), m);
        backends.add(m.backend());
      }
    }
    List<Relative> result = new ArrayList<>();
    byOperation.forEach(
        (operation, byBackend) -> {
          SpeedRuns.Measurement flat = byBackend.get(NORMALISER);
          if (flat == null || !(flat.nsPerOp() > 0) || !byBackend.keySet().containsAll(backends)) {
            return;
          }
          double flatRelError = flat.error() / flat.nsPerOp();
          result.add(new Relative(operation, NORMALISER, 1, flatRelError));
          for (SpeedRuns.Measurement m : byBackend.values()) {
            if (!m.backend().equals(NORMALISER)) {
              double ratio = m.nsPerOp() / flat.nsPerOp();
              double relError = m.error() / m.nsPerOp();
              result.add(
                  new Relative(
                      operation, m.backend(), ratio, ratio * Math.hypot(relError, flatRelError)));
            }
          }
        });
    return result;
  }

  /**
   * Grouped bars of {@link #relativeTimes}: one group per operation, one bar per backend in its
   * colour, error bars, a line at 1x (the flat bitmap). Null when there is no bar, in particular
   * when the flat bitmap was not measured (there is nothing to normalise by; the report's speed
   * table still has every figure).
   *
   * <p>The ratios span decades, and 2x slower must look as far from 1x as 2x faster, so each bar is
   * {@link #logRatio}, {@code log10(ratio)}, on a linear axis whose labels read as factors ({@link
   * #timesLabel}): a bar grows up from 1x when slower, down when faster. XChart 3.8.8 has no usable
   * error bars on a logarithmic axis (it checks {@code y - e > 0} but draws {@code log10(e)}
   * decades), hence the plotted logarithm. The error bar is {@link #logErrorBar}, {@code log10(1 +
   * error / ratio)} either side: its upper end is exactly {@code ratio + error}, its lower end
   * {@code ratio / (1 + error / ratio)}, a little above {@code ratio - error} (which may be 0 or
   * less, and no logarithm shows that).
   */
  public static @Nullable CategoryChart relativeTime(List<SpeedRuns.Measurement> measurements) {
    List<Relative> bars = relativeTimes(measurements);
    if (bars.isEmpty()) {
      return null;
    }
    headless();
    List<String> operations = bars.stream().map(Relative::operation).distinct().toList();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1400)
            .height(1000)
            .title(
                "How much slower (up) or faster (down) than QEMU's flat bitmap is each operation?"
                    + " (JMH, 99.9% error bars)")
            .xAxisTitle("operation (JMH benchmark and parameters)")
            .yAxisTitle("time relative to flat bitmap (×, log scale, lower is faster)")
            .build();
    chart.setCustomYAxisTickLabelsFormatter(Charts::timesLabel);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setErrorBarsColor(ERROR_BAR_COLOR);
    chart.getStyler().setAnnotationLineColor(BackendColors.color(NORMALISER));
    Map<String, List<Relative>> byBackend =
        bars.stream()
            .collect(
                Collectors.groupingBy(Relative::backend, LinkedHashMap::new, Collectors.toList()));
    byBackend.forEach(
        (backend, list) ->
            BackendColors.style(
                chart.addSeries(
                    backend,
                    operations,
                    list.stream().map(r -> (Number) logRatio(r)).toList(),
                    list.stream().map(r -> (Number) logErrorBar(r)).toList()),
                backend));
    chart.addAnnotation(new AnnotationLine(0, false, false));
    return chart;
  }

  /** The colour of the error bars of {@link #relativeTime}, drawn over bars of every colour. */
  static final Color ERROR_BAR_COLOR = new Color(0xCC0000);

  /** The height of a bar of {@link #relativeTime}: {@code log10(ratio)}, 0 for the flat bitmap. */
  static double logRatio(Relative bar) {
    return Math.log10(bar.ratio());
  }

  /**
   * The half-height of an error bar of {@link #relativeTime}: {@code log10(1 + error / ratio)}
   * (NaN, so no error bar, when the error is unknown).
   */
  static double logErrorBar(Relative bar) {
    return Math.log10(1 + bar.error() / bar.ratio());
  }

  /**
   * A tick of {@link #relativeTime}'s axis, {@code log10} of a ratio, as the ratio: {@code ×0.1},
   * {@code ×1}, {@code ×3.2}, {@code ×100} (two significant digits, never an exponent).
   */
  static String timesLabel(double log10Ratio) {
    BigDecimal ratio = BigDecimal.valueOf(Math.pow(10, log10Ratio)).round(new MathContext(2));
    return "×" + ratio.stripTrailingZeros().toPlainString();
  }

  /**
   * Writes {@link #relativeTime} as {@code time-relative-to-flat-bitmap.png}; null if there was
   * nothing to draw (no flat bitmap measured).
   */
  public static @Nullable Path writeRelativeTime(List<SpeedRuns.Measurement> measurements, Path dir)
      throws IOException {
    CategoryChart chart = relativeTime(measurements);
    return chart == null ? null : save(chart, dir, "time-relative-to-flat-bitmap");
  }

  // ------------------------------------------------------------ common

  /** Guest RAM of a block in GiB. */
  private static double gib(long regionSize) {
    return (double) regionSize / Sizes.GIB;
  }

  /** A row's shared runs per GiB of its block. */
  private static double runsPerGiB(Census.Row row) {
    return row.runs() / gib(row.regionSize());
  }

  /** An XY chart with both axes logarithmic and the legend outside, to the right. */
  private static XYChart xyChart(String title, String xAxis, String yAxis) {
    headless();
    XYChart chart =
        new XYChartBuilder()
            .width(1300)
            .height(700)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(9);
    return chart;
  }

  /** XChart draws with AWT: no display is needed, nor wanted, on a build machine. */
  private static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    return dir.resolve(name + ".png");
  }
}
