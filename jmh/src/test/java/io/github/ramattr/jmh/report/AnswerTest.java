/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static io.github.ramattr.jmh.report.AnswerFixtures.LOOKUP;
import static io.github.ramattr.jmh.report.AnswerFixtures.POPULATED;
import static io.github.ramattr.jmh.report.AnswerFixtures.SPLIT_LARGE;
import static io.github.ramattr.jmh.report.AnswerFixtures.census;
import static io.github.ramattr.jmh.report.AnswerFixtures.fastSpeed;
import static io.github.ramattr.jmh.report.AnswerFixtures.flat;
import static io.github.ramattr.jmh.report.AnswerFixtures.perRun;
import static io.github.ramattr.jmh.report.AnswerFixtures.realisticBytesPerRun;
import static io.github.ramattr.jmh.report.AnswerFixtures.row;
import static io.github.ramattr.jmh.report.AnswerFixtures.speed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.workloads.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The answer from synthetic rows: every figure, the formulas, the break-even (ReportAnalysis's
 * crossover), every branch of the recommendation (and that rows where another structure wins change
 * it), and the refusal of missing or skipped rows with a message naming what is missing.
 */
class AnswerTest {
  private static final long GIB = Sizes.GIB;

  private static Answer realistic() {
    return Answer.of(census(realisticBytesPerRun(), realisticBytesPerRun()), fastSpeed());
  }

  // ---------------------------------------------------------------- figures

  @Test
  void ofReport_takesTheAnswersCellsAndShapes_fromAReportsFullerRows() {
    List<Census.Row> census = census(realisticBytesPerRun(), realisticBytesPerRun());
    List<SpeedRuns.Measurement> speed = fastSpeed();
    List<Census.Row> report = new ArrayList<>(census);
    // What a report holds besides: another backend, a synthetic workload, a guest at a size the
    // answer does not show, the same guest with other vCPUs, and lookups on another layout.
    report.add(row("tdx-boot", Sizes.TIB, "bitmap", 1000, 1));
    report.add(row("boot-tdx", GIB, "maple", 9, 1));
    report.add(row("tdx-boot", 16 * GIB, "maple", 17, 1));
    report.add(row("tdx-boot-v2", Sizes.TIB, "maple", 11, 1));
    List<SpeedRuns.Measurement> reportSpeed = new ArrayList<>(speed);
    reportSpeed.add(AnswerFixtures.ns("isShared(layout=fragment-1000000)", "maple", 1, 0));
    reportSpeed.add(AnswerFixtures.ns("replayPopulated(layout=fragment-1000000)", "maple", 1, 0));
    reportSpeed.add(AnswerFixtures.ns(SPLIT_LARGE, "bitmap", 1, 0));
    assertEquals(Answer.of(census, speed), Answer.ofReport(report, reportSpeed));
    // Rows of other backends only give no answer, and the attempt says why.
    Answer.Attempt none =
        Answer.Attempt.of(List.of(row("tdx-boot", Sizes.TIB, "bitmap", 1000, 1)), reportSpeed);
    assertTrue(none.answer().isEmpty());
    assertTrue(none.whyNot().contains("no guest rows"), none.whyNot());
    assertEquals(
        Answer.of(census, speed), Answer.Attempt.of(report, reportSpeed).answer().orElseThrow());
  }

  @Test
  void guests_areTheNonFragmentCells_withEveryBackendsBytes() {
    Answer a = realistic();
    assertEquals(3, a.guests().size());
    Answer.GuestBytes tdx = a.guests().get(1);
    assertEquals("tdx-boot", tdx.guest().workload());
    assertEquals(Sizes.TIB, tdx.guest().regionSize());
    assertEquals("TDX guest after boot", tdx.guest().description());
    assertEquals(1000, tdx.runs());
    assertEquals(List.copyOf(Answer.BACKENDS), List.copyOf(tdx.measured().keySet()));
    assertEquals(flat(Sizes.TIB), tdx.flatBytes());
    assertEquals(64 + 1000 * 144, tdx.bytes("interval"));
    assertEquals(64 + 1000 * 47, tdx.bytes("roaring"));
    assertEquals(4664, tdx.bytes("maple"));
    assertEquals(4664.0 / flat(Sizes.TIB), tdx.ratio("maple"), 1e-15);
    assertEquals(1000 / 1024.0, tdx.runsPerGiB(), 1e-12);
    assertEquals(40 / 16.0, a.guests().get(0).runsPerGiB(), 1e-12);
  }

