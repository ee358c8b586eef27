/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static io.github.ramattr.jmh.render.Figures.num;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.jmh.report.ReportAnalysis.Crossover;
import io.github.ramattr.jmh.report.ReportAnalysis.ManagerComparison;
import io.github.ramattr.jmh.report.ReportAnalysis.Scaling;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes a {@link ReportAnalysis} as REPORT.md: the recommendation, one census table per workload
 * (every size and backend), the crossover against the flat bitmap, the speed table with the
 * split+merge scaling, and the multi-source manager against QEMU 11's per-chunk walk. It decides
 * nothing: every subject and verdict comes from the analysis.
 */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  /**
   * The REPORT.md text.
   *
   * @param header the paragraph under the title (how and where it was measured)
   * @param analysis what to write
   * @param answer the answer to the reviewer from the same rows, or why the rows give none
   * @param guests the census rows of the realistic guests (docs/workloads.md), in measuring order
   * @param charts chart file names to link, in order
   */
  public static String render(
      String header,
      ReportAnalysis analysis,
      Answer.Attempt answer,
      List<Census.Row> guests,
      List<String> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# ramattr: memory and speed of the shared/private page-state backends\n\n");
    md.append(header).append("\n\n");
    md.append("## Recommendation (computed from the rows below)\n\n");
    md.append(recommendation(answer)).append("\n\n");
    appendGuests(md, guests);
    appendCensus(md, analysis.census());
    appendCrossovers(md, analysis.crossovers());
    appendSpeed(md, analysis);
    appendMultiSource(md, analysis.multiSource());
    if (!charts.isEmpty()) {
      md.append("## Charts\n\n");
      for (String chart : charts) {
        md.append("![").append(chart).append("](").append(chart).append(")\n\n");
      }
    }
    return md.toString();
  }

  /**
   * One line per guest and RAM size, one column of bytes per backend: the question the reviewer
   * asked, for the guests people run.
   */
  static void appendGuests(StringBuilder md, List<Census.Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Realistic guests (JOL retained bytes)\n\n");
    md.append(
        "Linux SEV-SNP and TDX guests after boot, under steady I/O and sharing 1/16 of RAM on"
            + " purpose in 2 MiB regions, at the default vCPU count of their RAM (a `-vN` suffix"
            + " sets it), as docs/workloads.md defines them with their sources. Bytes of each"
            + " backend's whole object graph (`~`: the store's own estimate); runs are the shared"
            + " runs the guest leaves. The formula columns are structures not measured here,"
            + " computed from the runs (their sources are docs/ANSWER.md's footnotes): "
            + Arrays.stream(Answer.Formula.values())
                .map(f -> f.structure() + " " + f.rule())
                .collect(Collectors.joining("; "))
            + ".\n\n");
    List<String> backends = rows.stream().map(Census.Row::backend).distinct().toList();
    Map<String, Map<Long, Map<String, Census.Row>>> cells = new LinkedHashMap<>();
    for (Census.Row r : rows) {
      cells
          .computeIfAbsent(r.workload(), w -> new LinkedHashMap<>())
          .computeIfAbsent(r.regionSize(), s -> new LinkedHashMap<>())
          .put(r.backend(), r);
    }
    md.append("| guest | RAM | vCPUs | runs |");
    backends.forEach(b -> md.append(' ').append(b).append(" |"));
    for (Answer.Formula f : Answer.Formula.values()) {
      md.append(' ').append(f.structure()).append(" (formula) |");
    }
    md.append(" smallest measured |\n|---|---|---:|---:|");
    backends.forEach(b -> md.append("---:|"));
    for (int i = 0; i < Answer.Formula.values().length; i++) {
      md.append("---:|");
    }
    md.append("---|\n");
    cells.forEach(
        (guest, bySize) ->
            bySize.forEach(
                (ram, byBackend) -> {
                  // Every backend holds the same state: any measured cell gives the runs.
                  String runs =
                      byBackend.values().stream()
                          .filter(Census.Row::measured)
                          .findFirst()
                          .map(r -> Long.toString(r.runs()))
                          .orElse("-");
                  md.append("| ")
                      .append(guest)
                      .append(" | ")
                      .append(Sizes.format(ram))
                      .append(" | ")
                      .append(Workloads.guestVcpus(guest, ram))
                      .append(" | ")
                      .append(runs)
                      .append(" |");
                  Census.Row smallest = null;
                  for (String b : backends) {
                    Census.Row r = byBackend.get(b);
                    if (r == null || !r.measured()) {
                      md.append(" skipped |");
                      continue;
                    }
                    md.append(' ')
                        .append(r.byJol() ? "" : "~")
                        .append(Sizes.human(r.bytes()))
                        .append(" |");
                    if (smallest == null || r.bytes() < smallest.bytes()) {
                      smallest = r;
                    }
                  }
                  for (Answer.Formula f : Answer.Formula.values()) {
                    md.append(' ');
                    if (smallest != null) {
                      Answer.FormulaBytes bytes = f.bytes(smallest.runs(), ram / Sizes.PAGE);
                      md.append(Sizes.human(bytes.low()))
                          .append(" to ")
                          .append(Sizes.human(bytes.high()));
                    }
                    md.append(" |");
                  }
                  md.append(' ').append(smallest == null ? "-" : smallest.backend()).append(" |\n");
                }));
    md.append('\n');
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

  /** How a crossover was found, as the table and nothing else words it. */
  static String how(ReportAnalysis.How how) {
    return switch (how) {
      case INTERPOLATED -> "interpolated";
      case EXTRAPOLATED -> "extrapolated";
      case AT_OR_BELOW_SMALLEST -> "at or below the smallest measurement";
      case NEVER -> "never (stays smaller up to pages/2 runs)";
    };
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
          // NaN, printed "-", only for NEVER: a crossover that does not exist, not a gap.
          .append(num(c.runs()))
          .append(" | ")
          .append(num(c.runsPerGiB()))
          .append(" | ")
          .append(how(c.how()))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void appendSpeed(StringBuilder md, ReportAnalysis analysis) {
    List<SpeedRuns.Measurement> speed = analysis.speed();
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
                if (m == null) {
                  // ReportAnalysis.of refuses such measurements; a gap here is a bug, not a "-".
                  throw new IllegalStateException(op + " has no measurement for " + b);
                }
                md.append(' ').append(Figures.withError(m.nsPerOp(), m.error())).append(" |");
              });
          md.append('\n');
        });
    md.append('\n');
    Map<String, Scaling> scaling = analysis.splitMergeScaling();
    if (!scaling.isEmpty()) {
      md.append("### split+merge: cost at the largest K over the smallest K\n\n");
      md.append(
          "Within 2x: yes when the whole 99.9% interval of the ratio is at most 2, no when it is"
              + " all above 2, undecided when it contains 2.\n\n");
      md.append("| backend | ratio | 99.9% interval | within 2x |\n|---|---:|---|---|\n");
      scaling.forEach(
          (b, s) ->
              md.append("| ")
                  .append(b)
                  .append(" | ")
                  .append(num(s.ratio().point()))
                  .append(" | ")
                  .append(Figures.interval(s.ratio()))
                  .append(" | ")
                  .append(Figures.yesNo(s.withinTarget()))
                  .append(" |\n"));
      md.append('\n');
    }
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
          .append(Figures.withError(c.ramattr().score(), c.ramattr().error()))
          .append(" | ")
          .append(Figures.withError(c.other().score(), c.other().error()))
          .append(" | ")
          .append(num(c.ratio().point()))
          .append(" [")
          .append(num(c.ratio().low()))
          .append(", ")
          .append(num(c.ratio().high()))
          .append("] | ")
          .append(c.target())
          .append(" | ")
          .append(Figures.yesNo(c.verdict()))
          .append(" |\n");
    }
    md.append('\n');
  }

  /**
   * The answer's three sentences and where its shapes come from, or why these rows give no answer
   * (a report of other backends or sizes).
   */
  static String recommendation(Answer.Attempt attempt) {
    if (attempt.answer().isEmpty()) {
      return "These rows give no answer: " + attempt.whyNot() + ".";
    }
    Answer answer = attempt.answer().get();
    return AnswerMarkdown.recommendation(answer)
        + String.format(
            Locale.ROOT,
            " (Computed as docs/ANSWER.md computes it, from this report's rows: the guests of the"
                + " table below at their sizes, split+merge as `%s`, lookups as `%s`; the trigger"
                + " costs are the published figures docs/ANSWER.md cites. The verdict turns on the"
                + " upper ends of 99.9%% intervals, so the wide errors of short runs such as"
                + " `--quick` can change it; docs/ANSWER.md is a full run.)",
            answer.splitMergeOperation(),
            answer.lookupOperation());
  }
}
