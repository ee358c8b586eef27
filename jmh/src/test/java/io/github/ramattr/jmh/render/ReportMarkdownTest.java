/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.AnswerFixtures;
import io.github.ramattr.jmh.report.GoalCheck;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.jmh.report.ReportAnalysis.Crossover;
import io.github.ramattr.jmh.report.ReportAnalysis.How;
import io.github.ramattr.jmh.report.ReportAnalysis.ManagerComparison;
import io.github.ramattr.jmh.report.ReportAnalysis.Scaling;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * REPORT.md from a small hand-built analysis: each section's lines for the values put in, checked
 * line by line (not against a whole stored file), and a gap in the speed table refused.
 */
class ReportMarkdownTest {
  private static final long GIB = Sizes.GIB;
  private static final long TIB = Sizes.TIB;

  private static final Census.Row MAPLE_BOOT =
      new Census.Row("boot-tdx", GIB, "maple", 7, 9, 4000, 100, true, 100, 0, null);
  private static final Census.Row ROARING_BOOT =
      new Census.Row("boot-tdx", GIB, "roaring", 7, 9, 4000, 300, false, 300, 0, null);
  private static final Census.Row ROARING_SKIPPED =
      new Census.Row("fragment-100000", GIB, "roaring", 5, 0, 0, 0, false, 0, 0, "too big");

  private static final SpeedRuns.Measurement MAPLE_LOOKUP =
      new SpeedRuns.Measurement("isShared(layout=boot-tdx)", "maple", 12.5, 0.3, 0, 0);
  private static final SpeedRuns.Measurement ROARING_LOOKUP =
      new SpeedRuns.Measurement("isShared(layout=boot-tdx)", "roaring", 40, 1, 0, 0);

  private static final Crossover MAPLE_CROSSOVER =
      new Crossover("maple", GIB, 2000, How.INTERPOLATED);
  private static final Scaling MAPLE_SCALING =
      new Scaling(new GoalCheck.Ratio(1.5, 1.2, 1.8), GoalCheck.Verdict.MET);

  private static ReportAnalysis analysis(List<SpeedRuns.Measurement> speed) {
    return new ReportAnalysis(
        List.of(MAPLE_BOOT, ROARING_BOOT, ROARING_SKIPPED),
        speed,
        List.of(MAPLE_CROSSOVER, new Crossover("roaring", GIB, Double.NaN, How.NEVER)),
        Map.of(
            "maple",
            MAPLE_SCALING,
            "roaring",
            new Scaling(new GoalCheck.Ratio(3, 1.9, 4), GoalCheck.Verdict.UNDECIDED)),
        List.of(
            new ManagerComparison(
                "replay of 2 GiB, 2 sources",
                "maple",
                new GoalCheck.Estimate(1e6, 0),
                new GoalCheck.Estimate(1.28e9, 0),
                new GoalCheck.Ratio(1280, 1280, 1280),
                ">= 1000x faster",
                GoalCheck.Verdict.MET)));
  }

  private static final Answer.Attempt NO_ANSWER = new Answer.Attempt(Optional.empty(), "none");

  /** Two guests at 1 TiB, one with a skipped cell; the flat bitmap is the larger on both. */
  private static final List<Census.Row> GUESTS =
      List.of(
          new Census.Row("snp-io", TIB, "flat-bitmap", 1, 4743, 9, 33_554_472, true, 0, 0, null),
          new Census.Row("snp-io", TIB, "maple", 1, 4743, 9, 30_720, true, 0, 0, null),
          new Census.Row(
              "tdx-boot-v64", TIB, "flat-bitmap", 1, 0, 0, 0, false, 0, 0, "over a limit"),
          new Census.Row("tdx-boot-v64", TIB, "maple", 1, 300, 9, 2_000, false, 0, 0, null));

  private static final String MD =
      ReportMarkdown.render(
          "HEADER",
          analysis(List.of(MAPLE_LOOKUP, ROARING_LOOKUP)),
          new Answer.Attempt(Optional.empty(), "no rows here"),
          GUESTS,
          List.of("a.png"));

  private static void assertLine(String line) {
    assertTrue(MD.lines().anyMatch(line::equals), "no line\n" + line + "\nin\n" + MD);
  }

