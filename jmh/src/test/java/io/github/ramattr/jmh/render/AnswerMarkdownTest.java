/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static io.github.ramattr.jmh.report.AnswerFixtures.census;
import static io.github.ramattr.jmh.report.AnswerFixtures.fastSpeed;
import static io.github.ramattr.jmh.report.AnswerFixtures.perRun;
import static io.github.ramattr.jmh.report.AnswerFixtures.realisticBytesPerRun;
import static io.github.ramattr.jmh.report.AnswerFixtures.speed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.AnswerFixtures;
import io.github.ramattr.workloads.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page: at most one page of lines, the question quoted, the tables (at most four guests, every
 * structure measured and by formula, the triggers with sources), the command, the three sentences
 * of every branch, and the same bytes whatever the default locale.
 */
class AnswerMarkdownTest {
  /** One page of a mailing-list reply. */
  static final int MAX_LINES = 60;

  private static Answer realistic() {
    return Answer.of(census(realisticBytesPerRun(), realisticBytesPerRun()), fastSpeed());
  }

  @Test
  void page_isAReplyOfAtMostOnePage_withTheCommand() {
    String page = AnswerMarkdown.render(realistic());
    long lines = page.lines().count();
    assertTrue(lines <= MAX_LINES, lines + " lines");
    assertTrue(page.startsWith("Subject: Re: "), page);
    assertTrue(page.contains("\n> Would a maple tree or an interval tree"));
    assertTrue(page.contains(AnswerMarkdown.COMMAND));
    assertTrue(page.contains(AnswerMarkdown.FROM_COMMAND));
    assertTrue(page.contains("**What QEMU should do.** "));
  }

  @Test
  void bytesTable_hasOneColumnPerGuest_atMostFour_andEveryStructure() {
    String page = AnswerMarkdown.render(realistic());
    String header =
        page.lines().filter(l -> l.startsWith("| structure | SNP guest")).findFirst().orElseThrow();
    long guests = header.chars().filter(c -> c == '|').count() - 2;
    assertEquals(3, guests);
    assertTrue(guests <= Answer.MAX_GUESTS);
    assertTrue(header.contains("| TDX guest after boot, 1 TiB, 1000 runs |"), header);
    // QEMU's bitmap of 1 TiB is 32 MiB; maple's 4664 B are 1.39e-4 of it.
    assertTrue(page.contains("| QEMU's bitmap, measured | 512 KiB | 32.0 MiB | 128 MiB |"), page);
    assertTrue(page.contains(" 4.55 KiB (0.000139x) |"), page);
    // Every formula row right after the measured row of its family.
    List<String> lines = page.lines().toList();
    for (Answer.Formula f : Answer.Formula.values()) {
      int row =
          lines.indexOf(
              lines.stream()
                  .filter(l -> l.startsWith("| " + f.structure() + ", by formula ["))
                  .findFirst()
                  .orElseThrow());
      String previous = lines.get(row - 1);
      assertTrue(
          previous.startsWith("| " + AnswerMarkdown.name(f.nextTo()) + ", measured |"), previous);
    }
    // The kernel's maple tree on the 1 TiB guest: 1000 runs x 36.6 to 58.2 B.
    assertTrue(page.contains(" 35.7 KiB to 56.8 KiB ("), page);
    assertTrue(page.contains(" 32.0 MiB to 64.0 MiB (1.00 to 2.00x) |"), page);
  }

  @Test
  void speedTable_everyStructureWithErrors_nextToTheTriggersWithSources() {
    String page = AnswerMarkdown.render(realistic());
    assertTrue(page.contains("| QEMU's bitmap | 50.0 ± 5.00 | 10.0 ± 1.00 | 20.0 ± 2.00 |"), page);
    assertTrue(page.contains("| ramattr's maple | 50.0 ± 5.00 |"), page);
    for (Answer.Trigger t : Answer.TRIGGERS) {
      assertTrue(page.contains("| " + t.name() + " | "), t.name());
      t.urls().forEach(u -> assertTrue(page.contains("<" + u + ">"), u));
    }
    assertTrue(page.contains("| 1.00 us to 52.8 us | [4] |"), page);
    assertTrue(page.contains("| 1.50 us to 1.19 ms | [5] |"), page);
    assertTrue(page.contains("| 5.49 us to 38.1 us | [6] |"), page);
    assertEquals("999 ns", AnswerMarkdown.duration(999));
  }

  @Test
  void recommendation_adopt_threeSentences() {
    String text = AnswerMarkdown.recommendation(realistic());
    assertEquals(3, text.split("\\. ").length, text);
    assertTrue(
        text.startsWith(
            "QEMU should track these guests' shared pages with a structure like"
                + " ramattr's maple: on the TDX guest under steady I/O (4 TiB) it takes 5.00 KiB where the"
                + " bitmap takes 128 MiB"),
        text);
    assertTrue(
        text.contains(
            ". A split and merge in ramattr's maple costs at most 55.0 ns (the upper end of"
                + " its 99.9% interval), 5.50% of the cheapest trigger's floor (KVM exit"),
        text);
    double breakEven = (AnswerFixtures.flat(Sizes.GIB) - 48) / 4.6;
    assertTrue(
        text.endsWith(
            "Against ramattr's maple the bitmap becomes the smaller only above "
                + Figures.num(breakEven)
                + " runs per GiB, "
                + Figures.num(breakEven / 2.5)
                + "x the busiest guest's 2.50."),
        text);
  }

