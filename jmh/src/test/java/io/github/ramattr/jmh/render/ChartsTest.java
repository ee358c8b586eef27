/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The three charts built from synthetic rows and measurements (and real boot-tdx rows): which rows
 * each draws, where the break-even marker sits, the normalised bars and their errors, the axis
 * titles with units, the log axes and the one palette.
 */
class ChartsTest {
  private static final long GIB = Sizes.GIB;
  private static final long TIB = Sizes.TIB;

  private static Census.Row row(
      String workload, long regionSize, String backend, long runs, long bytes) {
    return new Census.Row(
        workload, regionSize, backend, 1, runs, runs, bytes, true, bytes, 0, null);
  }

  private static Census.Row skipped(String workload, long regionSize, String backend) {
    return new Census.Row(workload, regionSize, backend, 1, 0, 0, 0, false, 0, 0, "too big");
  }

  private static SpeedRuns.Measurement ns(
      String operation, String backend, double nsPerOp, double error) {
    return new SpeedRuns.Measurement(operation, backend, nsPerOp, error, Double.NaN, Double.NaN);
  }

  // ---------------------------------------------------------------- bytes against guest size

  private static final long[] GUEST_SIZES = {16 * GIB, 256 * GIB, TIB, 4 * TIB};

  /** A guest at four sizes for three backends, other workloads and a skipped cell around it. */
  private static List<Census.Row> guestRows() {
    List<Census.Row> rows = new ArrayList<>();
    for (int i = 0; i < GUEST_SIZES.length; i++) {
      long size = GUEST_SIZES[i];
      rows.add(row("snp-boot", size, "maple", 10 + i, 1000 + i));
      rows.add(row("snp-boot", size, "roaring", 10 + i, 5000 + 7 * i));
      rows.add(row("snp-boot", size, "flat-bitmap", 10 + i, size / Sizes.PAGE / 8));
      rows.add(row("tdx-boot", size, "maple", 99, 123_456));
      rows.add(row("fragment-100", size, "interval", 100, 777));
    }
    rows.add(skipped("snp-boot", 16 * TIB, "maple"));
    return rows;
  }

  @Test
  void guestBytes_oneLinePerBackendOfThatWorkload_xInGiB_logLog_unitsOnAxes() {
    Map<String, Charts.BytesFormula> formulas = new LinkedHashMap<>();
    formulas.put("kernel maple tree (formula)", (size, runs) -> 256.0 * runs + (double) size / GIB);
    XYChart chart = Charts.guestBytes(guestRows(), "snp-boot", formulas);
    assertNotNull(chart);
    assertEquals(
        List.of("flat-bitmap", "maple", "roaring", "kernel maple tree (formula)"),
        List.copyOf(chart.getSeriesMap().keySet()));
    double[] gib = {16, 256, 1024, 4096};
    XYSeries maple = chart.getSeriesMap().get("maple");
    assertArrayEquals(gib, maple.getXData());
    assertArrayEquals(new double[] {1000, 1001, 1002, 1003}, maple.getYData());
    XYSeries formula = chart.getSeriesMap().get("kernel maple tree (formula)");
    assertArrayEquals(gib, formula.getXData());
    assertArrayEquals(
        new double[] {256 * 10 + 16, 256 * 11 + 256, 256 * 12 + 1024, 256 * 13 + 4096},
        formula.getYData());
    assertEquals(SeriesLines.DASH_DASH, formula.getLineStyle());
    assertEquals(SeriesLines.SOLID, maple.getLineStyle());
    assertEquals("guest RAM (GiB)", chart.getXAxisTitle());
    assertEquals("retained bytes (B, JOL)", chart.getYAxisTitle());
    assertTrue(chart.getStyler().isXAxisLogarithmic());
    assertTrue(chart.getStyler().isYAxisLogarithmic());
    assertTrue(chart.getTitle().startsWith("snp-boot: "), chart.getTitle());
    assertTrue(chart.getTitle().endsWith("?"), chart.getTitle());
    for (String backend : List.of("flat-bitmap", "maple", "roaring")) {
      assertEquals(
          BackendColors.color(backend), chart.getSeriesMap().get(backend).getLineColor(), backend);
      assertEquals(
          BackendColors.marker(backend), chart.getSeriesMap().get(backend).getMarker(), backend);
    }
    assertNull(Charts.guestBytes(guestRows(), "no-such-guest", Map.of()));
  }

