/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import io.github.ramattr.evidence.RoaringProvider;
import io.github.ramattr.jmh.GoalCheck.Ratio;
import io.github.ramattr.jmh.GoalCheck.Verdict;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Issue 11's speed goals: every goal benchmark for maple and roaring in one JMH run (so both see
 * the same machine state), with {@code -prof gc}, and the table that decides each goal with {@link
 * GoalCheck}. The benchmark classes' default parameters are the goal shapes:
 *
 * <ul>
 *   <li>{@link SplitMergeBenchmark} and {@link SplitMergeElsewhereBenchmark}: runs 10^3, 10^5, 10^6
 *       on 64 GiB and 1 TiB; maple/roaring at most 1.0x, and maple's allocation at most {@value
 *       #ALLOCATION_GOAL} B/op;
 *   <li>{@link LookupBenchmark}: isShared and isPopulated2MiB on boot-tdx, fragment-10^4 and
 *       fragment-10^6: at most 1.0x;
 *   <li>{@link BulkBenchmark}: privateThenRestore and sharedThenRestore of 1 GiB and of the block
 *       on fragment-10^4: at most 2x; {@link BulkScalingBenchmark}: the same 1 GiB write on 64 GiB,
 *       1 TiB and 16 TiB blocks: at most 2x, and its growth with the block shown;
 *   <li>{@link ReplayBenchmark}: replayPopulated and both run walks on fragment-10^6: at most 1.0x;
 *   <li>{@link FacadeConversionBenchmark}: convertSharedAndBack with the VFIO model: at most 1.0x.
 * </ul>
 */
final class Goals {
  /** The backend under test. */
  static final String MAPLE = "maple";

  /** The baseline. */
  static final String ROARING = RoaringProvider.NAME;

  /** Issue 11 item 6: split+merge in steady state allocates at most this many bytes per op. */
  static final double ALLOCATION_GOAL = 64;

  /** The goal benchmark classes, run with their default parameters. */
  static final List<Class<?>> CLASSES =
      List.of(
          SplitMergeBenchmark.class,
          SplitMergeElsewhereBenchmark.class,
          LookupBenchmark.class,
          BulkBenchmark.class,
          BulkScalingBenchmark.class,
          ReplayBenchmark.class,
          FacadeConversionBenchmark.class);

  /** The goal operations in the order, which the table keeps. */
  static final List<String> OPERATIONS =
      List.of(
          "splitThenMerge",
          "splitThenMergeElsewhere",
          "isShared",
          "isPopulated2MiB",
          "privateThenRestore",
          "sharedThenRestore",
          "privateThenRestoreScaled",
          "sharedThenRestoreScaled",
          "replayPopulated",
          "forEachSharedRun",
          "forEachPrivateRun",
          "convertSharedAndBack");

  private Goals() {}

  /** Position of a label's method in {@link #OPERATIONS}; unknown methods sort last. */
  private static int order(String operation) {
    int at = OPERATIONS.indexOf(operation.substring(0, operation.indexOf('(')));
    return at < 0 ? OPERATIONS.size() : at;
  }

  /**
   * Runs every goal benchmark for maple and roaring in one JMH run with the GC profiler. TINY runs
   * in-process on {@link SpeedRuns#TINY_SHAPES}; the other profiles print JMH's progress.
   *
   * @throws RunnerException if JMH cannot run, or any benchmark threw
   */
  static List<SpeedRuns.Measurement> run(SpeedRuns.Profile profile, boolean doubleWarmup)
      throws RunnerException {
    ChainedOptionsBuilder options =
        SpeedRuns.options(profile, doubleWarmup)
            .param("backend", MAPLE, ROARING)
            .addProfiler(GCProfiler.class);
    for (Class<?> type : CLASSES) {
      options.include(SpeedRuns.include(type));
    }
    Collection<RunResult> results;
    if (profile == SpeedRuns.Profile.TINY) {
      SpeedRuns.TINY_SHAPES.forEach(options::param);
      results = SpeedRuns.runSilently(options.build());
    } else {
      results = new Runner(options.verbosity(VerboseMode.NORMAL).build()).run();
    }
    List<SpeedRuns.Measurement> measurements = new ArrayList<>();
    String standardBlock = String.valueOf(SpeedRuns.blockGiB(profile));
    for (RunResult result : results) {
      measurements.add(SpeedRuns.toMeasurement(result, standardBlock));
    }
    return measurements;
  }