  @Test
  void formulas_kernelMapleQemuIntervalTreeCloudHypervisor() {
    Answer.GuestBytes tdx = realistic().guests().get(1);
    Answer.FormulaBytes kernel = tdx.formula(Answer.Formula.KERNEL_MAPLE);
    assertEquals(36_600, kernel.low(), 1e-6);
    assertEquals(58_200, kernel.high(), 1e-6);
    Answer.FormulaBytes qemu = tdx.formula(Answer.Formula.QEMU_INTERVAL_TREE);
    assertEquals(48_000, qemu.low(), 0);
    assertEquals(64_000, qemu.high(), 0);
    Answer.FormulaBytes ch = tdx.formula(Answer.Formula.CLOUD_HYPERVISOR);
    // 2^28 pages of 4 KiB, one bit each: 32 MiB; twice that while a revocation clones it.
    assertEquals(32 * Sizes.MIB, ch.low(), 0);
    assertEquals(64 * Sizes.MIB, ch.high(), 0);
    assertEquals(Answer.Formula.values().length, tdx.formulas().size());
    // Each is shown next to the measured structure of its family.
    assertEquals("maple", Answer.Formula.KERNEL_MAPLE.nextTo());
    assertEquals("interval", Answer.Formula.QEMU_INTERVAL_TREE.nextTo());
    assertEquals(Answer.FLAT, Answer.Formula.CLOUD_HYPERVISOR.nextTo());
    // A page count that is not a multiple of 64 still takes whole 64-bit words.
    assertEquals(16, Answer.Formula.CLOUD_HYPERVISOR.bytes(0, 65).low(), 0);
  }

  @Test
  void formulaRules_areTheFormulasAlone() {
    assertEquals("pages/8 to 2 x pages/8 B", Answer.Formula.CLOUD_HYPERVISOR.rule());
    assertEquals("runs x 48 to 64 B", Answer.Formula.QEMU_INTERVAL_TREE.rule());
    assertEquals("runs x 36.6 to 58.2 B", Answer.Formula.KERNEL_MAPLE.rule());
  }

  @Test
  void qemuIntervalTreeNode_isSixWords_andAGlibcChunkRoundsItUp() {
    // RBNode: rb_parent_color, rb_right, rb_left; then start, last, subtree_last.
    assertEquals(6 * Long.BYTES, Answer.QEMU_INTERVAL_NODE_BYTES);
    // glibc: the request plus the 8-byte size field, rounded up to a multiple of 16.
    int chunk = (Answer.QEMU_INTERVAL_NODE_BYTES + Long.BYTES + 15) / 16 * 16;
    assertEquals(chunk, Answer.GLIBC_CHUNK_BYTES);
  }

  @Test
  void kernelMapleConstants_areTheFiguresDocsWorkloadsMdQuotes() throws IOException {
    Path root =
        Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    String doc = Files.readString(root.resolve("docs/workloads.md")).replaceAll("\\s+", " ");
    Matcher m =
        Pattern.compile(
                "takes ([0-9.]+) bytes per run when inserted in ascending order, ([0-9.]+) in"
                    + " random order, and ([0-9.]+) after")
            .matcher(doc);
    assertTrue(m.find(), "docs/workloads.md no longer quotes the kernel's three figures");
    assertEquals(Double.parseDouble(m.group(1)), Answer.KERNEL_MAPLE_ASCENDING);
    assertEquals(Double.parseDouble(m.group(2)), Answer.KERNEL_MAPLE_RANDOM);
    assertEquals(Double.parseDouble(m.group(3)), Answer.KERNEL_MAPLE_CHURNED);
  }

