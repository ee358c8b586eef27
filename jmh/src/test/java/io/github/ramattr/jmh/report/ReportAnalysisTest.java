/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.jmh.report.ReportAnalysis.Crossover;
import io.github.ramattr.jmh.report.ReportAnalysis.How;
import io.github.ramattr.jmh.report.ReportAnalysis.ManagerComparison;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's analysis on synthetic rows, whose answers are known by construction: the crossover's
 * four branches, the recommendation's subjects changing with the rows, the multi-source pairing,
 * and the refusal of incomplete measurements (a failed benchmark must not become a gap).
 */
class ReportAnalysisTest {
  private static final long GIB = Sizes.GIB;

  /** The flat bitmap of 1 GiB, from the baseline store itself. */
  private static final long FLAT =
      SharedStateStores.create(FlatBitmapProvider.NAME, GIB / Sizes.PAGE).estimatedSizeInBytes();

  private static Census.Row row(
      String workload, long regionSize, String backend, long runs, long bytes) {
    return new Census.Row(
        workload, regionSize, backend, 0, runs, runs, bytes, true, bytes, 0, null);
  }

  /** A census point of backend "x" at 1 GiB. */
  private static Census.Row point(String workload, long runs, long bytes) {
    return row(workload, GIB, "x", runs, bytes);
  }

  /** The crossover of backend "x" at 1 GiB over {@code points}, in any order. */
  private static Crossover crossoverOfX(Census.Row... points) {
    return ReportAnalysis.crossover("x", GIB, List.of(points));
  }

  private static SpeedRuns.Measurement ns(String operation, String backend, double ns, double err) {
    return new SpeedRuns.Measurement(operation, backend, ns, err, Double.NaN, Double.NaN);
  }

  // ---------------------------------------------------------------- crossover

  @Test
  void flatBitmapBytes_isTheBaselineStoresSize() {
    assertEquals(FLAT, ReportAnalysis.flatBitmapBytes(row("boot-tdx", GIB, "x", 9, 123)));
    long bigger = 64 * GIB;
    assertEquals(
        SharedStateStores.create(FlatBitmapProvider.NAME, bigger / Sizes.PAGE)
            .estimatedSizeInBytes(),
        ReportAnalysis.flatBitmapBytes(row("boot-tdx", bigger, "x", 9, 123)));
  }

  @Test
  void crossover_interpolatesBetweenMeasuredPoints() {
    Census.Row below = point("fragment-a", 1000, FLAT / 2);
    Census.Row above = point("fragment-b", 3000, FLAT * 3 / 2);
    Crossover c = crossoverOfX(above, below);
    assertEquals(How.INTERPOLATED, c.how());
    assertEquals(2000, c.runs(), 1);
    assertEquals(2000, c.runsPerGiB(), 1);
  }

  @Test
  void crossover_allBelow_extrapolatesFromTheLastTwo() {
    // F/4 at 1000 runs, F/2 at 2000: F/4 per 1000 runs, so F at 4000 (below pages/2 = 131072).
    Crossover c =
        crossoverOfX(
            point("fragment-a", 10, FLAT / 8),
            point("fragment-b", 1000, FLAT / 4),
            point("fragment-c", 2000, FLAT / 2));
    assertEquals(How.EXTRAPOLATED, c.how());
    assertEquals(4000, c.runs(), 1);
  }

  @Test
  void crossover_neverWhenTheLineStaysBelowUpToHalfThePages() {
    // 10 bytes per 1000 runs from F/4: F lies some 2.4 million runs away, beyond pages/2.
    Crossover flatSlope =
        crossoverOfX(point("fragment-a", 1000, FLAT / 4), point("fragment-b", 2000, FLAT / 4 + 10));
    assertEquals(How.NEVER, flatSlope.how());
    assertTrue(Double.isNaN(flatSlope.runs()), flatSlope.toString());
    assertTrue(Double.isNaN(flatSlope.runsPerGiB()), flatSlope.toString());
    // Shrinking with more runs, and a single point: nothing to extrapolate either.
    assertEquals(
        How.NEVER,
        crossoverOfX(point("fragment-a", 1000, FLAT / 2), point("fragment-b", 2000, FLAT / 4))
            .how());
    assertEquals(How.NEVER, crossoverOfX(point("fragment-a", 1000, FLAT / 2)).how());
  }

