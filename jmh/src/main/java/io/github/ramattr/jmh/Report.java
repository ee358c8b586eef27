/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

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
    double flat = FlatBitmapStore.sizeInBytes(pages);
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
    Map<String, Map<String, Double>> byOp = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      byOp.computeIfAbsent(m.operation(), o -> new TreeMap<>()).put(m.backend(), m.nsPerOp());
    }
    md.append("| operation |");
    backends.forEach(b -> md.append(' ').append(b).append(" |"));
    md.append("\n|---|");
    backends.forEach(b -> md.append("---:|"));
    md.append('\n');
    byOp.forEach(
        (op, values) -> {
          md.append("| ").append(op).append(" |");
          backends.forEach(
              b ->
                  md.append(' ')
                      .append(values.containsKey(b) ? num(values.get(b)) : "-")
                      .append(" |"));
          md.append('\n');
        });
    md.append('\n');
    Map<String, Double> scaling = splitMergeScaling(speed);
    if (!scaling.isEmpty()) {
      md.append("### split+merge: cost at the largest K over the smallest K\n\n");
      md.append("| backend | ratio | within 2x |\n|---|---:|---|\n");
      scaling.forEach(
          (b, ratio) ->
              md.append("| ")
                  .append(b)
                  .append(" | ")
                  .append(num(ratio))
                  .append(" | ")
                  .append(ratio <= 2 ? "yes" : "no")
                  .append(" |\n"));
      md.append('\n');
    }
  }

  /**
   * One comparison of the multi-source benchmarks, for one backend.
   *
   * @param comparison what is compared, with the parameters
   * @param backend provider name
   * @param ramattrNs ramattr's ns per op
   * @param otherNs the other side's ns per op: QEMU's walk (scaled to the region for the replay) or
   *     the standalone attribute's conversion
   * @param ratio the figure the target is about: QEMU over ramattr (speedup), or attached over
   *     standalone (price of attaching)
   * @param target the target, as text
   * @param met whether the ratio meets it
   */
  record ManagerComparison(
      String comparison,
      String backend,
      double ramattrNs,
      double otherNs,
      double ratio,
      String target,
      boolean met) {}

  /** Speedup target of ramattr's manager over QEMU's walk for a replay of the region. */
  static final double REPLAY_SPEEDUP_TARGET = 1000;

  /** Largest allowed cost of a conversion of an attached attribute over a standalone one. */
  static final double ATTACH_PRICE_TARGET = 1.2;

  /**
   * Pairs the measurements of {@link ManagerReplayBenchmark}, {@link ManagerConversionBenchmark}
   * and {@link AttachBenchmark} by backend and parameters: QEMU's replay walk is scaled by {@code
   * regionGiB / qemuWalkGiB} (its cost is linear in the bytes walked). Replays first, then
   * conversions, then the price of attaching; each by backend and parameters.
   */
  static List<ManagerComparison> multiSource(List<SpeedRuns.Measurement> speed) {
    Map<String, Map<String, Double>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      byBackend.computeIfAbsent(m.backend(), b -> new TreeMap<>()).put(m.operation(), m.nsPerOp());
    }
    List<ManagerComparison> replays = new ArrayList<>();
    List<ManagerComparison> conversions = new ArrayList<>();
    List<ManagerComparison> attaching = new ArrayList<>();
    byBackend.forEach(
        (backend, ops) ->
            ops.forEach(
                (op, ns) -> {
                  Map<String, String> params = params(op);
                  if (op.startsWith("managerReplay(")) {
                    var qemuOp = find(ops, "qemuWalkReplay(", params, "regionGiB");
                    if (qemuOp.isPresent()) {
                      double scale =
                          Double.parseDouble(params.get("regionGiB"))
                              / Double.parseDouble(
                                  params(qemuOp.get().getKey()).get("qemuWalkGiB"));
                      double qemu = qemuOp.get().getValue() * scale;
                      replays.add(
                          new ManagerComparison(
                              "replay of " + params.get("regionGiB") + " GiB, 2 sources",
                              backend,
                              ns,
                              qemu,
                              qemu / ns,
                              ">= " + num(REPLAY_SPEEDUP_TARGET) + "x faster",
                              qemu / ns >= REPLAY_SPEEDUP_TARGET));
                    }
                  } else if (op.startsWith("managerConvert(")) {
                    var qemuOp = find(ops, "qemuConvert(", params, "regionGiB", "listeners");
                    if (qemuOp.isPresent()) {
                      double qemu = qemuOp.get().getValue();
                      conversions.add(
                          new ManagerComparison(
                              "1 GiB conversion, " + params.get("listeners") + " listener(s)",
                              backend,
                              ns,
                              qemu,
                              qemu / ns,
                              "faster",
                              qemu > ns));
                    }
                  } else if (op.startsWith("attachedConvert(")) {
                    var standaloneOp =
                        find(ops, "standaloneConvert(", params, "regionGiB", "conversionMiB");
                    if (standaloneOp.isPresent()) {
                      double standalone = standaloneOp.get().getValue();
                      attaching.add(
                          new ManagerComparison(
                              "attached vs standalone, "
                                  + params.get("conversionMiB")
                                  + " MiB conversion",
                              backend,
                              ns,
                              standalone,
                              ns / standalone,
                              "<= " + ATTACH_PRICE_TARGET + "x",
                              ns / standalone <= ATTACH_PRICE_TARGET));
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
  private static Optional<Map.Entry<String, Double>> find(
      Map<String, Double> ops, String method, Map<String, String> params, String... keys) {
    for (Map.Entry<String, Double> op : ops.entrySet()) {
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
        "| comparison | backend | ramattr ns/op | QEMU or standalone ns/op | ratio | target | met"
            + " |\n|---|---|---:|---:|---:|---|---|\n");
    for (ManagerComparison c : comparisons) {
      md.append("| ")
          .append(c.comparison())
          .append(" | ")
          .append(c.backend())
          .append(" | ")
          .append(num(c.ramattrNs()))
          .append(" | ")
          .append(num(c.otherNs()))
          .append(" | ")
          .append(num(c.ratio()))
          .append(" | ")
          .append(c.target())
          .append(" | ")
          .append(c.met() ? "yes" : "no")
          .append(" |\n");
    }
    md.append('\n');
  }

  /** Per backend: ns of splitThenMerge at the largest runs parameter over that at the smallest. */
  static Map<String, Double> splitMergeScaling(List<SpeedRuns.Measurement> speed) {
    Map<String, TreeMap<Long, Double>> byBackend = new TreeMap<>();
    for (SpeedRuns.Measurement m : speed) {
      if (m.operation().startsWith("splitThenMerge(")) {
        runsParam(m.operation())
            .ifPresent(
                runs ->
                    byBackend
                        .computeIfAbsent(m.backend(), b -> new TreeMap<>())
                        .put(runs, m.nsPerOp()));
      }
    }
    Map<String, Double> ratios = new TreeMap<>();
    byBackend.forEach(
        (b, byRuns) -> {
          if (byRuns.size() >= 2) {
            ratios.put(b, byRuns.lastEntry().getValue() / byRuns.firstEntry().getValue());
          }
        });
    return ratios;
  }

  private static Optional<Long> runsParam(String operation) {
    for (String part : operation.replaceAll("^.*\\(|\\)$", "").split(",", -1)) {
      if (part.startsWith("runs=")) {
        return Optional.of(Long.parseLong(part.substring(5)));
      }
    }
    return Optional.empty();
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
              Sizes.human(FlatBitmapStore.sizeInBytes(best.pages()))));
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
    Map<String, Double> scaling = splitMergeScaling(speed);
    if (!scaling.isEmpty()) {
      String within =
          scaling.entrySet().stream()
              .filter(e -> e.getValue() <= 2)
              .map(Map.Entry::getKey)
              .collect(Collectors.joining(", "));
      String beyond =
          scaling.entrySet().stream()
              .filter(e -> e.getValue() > 2)
              .map(e -> e.getKey() + " (" + num(e.getValue()) + "x)")
              .collect(Collectors.joining(", "));
      sentences.add(
          "split+merge at the largest K costs at most 2x its cost at the smallest K for: "
              + (within.isEmpty() ? "none" : within)
              + (beyond.isEmpty() ? "" : "; more for: " + beyond)
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
                .map(m -> m.backend() + " " + num(m.nsPerOp()) + " ns")
                .collect(Collectors.joining(", "))));
  }

  /**
   * The closing choice: among the library's own backends (not the baselines), the one smallest on
   * boot-tdx at the largest size, with its split+merge scaling against the 2x target and its
   * crossover; plus the fastest of them at split+merge when that is another one.
   */
  private static Optional<String> choice(List<Census.Row> rows, Map<String, Double> scaling) {
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
          Double ratio = scaling.get(p.backend());
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
                      + num(ratio)
                      + "x that at the smallest K, "
                      + (ratio <= 2 ? "within" : "over")
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