  @Test
  void guestBytes_realBootTdxRows_drawTheirMeasuredBytes() {
    List<Census.Row> rows = new ArrayList<>();
    for (String backend : List.of("maple", "flat-bitmap")) {
      for (long size : new long[] {GIB, 4 * GIB}) {
        rows.add(Census.row(backend, Workloads.byName("boot-tdx"), size));
      }
    }
    XYChart chart = Charts.guestBytes(rows, "boot-tdx", Map.of());
    assertNotNull(chart);
    assertEquals(Set.of("maple", "flat-bitmap"), chart.getSeriesMap().keySet());
    for (String backend : List.of("maple", "flat-bitmap")) {
      XYSeries series = chart.getSeriesMap().get(backend);
      assertArrayEquals(new double[] {1, 4}, series.getXData(), backend);
      double[] bytes =
          rows.stream()
              .filter(r -> r.backend().equals(backend))
              .mapToDouble(Census.Row::bytes)
              .toArray();
      assertArrayEquals(bytes, series.getYData(), backend);
    }
    // The flat bitmap grows with the guest, 4x from 1 GiB to 4 GiB (plus a constant header).
    double[] flat = chart.getSeriesMap().get("flat-bitmap").getYData();
    assertTrue(flat[1] > 3.9 * flat[0] && flat[1] < 4 * flat[0], flat[0] + " -> " + flat[1]);
  }

  // ---------------------------------------------------------------- fragment family

  private static final long BLOCK = 2 * GIB;

  /**
   * fragment-K on a 2 GiB block (so runs per GiB are half the runs): maple crosses the flat bitmap
   * between 1000 and 10000 runs, interval never does; boot, churn and alternate rows with bytes
   * that would show if drawn, and fragment rows of another size.
   */
  private static List<Census.Row> fragmentRows(long flat) {
    List<Census.Row> rows = new ArrayList<>();
    rows.add(row("fragment-10", BLOCK, "maple", 10, 100));
    rows.add(row("fragment-1000", BLOCK, "maple", 1000, flat / 2));
    rows.add(row("fragment-10000", BLOCK, "maple", 10000, flat * 2));
    rows.add(row("fragment-10", BLOCK, "interval", 10, 50));
    rows.add(row("fragment-1000", BLOCK, "interval", 1000, 60));
    rows.add(row("fragment-10000", BLOCK, "interval", 10000, 70));
    for (String backend : List.of("maple", "interval", "flat-bitmap")) {
      rows.add(row("boot-tdx", BLOCK, backend, 9, 31));
      rows.add(row("churn-1000", BLOCK, backend, 700, 32));
      rows.add(row("alternate", BLOCK, backend, 1 << 18, 33));
      rows.add(row("fragment-1000", GIB, backend, 1000, 34));
    }
    rows.add(row("fragment-10", BLOCK, "flat-bitmap", 10, flat));
    rows.add(row("fragment-10000", BLOCK, "flat-bitmap", 10000, flat));
    rows.add(skipped("fragment-100000", BLOCK, "maple"));
    return rows;
  }