  @Test
  void census_measuredAndSkippedRows() {
    assertLine("### boot-tdx");
    // bytes/run 100/9, x flat against a 1 GiB bitmap of 32 KiB and headers; JOL-less bytes get ~.
    assertLine(
        "| 1 GiB | maple | 7 | 9 | 4000 | 100 | 11.1 | "
            + Figures.num(MAPLE_BOOT.ratioToFlatBitmap())
            + " | "
            + Figures.num(MAPLE_BOOT.ratioToBound())
            + " |");
    assertTrue(MD.contains("| 1 GiB | roaring | 7 | 9 | 4000 | ~300 | 33.3 | "), MD);
    assertLine("| 1 GiB | roaring | 5 | skipped: too big | | | | | |");
  }

  @Test
  void crossover_interpolatedAndNever() {
    assertLine("| maple | 1 GiB | 2000 | 2000 | interpolated |");
    assertLine("| roaring | 1 GiB | - | - | never (stays smaller up to pages/2 runs) |");
  }

  @Test
  void speedAndScaling() {
    assertLine("| operation | maple | roaring |");
    assertLine("| isShared(layout=boot-tdx) | 12.5 ± 0.300 | 40.0 ± 1.00 |");
    assertLine("| maple | 1.50 | [1.20, 1.80] | yes |");
    assertLine("| roaring | 3.00 | [1.90, 4.00] | undecided |");
  }

  @Test
  void multiSource() {
    assertLine(
        "| replay of 2 GiB, 2 sources | maple | 1000000 ± 0.00 | 1.28e+09 ± 0.00 | 1280 [1280,"
            + " 1280] | >= 1000x faster | yes |");
  }

  @Test
  void recommendation_isTheAnswers_withTheShapesItReadsFromTheseRows() {
    Answer answer =
        Answer.of(
            AnswerFixtures.census(
                AnswerFixtures.realisticBytesPerRun(), AnswerFixtures.realisticBytesPerRun()),
            AnswerFixtures.fastSpeed());
    String text = ReportMarkdown.recommendation(new Answer.Attempt(Optional.of(answer), ""));
    assertTrue(text.startsWith(AnswerMarkdown.recommendation(answer) + " (Computed as"), text);
    assertTrue(text.contains("split+merge as `" + AnswerFixtures.SPLIT_LARGE + "`"), text);
    assertTrue(text.contains("lookups as `" + AnswerFixtures.LOOKUP + "`"), text);
    assertLine("## Recommendation (computed from the rows below)");
    assertLine("These rows give no answer: no rows here.");
  }

  @Test
  void charts_linked() {
    assertLine("![a.png](a.png)");
  }

  @Test
  void guests_oneLinePerGuestAndSize_bytesPerBackend_smallestNamed() {
    assertLine(
        "| guest | RAM | vCPUs | runs | flat-bitmap | maple | Cloud Hypervisor's tracker (formula)"
            + " | QEMU's interval tree (formula) | Linux's maple tree (formula) | smallest measured"
            + " |");
    // Formulas from the runs: 2^28 pages / 8 (to twice that), 4743 x 48 to 64 B, x 36.6 to 58.2.
    assertLine(
        "| snp-io | 1 TiB | 128 | 4743 | 32.0 MiB | 30.0 KiB | 32.0 MiB to 64.0 MiB | 222 KiB to"
            + " 296 KiB | 170 KiB to 270 KiB | maple |");
    assertTrue(
        MD.lines()
            .anyMatch(
                l -> l.startsWith("| tdx-boot-v64 | 1 TiB | 64 | 300 | skipped | ~1.95 KiB | ")),
        MD);
    assertTrue(MD.indexOf("## Realistic guests") < MD.indexOf("## Memory census"), MD);
  }

  @Test
  void noSpeed_saysSo() {
    String md = ReportMarkdown.render("H", analysis(List.of()), NO_ANSWER, List.of(), List.of());
    assertTrue(md.contains("No JMH runs in this report.\n"), md);
    assertFalse(md.contains("## Charts"), md);
  }

  @Test
  void gapInTheSpeedTable_failsInsteadOfPrintingADash() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ReportMarkdown.render(
                    "H",
                    analysis(
                        List.of(
                            MAPLE_LOOKUP,
                            ROARING_LOOKUP,
                            new SpeedRuns.Measurement(
                                "replayPopulated(layout=boot-tdx)", "maple", 5, 1, 0, 0))),
                    NO_ANSWER,
                    List.of(),
                    List.of()));
    assertEquals("replayPopulated(layout=boot-tdx) has no measurement for roaring", e.getMessage());
  }
}
