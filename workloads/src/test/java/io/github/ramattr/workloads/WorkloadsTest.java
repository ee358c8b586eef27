/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generators against docs/workloads.md: the splitmix64 sequence and the formula, the seeds, the
 * run counts each workload leaves, and the same stream for the same seed. End states are checked on
 * a {@link BitSet} of pages, a structure none of the backends uses.
 */
class WorkloadsTest {

  /** The pages of a block as bits, built by applying a workload's conversions in order. */
  static final class PageBits {
    private final BitSet shared = new BitSet();

    void apply(Conversion c) {
      int from = Math.toIntExact(c.fromPage());
      int to = Math.toIntExact(c.toPage());
      if (c.target() == PageState.SHARED) {
        shared.set(from, to);
      } else {
        shared.clear(from, to);
      }
    }

    /** The maximal shared runs, start to end (exclusive). */
    NavigableMap<Long, Long> runs() {
      NavigableMap<Long, Long> runs = new TreeMap<>();
      for (int a = shared.nextSetBit(0); a >= 0; a = shared.nextSetBit(shared.nextClearBit(a))) {
        runs.put((long) a, (long) shared.nextClearBit(a));
      }
      return runs;
    }

    long sharedRunCount() {
      return runs().size();
    }

    long sharedCount() {
      return shared.cardinality();
    }
  }

  static PageBits build(String name, long region, long seed) {
    PageBits bits = new PageBits();
    Workloads.byName(name).conversions(region, seed).forEach(bits::apply);
    return bits;
  }

  // ================================================================ splitmix64

  @Test
  void splitMix64_seedZero_matchesPublishedSequence() {
    // The first outputs of Vigna's splitmix64.c from state 0.
    SplitMix64 random = new SplitMix64(0);
    assertEquals(0xE220A8397B1DCDAFL, random.next());
    assertEquals(0x6E789E6AA1B965F4L, random.next());
    assertEquals(0x06C45D188009454FL, random.next());
  }

