/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
import io.github.ramattr.tck.ReferenceModel;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadsTest {

  private static ReferenceModel build(String name, long region, long seed) {
    Workload w = Workloads.byName(name);
    ReferenceModel model = new ReferenceModel(region / Sizes.PAGE);
    w.applyTo(model, region, seed);
    return model;
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
    ReferenceModel model = build(w.name(), region, w.defaultSeed(region));
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
    ReferenceModel model = build("boot-tdx", region, 1);
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
    ReferenceModel tdx = build("boot-tdx", region, 9);
    ReferenceModel snp = build("boot-snp", region, 9);
    assertEquals(tdx.runs(), snp.runs());
    long tdxCalls = Workloads.byName("boot-tdx").conversions(region, 9).count();
    long snpCalls = Workloads.byName("boot-snp").conversions(region, 9).count();
    assertTrue(snpCalls > tdxCalls, snpCalls + " SNP calls vs " + tdxCalls + " TDX calls");
  }

  // ================================================================ churn, alternate, others

  @Test
  void churn_holdsAboutRRuns() {
    long region = 64 * Sizes.GIB;
    ReferenceModel model = build("churn-1000", region, 3);
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
    ReferenceModel model = build("alternate", region, 0);
    assertEquals(region / Sizes.PAGE / 2, model.sharedRunCount());
    assertEquals(region / Sizes.PAGE / 2, model.sharedCount());
  }

  @Test
  void splitMerge_endsAsTheFragment() {
    ReferenceModel fragment = build("fragment-10000", Sizes.GIB, 4);
    ReferenceModel pairs = build("split-merge", Sizes.GIB, 4);
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
}