  @Test
  void recommendation_everyOtherBranch_isWorded() {
    String next =
        AnswerMarkdown.recommendation(
            Answer.of(
                census(realisticBytesPerRun(), realisticBytesPerRun()),
                speed(Map.of("maple", 5000.0))));
    assertTrue(next.contains("with a structure like RoaringBitmap"), next);
    assertTrue(next.contains("; ramattr's maple is smaller but takes 550%, above the 100%"), next);

    String tooSlow =
        AnswerMarkdown.recommendation(
            Answer.of(
                census(realisticBytesPerRun(), realisticBytesPerRun()),
                speed(Map.of("maple", 5000.0, "roaring", 2000.0, "interval", 10_000.0))));
    assertTrue(
        tooSlow.startsWith(
            "QEMU should keep its bitmap: the structures smaller than it on"
                + " every guest (ramattr's maple, RoaringBitmap, Guava's TreeRangeSet) cost too much"),
        tooSlow);
    assertTrue(tooSlow.contains("550%") && tooSlow.contains("above the 100%"), tooSlow);

    String none =
        AnswerMarkdown.recommendation(
            Answer.of(census(perRun(40_000, 30_000, 20_000), realisticBytesPerRun()), fastSpeed()));
    assertTrue(
        none.startsWith(
            "QEMU should keep its bitmap: no measured structure is smaller on"
                + " every one of these 3 guests (ramattr's maple comes closest"),
        none);

    String never =
        AnswerMarkdown.recommendation(
            Answer.of(census(realisticBytesPerRun(), perRun(144, 47, 0)), fastSpeed()));
    assertTrue(
        never.endsWith(
            "ramattr's maple stays smaller than the bitmap up to pages/2 runs,"
                + " so no fragmentation makes the bitmap the smaller one."),
        never);

    String beyond =
        AnswerMarkdown.recommendation(
            Answer.of(census(realisticBytesPerRun(), perRun(144, 47, 20_000)), fastSpeed()));
    assertTrue(
        beyond.endsWith(
            "above 1.64 runs per GiB, and the SNP guest after boot already has"
                + " 2.50: above that density the bitmap should stay."),
        beyond);
  }

  @Test
  void breakEven_wordsEveryWayACrossoverIsFound() {
    // maple interpolated, roaring extrapolated (0.4 B per run stays below up to 65536 runs),
    // interval at or below the smallest K (40,000 B for one run already exceed 32 KiB).
    String page =
        AnswerMarkdown.render(
            Answer.of(census(realisticBytesPerRun(), perRun(40_000, 0.4, 4.6)), fastSpeed()));
    assertTrue(page.contains("Guava's TreeRangeSet at most 1.00 (1 GiB)"), page);
    // Roaring's last two points (10^4 and 65536 runs, 0.4 B per run) extended to the bitmap.
    double flat = AnswerFixtures.flat(Sizes.GIB);
    String roaring = Figures.num(65_536 + (flat - Math.round(48 + 65_536 * 0.4)) / 0.4);
    assertTrue(page.contains("RoaringBitmap " + roaring + " (1 GiB, extrapolated)"), page);
    assertTrue(
        page.contains("ramattr's maple " + Figures.num((flat - 48) / 4.6) + " (1 GiB)"), page);
    String never =
        AnswerMarkdown.render(
            Answer.of(census(realisticBytesPerRun(), perRun(144, 47, 0)), fastSpeed()));
    assertTrue(never.contains("ramattr's maple never, up to pages/2 runs (1 GiB)"), never);
  }

  @Test
  void page_saysWhenItsRowsAreASmokeRun() {
    Answer real = realistic();
    assertTrue(real.atTheGuestsSizes());
    assertTrue(!AnswerMarkdown.render(real).contains("smoke run"));
    List<io.github.ramattr.evidence.Census.Row> rows =
        new java.util.ArrayList<>(census(realisticBytesPerRun(), realisticBytesPerRun()));
    // The SNP guest at 1 GiB instead of 16 GiB, as --tiny measures it.
    rows.replaceAll(
        r ->
            r.workload().equals("snp-boot")
                ? AnswerFixtures.row(
                    "snp-boot",
                    Sizes.GIB,
                    r.backend(),
                    r.runs(),
                    r.backend().equals(Answer.FLAT) ? AnswerFixtures.flat(Sizes.GIB) : r.bytes())
                : r);
    Answer tiny = Answer.of(rows, fastSpeed());
    assertTrue(!tiny.atTheGuestsSizes());
    assertTrue(
        AnswerMarkdown.render(tiny).contains("**These rows are a smoke run (`answer --tiny`"));
  }

  @Test
  void page_isTheSameInEveryLocale() {
    Answer answer = realistic();
    String root = AnswerMarkdown.render(answer);
    Locale saved = Locale.getDefault();
    try {
      for (Locale l : List.of(Locale.GERMANY, new Locale("ar", "EG"), Locale.FRANCE)) {
        Locale.setDefault(l);
        assertEquals(root, AnswerMarkdown.render(answer), l.toString());
      }
    } finally {
      Locale.setDefault(saved);
    }
    assertEquals(Sizes.human(1536), "1.50 KiB");
  }
}
