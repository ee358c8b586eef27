/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.evidence.RoaringProvider;
import io.github.ramattr.jmh.bench.BulkBenchmark;
import io.github.ramattr.jmh.bench.BulkScalingBenchmark;
import io.github.ramattr.jmh.bench.FacadeConversionBenchmark;
import io.github.ramattr.jmh.bench.LookupBenchmark;
import io.github.ramattr.jmh.bench.ReplayBenchmark;
import io.github.ramattr.jmh.bench.SplitMergeBenchmark;
import io.github.ramattr.jmh.bench.SplitMergeElsewhereBenchmark;
import io.github.ramattr.jmh.report.GoalCheck.Ratio;
import io.github.ramattr.jmh.report.GoalCheck.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * maple's speed goals (docs/maple-goals.md): every goal benchmark for maple and roaring in one JMH
 * run (so both see the same machine state), with {@code -prof gc}, and the table that decides each
 * goal with {@link GoalCheck}. The benchmark classes' default parameters are the goal shapes:
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
public final class Goals {
  /** The backend under test. */
  public static final String MAPLE = "maple";

  /** The baseline. */
  public static final String ROARING = RoaringProvider.NAME;

  /** The allocation goal: split+merge in steady state allocates at most this many bytes per op. */
  public static final double ALLOCATION_GOAL = 64;

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

  /** The goal operations in docs/maple-goals.md's order, which the table keeps. */
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
  public static List<SpeedRuns.Measurement> run(SpeedRuns.Profile profile, boolean doubleWarmup)
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
  public record Row(
      String operation,
      SpeedRuns.Measurement maple,
      SpeedRuns.Measurement roaring,
      Ratio ratio,
      double goal,
      Verdict verdict) {}

  /**
   * Pairs maple's and roaring's measurements by operation, in docs/maple-goals.md's order of
   * operations (as measured within one).
   *
   * @throws IllegalStateException if an operation was measured on only one of them
   */
  public static List<Row> rows(List<SpeedRuns.Measurement> measurements) {
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

  /**
   * The verdict on {@link #ALLOCATION_GOAL} for one split+merge row: empty when maple's allocation
   * was not measured (no {@code -prof gc}).
   */
  public static Optional<Verdict> allocationVerdict(Row row) {
    if (Double.isNaN(row.maple().bytesPerOp())) {
      return Optional.empty();
    }
    return Optional.of(GoalCheck.atMost(row.maple().allocation(), ALLOCATION_GOAL));
  }

  /**
   * One growing-block operation of one backend: time and allocation at each block size, and the
   * time at the largest block over the smallest with its interval (no verdict: the goal is to show
   * it).
   *
   * @param name backend and method, e.g. {@code maple privateThenRestoreScaled}
   * @param bySize the measurement at each block size in GiB, ascending
   * @param growth the time at the largest block over that at the smallest
   */
  public record Growth(
      String name, NavigableMap<Long, SpeedRuns.Measurement> bySize, Ratio growth) {
    /** Copies the map. */
    public Growth {
      bySize = Collections.unmodifiableNavigableMap(new TreeMap<>(bySize));
    }
  }

  /** The growing-block series ({@code scaledBlockGiB} parameter), by backend and method. */
  public static List<Growth> growth(List<SpeedRuns.Measurement> measurements) {
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
    List<Growth> result = new ArrayList<>();
    series.forEach(
        (name, bySize) ->
            result.add(
                new Growth(
                    name,
                    bySize,
                    GoalCheck.ratio(
                        bySize.lastEntry().getValue().time(),
                        bySize.firstEntry().getValue().time()))));
    return result;
  }
}