  @Test
  void fragmentBytes_onlyTheFragmentFamilyOfThatSize_breakEvenAtTheAnalysisCrossover() {
    Census.Row any = row("fragment-10", BLOCK, "maple", 10, 100);
    long flat = ReportAnalysis.flatBitmapBytes(any);
    List<Census.Row> rows = fragmentRows(flat);
    List<ReportAnalysis.Crossover> crossovers = ReportAnalysis.of(rows, List.of()).crossovers();
    ReportAnalysis.Crossover maple =
        crossovers.stream()
            .filter(c -> c.backend().equals("maple") && c.regionSize() == BLOCK)
            .findFirst()
            .orElseThrow();
    assertEquals(ReportAnalysis.How.INTERPOLATED, maple.how());

    XYChart chart = Charts.fragmentBytes(rows, crossovers, BLOCK);
    assertNotNull(chart);
    String marker = Charts.breakEvenName(maple);
    assertEquals(
        List.of("interval", "maple", Charts.LEVEL, marker),
        List.copyOf(chart.getSeriesMap().keySet()));
    // Only the fragment points, at runs per GiB of the 2 GiB block.
    XYSeries mapleLine = chart.getSeriesMap().get("maple");
    long half = flat / 2; // as fragmentRows put it
    assertArrayEquals(new double[] {5, 500, 5000}, mapleLine.getXData());
    assertArrayEquals(new double[] {100, half, flat * 2.0}, mapleLine.getYData());
    assertArrayEquals(new double[] {50, 60, 70}, chart.getSeriesMap().get("interval").getYData());
    // The marker: where the analysis says, at the flat bitmap's bytes, in maple's colour.
    XYSeries breakEven = chart.getSeriesMap().get(marker);
    assertArrayEquals(new double[] {maple.runsPerGiB()}, breakEven.getXData());
    assertArrayEquals(new double[] {flat}, breakEven.getYData());
    assertTrue(maple.runsPerGiB() > 500 && maple.runsPerGiB() < 5000, maple.toString());
    assertEquals(BackendColors.color("maple"), breakEven.getMarkerColor());
    assertEquals(BackendColors.BREAK_EVEN_MARKER, breakEven.getMarker());
    assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, breakEven.getXYSeriesRenderStyle());
    assertTrue(marker.startsWith("maple break-even "), marker);
    // The level line spans the drawn runs, in the flat bitmap's colour, dashed.
    XYSeries level = chart.getSeriesMap().get(Charts.LEVEL);
    assertArrayEquals(new double[] {flat, flat}, level.getYData());
    assertArrayEquals(new double[] {5, 5000}, level.getXData());
    assertEquals(BackendColors.color("flat-bitmap"), level.getLineColor());
    assertEquals(SeriesLines.DASH_DASH, level.getLineStyle());