  /** The goal ratio for an operation: 2x for the bulk range writes, 1.0x for everything else. */
  static double goalFor(String operation) {
    return operation.contains("ThenRestore") ? 2.0 : 1.0;
  }

  /**
   * One operation measured on both backends, and its verdict.
   *
   * @param operation the label, e.g. {@code splitThenMerge(runs=1000)}
   * @param maple maple's measurement
   * @param roaring roaring's measurement
   * @param ratio maple over roaring, with its interval
   * @param goal the largest ratio the goal allows
   * @param verdict {@link GoalCheck#verdict(Ratio, double)}
   */
  record Row(
      String operation,
      SpeedRuns.Measurement maple,
      SpeedRuns.Measurement roaring,
      Ratio ratio,
      double goal,
      Verdict verdict) {}

  /**
   * Pairs maple's and roaring's measurements by operation, in the order of operations (as
   * measured within one).
   *
   * @throws IllegalStateException if an operation was measured on only one of them
   */
  static List<Row> rows(List<SpeedRuns.Measurement> measurements) {
    Map<String, Map<String, SpeedRuns.Measurement>> byOperation = new LinkedHashMap<>();
    for (SpeedRuns.Measurement m : measurements) {
      byOperation.computeIfAbsent(m.operation(), o -> new TreeMap<>()).put(m.backend(), m);
    }
    List<Row> rows = new ArrayList<>();
    byOperation.forEach(
        (operation, byBackend) -> {
          SpeedRuns.Measurement maple = byBackend.get(MAPLE);
          SpeedRuns.Measurement roaring = byBackend.get(ROARING);
          if (maple == null || roaring == null) {
            throw new IllegalStateException(
                operation + " measured only for " + byBackend.keySet() + ", not for both");
          }
          Ratio ratio = GoalCheck.ratio(maple.time(), roaring.time());
          double goal = goalFor(operation);
          rows.add(new Row(operation, maple, roaring, ratio, goal, GoalCheck.verdict(ratio, goal)));
        });
    rows.sort(Comparator.comparingInt(r -> order(r.operation())));
    return rows;
  }

  /** GOALS.md: the verdict table, the allocation goal and the growing-block rows. */
  static String markdown(String header, List<SpeedRuns.Measurement> measurements) {
    List<Row> rows = rows(measurements);
    StringBuilder md = new StringBuilder("# Issue 11 goals: maple against RoaringBitmap\n\n");
    md.append(header).append("\n\n");
    md.append(
        "Each figure is JMH's mean with its 99.9% half-interval. The ratio's interval is"
            + " [low(maple) / high(roaring), high(maple) / low(roaring)]. Verdict: met when the"
            + " ratio is at most the goal and the interval's upper end at most 1.1 x the goal;"
            + " missed when the interval's lower end is above the goal; undecided otherwise.\n\n");
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    md.append(
        "| operation | maple ns/op | roaring ns/op | maple/roaring | 99.9% interval | goal |"
            + " verdict |\n|---|---:|---:|---:|---|---:|---|\n");
    for (Row r : rows) {
      counts.merge(r.verdict(), 1, Integer::sum);
      md.append("| ")
          .append(r.operation())
          .append(" | ")
          .append(withError(r.maple().nsPerOp(), r.maple().error()))
          .append(" | ")
          .append(withError(r.roaring().nsPerOp(), r.roaring().error()))
          .append(" | ")
          .append(Report.num(r.ratio().point()))
          .append(" | ")
          .append(interval(r.ratio()))
          .append(String.format(Locale.ROOT, " | <= %.1fx | ", r.goal()))
          .append(r.verdict())
          .append(" |\n");
    }
    md.append('\n');
    appendAllocation(md, rows, counts);
    md.append(
        String.format(
            Locale.ROOT,
            "Summary: %d met, %d missed, %d undecided.\n\n",
            counts.getOrDefault(Verdict.MET, 0),
            counts.getOrDefault(Verdict.MISSED, 0),
            counts.getOrDefault(Verdict.UNDECIDED, 0)));
    appendGrowth(md, measurements);
    return md.toString();
  }

