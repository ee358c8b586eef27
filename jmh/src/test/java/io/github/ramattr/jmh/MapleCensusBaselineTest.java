/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.CensusBaseline;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No census row of maple may grow by more than 10% over the bytes the committed baseline ({@code
 * maple-census-baseline.csv}, maple's first release, before its speed rewrite) records, and every
 * row must still hold the same content (seed, shared runs, shared pages). The baseline's header
 * gives the command that regenerates it; regenerating is for a change of the census itself (a new
 * workload or size), never to make a grown row pass.
 */
class MapleCensusBaselineTest {
  private static final String RESOURCE = "/maple-census-baseline.csv";
  private static String text = "";
  private static CensusBaseline.Recorded baseline = new CensusBaseline.Recorded("", List.of());

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            MapleCensusBaselineTest.class.getResourceAsStream(RESOURCE), RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    baseline = CensusBaseline.parse(text);
  }

  // ---------------------------------------------------------------- the baseline itself

  @Test
  void everyRow_sameContentAndAtMost110PercentOfItsBaselineBytes() {
    assertEquals(
        baseline.layout(),
        CensusBaseline.layout(),
        "JOL bytes compare only on the object layout the baseline was measured on");
    List<String> problems = new ArrayList<>();
    long started = System.nanoTime();
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    String largest = "";
    for (CensusBaseline.Row recorded : baseline.rows()) {
      CensusBaseline.Row now = measureAgain(recorded);
      double ratio = (double) now.bytes() / recorded.bytes();
      sum += ratio;
      min = Math.min(min, ratio);
      if (ratio > max) {
        max = ratio;
        largest = recorded.cell() + ", " + (now.bytes() - recorded.bytes()) + " bytes more";
      }
      System.out.printf(
          Locale.ROOT,
          "%-40s runs %8d  baseline %9d B  now %9d B  %.3fx%n",
          recorded.cell(),
          now.runs(),
          recorded.bytes(),
          now.bytes(),
          (double) now.bytes() / recorded.bytes());
      problems.addAll(CensusBaseline.problems(recorded, now));
    }
    System.out.printf(
        Locale.ROOT,
        "%d baseline rows measured again in %.1f s%n",
        baseline.rows().size(),
        (System.nanoTime() - started) / 1e9);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    // The figures the maple package documentation quotes, to two significant digits.
    String summary =
        String.format(Locale.ROOT, "%.2f %.2f %.2f", sum / baseline.rows().size(), min, max);
    assertEquals(
        "0.99 0.81 1.09",
        summary,
        "mean, least and largest ratio to the baseline; the maple package-info quotes them");
    // The row the maple package documentation names as the largest ratio.
    assertEquals("maple fragment-1 at 64 GiB, 8 bytes more", largest);
  }

  @Test
  void baseline_hasARowForEveryCell_inCensusOrder() {
    List<String> expected = new ArrayList<>();
    for (CensusBaseline.Cell cell : CensusBaseline.cells("maple")) {
      expected.add("maple " + cell.workload().name() + " at " + Sizes.format(cell.regionSize()));
    }
    assertEquals(expected, baseline.rows().stream().map(CensusBaseline.Row::cell).toList());
    // README.md, the maple package documentation and docs/maple-goals.md quote 55 rows.
    assertEquals(55, baseline.rows().size());
  }

  @Test
  void baseline_isExactlyWhatTheGeneratorWritesForItsRows() {
    assertEquals(CensusBaseline.format("maple", baseline.layout(), baseline.rows()), text);
  }

  @Test
  void realRow_againstADeflatedBaseline_fails() {
    CensusBaseline.Row recorded = baseline.rows().get(0);
    CensusBaseline.Row now = measureAgain(recorded);
    long deflated = (long) Math.floor(now.bytes() / 1.2);
    List<String> problems = CensusBaseline.problems(withBytes(recorded, deflated), now);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(recorded.cell() + ": " + now.bytes() + " bytes"));
  }

  // ---------------------------------------------------------------- problems

  private static final CensusBaseline.Row ROW =
      new CensusBaseline.Row("maple", "fragment-100000", Sizes.TIB, 1, 100_000, 67_111_911, 1000);

  @Test
  void problems_sameOrUpToTenPercentMore_none() {
    assertEquals(List.of(), CensusBaseline.problems(ROW, ROW));
    assertEquals(List.of(), CensusBaseline.problems(ROW, withBytes(ROW, 1100)));
    assertEquals(List.of(), CensusBaseline.problems(ROW, withBytes(ROW, 10)));
  }

  @Test
  void problems_inflatedRow_namesTheCellBytesAndRatio() {
    List<String> problems = CensusBaseline.problems(ROW, withBytes(ROW, 1101));
    assertEquals(
        List.of(
            "maple fragment-100000 at 1 TiB: 1101 bytes, 1.1010x its baseline 1000 bytes"
                + " (at most 1.10x allowed)"),
        problems);
  }

  @Test
  void problems_otherRunsOrPages_reportedAsContent() {
    CensusBaseline.Row other =
        new CensusBaseline.Row("maple", "fragment-100000", Sizes.TIB, 1, 99_999, 67_111_910, 1000);
    assertEquals(
        List.of(
            "maple fragment-100000 at 1 TiB: shared runs 99999, baseline 100000 (content)",
            "maple fragment-100000 at 1 TiB: shared pages 67111910, baseline 67111911 (content)"),
        CensusBaseline.problems(ROW, other));
  }

  @Test
  void problems_otherCell_reportedAlone() {
    CensusBaseline.Row other =
        new CensusBaseline.Row("maple", "fragment-100000", 64 * Sizes.GIB, 9, 1, 1, 99_999);
    assertEquals(
        List.of(
            "measured maple fragment-100000 at 64 GiB for the baseline row"
                + " maple fragment-100000 at 1 TiB"),
        CensusBaseline.problems(ROW, other));
  }

  // ---------------------------------------------------------------- format and parse

  @Test
  void parse_formatted_roundTrips() {
    String layout = "oop 4 B, object header 12 B, array header 16 B, alignment 8 B";
    CensusBaseline.Recorded parsed =
        CensusBaseline.parse(CensusBaseline.format("maple", layout, List.of(ROW)));
    assertEquals(new CensusBaseline.Recorded(layout, List.of(ROW)), parsed);
  }

  @Test
  void parse_rowWithSixFields_namesTheLine() {
    String bad =
        CensusBaseline.LAYOUT_PREFIX
            + "x\n"
            + CensusBaseline.CSV_HEADER
            + "\nmaple,boot-tdx,1 GiB,1,9,16392\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CensusBaseline.parse(bad));
    assertEquals(
        "baseline line 3 'maple,boot-tdx,1 GiB,1,9,16392': 7 fields, found 6", e.getMessage());
  }

  @Test
  void parse_noLayoutLine_rejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CensusBaseline.parse(CensusBaseline.CSV_HEADER + "\n"));
    assertTrue(e.getMessage().contains(CensusBaseline.LAYOUT_PREFIX.trim()), e.getMessage());
  }

  private static CensusBaseline.Row measureAgain(CensusBaseline.Row recorded) {
    return CensusBaseline.measure(
        recorded.backend(), Workloads.byName(recorded.workload()), recorded.regionSize());
  }

  private static CensusBaseline.Row withBytes(CensusBaseline.Row row, long bytes) {
    return new CensusBaseline.Row(
        row.backend(),
        row.workload(),
        row.regionSize(),
        row.seed(),
        row.runs(),
        row.sharedPages(),
        bytes);
  }
}