  @Test
  void crossover_smallestPointAlreadyAbove() {
    Crossover c = crossoverOfX(point("fragment-b", 3000, 3 * FLAT), point("fragment-a", 100, FLAT));
    assertEquals(How.AT_OR_BELOW_SMALLEST, c.how());
    assertEquals(100, c.runs());
  }

  @Test
  void crossover_rejectsPointsOfAnotherSize() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReportAnalysis.crossover(
                    "x", GIB, List.of(row("fragment-a", 2 * GIB, "x", 1000, FLAT))));
    assertTrue(e.getMessage().contains("1 GiB"), e.getMessage());
  }

  // ---------------------------------------------------------------- recommendation

  /**
   * boot-tdx at 1 GiB and 64 GiB (the analysis must read the larger one), fragment rows at 1 GiB
   * for the crossovers, and split+merge at two K for maple and interval.
   */
  private static List<Census.Row> census(long maple64, long interval64, long roaring64) {
    List<Census.Row> rows = new ArrayList<>();
    // At 1 GiB interval is the smallest of all: a wrong size would pick it.
    rows.add(row("boot-tdx", GIB, "maple", 9, 900));
    rows.add(row("boot-tdx", GIB, "interval", 9, 50));
    rows.add(row("boot-tdx", GIB, "roaring", 9, 800));
    rows.add(row("boot-tdx", GIB, "flat-bitmap", 9, FLAT));
    rows.add(row("boot-tdx", 64 * GIB, "maple", 11, maple64));
    rows.add(row("boot-tdx", 64 * GIB, "interval", 11, interval64));
    rows.add(row("boot-tdx", 64 * GIB, "roaring", 11, roaring64));
    rows.add(row("boot-tdx", 64 * GIB, "flat-bitmap", 11, 64 * FLAT));
    rows.add(row("fragment-1000", GIB, "maple", 1000, FLAT / 4));
    rows.add(row("fragment-10000", GIB, "maple", 10000, FLAT * 2));
    rows.add(row("fragment-1000", GIB, "interval", 1000, FLAT / 2));
    rows.add(row("fragment-10000", GIB, "interval", 10000, FLAT * 8));
    rows.add(row("fragment-10000", GIB, "flat-bitmap", 10000, FLAT));
    return rows;
  }

  private static final List<SpeedRuns.Measurement> SPLIT_MERGE =
      List.of(
          ns("splitThenMerge(runs=1000)", "maple", 100, 0),
          ns("splitThenMerge(runs=1000000)", "maple", 150, 0),
          ns("splitThenMerge(runs=1000)", "interval", 100, 0),
          ns("splitThenMerge(runs=1000000)", "interval", 300, 0));

  @Test
  void of_crossoversAndScaling_fromTheSameRows_bootRowsIgnored() {
    ReportAnalysis a = ReportAnalysis.of(census(100, 200, 150), SPLIT_MERGE);
    Crossover maples =
        a.crossovers().stream().filter(c -> c.backend().equals("maple")).findFirst().orElseThrow();
    assertEquals(GIB, maples.regionSize());
    assertEquals(How.INTERPOLATED, maples.how());
    // F/4 at 1000 runs, 2F at 10000: F at 1000 + 9000 * (3/4) / (7/4) = 4857.
    assertEquals(1000 + 9000 * 3.0 / 7, maples.runs(), 1);
    assertEquals(
        List.of("interval", "maple"), a.crossovers().stream().map(Crossover::backend).toList());
    assertEquals(1.5, a.splitMergeScaling().get("maple").ratio().point(), 1e-12);
    assertEquals(GoalCheck.Verdict.MET, a.splitMergeScaling().get("maple").withinTarget());
    assertEquals(3, a.splitMergeScaling().get("interval").ratio().point(), 1e-12);
    assertEquals(GoalCheck.Verdict.MISSED, a.splitMergeScaling().get("interval").withinTarget());
    // The same rows with another winner give other figures: not a constant.
    ReportAnalysis b = ReportAnalysis.of(census(300, 200, 150), SPLIT_MERGE);
    assertEquals(a.crossovers(), b.crossovers(), "boot rows do not enter the crossovers");
  }

  // ---------------------------------------------------------------- a failed benchmark fails

  @Test
  void of_operationMissingForOneBackend_fails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ReportAnalysis.of(
                    List.of(),
                    List.of(
                        ns("isShared(layout=boot-tdx)", "maple", 30, 1),
                        ns("isShared(layout=boot-tdx)", "roaring", 20, 1),
                        ns("replayPopulated(layout=boot-tdx)", "maple", 30, 1))));
    assertTrue(e.getMessage().contains("replayPopulated(layout=boot-tdx)"), e.getMessage());
    assertTrue(e.getMessage().contains("not for [roaring]"), e.getMessage());
  }

  @Test
  void of_scoreNotFinite_fails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ReportAnalysis.of(
                    List.of(), List.of(ns("isShared(layout=boot-tdx)", "maple", Double.NaN, 1))));
    assertTrue(e.getMessage().contains("maple"), e.getMessage());
  }

  @Test
  void multiSource_withoutItsCounterpart_fails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ReportAnalysis.of(
                    List.of(),
                    List.of(ns("managerConvert(listeners=4,regionGiB=16)", "m", 100, 0))));
    assertTrue(e.getMessage().contains("qemuConvert("), e.getMessage());
  }

  // ---------------------------------------------------------------- multi-source

  @Test
  void multiSource_scalesQemuWalkToTheRegion_andPairsByParameters() {
    List<SpeedRuns.Measurement> speed =
        List.of(
            ns("managerReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 1e6, 0),
            ns("qemuWalkReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 2e7, 0),
            ns("managerConvert(listeners=4,regionGiB=16)", "m", 100, 0),
            ns("qemuConvert(listeners=1,regionGiB=16)", "m", 50, 0),
            ns("qemuConvert(listeners=4,regionGiB=16)", "m", 400, 0),
            ns("attachedConvert(conversionMiB=2,regionGiB=16)", "m", 130, 0),
            ns("standaloneConvert(conversionMiB=2,regionGiB=16)", "m", 100, 0));
    List<ManagerComparison> rows = ReportAnalysis.multiSource(speed);
    assertEquals(3, rows.size(), rows.toString());
    // QEMU walked 16 GiB of 1024: x64, so 1.28e9 ns against 1e6 ns.
    assertEquals(1280, rows.get(0).ratio().point(), 1e-9);
    assertTrue(rows.get(0).met());
    assertEquals(4, rows.get(1).ratio().point(), 1e-9, "paired with listeners=4, not 1");
    assertEquals(1.3, rows.get(2).ratio().point(), 1e-9);
    assertFalse(rows.get(2).met(), "1.3x is over the 1.2x target");
  }

  @Test
  void multiSource_verdictsUseTheWholeInterval() {
    // Speedup 1280x at the points, but ramattr's error lets it fall to 1280 / 1.5 = 853x:
    // undecided. The attach price 1.1x with errors reaching 1.1 * 1.2 / 0.9 > 1.2: undecided.
    List<ManagerComparison> rows =
        ReportAnalysis.multiSource(
            List.of(
                ns("managerReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 1e6, 5e5),
                ns("qemuWalkReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 2e7, 0),
                ns("attachedConvert(conversionMiB=2,regionGiB=16)", "m", 110, 20),
                ns("standaloneConvert(conversionMiB=2,regionGiB=16)", "m", 100, 10)));
    assertEquals(2, rows.size(), rows.toString());
    assertEquals(GoalCheck.Verdict.UNDECIDED, rows.get(0).verdict(), rows.get(0).toString());
    assertEquals(1280 / 1.5, rows.get(0).ratio().low(), 1e-6);
    assertEquals(GoalCheck.Verdict.UNDECIDED, rows.get(1).verdict(), rows.get(1).toString());
    // Without the errors both are decided: 1280x met, 1.1x met.
    List<ManagerComparison> exact =
        ReportAnalysis.multiSource(
            List.of(
                ns("managerReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 1e6, 0),
                ns("qemuWalkReplay(qemuWalkGiB=16,regionGiB=1024)", "m", 2e7, 0),
                ns("attachedConvert(conversionMiB=2,regionGiB=16)", "m", 110, 0),
                ns("standaloneConvert(conversionMiB=2,regionGiB=16)", "m", 100, 0)));
    assertTrue(exact.get(0).met() && exact.get(1).met(), exact.toString());
  }
}