  private static void appendAllocation(StringBuilder md, List<Row> rows, Map<Verdict, Integer> n) {
    md.append("## Allocation per split+merge (`-prof gc`, ").append(SpeedRuns.ALLOC_NORM);
    md.append(")\n\n| operation | maple B/op | roaring B/op | goal | verdict |\n");
    md.append("|---|---:|---:|---:|---|\n");
    for (Row r : rows) {
      if (!r.operation().startsWith("splitThenMerge")) {
        continue;
      }
      String verdict;
      if (Double.isNaN(r.maple().bytesPerOp())) {
        verdict = "not measured";
      } else {
        Verdict v = GoalCheck.atMost(r.maple().allocation(), ALLOCATION_GOAL);
        n.merge(v, 1, Integer::sum);
        verdict = v.toString();
      }
      md.append("| ")
          .append(r.operation())
          .append(" | ")
          .append(withError(r.maple().bytesPerOp(), r.maple().bytesError()))
          .append(" | ")
          .append(withError(r.roaring().bytesPerOp(), r.roaring().bytesError()))
          .append(String.format(Locale.ROOT, " | <= %.0f B/op | ", ALLOCATION_GOAL))
          .append(verdict)
          .append(" |\n");
    }
    md.append('\n');
  }

  /**
   * Per backend and growing-block op: time and allocation at each block size, and the time at the
   * largest block over the smallest with its interval (no verdict: the issue asks to show it).
   */
  private static void appendGrowth(StringBuilder md, List<SpeedRuns.Measurement> measurements) {
    Map<String, TreeMap<Long, SpeedRuns.Measurement>> series = new TreeMap<>();
    for (SpeedRuns.Measurement m : measurements) {
      int at = m.operation().indexOf("scaledBlockGiB=");
      if (at >= 0) {
        String rest = m.operation().substring(at + "scaledBlockGiB=".length());
        long gib = Long.parseLong(rest.replaceAll("[,)].*$", ""));
        String op = m.operation().substring(0, m.operation().indexOf('('));
        series.computeIfAbsent(m.backend() + " " + op, k -> new TreeMap<>()).put(gib, m);
      }
    }
    if (series.isEmpty()) {
      return;
    }
    md.append("## A 1 GiB range write as the block grows (same runs in the range)\n\n");
    md.append(
        "| backend and op | per block size: ns/op, B/op | largest/smallest ns | 99.9% interval"
            + " |\n|---|---|---:|---|\n");
    series.forEach(
        (name, bySize) -> {
          StringBuilder cells = new StringBuilder();
          bySize.forEach(
              (gib, m) ->
                  cells
                      .append(cells.length() == 0 ? "" : "; ")
                      .append(Sizes.format(gib * Sizes.GIB))
                      .append(": ")
                      .append(withError(m.nsPerOp(), m.error()))
                      .append(" ns, ")
                      .append(withError(m.bytesPerOp(), m.bytesError()))
                      .append(" B"));
          Ratio growth =
              GoalCheck.ratio(
                  bySize.lastEntry().getValue().time(), bySize.firstEntry().getValue().time());
          md.append("| ")
              .append(name)
              .append(" | ")
              .append(cells)
              .append(" | ")
              .append(Report.num(growth.point()))
              .append(" | ")
              .append(interval(growth))
              .append(" |\n");
        });
    md.append('\n');
  }

  /** {@code score ± error}, three significant digits, {@code -} for an unknown part. */
  static String withError(double score, double error) {
    return Report.num(score) + " ± " + Report.num(error);
  }

  /** {@code [low, high]} of a ratio, {@code inf} for an open upper end. */
  static String interval(Ratio ratio) {
    return "["
        + Report.num(ratio.low())
        + ", "
        + (Double.isInfinite(ratio.high()) ? "inf" : Report.num(ratio.high()))
        + "]";
  }
}
