/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.evidence.RoaringProvider;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns census rows and JMH measurements into REPORT.md: one table per workload (every size and
 * backend), the crossover against the flat bitmap, the speed table, the split+merge scaling, the
 * multi-source manager against QEMU 11's per-chunk walk, and a recommendation written from the
 * numbers.
 */
final class Report {
  private static final String FLAT = FlatBitmapProvider.NAME;
  private static final String ROARING = RoaringProvider.NAME;

  /**
   * Where a backend's bytes reach the flat bitmap's at one block size.
   *
   * @param backend provider name
   * @param regionSize block size
   * @param runs crossover run count, NaN when unknown
   * @param how "interpolated", "extrapolated", "below the smallest measurement" or "never"
   */
  record Crossover(String backend, long regionSize, double runs, String how) {
    double runsPerGiB() {
      return runs / ((double) regionSize / Sizes.GIB);
    }
  }

  private Report() {}

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

  /** First crossing of the flat bitmap's bytes, on the measured points sorted by runs. */
  static Crossover crossover(String backend, long regionSize, List<Census.Row> points) {
    List<Census.Row> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingLong(Census.Row::runs));
    long pages = regionSize / Sizes.PAGE;
    double flat = FlatBitmapProvider.sizeInBytes(pages);
    double maxRuns = pages / 2.0;
    for (int i = 0; i < sorted.size(); i++) {
      Census.Row p = sorted.get(i);
      if (p.bytes() >= flat) {
        if (i == 0) {
          return new Crossover(
              backend, regionSize, p.runs(), "at or below the smallest measurement");
        }
        Census.Row q = sorted.get(i - 1);
        double r = q.runs() + (flat - q.bytes()) * (p.runs() - q.runs()) / (p.bytes() - q.bytes());
        return new Crossover(backend, regionSize, r, "interpolated");
      }
    }
    if (sorted.size() >= 2) {
      Census.Row q = sorted.get(sorted.size() - 2);
      Census.Row p = sorted.get(sorted.size() - 1);
      double slope = (double) (p.bytes() - q.bytes()) / (p.runs() - q.runs());
      if (slope > 0) {
        double r = p.runs() + (flat - p.bytes()) / slope;
        if (r <= maxRuns) {
          return new Crossover(backend, regionSize, r, "extrapolated");
        }
      }
    }
    return new Crossover(
        backend, regionSize, Double.NaN, "never (stays smaller up to pages/2 runs)");
  }

  /** The REPORT.md text. */
  static String markdown(
      String header,
      List<Census.Row> rows,
      List<SpeedRuns.Measurement> speed,
      List<String> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# ramattr: memory and speed of the shared/private page-state backends\n\n");
    md.append(header).append("\n\n");
    md.append("## Recommendation (derived from the numbers below)\n\n");
    md.append(recommendation(rows, speed)).append("\n\n");
    appendCensus(md, rows);
    appendCrossovers(md, crossovers(rows));
    appendSpeed(md, speed);
    appendMultiSource(md, multiSource(speed));
    if (!charts.isEmpty()) {
      md.append("## Charts\n\n");
      for (String chart : charts) {
        md.append("![").append(chart).append("](").append(chart).append(")\n\n");
      }
    }
    return md.toString();
  }

  private static void appendCensus(StringBuilder md, List<Census.Row> rows) {
    md.append("## Memory census (JOL retained bytes)\n\n");
    md.append(
        "Bytes: the store's whole object graph by JOL `GraphLayout` (`~` marks the store's own"
            + " estimate, used above the JOL run limit). x flat: relative to the flat bitmap of the"
            + " block (pages/8 + headers). x bound: bits held over log2(C(pages, 2 runs)), the bits"
            + " needed to tell apart every state with that many runs; a compressing structure can"
            + " go below 1 on a layout of low entropy (single-page runs cost almost nothing to"
            + " delta-encode).\n\n");
    Map<String, List<Census.Row>> byWorkload =
        rows.stream()
            .collect(
                Collectors.groupingBy(
                    Census.Row::workload, LinkedHashMap::new, Collectors.toList()));
    byWorkload.forEach(
        (workload, list) -> {
          md.append("### ").append(workload).append("\n\n");
          md.append(
              "| size | backend | seed | runs | shared pages | bytes | bytes/run | x flat | x bound"
                  + " |\n");
          md.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
          for (Census.Row r : list) {
            md.append("| ").append(Sizes.format(r.regionSize())).append(" | ").append(r.backend());
            if (!r.measured()) {
              md.append(" | ")
                  .append(r.seed())
                  .append(" | skipped: ")
                  .append(r.skipped())
                  .append(" | | | | | |\n");
              continue;
            }
            md.append(" | ")
                .append(r.seed())
                .append(" | ")
                .append(r.runs())
                .append(" | ")
                .append(r.sharedPages())
                .append(" | ")
                .append(r.byJol() ? "" : "~")
                .append(r.bytes())
                .append(" | ")
                .append(num(r.bytesPerRun()))
                .append(" | ")
                .append(num(r.ratioToFlatBitmap()))
                .append(" | ")
                .append(num(r.ratioToBound()))
                .append(" |\n");
          }
          md.append('\n');
        });
  }

  private static void appendCrossovers(StringBuilder md, List<Crossover> crossovers) {
    md.append("## Crossover: runs per GiB above which the flat bitmap is smaller\n\n");
    md.append(
        "From the fragment-K rows of each backend and size: the first run count where its bytes"
            + " reach the flat bitmap's (linear between measured points, or extrapolated from the"
            + " last two).\n\n");
    md.append(
        "| backend | size | crossover runs | runs per GiB | how |\n|---|---|---:|---:|---|\n");
    for (Crossover c : crossovers) {
      md.append("| ")
          .append(c.backend())
          .append(" | ")
          .append(Sizes.format(c.regionSize()))
          .append(" | ")
          .append(Double.isNaN(c.runs()) ? "-" : num(c.runs()))
          .append(" | ")
          .append(Double.isNaN(c.runs()) ? "-" : num(c.runsPerGiB()))
          .append(" | ")
          .append(c.how())
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void appendSpeed(StringBuilder md, List<SpeedRuns.Measurement> speed) {
    md.append("## Speed (JMH average time, ns/op)\n\n");
    if (speed.isEmpty()) {
      md.append("No JMH runs in this report.\n\n");
      return;
    }
    TreeSet<String> backends =
        speed.stream()
            .map(SpeedRuns.Measurement::backend)
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Map<String, SpeedRuns.Measurement>> byOp = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      byOp.computeIfAbsent(m.operation(), o -> new TreeMap<>()).put(m.backend(), m);
    }
    md.append(
        "Each cell is JMH's mean ± its 99.9% half-interval. A benchmark that fails stops the"
            + " report, so every cell is measured.\n\n");
    md.append("| operation |");
    backends.forEach(b -> md.append(' ').append(b).append(" |"));
    md.append("\n|---|");
    backends.forEach(b -> md.append("---:|"));
    md.append('\n');
    byOp.forEach(
        (op, values) -> {
          md.append("| ").append(op).append(" |");
          backends.forEach(
              b -> {
                SpeedRuns.Measurement m = values.get(b);
                md.append(' ')
                    .append(m == null ? "-" : Goals.withError(m.nsPerOp(), m.error()))
                    .append(" |");
              });
          md.append('\n');
        });
    md.append('\n');
    Map<String, GoalCheck.Ratio> scaling = splitMergeScaling(speed);
    if (!scaling.isEmpty()) {
      md.append("### split+merge: cost at the largest K over the smallest K\n\n");
      md.append(
          "Within 2x: yes when the whole 99.9% interval of the ratio is at most 2, no when it is"
              + " all above 2, undecided when it contains 2.\n\n");
      md.append("| backend | ratio | 99.9% interval | within 2x |\n|---|---:|---|---|\n");
      scaling.forEach(
          (b, ratio) ->
              md.append("| ")
                  .append(b)
                  .append(" | ")
                  .append(num(ratio.point()))
                  .append(" | ")
                  .append(Goals.interval(ratio))
                  .append(" | ")
                  .append(withinTwice(ratio))
                  .append(" |\n"));
      md.append('\n');
    }
  }

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
  record ManagerComparison(
      String comparison,
      String backend,
      GoalCheck.Estimate ramattr,
      GoalCheck.Estimate other,
      GoalCheck.Ratio ratio,
      String target,
      GoalCheck.Verdict verdict) {

    /** Whether the target is met on the whole interval. */
    boolean met() {
      return verdict == GoalCheck.Verdict.MET;
    }
  }

  /** Speedup target of ramattr's manager over QEMU's walk for a replay of the region. */
  static final double REPLAY_SPEEDUP_TARGET = 1000;

  /** Largest allowed cost of a conversion of an attached attribute over a standalone one. */
  static final double ATTACH_PRICE_TARGET = 1.2;

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
   * Pairs the measurements of {@link ManagerReplayBenchmark}, {@link ManagerConversionBenchmark}
   * and {@link AttachBenchmark} by backend and parameters: QEMU's replay walk is scaled by {@code
   * regionGiB / qemuWalkGiB} (its cost is linear in the bytes walked; its error scales with it).
   * Replays first, then conversions, then the price of attaching; each by backend and parameters.
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
                    var qemuOp = find(ops, "qemuWalkReplay(", params, "regionGiB");
                    if (qemuOp.isPresent()) {
                      double scale =
                          Double.parseDouble(params.get("regionGiB"))
                              / Double.parseDouble(
                                  params(qemuOp.get().getKey()).get("qemuWalkGiB"));
                      GoalCheck.Estimate q = qemuOp.get().getValue();
                      replays.add(
                          speedup(
                              "replay of " + params.get("regionGiB") + " GiB, 2 sources",
                              backend,
                              est,
                              new GoalCheck.Estimate(q.score() * scale, q.error() * scale),
                              REPLAY_SPEEDUP_TARGET,
                              ">= " + num(REPLAY_SPEEDUP_TARGET) + "x faster"));
                    }
                  } else if (op.startsWith("managerConvert(")) {
                    var qemuOp = find(ops, "qemuConvert(", params, "regionGiB", "listeners");
                    if (qemuOp.isPresent()) {
                      conversions.add(
                          speedup(
                              "1 GiB conversion, " + params.get("listeners") + " listener(s)",
                              backend,
                              est,
                              qemuOp.get().getValue(),
                              1,
                              "faster"));
                    }
                  } else if (op.startsWith("attachedConvert(")) {
                    var standaloneOp =
                        find(ops, "standaloneConvert(", params, "regionGiB", "conversionMiB");
                    if (standaloneOp.isPresent()) {
                      GoalCheck.Estimate standalone = standaloneOp.get().getValue();
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
                  }
                }));
    List<ManagerComparison> result = new ArrayList<>(replays);
    result.addAll(conversions);
    result.addAll(attaching);
    return result;
  }

  /**
   * The operation of {@code method} whose parameters {@code keys} equal those in {@code params}.
   */
  private static Optional<Map.Entry<String, GoalCheck.Estimate>> find(
      Map<String, GoalCheck.Estimate> ops,
      String method,
      Map<String, String> params,
      String... keys) {
    for (Map.Entry<String, GoalCheck.Estimate> op : ops.entrySet()) {
      if (op.getKey().startsWith(method)) {
        Map<String, String> other = params(op.getKey());
        boolean same = true;
        for (String key : keys) {
          same &= Objects.equals(params.get(key), other.get(key));
        }
        if (same) {
          return Optional.of(op);
        }
      }
    }
    return Optional.empty();
  }

  /** The parameters of an operation label such as {@code m(a=1,b=2)}. */
  private static Map<String, String> params(String operation) {
    Map<String, String> params = new TreeMap<>();
    for (String part : operation.replaceAll("^.*\\(|\\)$", "").split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        params.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return params;
  }

  private static void appendMultiSource(StringBuilder md, List<ManagerComparison> comparisons) {
    if (comparisons.isEmpty()) {
      return;
    }
    md.append("## Multi-source manager against QEMU 11\n\n");
    md.append(
        "ramattr's `MultiSourceDiscardManager` intersects its sources' runs; QEMU 11 walks every"
            + " `min_granularity` chunk and asks every source about each (the benchmarks'"
            + " `QemuMultiSourceManager`). Two attached attributes of 10^3 shared runs each"
            + " (4 KiB and 2 MiB blocks), VFIO-model listeners over the whole region. QEMU's"
            + " replay is timed single-shot on `qemuWalkGiB` and scaled to the region (its cost"
            + " is linear in the bytes). Ratio: QEMU over ramattr (speedup), or attached over"
            + " standalone (the price of attaching).\n\n");
    md.append(
        "| comparison | backend | ramattr ns/op | QEMU or standalone ns/op | ratio (99.9%"
            + " interval) | target | met |\n|---|---|---:|---:|---:|---|---|\n");
    for (ManagerComparison c : comparisons) {
      md.append("| ")
          .append(c.comparison())
          .append(" | ")
          .append(c.backend())
          .append(" | ")
          .append(num(c.ramattr().score()))
          .append(" ± ")
          .append(num(c.ramattr().error()))
          .append(" | ")
          .append(num(c.other().score()))
          .append(" ± ")
          .append(num(c.other().error()))
          .append(" | ")
          .append(num(c.ratio().point()))
          .append(" [")
          .append(num(c.ratio().low()))
          .append(", ")
          .append(num(c.ratio().high()))
          .append("] | ")
          .append(c.target())
          .append(" | ")
          .append(
              switch (c.verdict()) {
                case MET -> "yes";
                case MISSED -> "no";
                case UNDECIDED -> "undecided";
              })
          .append(" |\n");
    }
    md.append('\n');
  }

  /** "yes", "no" or "undecided": {@link GoalCheck#strictly} on "at most 2x". */
  static String withinTwice(GoalCheck.Ratio ratio) {
    return switch (GoalCheck.strictly(ratio, 2)) {
      case MET -> "yes";
      case MISSED -> "no";
      case UNDECIDED -> "undecided";
    };
  }

  /**
   * Per backend: splitThenMerge at the largest runs parameter over that at the smallest, with the
   * ratio's 99.9% interval.
   */
  static Map<String, GoalCheck.Ratio> splitMergeScaling(List<SpeedRuns.Measurement> speed) {
    Map<String, TreeMap<Long, SpeedRuns.Measurement>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      if (m.operation().startsWith("splitThenMerge(")) {
        runsParam(m.operation())
            .ifPresent(
                runs -> byBackend.computeIfAbsent(m.backend(), b -> new TreeMap<>()).put(runs, m));
      }
    }
    Map<String, GoalCheck.Ratio> ratios = new TreeMap<>();
    byBackend.forEach(
        (b, byRuns) -> {
          if (byRuns.size() >= 2) {
            ratios.put(
                b,
                GoalCheck.ratio(
                    byRuns.lastEntry().getValue().time(), byRuns.firstEntry().getValue().time()));
          }
        });
    return ratios;
  }

  private static Optional<Long> runsParam(String operation) {
    return Optional.ofNullable(params(operation).get("runs")).map(Long::parseLong);
  }

  /** The recommendation: every sentence picks its subject from the measured rows. */
  static String recommendation(List<Census.Row> rows, List<SpeedRuns.Measurement> speed) {
    List<String> sentences = new ArrayList<>();
    long largest =
        rows.stream()
            .filter(r -> r.measured() && r.workload().equals("boot-tdx"))
            .mapToLong(Census.Row::regionSize)
            .max()
            .orElse(0);
    if (largest > 0) {
      List<Census.Row> boot =
          rows.stream()
              .filter(
                  r -> r.measured() && r.workload().equals("boot-tdx") && r.regionSize() == largest)
              .sorted(Comparator.comparingLong(Census.Row::bytes))
              .collect(Collectors.toList());
      Census.Row best = boot.get(0);
      sentences.add(
          String.format(
              Locale.ROOT,
              "On a freshly booted TDX guest of %s (boot-tdx, %d runs) the smallest store is %s"
                  + " with %s, %s of the flat bitmap (%s).",
              Sizes.format(largest),
              best.runs(),
              best.backend(),
              Sizes.human(best.bytes()),
              percent(best.ratioToFlatBitmap()),
              Sizes.human(FlatBitmapProvider.sizeInBytes(best.pages()))));
      String ranking =
          boot.stream()
              .map(r -> r.backend() + " " + Sizes.human(r.bytes()))
              .collect(Collectors.joining(", "));
      sentences.add("All backends there, smallest first: " + ranking + ".");
    }
    worstCase(rows).ifPresent(sentences::add);
    List<Crossover> crossovers = crossovers(rows);
    Map<String, List<Crossover>> byBackend =
        crossovers.stream()
            .filter(c -> !Double.isNaN(c.runs()))
            .collect(Collectors.groupingBy(Crossover::backend, TreeMap::new, Collectors.toList()));
    if (!byBackend.isEmpty()) {
      String text =
          byBackend.entrySet().stream()
              .map(
                  e ->
                      e.getKey()
                          + " about "
                          + num(
                              median(
                                  e.getValue().stream()
                                      .mapToDouble(Crossover::runsPerGiB)
                                      .sorted()
                                      .toArray()))
                          + " runs/GiB")
              .collect(Collectors.joining(", "));
      sentences.add(
          "The flat bitmap becomes the smaller structure above (median over sizes): " + text + ".");
    }
    Map<String, GoalCheck.Ratio> scaling = splitMergeScaling(speed);
    if (!scaling.isEmpty()) {
      Map<String, List<String>> byAnswer = new TreeMap<>();
      scaling.forEach(
          (b, r) ->
              byAnswer
                  .computeIfAbsent(withinTwice(r), a -> new ArrayList<>())
                  .add(b + " (" + num(r.point()) + "x, " + Goals.interval(r) + ")"));
      sentences.add(
          "split+merge at the largest K against the smallest K, decided on the 99.9% interval of"
              + " the ratio: within 2x for "
              + String.join(", ", byAnswer.getOrDefault("yes", List.of("none")))
              + "; above 2x for "
              + String.join(", ", byAnswer.getOrDefault("no", List.of("none")))
              + "; undecided (the interval contains 2x) for "
              + String.join(", ", byAnswer.getOrDefault("undecided", List.of("none")))
              + ".");
      fastest(speed, "splitThenMerge(", true).ifPresent(sentences::add);
    }
    fastest(speed, "isShared(", false).ifPresent(sentences::add);
    choice(rows, scaling).ifPresent(sentences::add);
    return String.join(" ", sentences);
  }

  private static Optional<String> worstCase(List<Census.Row> rows) {
    Optional<Census.Row> densest =
        rows.stream()
            .filter(Census.Row::measured)
            .filter(r -> !r.backend().equals(FLAT))
            .max(Comparator.comparingDouble(r -> (double) r.runs() / r.pages()));
    return densest.map(
        d -> {
          List<Census.Row> same =
              rows.stream()
                  .filter(
                      r ->
                          r.measured()
                              && r.workload().equals(d.workload())
                              && r.regionSize() == d.regionSize())
                  .sorted(Comparator.comparingLong(Census.Row::bytes))
                  .collect(Collectors.toList());
          return String.format(
              Locale.ROOT,
              "At the densest fragmentation measured (%s on %s, %d runs) the order is: %s.",
              d.workload(),
              Sizes.format(d.regionSize()),
              d.runs(),
              same.stream()
                  .map(r -> r.backend() + " " + num(r.ratioToFlatBitmap()) + "x flat")
                  .collect(Collectors.joining(", ")));
        });
  }

  private static Optional<String> fastest(
      List<SpeedRuns.Measurement> speed, String prefix, boolean largestRuns) {
    List<SpeedRuns.Measurement> ops =
        speed.stream()
            .filter(m -> m.operation().startsWith(prefix) && Double.isFinite(m.nsPerOp()))
            .collect(Collectors.toList());
    if (ops.isEmpty()) {
      return Optional.empty();
    }
    String op =
        largestRuns
            ? ops.stream()
                .max(Comparator.comparingLong(m -> runsParam(m.operation()).orElse(0L)))
                .get()
                .operation()
            : ops.get(0).operation();
    List<SpeedRuns.Measurement> same =
        ops.stream()
            .filter(m -> m.operation().equals(op))
            .sorted(Comparator.comparingDouble(SpeedRuns.Measurement::nsPerOp))
            .collect(Collectors.toList());
    return Optional.of(
        String.format(
            Locale.ROOT,
            "Fastest %s: %s.",
            op,
            same.stream()
                .map(m -> m.backend() + " " + Goals.withError(m.nsPerOp(), m.error()) + " ns")
                .collect(Collectors.joining(", "))));
  }

  /**
   * The closing choice: among the library's own backends (not the baselines), the one smallest on
   * boot-tdx at the largest size, with its split+merge scaling against the 2x target and its
   * crossover; plus the fastest of them at split+merge when that is another one.
   */
  private static Optional<String> choice(
      List<Census.Row> rows, Map<String, GoalCheck.Ratio> scaling) {
    long largest =
        rows.stream()
            .filter(r -> r.measured() && r.workload().equals("boot-tdx"))
            .mapToLong(Census.Row::regionSize)
            .max()
            .orElse(0);
    Optional<Census.Row> pick =
        rows.stream()
            .filter(
                r -> r.measured() && r.workload().equals("boot-tdx") && r.regionSize() == largest)
            .filter(r -> !r.backend().equals(FLAT) && !r.backend().equals(ROARING))
            .min(Comparator.comparingLong(Census.Row::bytes));
    return pick.map(
        p -> {
          Optional<Crossover> cross =
              crossovers(rows).stream()
                  .filter(c -> c.backend().equals(p.backend()) && !Double.isNaN(c.runs()))
                  .max(Comparator.comparingLong(Crossover::regionSize));
          GoalCheck.Ratio ratio = scaling.get(p.backend());
          return "Recommendation: of the library's own backends, "
              + p.backend()
              + " is the smallest for a booted "
              + Sizes.format(largest)
              + " guest ("
              + Sizes.human(p.bytes())
              + ")"
              + (ratio == null
                  ? ""
                  : "; its split+merge at the largest K costs "
                      + num(ratio.point())
                      + "x that at the smallest K (99.9% interval "
                      + Goals.interval(ratio)
                      + "), "
                      + switch (withinTwice(ratio)) {
                        case "yes" -> "within";
                        case "no" -> "over";
                        default -> "not decidable against";
                      }
                      + " the 2x target")
              + cross
                  .map(
                      c ->
                          "; it costs more than the flat bitmap once a guest keeps more than about "
                              + num(c.runsPerGiB())
                              + " shared runs per GiB (measured on "
                              + Sizes.format(c.regionSize())
                              + ")")
                  .orElse("")
              + ".";
        });
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String percent(double ratio) {
    return ratio < 0.001
        ? String.format(Locale.ROOT, "%.2g%%", 100 * ratio)
        : String.format(Locale.ROOT, "%.3g%%", 100 * ratio);
  }

  /** A number with three significant digits (no exponent below 10^7), "-" for NaN. */
  static String num(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Math.abs(value) >= 1000 && Math.abs(value) < 1e7) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
