/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What REPORT.md decides from the measured rows and nothing else: the crossovers against the flat
 * bitmap, the split+merge scaling and the multi-source comparisons. (The recommendation is {@link
 * Answer}'s, the one place it is computed.) Built by {@link #of}; the renderers in {@code
 * io.github.ramattr.jmh.render} only word it.
 *
 * @param census the census rows, in measuring order
 * @param speed the JMH measurements, each operation measured for every backend
 * @param crossovers where each non-flat backend's bytes reach the flat bitmap's, by backend, size
 * @param splitMergeScaling per backend: split+merge at the largest K over the smallest K (sorted by
 *     backend, as every map here)
 * @param multiSource the multi-source manager against QEMU 11's walk, and the price of attaching
 */
public record ReportAnalysis(
    List<Census.Row> census,
    List<SpeedRuns.Measurement> speed,
    List<Crossover> crossovers,
    Map<String, Scaling> splitMergeScaling,
    List<ManagerComparison> multiSource) {

  private static final String FLAT = FlatBitmapProvider.NAME;

  /** Speedup target of ramattr's manager over QEMU's walk for a replay of the region. */
  public static final double REPLAY_SPEEDUP_TARGET = 1000;

  /** Largest allowed cost of a conversion of an attached attribute over a standalone one. */
  public static final double ATTACH_PRICE_TARGET = 1.2;

  /** The largest split+merge growth from the smallest to the largest K the report accepts. */
  public static final double SPLIT_MERGE_SCALING_TARGET = 2;

  /**
   * Copies every collection, so the analysis cannot change after it is built; the maps sorted by
   * backend.
   */
  public ReportAnalysis {
    census = List.copyOf(census);
    speed = List.copyOf(speed);
    crossovers = List.copyOf(crossovers);
    splitMergeScaling = Collections.unmodifiableSortedMap(new TreeMap<>(splitMergeScaling));
    multiSource = List.copyOf(multiSource);
  }

  /** How a crossover was found. */
  public enum How {
    /** Linear between the last measurement below the flat bitmap and the first at or above it. */
    INTERPOLATED,
    /** Linear from the last two measurements, all below the flat bitmap, within pages/2 runs. */
    EXTRAPOLATED,
    /** Already the smallest measurement reaches the flat bitmap. */
    AT_OR_BELOW_SMALLEST,
    /** The backend stays smaller up to pages/2 runs (or too few points to extrapolate). */
    NEVER
  }

  /**
   * Where a backend's bytes reach the flat bitmap's at one block size.
   *
   * @param backend provider name
   * @param regionSize block size
   * @param runs crossover run count, NaN for {@link How#NEVER}
   * @param how how it was found
   */
  public record Crossover(String backend, long regionSize, double runs, How how) {
    /** The crossover per GiB of block, NaN for {@link How#NEVER}. */
    public double runsPerGiB() {
      return runs / ((double) regionSize / Sizes.GIB);
    }
  }

  /**
   * The split+merge scaling of one backend.
   *
   * @param ratio time at the largest K over time at the smallest K, with its 99.9% interval
   * @param withinTarget {@link GoalCheck#strictly} on "at most {@link #SPLIT_MERGE_SCALING_TARGET}"
   */
  public record Scaling(GoalCheck.Ratio ratio, GoalCheck.Verdict withinTarget) {}

  /**
   * One comparison of the multi-source benchmarks, for one backend.
   *
   * @param comparison what is compared, with the parameters
   * @param backend provider name
   * @param ramattr ramattr's ns per op with its 99.9% error
   * @param other the other side's ns per op with its error: QEMU's walk (scaled to the region for
   *     the replay) or the standalone attribute's conversion
   * @param ratio the figure the target is about, with its interval: QEMU over ramattr (speedup), or
   *     attached over standalone (price of attaching)
   * @param target the target, as text
   * @param verdict met only when the whole interval meets the target, missed when none of it does
   */
  public record ManagerComparison(
      String comparison,
      String backend,
      GoalCheck.Estimate ramattr,
      GoalCheck.Estimate other,
      GoalCheck.Ratio ratio,
      String target,
      GoalCheck.Verdict verdict) {

    /** Whether the target is met on the whole interval. */
    public boolean met() {
      return verdict == GoalCheck.Verdict.MET;
    }
  }

  /**
   * Analyses measured rows.
   *
   * @param census census rows (skipped cells included)
   * @param speed JMH measurements
   * @throws IllegalStateException if an operation was measured for some backends but not all, or
   *     without a finite score, or a multi-source measurement lacks the one it is compared with: a
   *     benchmark that failed must fail the report, not leave a gap in it
   */
  public static ReportAnalysis of(List<Census.Row> census, List<SpeedRuns.Measurement> speed) {
    requireComplete(speed);
    List<Crossover> crossovers = crossovers(census);
    SortedMap<String, Scaling> scaling = splitMergeScaling(speed);
    return new ReportAnalysis(census, speed, crossovers, scaling, multiSource(speed));
  }

  /**
   * Checks that every operation has a finite score for every backend that appears in {@code speed}.
   *
   * @throws IllegalStateException naming the operation and the backends without it
   */
  static void requireComplete(List<SpeedRuns.Measurement> speed) {
    TreeSet<String> backends = new TreeSet<>();
    Map<String, TreeSet<String>> byOperation = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      if (!Double.isFinite(m.nsPerOp())) {
        throw new IllegalStateException(
            m.operation() + " on " + m.backend() + " has no finite score: " + m.nsPerOp());
      }
      backends.add(m.backend());
      byOperation.computeIfAbsent(m.operation(), o -> new TreeSet<>()).add(m.backend());
    }
    byOperation.forEach(
        (operation, measured) -> {
          if (!measured.equals(backends)) {
            TreeSet<String> missing = new TreeSet<>(backends);
            missing.removeAll(measured);
            throw new IllegalStateException(
                operation + " was measured for " + measured + " but not for " + missing);
          }
        });
  }

  /** The crossovers of every non-flat backend at every size with fragment-K measurements. */
  static List<Crossover> crossovers(List<Census.Row> rows) {
    Map<String, Map<Long, List<Census.Row>>> grouped = new TreeMap<>();
    for (Census.Row row : rows) {
      if (row.measured() && row.workload().startsWith("fragment-") && !row.backend().equals(FLAT)) {
        grouped
            .computeIfAbsent(row.backend(), b -> new TreeMap<>())
            .computeIfAbsent(row.regionSize(), s -> new ArrayList<>())
            .add(row);
      }
    }
    List<Crossover> result = new ArrayList<>();
    grouped.forEach(
        (backend, bySize) ->
            bySize.forEach((size, list) -> result.add(crossover(backend, size, list))));
    return result;
  }

  /**
   * First crossing of the flat bitmap's bytes, on the measured points sorted by runs.
   *
   * @param backend provider name
   * @param regionSize the block size of every point
   * @param points measured census rows of that backend and size
   * @throws IllegalArgumentException if there are no points, or one is of another size or not
   *     measured
   */
  public static Crossover crossover(String backend, long regionSize, List<Census.Row> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "no points for " + backend + " on " + Sizes.format(regionSize));
    }
    for (Census.Row p : points) {
      if (!p.measured() || p.regionSize() != regionSize) {
        throw new IllegalArgumentException(
            "point " + p + " is not a measurement on " + Sizes.format(regionSize));
      }
    }
    List<Census.Row> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingLong(Census.Row::runs));
    double flat = flatBitmapBytes(sorted.get(0));
    long pages = regionSize / Sizes.PAGE;
    double maxRuns = pages / 2.0;
    for (int i = 0; i < sorted.size(); i++) {
      Census.Row p = sorted.get(i);
      if (p.bytes() >= flat) {
        if (i == 0) {
          return new Crossover(backend, regionSize, p.runs(), How.AT_OR_BELOW_SMALLEST);
        }
        Census.Row q = sorted.get(i - 1);
        double r = q.runs() + (flat - q.bytes()) * (p.runs() - q.runs()) / (p.bytes() - q.bytes());
        return new Crossover(backend, regionSize, r, How.INTERPOLATED);
      }
    }
    if (sorted.size() >= 2) {
      Census.Row q = sorted.get(sorted.size() - 2);
      Census.Row p = sorted.get(sorted.size() - 1);
      double slope = (double) (p.bytes() - q.bytes()) / (p.runs() - q.runs());
      if (slope > 0) {
        double r = p.runs() + (flat - p.bytes()) / slope;
        if (r <= maxRuns) {
          return new Crossover(backend, regionSize, r, How.EXTRAPOLATED);
        }
      }
    }
    return new Crossover(backend, regionSize, Double.NaN, How.NEVER);
  }

  /**
   * The flat bitmap's bytes for the block of a row: {@link FlatBitmapProvider#sizeInBytes} of its
   * pages, the one formula the census's ratio uses too.
   */
  public static long flatBitmapBytes(Census.Row row) {
    return FlatBitmapProvider.sizeInBytes(row.regionSize() / Sizes.PAGE);
  }

  /**
   * Per backend: splitThenMerge at the largest runs parameter over that at the smallest, with the
   * ratio's 99.9% interval and its verdict against {@link #SPLIT_MERGE_SCALING_TARGET}.
   */
  static SortedMap<String, Scaling> splitMergeScaling(List<SpeedRuns.Measurement> speed) {
    Map<String, TreeMap<Long, SpeedRuns.Measurement>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      if (m.operation().startsWith("splitThenMerge(")) {
        runsParam(m.operation())
            .ifPresent(
                runs -> byBackend.computeIfAbsent(m.backend(), b -> new TreeMap<>()).put(runs, m));
      }
    }
    SortedMap<String, Scaling> result = new TreeMap<>();
    byBackend.forEach(
        (b, byRuns) -> {
          if (byRuns.size() >= 2) {
            GoalCheck.Ratio ratio =
                GoalCheck.ratio(
                    byRuns.lastEntry().getValue().time(), byRuns.firstEntry().getValue().time());
            result.put(
                b, new Scaling(ratio, GoalCheck.strictly(ratio, SPLIT_MERGE_SCALING_TARGET)));
          }
        });
    return result;
  }

  /**
   * A speedup {@code slow / fast} with its interval, judged against "at least {@code target}x": the
   * verdict is that of {@code fast / slow <= 1 / target} on the whole interval.
   */
  private static ManagerComparison speedup(
      String comparison,
      String backend,
      GoalCheck.Estimate fast,
      GoalCheck.Estimate slow,
      double target,
      String targetText) {
    GoalCheck.Ratio cost = GoalCheck.ratio(fast, slow);
    GoalCheck.Ratio speedup =
        new GoalCheck.Ratio(1 / cost.point(), 1 / cost.high(), 1 / cost.low());
    return new ManagerComparison(
        comparison, backend, fast, slow, speedup, targetText, GoalCheck.strictly(cost, 1 / target));
  }

  /**
   * Pairs the measurements of {@code ManagerReplayBenchmark}, {@code ManagerConversionBenchmark}
   * and {@code AttachBenchmark} by backend and parameters: QEMU's replay walk is scaled by {@code
   * regionGiB / qemuWalkGiB} (its cost is linear in the bytes walked; its error scales with it).
   * Replays first, then conversions, then the price of attaching; each by backend and parameters.
   *
   * @throws IllegalStateException if a ramattr measurement has no counterpart to compare with
   */
  static List<ManagerComparison> multiSource(List<SpeedRuns.Measurement> speed) {
    Map<String, Map<String, GoalCheck.Estimate>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      byBackend.computeIfAbsent(m.backend(), b -> new TreeMap<>()).put(m.operation(), m.time());
    }
    List<ManagerComparison> replays = new ArrayList<>();
    List<ManagerComparison> conversions = new ArrayList<>();
    List<ManagerComparison> attaching = new ArrayList<>();
    byBackend.forEach(
        (backend, ops) ->
            ops.forEach(
                (op, est) -> {
                  Map<String, String> params = params(op);
                  if (op.startsWith("managerReplay(")) {
                    var qemuOp = counterpart(backend, op, ops, "qemuWalkReplay(", "regionGiB");
                    double scale =
                        Double.parseDouble(params.get("regionGiB"))
                            / Double.parseDouble(params(qemuOp.getKey()).get("qemuWalkGiB"));
                    GoalCheck.Estimate q = qemuOp.getValue();
                    replays.add(
                        speedup(
                            "replay of " + params.get("regionGiB") + " GiB, 2 sources",
                            backend,
                            est,
                            new GoalCheck.Estimate(q.score() * scale, q.error() * scale),
                            REPLAY_SPEEDUP_TARGET,
                            String.format(Locale.ROOT, ">= %.0fx faster", REPLAY_SPEEDUP_TARGET)));
                  } else if (op.startsWith("managerConvert(")) {
                    var qemuOp =
                        counterpart(backend, op, ops, "qemuConvert(", "regionGiB", "listeners");
                    conversions.add(
                        speedup(
                            "1 GiB conversion, " + params.get("listeners") + " listener(s)",
                            backend,
                            est,
                            qemuOp.getValue(),
                            1,
                            "faster"));
                  } else if (op.startsWith("attachedConvert(")) {
                    GoalCheck.Estimate standalone =
                        counterpart(
                                backend,
                                op,
                                ops,
                                "standaloneConvert(",
                                "regionGiB",
                                "conversionMiB")
                            .getValue();
                    GoalCheck.Ratio price = GoalCheck.ratio(est, standalone);
                    attaching.add(
                        new ManagerComparison(
                            "attached vs standalone, "
                                + params.get("conversionMiB")
                                + " MiB conversion",
                            backend,
                            est,
                            standalone,
                            price,
                            "<= " + ATTACH_PRICE_TARGET + "x",
                            GoalCheck.strictly(price, ATTACH_PRICE_TARGET)));
                  }
                }));
    List<ManagerComparison> result = new ArrayList<>(replays);
    result.addAll(conversions);
    result.addAll(attaching);
    return result;
  }

  /**
   * The operation of {@code method} whose parameters {@code keys} equal those of {@code op}.
   *
   * @throws IllegalStateException if there is none
   */
  private static Map.Entry<String, GoalCheck.Estimate> counterpart(
      String backend,
      String op,
      Map<String, GoalCheck.Estimate> ops,
      String method,
      String... keys) {
    Map<String, String> params = params(op);
    for (Map.Entry<String, GoalCheck.Estimate> other : ops.entrySet()) {
      if (other.getKey().startsWith(method)) {
        Map<String, String> otherParams = params(other.getKey());
        boolean same = true;
        for (String key : keys) {
          same &= Objects.equals(params.get(key), otherParams.get(key));
        }
        if (same) {
          return other;
        }
      }
    }
    throw new IllegalStateException(
        op
            + " on "
            + backend
            + " has no "
            + method
            + "...) measurement with the same "
            + String.join(", ", keys)
            + " to compare with");
  }

  /** The parameters of an operation label such as {@code m(a=1,b=2)}. */
  static Map<String, String> params(String operation) {
    Map<String, String> params = new TreeMap<>();
    for (String part : operation.replaceAll("^.*\\(|\\)$", "").split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        params.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return params;
  }

  /** The {@code runs} parameter of an operation label, if it has one. */
  static Optional<Long> runsParam(String operation) {
    return Optional.ofNullable(params(operation).get("runs")).map(Long::parseLong);
  }
}