    assertEquals("shared runs per GiB", chart.getXAxisTitle());
    assertEquals("retained bytes (B, JOL)", chart.getYAxisTitle());
    assertTrue(chart.getStyler().isXAxisLogarithmic());
    assertTrue(chart.getStyler().isYAxisLogarithmic());
    assertTrue(chart.getTitle().contains("2 GiB"), chart.getTitle());
    assertNull(Charts.fragmentBytes(rows, crossovers, 64 * GIB));
  }

  @Test
  void fragmentBytes_crossoverOfAnotherSize_isNotMarked() {
    long flat = ReportAnalysis.flatBitmapBytes(row("fragment-10", BLOCK, "maple", 10, 1));
    ReportAnalysis.Crossover elsewhere =
        new ReportAnalysis.Crossover("maple", GIB, 700, ReportAnalysis.How.INTERPOLATED);
    XYChart chart = Charts.fragmentBytes(fragmentRows(flat), List.of(elsewhere), BLOCK);
    assertNotNull(chart);
    assertFalse(chart.getSeriesMap().containsKey(Charts.breakEvenName(elsewhere)));
    assertEquals(3, chart.getSeriesMap().size(), chart.getSeriesMap().keySet().toString());
  }

  // ---------------------------------------------------------------- time relative to flat bitmap

  private static final List<SpeedRuns.Measurement> SPEED =
      List.of(
          ns("isShared(layout=boot-tdx)", "flat-bitmap", 100, 10),
          ns("isShared(layout=boot-tdx)", "maple", 200, 30),
          ns("isShared(layout=boot-tdx)", "roaring", 50, 5),
          ns("splitThenMerge(runs=1000)", "flat-bitmap", 40, 0),
          ns("splitThenMerge(runs=1000)", "maple", 10, 1),
          ns("splitThenMerge(runs=1000)", "roaring", 40, Double.NaN),
          ns("qemuWalkReplay(qemuWalkGiB=1,regionGiB=2)", "flat-bitmap", 1e6, 10),
          ns("qemuWalkReplay(qemuWalkGiB=1,regionGiB=2)", "maple", 1e6, 10),
          ns("qemuWalkReplay(qemuWalkGiB=1,regionGiB=2)", "roaring", 1e6, 10));

  @Test
  void relativeTimes_ratioToFlatBitmap_relativeErrorsInQuadrature() {
    List<Charts.Relative> bars = Charts.relativeTimes(SPEED);
    assertEquals(6, bars.size(), bars.toString());
    // 200 ± 30 over 100 ± 10: 2 x sqrt(0.15^2 + 0.1^2) = 0.36056
    assertRelative(bars.get(0), "isShared(layout=boot-tdx)", "flat-bitmap", 1, 0.1);
    assertRelative(bars.get(1), "isShared(layout=boot-tdx)", "maple", 2, 0.3605551275);
    assertRelative(bars.get(2), "isShared(layout=boot-tdx)", "roaring", 0.5, 0.0707106781);
    assertRelative(bars.get(3), "splitThenMerge(runs=1000)", "flat-bitmap", 1, 0);
    assertRelative(bars.get(4), "splitThenMerge(runs=1000)", "maple", 0.25, 0.025);
    assertEquals(1, bars.get(5).ratio());
    assertTrue(Double.isNaN(bars.get(5).error()), "unknown error stays unknown: " + bars.get(5));
  }

  private static void assertRelative(
      Charts.Relative bar, String operation, String backend, double ratio, double error) {
    assertEquals(operation, bar.operation(), bar.toString());
    assertEquals(backend, bar.backend(), bar.toString());
    assertEquals(ratio, bar.ratio(), 1e-12, bar.toString());
    assertEquals(error, bar.error(), 1e-9, bar.toString());
  }

  @Test
  void relativeTimes_operationTheFlatBitmapDidNotRun_isLeftOut() {
    List<SpeedRuns.Measurement> speed = new ArrayList<>(SPEED);
    speed.add(ns("onlyOthers()", "maple", 5, 1));
    speed.add(ns("onlyOthers()", "roaring", 5, 1));
    assertEquals(Charts.relativeTimes(SPEED), Charts.relativeTimes(speed));
  }

  @Test
  void relativeTime_groupedBars_ofLog10Ratio_withErrorBars_unitsOnAxes() {
    CategoryChart chart = Charts.relativeTime(SPEED);
    assertNotNull(chart);
    assertEquals(
        List.of("flat-bitmap", "maple", "roaring"), List.copyOf(chart.getSeriesMap().keySet()));
    CategorySeries maple = chart.getSeriesMap().get("maple");
    assertEquals(
        List.of("isShared(layout=boot-tdx)", "splitThenMerge(runs=1000)"),
        List.copyOf(maple.getXData()));
    List<Double> heights = maple.getYData().stream().map(Number::doubleValue).toList();
    List<Double> errors = maple.getExtraValues().stream().map(Number::doubleValue).toList();
    // log10(2) and log10(0.25); error bars log10(1 + 0.36056 / 2) and log10(1 + 0.025 / 0.25).
    assertEquals(0.3010299957, heights.get(0), 1e-9);
    assertEquals(-0.6020599913, heights.get(1), 1e-9);
    assertEquals(0.0719841516, errors.get(0), 1e-9);
    assertEquals(0.0413926852, errors.get(1), 1e-9);
    assertEquals(
        List.of(0.0, 0.0),
        chart.getSeriesMap().get("flat-bitmap").getYData().stream()
            .map(Number::doubleValue)
            .toList());
    assertEquals(BackendColors.color("maple"), maple.getFillColor());
    assertEquals(
        "time relative to flat bitmap (×, log scale, lower is faster)", chart.getYAxisTitle());
    assertTrue(chart.getXAxisTitle().startsWith("operation"), chart.getXAxisTitle());
    assertTrue(chart.getTitle().endsWith("(JMH, 99.9% error bars)"), chart.getTitle());
    assertEquals("×2", chart.getStyler().getyAxisTickLabelsFormattingFunction().apply(0.30103));
  }

  @Test
  void timesLabel_readsTheLogarithmAsAFactor() {
    assertEquals("×1", Charts.timesLabel(0));
    assertEquals("×10", Charts.timesLabel(1));
    assertEquals("×100", Charts.timesLabel(2));
    assertEquals("×0.1", Charts.timesLabel(-1));
    assertEquals("×3.2", Charts.timesLabel(0.5));
    assertEquals("×0.25", Charts.timesLabel(Math.log10(0.25)));
  }

  /**
   * Renders a bar of 10x with error 9 and finds its red error bar in the image: its top at 19x
   * (ratio + error), its foot at 10 / 1.9 x (the flat bitmap's, of error 0, is hidden under the
   * line at 1x).
   */
  @Test
  void relativeTime_errorBarIsDrawnFromRatioOverFactorToRatioPlusError() {
    CategoryChart chart =
        Charts.relativeTime(
            List.of(ns("op()", "flat-bitmap", 100, 0), ns("op()", "maple", 1000, 900)));
    assertNotNull(chart);
    BufferedImage image = BitmapEncoder.getBufferedImage(chart);
    int top = Integer.MAX_VALUE;
    int bottom = -1;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (red(image, x, y)) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    assertEquals(chart.getScreenYFromChart(Math.log10(19)), top, 2.5, "top of the error bar");
    assertEquals(
        chart.getScreenYFromChart(Math.log10(10 / 1.9)), bottom, 2.5, "foot of the error bar");
  }

  /** Whether a pixel is the error bars' red (no backend in that test is reddish). */
  private static boolean red(BufferedImage image, int x, int y) {
    Color c = new Color(image.getRGB(x, y));
    return c.getRed() - Math.max(c.getGreen(), c.getBlue()) > 80;
  }

  @Test
  void relativeTime_withoutFlatBitmap_isNotDrawn(@TempDir Path dir) throws IOException {
    List<SpeedRuns.Measurement> noFlat =
        SPEED.stream().filter(m -> !m.backend().equals("flat-bitmap")).toList();
    assertTrue(Charts.relativeTimes(noFlat).isEmpty());
    assertNull(Charts.relativeTime(noFlat));
    assertNull(Charts.writeRelativeTime(noFlat, dir));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  // ---------------------------------------------------------------- one palette, PNG files

  @Test
  void sameBackend_sameColourInEveryChart() {
    List<Census.Row> rows = new ArrayList<>(guestRows());
    long flat = ReportAnalysis.flatBitmapBytes(row("fragment-10", BLOCK, "maple", 10, 1));
    rows.addAll(fragmentRows(flat));
    rows.add(row("fragment-10", BLOCK, "roaring", 10, 40));
    rows.add(row("fragment-1000", BLOCK, "roaring", 1000, 41));
    XYChart guest = Charts.guestBytes(rows, "snp-boot", Map.of());
    XYChart fragment =
        Charts.fragmentBytes(rows, ReportAnalysis.of(rows, List.of()).crossovers(), BLOCK);
    CategoryChart time = Charts.relativeTime(SPEED);
    assertNotNull(guest);
    assertNotNull(fragment);
    assertNotNull(time);
    for (String backend : List.of("maple", "roaring")) {
      assertEquals(BackendColors.color(backend), guest.getSeriesMap().get(backend).getLineColor());
      assertEquals(
          guest.getSeriesMap().get(backend).getLineColor(),
          fragment.getSeriesMap().get(backend).getLineColor(),
          backend);
      assertEquals(
          guest.getSeriesMap().get(backend).getLineColor(),
          time.getSeriesMap().get(backend).getFillColor(),
          backend);
      assertEquals(
          guest.getSeriesMap().get(backend).getMarker(),
          fragment.getSeriesMap().get(backend).getMarker(),
          backend);
    }
    assertEquals(
        guest.getSeriesMap().get("flat-bitmap").getLineColor(),
        time.getSeriesMap().get("flat-bitmap").getFillColor());
  }

  @Test
  void write_savesPngsUnderTheirNames(@TempDir Path dir) throws IOException {
    long flat = ReportAnalysis.flatBitmapBytes(row("fragment-10", BLOCK, "maple", 10, 1));
    List<Census.Row> rows = fragmentRows(flat);
    List<Path> written =
        List.of(
            Charts.writeGuestBytes(guestRows(), "snp-boot", Map.of(), dir),
            Charts.writeFragmentBytes(
                rows, ReportAnalysis.of(rows, List.of()).crossovers(), BLOCK, dir),
            Charts.writeRelativeTime(SPEED, dir));
    assertEquals(
        List.of(
            dir.resolve("bytes-vs-guest-snp-boot.png"),
            dir.resolve("bytes-vs-runs-per-GiB-2GiB.png"),
            dir.resolve("time-relative-to-flat-bitmap.png")),
        written);
    for (Path file : written) {
      byte[] bytes = Files.readAllBytes(file);
      assertTrue(bytes.length > 1000, file.toString());
      assertEquals((byte) 0x89, bytes[0], file.toString());
      assertEquals('P', bytes[1], file.toString());
    }
    assertNull(Charts.writeGuestBytes(guestRows(), "no-such-guest", Map.of(), dir));
  }
}
