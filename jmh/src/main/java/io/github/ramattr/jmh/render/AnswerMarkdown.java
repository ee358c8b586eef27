/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.GoalCheck;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.workloads.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Words an {@link Answer} as docs/ANSWER.md: one page in the form of a reply on the mailing list
 * (the question quoted in one sentence, then the answer). Deterministic: the same answer gives the
 * same bytes (fixed formats, {@link Locale#ROOT}, nothing from the clock or the machine), so a test
 * can render the committed rows again and compare.
 */
public final class AnswerMarkdown {

  /** The command that writes docs/ANSWER.md and its rows. */
  public static final String COMMAND =
      "mvn -B -q -DskipTests package && java -jar jmh/target/ramattr-bench.jar answer --out docs";

  /** The command that renders docs/ANSWER.md again from the committed rows, measuring nothing. */
  public static final String FROM_COMMAND =
      "java -jar jmh/target/ramattr-bench.jar answer --from docs --out docs";

  /** How the tables name each measured structure. */
  private static final Map<String, String> NAMES =
      Map.of(
          Answer.FLAT,
          "QEMU's bitmap",
          "interval",
          "Guava's TreeRangeSet",
          "roaring",
          "RoaringBitmap",
          "maple",
          "ramattr's maple");

  private AnswerMarkdown() {}

  /** The structure's name in the answer: QEMU's bitmap, Guava's TreeRangeSet, ... */
  public static String name(String backend) {
    return NAMES.getOrDefault(backend, backend);
  }

  /** The whole page, without a line on how its rows were measured. */
  public static String render(Answer answer) {
    return render(answer, "");
  }

  /**
   * The whole page.
   *
   * @param answer what it says
   * @param run how its rows were measured (date, run time, JDK, cores, JMH settings), one line the
   *     page prints under its first paragraph; empty for none
   */
  public static String render(Answer answer, String run) {
    StringBuilder out = new StringBuilder();
    out.append("Subject: Re: guest_memfd shared/private tracking: bitmap, maple tree or interval")
        .append(" tree?\n\n");
    out.append("> Would a maple tree or an interval tree track which guest_memfd pages are shared")
        .append(" in less memory than\n> the bitmap (one bit per 4 KiB page, 32 MiB per TiB),")
        .append(" and what would splits and merges cost?\n\n");
    out.append("Measured with ramattr: bytes are JOL's retained heap (JDK 17, compressed oops),")
        .append(" times JMH's ns per op\nwith their 99.9% error; the rows are in")
        .append(" docs/answer/census.csv and docs/answer/speed.csv.\n");
    if (!run.isEmpty()) {
      out.append(run).append('\n');
    }
    out.append('\n');
    if (!answer.atTheGuestsSizes()) {
      out.append("**These rows are a smoke run (`answer --tiny`: 1 GiB guests, JMH runs of")
          .append(" milliseconds); the figures mean nothing. Run the command below.**\n\n");
    }
    bytesTable(out, answer);
    speedTable(out, answer);
    breakEven(out, answer);
    out.append("**What QEMU should do.** ").append(recommendation(answer)).append("\n\n");
    out.append("Reproduce: `")
        .append(COMMAND)
        .append("` (a full run takes minutes; `")
        .append(FROM_COMMAND)
        .append("` renders this page again from the rows).\n\n");
    footnotes(out);
    return out.toString();
  }

  private static void bytesTable(StringBuilder out, Answer answer) {
    List<Answer.GuestBytes> guests = answer.guests();
    out.append("Bytes per guest (x: the ratio to QEMU's bitmap):\n\n| structure |");
    for (Answer.GuestBytes g : guests) {
      out.append(' ')
          .append(g.guest().description())
          .append(", ")
          .append(Sizes.format(g.guest().regionSize()))
          .append(", ")
          .append(g.runs())
          .append(" runs |");
    }
    out.append("\n|---|").append("---:|".repeat(guests.size())).append('\n');
    for (String backend : Answer.BACKENDS) {
      out.append("| ").append(name(backend)).append(", measured |");
      for (Answer.GuestBytes g : guests) {
        out.append(' ').append(Sizes.human(g.bytes(backend)));
        if (!backend.equals(Answer.FLAT)) {
          out.append(" (").append(Figures.num(g.ratio(backend))).append("x)");
        }
        out.append(" |");
      }
      out.append('\n');
      for (Answer.Formula formula : Answer.Formula.values()) {
        if (formula.nextTo().equals(backend)) {
          formulaRow(out, guests, formula);
        }
      }
    }
    out.append('\n');
  }

  /** A row given by formula: its footnote is its place among the formulas. */
  private static void formulaRow(
      StringBuilder out, List<Answer.GuestBytes> guests, Answer.Formula formula) {
    out.append("| ")
        .append(formula.structure())
        .append(", by formula [")
        .append(List.of(Answer.Formula.values()).indexOf(formula) + 1)
        .append("] |");
    for (Answer.GuestBytes g : guests) {
      Answer.FormulaBytes f = g.formula(formula);
      double flat = g.flatBytes();
      out.append(' ')
          .append(range(Sizes.human(f.low()), Sizes.human(f.high())))
          .append(" (")
          .append(range(Figures.num(f.low() / flat), Figures.num(f.high() / flat)))
          .append("x) |");
    }
    out.append('\n');
  }

  private static String range(String low, String high) {
    return low.equals(high) ? low : low + " to " + high;
  }

  private static void speedTable(StringBuilder out, Answer answer) {
    out.append("Cost per operation in ns (")
        .append("split + merge: `")
        .append(answer.splitMergeOperation())
        .append("`; lookups: `")
        .append(answer.lookupOperation())
        .append("` and its `isPopulated2MiB`;\nblockGiB is the block in GiB, 1 where an")
        .append(" operation names none):\n\n")
        .append("| structure | split + merge | isShared | isPopulated 2 MiB |\n")
        .append("|---|---:|---:|---:|\n");
    for (Answer.Speed s : answer.speed()) {
      out.append("| ")
          .append(name(s.backend()))
          .append(" | ")
          .append(estimate(s.splitMerge()))
          .append(" | ")
          .append(estimate(s.isShared()))
          .append(" | ")
          .append(estimate(s.isPopulated2MiB()))
          .append(" |\n");
    }
    out.append("\nWhat triggers a conversion costs more (published figures, not measured here):")
        .append("\n\n| trigger | cost | source |\n|---|---:|---|\n");
    int footnote = Answer.Formula.values().length + 1;
    for (Answer.Trigger t : Answer.TRIGGERS) {
      out.append("| ")
          .append(t.name())
          .append(" | ")
          .append(duration(t.lowNs()) + " to " + duration(t.highNs()))
          .append(" | [")
          .append(footnote++)
          .append("] |\n");
    }
    out.append('\n');
  }

  private static String estimate(GoalCheck.Estimate e) {
    return Figures.withError(e.score(), e.error());
  }

  /** A duration given in ns, in ns, us or ms with three significant digits. */
  static String duration(double ns) {
    if (ns < 1_000) {
      return Figures.num(ns) + " ns";
    }
    return ns < 1_000_000 ? Figures.num(ns / 1e3) + " us" : Figures.num(ns / 1e6) + " ms";
  }

  private static void breakEven(StringBuilder out, Answer answer) {
    out.append("Break-even (runs per GiB above which QEMU's bitmap is the smaller, from the")
        .append(" fragment-K rows): ")
        .append(
            answer.breakEven().stream()
                .map(c -> name(c.backend()) + " " + crossover(c))
                .collect(Collectors.joining("; ")));
    Answer.GuestBytes busiest = answer.recommendation().busiestGuest();
    out.append(". The busiest guest here, the ")
        .append(busiest.guest().description())
        .append(", has ")
        .append(Figures.num(busiest.runsPerGiB()))
        .append(" runs per GiB.\n\n");
  }

  private static String crossover(ReportAnalysis.Crossover c) {
    String at = " (" + Sizes.format(c.regionSize()) + ")";
    return switch (c.how()) {
      case NEVER -> "never, up to pages/2 runs" + at;
      case AT_OR_BELOW_SMALLEST -> "at most " + Figures.num(c.runsPerGiB()) + at;
      case EXTRAPOLATED -> Figures.num(c.runsPerGiB()) + at.replace(")", ", extrapolated)");
      case INTERPOLATED -> Figures.num(c.runsPerGiB()) + at;
    };
  }

  /** The three sentences of the recommendation. */
  public static String recommendation(Answer answer) {
    Answer.Recommendation r = answer.recommendation();
    String subject = name(r.subject());
    Answer.GuestBytes largest = r.largestGuest();
    String first =
        switch (r.reason()) {
          case SMALLEST, NEXT_SMALLEST ->
              String.format(
                  Locale.ROOT,
                  "QEMU should track these guests' shared pages with a structure like %s: on the"
                      + " %s (%s) it takes %s where the bitmap takes %s, and at most %sx of the"
                      + " bitmap on any of the %d guests.",
                  subject,
                  largest.guest().description(),
                  Sizes.format(largest.guest().regionSize()),
                  Sizes.human(largest.bytes(r.subject())),
                  Sizes.human(largest.flatBytes()),
                  Figures.num(r.largestRatio()),
                  answer.guests().size());
          case NONE_SMALLER ->
              String.format(
                  Locale.ROOT,
                  "QEMU should keep its bitmap: no measured structure is smaller on every one of"
                      + " these %d guests (%s comes closest, at up to %sx of the bitmap).",
                  answer.guests().size(),
                  subject,
                  Figures.num(r.largestRatio()));
          case ALL_TOO_SLOW ->
              String.format(
                  Locale.ROOT,
                  "QEMU should keep its bitmap: the structures smaller than it on every guest (%s)"
                      + " cost too much per conversion.",
                  r.tooSlow().stream().map(AnswerMarkdown::name).collect(Collectors.joining(", ")));
        };
    Answer.Trigger trigger = Answer.cheapestTrigger();
    String cost =
        String.format(
            Locale.ROOT,
            "A split and merge in %s costs at most %s (the upper end of its 99.9%% interval), %s"
                + " of the cheapest trigger's floor (%s: %s)",
            subject,
            duration(answer.speedOf(r.subject()).splitMerge().high()),
            percent(r.splitMergeShare()),
            trigger.name(),
            duration(trigger.lowNs()));
    String limit = percent(Answer.MAX_SHARE_OF_TRIGGER);
    String second =
        switch (r.reason()) {
          case SMALLEST, NONE_SMALLER -> cost + ".";
          case NEXT_SMALLEST ->
              cost
                  + "; "
                  + r.tooSlow().stream()
                      .map(
                          b ->
                              name(b)
                                  + " is smaller but takes "
                                  + percent(answer.speedOf(b).splitMergeShareOfTrigger()))
                      .collect(Collectors.joining(", "))
                  + ", above the "
                  + limit
                  + " a conversion may add.";
          case ALL_TOO_SLOW -> cost + ", above the " + limit + " a conversion may add.";
        };
    ReportAnalysis.Crossover c = r.breakEven();
    Answer.GuestBytes busiest = r.busiestGuest();
    String third =
        switch (r.breakEvenStatus()) {
          case NEVER ->
              subject
                  + " stays smaller than the bitmap up to pages/2 runs, so no fragmentation makes"
                  + " the bitmap the smaller one.";
          case ABOVE_EVERY_GUEST ->
              String.format(
                  Locale.ROOT,
                  "Against %s the bitmap becomes the smaller only above %s runs per GiB, %sx the"
                      + " busiest guest's %s.",
                  subject,
                  Figures.num(c.runsPerGiB()),
                  Figures.num(c.runsPerGiB() / busiest.runsPerGiB()),
                  Figures.num(busiest.runsPerGiB()));
          case GUEST_BEYOND ->
              String.format(
                  Locale.ROOT,
                  "Against %s the bitmap becomes the smaller above %s runs per GiB, and the %s"
                      + " already has %s: above that density the bitmap should stay.",
                  subject,
                  Figures.num(c.runsPerGiB()),
                  busiest.guest().description(),
                  Figures.num(busiest.runsPerGiB()));
        };
    return first + " " + second + " " + third;
  }

  private static String percent(double share) {
    return Double.isInfinite(share) ? "an unbounded share" : Figures.num(100 * share) + "%";
  }

  private static void footnotes(StringBuilder out) {
    int n = 1;
    for (Answer.Formula f : Answer.Formula.values()) {
      out.append('[')
          .append(n++)
          .append("] ")
          .append(f.structure())
          .append(": ")
          .append(f.source())
          .append(".\n");
    }
    for (Answer.Trigger t : Answer.TRIGGERS) {
      out.append('[')
          .append(n++)
          .append("] ")
          .append(t.derivation())
          .append(". Sources: ")
          .append(t.source())
          .append(", ")
          .append(t.urls().stream().map(u -> "<" + u + ">").collect(Collectors.joining(", ")))
          .append(".\n");
    }
  }
}