  // ================================================================ fragment-K

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "100, 1",
    "10000, 1",
    "pages/64, 1",
    "pages/4, 1",
    "100000, 64",
    "1000000, 64"
  })
  void fragment_yieldsExactlyKRuns(String k, long gib) {
    long region = gib * Sizes.GIB;
    Workload w = Workloads.byName("fragment-" + k);
    long pages = region / Sizes.PAGE;
    long expected =
        k.startsWith("pages/") ? pages / Long.parseLong(k.substring(6)) : Long.parseLong(k);
    PageBits model = build(w.name(), region, w.defaultSeed(region));
    assertEquals(expected, model.sharedRunCount(), w.name() + " seed " + w.defaultSeed(region));
    // Each run lies in its own cell [i*gap, (i+1)*gap - 1), as the formula places it.
    long gap = pages / expected;
    long i = 0;
    for (Map.Entry<Long, Long> run : model.runs().entrySet()) {
      assertTrue(run.getKey() >= i * gap && run.getValue() <= (i + 1) * gap - 1, "run " + run);
      i++;
    }
  }

  @Test
  void fragment_firstRun_followsFormula() {
    // K = 1 on 1 GiB, seed 2 (docs/workloads.md): gap = pages, a = rnd(gap/2), b = a + 1 +
    // rnd(gap/2-1).
    long pages = Sizes.GIB / Sizes.PAGE;
    SplitMix64 random = new SplitMix64(2);
    long a = Long.remainderUnsigned(random.next(), pages / 2);
    long len = 1 + Long.remainderUnsigned(random.next(), pages / 2 - 1);
    NavigableMap<Long, Long> runs = build("fragment-1", Sizes.GIB, 2).runs();
    assertEquals(Map.of(a, Math.min(pages - 1, a + len)), runs);
  }

  @Test
  void fragment_seedsOfWorkloadsMd() {
    assertEquals(1, Workloads.byName("fragment-100000").defaultSeed(Sizes.TIB));
    assertEquals(2, Workloads.byName("fragment-1").defaultSeed(Sizes.GIB));
    assertEquals(3, Workloads.byName("fragment-100").defaultSeed(Sizes.GIB));
    assertEquals(4, Workloads.byName("fragment-10000").defaultSeed(Sizes.GIB));
    assertEquals(5, Workloads.byName("fragment-pages/64").defaultSeed(Sizes.GIB));
    assertEquals(6, Workloads.byName("fragment-pages/4").defaultSeed(Sizes.GIB));
    assertEquals(7, Workloads.byName("fragment-10000").defaultSeed(64 * Sizes.GIB));
    assertEquals(8, Workloads.byName("fragment-1000000").defaultSeed(64 * Sizes.GIB));
  }

  @Test
  void fragment_kOverQuarterPages_unsupported() {
    Workload w = Workloads.byName("fragment-100000");
    assertTrue(w.unsupported(Sizes.GIB).isPresent());
    assertThrows(IllegalArgumentException.class, () -> w.conversions(Sizes.GIB, 1));
    assertTrue(w.unsupported(64 * Sizes.GIB).isEmpty());
  }

  // ================================================================ boot

  @ParameterizedTest
  @CsvSource({
    "1, 64", // 6% of 1 GiB = 61.4 MiB: clamped up to 64 MiB
    "4, 246", // 6% of 4 GiB = 245.76 MiB: rounded up to 2 MiB
    "64, 1024", // 6% of 64 GiB = 3.84 GiB: clamped down to 1 GiB
    "1024, 1024"
  })
  void bootTdx_swiotlbClamped(long gib, long expectedMiB) {
    long region = gib * Sizes.GIB;
    assertEquals(expectedMiB * Sizes.MIB, Workloads.Boot.swiotlbSize(region));
    PageBits model = build("boot-tdx", region, 1);
    long longest =
        model.runs().entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).max().orElse(0);
    // vCPU pages may touch the SWIOTLB run and lengthen it by a page or two, never more.
    assertTrue(longest >= expectedMiB * Sizes.MIB / Sizes.PAGE, "longest run " + longest);
    assertTrue(longest <= expectedMiB * Sizes.MIB / Sizes.PAGE + 8, "longest run " + longest);
  }

  @Test
  void bootTdx_twoMiBPiecesAndVcpuPages() {
    long region = 64 * Sizes.GIB;
    List<Conversion> conversions =
        Workloads.byName("boot-tdx").conversions(region, 1).collect(Collectors.toList());
    long pieces = conversions.stream().filter(c -> c.size() == 2 * Sizes.MIB).count();
    long single = conversions.stream().filter(c -> c.size() == Sizes.PAGE).count();
    assertEquals(512, pieces, "1 GiB of SWIOTLB in 2 MiB pieces");
    assertEquals(4 * 16, single, "4 pages for each of 16 vCPUs (one per 4 GiB)");
    assertTrue(conversions.stream().allMatch(c -> c.target() == PageState.SHARED));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 64})
  void bootSnp_sameEndStateAsTdx_moreCalls(long gib) {
    long region = gib * Sizes.GIB;
    PageBits tdx = build("boot-tdx", region, 9);
    PageBits snp = build("boot-snp", region, 9);
    assertEquals(tdx.runs(), snp.runs());
    long tdxCalls = Workloads.byName("boot-tdx").conversions(region, 9).count();
    long snpCalls = Workloads.byName("boot-snp").conversions(region, 9).count();
    assertTrue(snpCalls > tdxCalls, snpCalls + " SNP calls vs " + tdxCalls + " TDX calls");
  }

  // ================================================================ churn, alternate, others

  @Test
  void churn_holdsAboutRRuns() {
    long region = 64 * Sizes.GIB;
    PageBits model = build("churn-1000", region, 3);
    long runs = model.sharedRunCount();
    assertTrue(runs > 900 && runs < 1100, "churn-1000 left " + runs + " runs");
  }

  @Test
  void churn_rOverPagesOver64_unsupported() {
    assertTrue(Workloads.byName("churn-100000").unsupported(Sizes.GIB).isPresent());
    assertTrue(Workloads.byName("churn-100000").unsupported(64 * Sizes.GIB).isEmpty());
  }

  @Test
  void alternate_halfThePagesAsRuns() {
    long region = 64 * Sizes.MIB;
    PageBits model = build("alternate", region, 0);
    assertEquals(region / Sizes.PAGE / 2, model.sharedRunCount());
    assertEquals(region / Sizes.PAGE / 2, model.sharedCount());
  }

  @Test
  void splitMerge_endsAsTheFragment() {
    PageBits fragment = build("fragment-10000", Sizes.GIB, 4);
    PageBits pairs = build("split-merge", Sizes.GIB, 4);
    assertEquals(fragment.runs(), pairs.runs());
    assertEquals(
        10_000 + 2 * Workloads.SplitMerge.PAIRS,
        Workloads.byName("split-merge").conversions(Sizes.GIB, 4).count());
  }

  @Test
  void bulk_endsAllPrivate() {
    assertEquals(0, build("bulk", 2 * Sizes.GIB, 5).sharedRunCount());
  }

  // ================================================================ determinism

  @ParameterizedTest
  @ValueSource(strings = {"boot-tdx", "boot-snp", "churn-1000", "fragment-10000", "split-merge"})
  void conversions_sameSeed_sameStream_otherSeed_otherStream(String name) {
    long region = 4 * Sizes.GIB;
    Workload w = Workloads.byName(name);
    List<Conversion> a = w.conversions(region, 11).collect(Collectors.toList());
    List<Conversion> b = w.conversions(region, 11).collect(Collectors.toList());
    List<Conversion> c = w.conversions(region, 12).collect(Collectors.toList());
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void byName_unknown_listsForms() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Workloads.byName("fragment-x"));
    assertTrue(e.getMessage().contains("fragment-K"), e.getMessage());
    assertEquals("fragment-1000000", Workloads.byName("fragment-1e6").name());
  }

  // ================================================================ run counts

  /**
   * Every census workload on 1 GiB and 64 GiB leaves the run count its definition gives: fragment-K
   * and alternate exactly, boot one SWIOTLB run plus at most 4 pages per vCPU (a page may land in
   * or next to another), churn-R about R more than boot (buffers may overlap, so within 10%).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 64})
  void census_everyWorkload_leavesTheRunsItsDefinitionGives(long gib) {
    long region = gib * Sizes.GIB;
    int checked = 0;
    for (Workload w : Workloads.census()) {
      if (w.unsupported(region).isPresent()) {
        continue;
      }
      long expected = w.expectedRuns(region);
      long runs = build(w.name(), region, w.defaultSeed(region)).sharedRunCount();
      String what = w.name() + " at " + Sizes.format(region) + ": " + runs + " runs";
      if (w.name().startsWith("fragment-") || w.name().equals("alternate")) {
        assertEquals(expected, runs, what);
      } else if (w.name().startsWith("boot-")) {
        assertTrue(runs <= expected && runs >= expected - 2, what + ", expected " + expected);
      } else {
        assertTrue(Math.abs(runs - expected) <= expected / 10, what + ", expected ~" + expected);
      }
      checked++;
    }
    assertTrue(checked >= 9, checked + " census workloads checked at " + gib + " GiB");
  }

  // ================================================================ docs/workloads.md

  static String workloadsMd() throws IOException {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    Path doc = root.resolveSibling("docs").resolve("workloads.md");
    if (!Files.isRegularFile(doc)) {
      doc = root.resolve("docs").resolve("workloads.md");
    }
    assertTrue(Files.isRegularFile(doc), "no docs/workloads.md next to " + root);
    return Files.readString(doc, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
  }

  /** The splitmix64 that docs/workloads.md writes out, evaluated with the constants it gives. */
  @Test
  void splitMix64_isTheFormulaOfWorkloadsMd() throws IOException {
    Matcher m =
        Pattern.compile(
                "state \\+= (0x[0-9A-Fa-f]+); z = state; z = \\(z \\^ \\(z >>> (\\d+)\\)\\) \\* (0x[0-9A-Fa-f]+);"
                    + " z = \\(z \\^ \\(z >>> (\\d+)\\)\\) \\* (0x[0-9A-Fa-f]+); return z \\^ \\(z >>> (\\d+)\\)")
            .matcher(workloadsMd());
    assertTrue(m.find(), "docs/workloads.md no longer writes splitmix64 out");
    long gamma = Long.parseUnsignedLong(m.group(1).substring(2), 16);
    long mul1 = Long.parseUnsignedLong(m.group(3).substring(2), 16);
    long mul2 = Long.parseUnsignedLong(m.group(5).substring(2), 16);
    int[] shifts = {
      Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(6))
    };
    long state = 12345;
    SplitMix64 random = new SplitMix64(state);
    for (int i = 0; i < 100; i++) {
      state += gamma;
      long z = state;
      z = (z ^ (z >>> shifts[0])) * mul1;
      z = (z ^ (z >>> shifts[1])) * mul2;
      z = z ^ (z >>> shifts[2]);
      assertEquals(z, random.next(), "output " + i);
    }
  }

  /** Each seed docs/workloads.md fixes for a fragment-K cell is the one the generator uses. */
  @Test
  void fragment_seedsAreTheOnesWorkloadsMdFixes() throws IOException {
    String doc = workloadsMd().replaceAll("\\s+", " ");
    assertTrue(
        doc.contains(
            "`fragment-K`: 1 for 1 TiB with K = 10^5; 2 to 6 for 1 GiB with K = 1, 10^2, 10^4,"
                + " pages/64, pages/4; 7 and 8 for 64 GiB with K = 10^4 and 10^6"),
        "docs/workloads.md's seed sentence changed: update the generator's seeds and this test");
    Map<String, Long> seeds =
        Map.of(
            "fragment-1e5@1TiB", 1L,
            "fragment-1@1GiB", 2L,
            "fragment-1e2@1GiB", 3L,
            "fragment-1e4@1GiB", 4L,
            "fragment-pages/64@1GiB", 5L,
            "fragment-pages/4@1GiB", 6L,
            "fragment-1e4@64GiB", 7L,
            "fragment-1e6@64GiB", 8L);
    seeds.forEach(
        (cell, seed) -> {
          int at = cell.indexOf('@');
          long region = Sizes.parse(cell.substring(at + 1));
          assertEquals(seed, Workloads.byName(cell.substring(0, at)).defaultSeed(region), cell);
        });
  }

  /** Every workload the table of docs/workloads.md names as a conversion stream is generated. */
  @Test
  void everyStreamWorkloadOfTheTable_isKnown() throws IOException {
    Matcher row = Pattern.compile("\\| `([a-z-]+(?:-[RK])?)` \\|").matcher(workloadsMd());
    int known = 0;
    while (row.find()) {
      String name = row.group(1);
      if (name.equals("lookup") || name.equals("replay")) {
        continue; // benchmarks on a boot-tdx or fragment block, not streams of their own
      }
      String concrete = name.replace("-R", "-1000").replace("-K", "-100");
      String generated = Workloads.byName(concrete).name();
      assertTrue(generated.startsWith(concrete), name + " of docs/workloads.md is " + generated);
      known++;
    }
    assertEquals(
        7 + Workloads.GUESTS.size(),
        known,
        "stream workloads and realistic guests in docs/workloads.md's tables");
  }
}
