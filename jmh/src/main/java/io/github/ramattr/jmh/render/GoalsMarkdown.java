/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static io.github.ramattr.jmh.render.Figures.interval;
import static io.github.ramattr.jmh.render.Figures.num;
import static io.github.ramattr.jmh.render.Figures.withError;

import io.github.ramattr.jmh.report.GoalCheck.Verdict;
import io.github.ramattr.jmh.report.Goals;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes maple's goal runs (docs/maple-goals.md) as GOALS.md: the verdict table of {@link
 * Goals#rows}, the allocation goal and the growing-block rows. It decides nothing: every verdict
 * comes from {@link Goals}.
 */
public final class GoalsMarkdown {
  private GoalsMarkdown() {}

  /**
   * The GOALS.md text.
   *
   * @param header the paragraph under the title (how and where it was measured)
   * @param measurements maple's and roaring's measurements of the goal benchmarks
   * @throws IllegalStateException if an operation was measured on only one of them
   */
  public static String render(String header, List<SpeedRuns.Measurement> measurements) {
    List<Goals.Row> rows = Goals.rows(measurements);
    StringBuilder md = new StringBuilder("# maple's speed goals: maple against RoaringBitmap\n\n");
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
    for (Goals.Row r : rows) {
      counts.merge(r.verdict(), 1, Integer::sum);
      md.append("| ")
          .append(r.operation())
          .append(" | ")
          .append(withError(r.maple().nsPerOp(), r.maple().error()))
          .append(" | ")
          .append(withError(r.roaring().nsPerOp(), r.roaring().error()))
          .append(" | ")
          .append(num(r.ratio().point()))
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
    appendGrowth(md, Goals.growth(measurements));
    return md.toString();
  }

  private static void appendAllocation(
      StringBuilder md, List<Goals.Row> rows, Map<Verdict, Integer> counts) {
    md.append("## Allocation per split+merge (`-prof gc`, ").append(SpeedRuns.ALLOC_NORM);
    md.append(")\n\n| operation | maple B/op | roaring B/op | goal | verdict |\n");
    md.append("|---|---:|---:|---:|---|\n");
    for (Goals.Row r : rows) {
      if (!r.operation().startsWith("splitThenMerge")) {
        continue;
      }
      Optional<Verdict> verdict = Goals.allocationVerdict(r);
      verdict.ifPresent(v -> counts.merge(v, 1, Integer::sum));
      md.append("| ")
          .append(r.operation())
          .append(" | ")
          .append(withError(r.maple().bytesPerOp(), r.maple().bytesError()))
          .append(" | ")
          .append(withError(r.roaring().bytesPerOp(), r.roaring().bytesError()))
          .append(String.format(Locale.ROOT, " | <= %.0f B/op | ", Goals.ALLOCATION_GOAL))
          .append(verdict.map(Verdict::toString).orElse("not measured"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void appendGrowth(StringBuilder md, List<Goals.Growth> series) {
    if (series.isEmpty()) {
      return;
    }
    md.append("## A 1 GiB range write as the block grows (same runs in the range)\n\n");
    md.append(
        "| backend and op | per block size: ns/op, B/op | largest/smallest ns | 99.9% interval"
            + " |\n|---|---|---:|---|\n");
    for (Goals.Growth g : series) {
      StringBuilder cells = new StringBuilder();
      g.bySize()
          .forEach(
              (gib, m) ->
                  cells
                      .append(cells.length() == 0 ? "" : "; ")
                      .append(Sizes.format(gib * Sizes.GIB))
                      .append(": ")
                      .append(withError(m.nsPerOp(), m.error()))
                      .append(" ns, ")
                      .append(withError(m.bytesPerOp(), m.bytesError()))
                      .append(" B"));
      md.append("| ")
          .append(g.name())
          .append(" | ")
          .append(cells)
          .append(" | ")
          .append(num(g.growth().point()))
          .append(" | ")
          .append(interval(g.growth()))
          .append(" |\n");
    }
    md.append('\n');
  }
}