  @Test
  void triggers_haveSources_andTheFloorIsTheCheapest() {
    double cheapest = Double.MAX_VALUE;
    for (Answer.Trigger t : Answer.TRIGGERS) {
      assertTrue(t.lowNs() > 0, t.name());
      assertTrue(t.highNs() >= t.lowNs(), t.name());
      assertTrue(!t.urls().isEmpty(), t.name());
      t.urls().forEach(u -> assertTrue(u.startsWith("https://"), u));
      assertTrue(!t.source().isBlank() && !t.derivation().isBlank(), t.name());
      cheapest = Math.min(cheapest, t.lowNs());
    }
    assertEquals(cheapest, Answer.triggerFloorNs());
    assertEquals(cheapest, Answer.cheapestTrigger().lowNs());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Answer.Trigger("exit", 2000, 1000, "d", "s", List.of("https://x")));
    assertMessage(e, "exit", "2000.0 to 1000.0 ns");
  }

  @Test
  void speed_takesTheSplitMergeWithTheMostRuns_andTheLookupsWithTheSameParameters() {
    List<SpeedRuns.Measurement> rows = new ArrayList<>(fastSpeed());
    rows.replaceAll(
        m ->
            m.backend().equals("roaring") && m.operation().equals(SPLIT_LARGE)
                ? AnswerFixtures.ns(SPLIT_LARGE, "roaring", 80, 4)
                : m);
    Answer a = Answer.of(census(realisticBytesPerRun(), realisticBytesPerRun()), rows);
    assertEquals(SPLIT_LARGE, a.splitMergeOperation());
    assertEquals(LOOKUP, a.lookupOperation());
    Answer.Speed roaring = a.speedOf("roaring");
    assertEquals(80, roaring.splitMerge().score());
    assertEquals(4, roaring.splitMerge().error());
    assertEquals(10, roaring.isShared().score());
    assertEquals(20, roaring.isPopulated2MiB().score());
    assertEquals(2, roaring.isPopulated2MiB().error());
    assertEquals(84 / Answer.triggerFloorNs(), roaring.splitMergeShareOfTrigger(), 1e-15);
    assertEquals(
        List.copyOf(Answer.BACKENDS), a.speed().stream().map(Answer.Speed::backend).toList());
  }

  @Test
  void breakEven_isReportAnalysisCrossover_perBackend() {
    List<Census.Row> rows = census(realisticBytesPerRun(), realisticBytesPerRun());
    Answer a = Answer.of(rows, fastSpeed());
    assertEquals(
        List.of("interval", "roaring", "maple"),
        a.breakEven().stream().map(ReportAnalysis.Crossover::backend).toList());
    List<Census.Row> maple =
        rows.stream()
            .filter(r -> r.backend().equals("maple") && r.workload().startsWith("fragment-"))
            .toList();
    assertEquals(ReportAnalysis.crossover("maple", GIB, maple), a.breakEvenOf("maple"));
    // The rows are linear (48 + 4.6 K bytes), so the crossover is where that reaches the bitmap.
    assertEquals((flat(GIB) - 48) / 4.6, a.breakEvenOf("maple").runsPerGiB(), 0.01);
  }

  @Test
  void breakEven_prefersTheLargestSizeWithACrossing() {
    List<Census.Row> rows = new ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    // At 64 GiB maple never reaches the bitmap in these rows: the 1 GiB crossing is kept.
    for (long k : new long[] {1, 100}) {
      rows.add(row("fragment-" + k, 64 * GIB, "maple", k, 100));
    }
    Answer a = Answer.of(rows, fastSpeed());
    assertEquals(GIB, a.breakEvenOf("maple").regionSize());
    // A crossing at 64 GiB wins over the one at 1 GiB.
    rows.add(row("fragment-10000", 64 * GIB, "maple", 10_000, 10 * flat(64 * GIB)));
    assertEquals(64 * GIB, Answer.of(rows, fastSpeed()).breakEvenOf("maple").regionSize());
  }

  // ---------------------------------------------------------------- recommendation

  @Test
  void recommendation_adoptsTheSmallest_whenItsSplitMergeIsCheap() {
    Answer.Recommendation r = realistic().recommendation();
    assertEquals(Answer.Verdict.ADOPT, r.verdict());
    assertEquals(Answer.Reason.SMALLEST, r.reason());
    assertEquals("maple", r.subject());
    assertEquals(List.of(), r.tooSlow());
    assertEquals("tdx-io", r.largestGuest().guest().workload());
    Answer.GuestBytes snp = realistic().guests().get(0);
    assertEquals(snp.ratio("maple"), r.largestRatio(), 1e-15); // its runs per byte of bitmap: most
    assertEquals(55 / 1000.0, r.splitMergeShare(), 1e-12);
    assertEquals(Answer.BreakEvenStatus.ABOVE_EVERY_GUEST, r.breakEvenStatus());
    assertEquals("snp-boot", r.busiestGuest().guest().workload());
  }

  @Test
  void recommendation_changes_whenAnotherStructureIsSmaller() {
    Answer a = Answer.of(census(perRun(1.0, 47, 4.6), realisticBytesPerRun()), fastSpeed());
    assertEquals(Answer.Verdict.ADOPT, a.recommendation().verdict());
    assertEquals("interval", a.recommendation().subject());
    assertEquals(a.breakEvenOf("interval"), a.recommendation().breakEven());
  }

  @Test
  void recommendation_takesTheNextSmallest_whenTheSmallestSplitMergeIsALargeShareOfTheTrigger() {
    Answer a =
        Answer.of(
            census(realisticBytesPerRun(), realisticBytesPerRun()), speed(Map.of("maple", 5000.0)));
    Answer.Recommendation r = a.recommendation();
    assertEquals(Answer.Verdict.ADOPT, r.verdict());
    assertEquals(Answer.Reason.NEXT_SMALLEST, r.reason());
    assertEquals("roaring", r.subject());
    assertEquals(List.of("maple"), r.tooSlow());
    assertEquals(5.5, a.speedOf("maple").splitMergeShareOfTrigger(), 1e-12);
  }

  @Test
  void recommendation_limitIsTheUpperEndOfTheInterval_againstTheTriggerFloor() {
    List<Census.Row> rows = census(realisticBytesPerRun(), realisticBytesPerRun());
    // 900 +- 90 ns: the upper end, 990 ns, is within the 1 us floor; 1000 +- 100 ns is not.
    assertEquals(
        "maple", Answer.of(rows, speed(Map.of("maple", 900.0))).recommendation().subject());
    assertEquals(
        "roaring", Answer.of(rows, speed(Map.of("maple", 1000.0))).recommendation().subject());
    assertEquals(1.0, Answer.MAX_SHARE_OF_TRIGGER);
  }

  @Test
  void recommendation_treatsAnUnknownErrorAsUnbounded() {
    List<SpeedRuns.Measurement> rows = new ArrayList<>(fastSpeed());
    rows.replaceAll(
        m ->
            m.backend().equals("maple") && m.operation().equals(SPLIT_LARGE)
                ? AnswerFixtures.ns(SPLIT_LARGE, "maple", 1, Double.NaN)
                : m);
    Answer a = Answer.of(census(realisticBytesPerRun(), realisticBytesPerRun()), rows);
    assertEquals("roaring", a.recommendation().subject());
    assertEquals(List.of("maple"), a.recommendation().tooSlow());
  }

  @Test
  void recommendation_keepsTheBitmap_whenEverySmallerStructureIsTooDear() {
    Answer.Recommendation r =
        Answer.of(
                census(realisticBytesPerRun(), realisticBytesPerRun()),
                speed(Map.of("maple", 5000.0, "roaring", 2000.0, "interval", 10_000.0)))
            .recommendation();
    assertEquals(Answer.Verdict.KEEP_BITMAP, r.verdict());
    assertEquals(Answer.Reason.ALL_TOO_SLOW, r.reason());
    assertEquals("maple", r.subject());
    assertEquals(List.of("maple", "roaring", "interval"), r.tooSlow());
  }

  @Test
  void recommendation_keepsTheBitmap_whenNothingIsSmallerOnEveryGuest() {
    // 40 runs on 16 GiB: at 20,000 B per run every structure exceeds the 512 KiB bitmap there.
    Answer.Recommendation r =
        Answer.of(census(perRun(40_000, 30_000, 20_000), realisticBytesPerRun()), fastSpeed())
            .recommendation();
    assertEquals(Answer.Verdict.KEEP_BITMAP, r.verdict());
    assertEquals(Answer.Reason.NONE_SMALLER, r.reason());
    assertEquals("maple", r.subject());
    assertTrue(r.largestRatio() > 1, "ratio " + r.largestRatio());
  }

  @Test
  void recommendation_breakEvenNever_whenTheStructureNeverReachesTheBitmap() {
    Answer a = Answer.of(census(realisticBytesPerRun(), perRun(144, 47, 0)), fastSpeed());
    assertEquals(ReportAnalysis.How.NEVER, a.breakEvenOf("maple").how());
    assertEquals(Answer.BreakEvenStatus.NEVER, a.recommendation().breakEvenStatus());
  }

  @Test
  void recommendation_guestBeyond_whenAGuestIsDenserThanTheBreakEven() {
    // 48 + 20,000 K bytes reach the 1 GiB bitmap at 1.64 runs; the SNP guest has 2.5 per GiB.
    Answer a = Answer.of(census(realisticBytesPerRun(), perRun(144, 47, 20_000)), fastSpeed());
    assertEquals(ReportAnalysis.How.INTERPOLATED, a.breakEvenOf("maple").how());
    assertTrue(a.breakEvenOf("maple").runsPerGiB() < 2.5);
    assertEquals(Answer.BreakEvenStatus.GUEST_BEYOND, a.recommendation().breakEvenStatus());
  }

  // ---------------------------------------------------------------- bad rows

  private static IllegalArgumentException refused(
      List<Census.Row> census, List<SpeedRuns.Measurement> speed) {
    return assertThrows(IllegalArgumentException.class, () -> Answer.of(census, speed));
  }

  private static void assertMessage(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void refuses_noGuests() {
    List<Census.Row> rows =
        census(realisticBytesPerRun(), realisticBytesPerRun()).stream()
            .filter(r -> r.workload().startsWith("fragment-"))
            .toList();
    assertMessage(refused(rows, fastSpeed()), "no guest rows");
  }

  @Test
  void refuses_moreThanFourGuests() {
    List<Census.Row> rows = new ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    rows.add(row("tdx-boot", 64 * GIB, Answer.FLAT, 9, flat(64 * GIB)));
    rows.add(row("snp-boot", 64 * GIB, Answer.FLAT, 9, flat(64 * GIB)));
    assertMessage(refused(rows, fastSpeed()), "5 guests", "snp-boot at 64 GiB", "at most 4");
  }

  @Test
  void refuses_aMissingOrSkippedOrDisagreeingGuestRow() {
    List<Census.Row> rows = new ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    rows.removeIf(r -> r.workload().equals("tdx-boot") && r.backend().equals("roaring"));
    assertMessage(refused(rows, fastSpeed()), "no roaring row for tdx-boot at 1 TiB");

    rows = new ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    rows.replaceAll(
        r ->
            r.workload().equals("snp-boot") && r.backend().equals("maple")
                ? new Census.Row(
                    "snp-boot", r.regionSize(), "maple", 7, 40, 40, 0, false, 0, 0, "out of heap")
                : r);
    assertMessage(
        refused(rows, fastSpeed()), "maple row for snp-boot at 16 GiB was skipped: out of heap");

    rows = new ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    rows.replaceAll(
        r ->
            r.workload().equals("snp-boot") && r.backend().equals("maple")
                ? row("snp-boot", r.regionSize(), "maple", 41, 300)
                : r);
    assertMessage(refused(rows, fastSpeed()), "snp-boot at 16 GiB: maple holds 41 runs", "40");
  }

  @Test
  void refuses_missingMeasurements() {
    List<Census.Row> rows = census(realisticBytesPerRun(), realisticBytesPerRun());
    List<SpeedRuns.Measurement> speed = new ArrayList<>(fastSpeed());
    speed.removeIf(m -> m.backend().equals("interval") && m.operation().equals(LOOKUP));
    assertMessage(refused(rows, speed), "no " + LOOKUP + " measurement for interval");

    speed = new ArrayList<>(fastSpeed());
    speed.removeIf(m -> m.backend().equals("maple") && m.operation().equals(POPULATED));
    assertMessage(refused(rows, speed), "no " + POPULATED + " measurement for maple");

    speed = new ArrayList<>(fastSpeed());
    speed.removeIf(m -> m.operation().startsWith("splitThenMerge("));
    assertMessage(refused(rows, speed), "no splitThenMerge(...) measurement");

    speed = new ArrayList<>(fastSpeed());
    speed.removeIf(m -> m.operation().startsWith("isShared("));
    assertMessage(refused(rows, speed), "no isShared(...) measurement");
  }

  @Test
  void refuses_missingFragmentRows() {
    Map<String, Double> fragments = perRun(144, 47, 4.6);
    fragments.remove("roaring");
    assertMessage(
        refused(census(realisticBytesPerRun(), fragments), fastSpeed()),
        "no fragment-K rows for roaring",
        "1 GiB");
  }

  @Test
  void guest_refusesASizeThatIsNotWholePages() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Answer.Guest("tdx-boot", 4095, "x"));
    assertMessage(e, "tdx-boot", "4095");
    assertEquals(GIB, Answer.GUESTS.get(0).at(GIB).regionSize());
    assertTrue(Answer.GUESTS.size() <= Answer.MAX_GUESTS);
  }
}
