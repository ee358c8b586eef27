/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import static io.github.ramattr.workloads.WorkloadsTest.build;
import static io.github.ramattr.workloads.WorkloadsTest.workloadsMd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
import io.github.ramattr.workloads.WorkloadsTest.PageBits;
import java.io.IOException;
import java.util.HashMap;
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
 * The realistic guests of docs/workloads.md against what the doc says they share: the SWIOTLB run,
 * the per-vCPU pages, the virtqueues and atomic pools (as a histogram of run lengths derived from
 * the documented counts), the I/O churn that never touches the boot state, the 1/16 of RAM shared
 * on purpose, the vCPU rule, the names, and the doc's tables. End states are built on {@link
 * PageBits}, which no backend uses.
 */
class GuestsTest {
  private static final long PAGE = Sizes.PAGE;
  private static final long TWO_MIB = 2 * Sizes.MIB;

  private static Guest guest(String name) {
    return (Guest) Workloads.byName(name);
  }

  private static long vcpus(String name, long region) {
    return guest(name).vcpus(region);
  }

  /** Run length in pages -> how many runs of that length. */
  private static Map<Long, Long> histogram(NavigableMap<Long, Long> runs) {
    return runs.entrySet().stream()
        .collect(Collectors.groupingBy(e -> e.getValue() - e.getKey(), Collectors.counting()));
  }

  /**
   * The run lengths docs/workloads.md says a booted guest has: one SWIOTLB run, three atomic pools,
   * 3 x vCPUs + 1 virtqueues (the last one the 64-entry control queue) and, on SNP, a GHCB page and
   * a decrypted per-CPU page per vCPU, the .bss..decrypted run and kvmclock's extra pages beyond 64
   * vCPUs.
   */
  private static Map<Long, Long> expectedBootHistogram(boolean snp, long region, long vcpus) {
    Map<Long, Long> expected = new HashMap<>();
    expected.merge(Workloads.Boot.swiotlbSize(region) / PAGE, 1L, Long::sum);
    expected.merge(Guest.atomicPoolPages(region), 3L, Long::sum);
    // 256 entries: 4 KiB of descriptors, 518 bytes of avail ring, 2054 of used ring: 2 pages.
    expected.merge(2L, 3 * vcpus, Long::sum);
    // 64 entries: 1 KiB + 134 + 518 bytes: 1 page.
    expected.merge(1L, 1L, Long::sum);
    if (snp) {
      expected.merge(1L, 2 * vcpus, Long::sum);
      expected.merge(Guest.BSS_DECRYPTED_PAGES, 1L, Long::sum);
      if (vcpus > 64) {
        long bytes = (vcpus - 64) * 64;
        long pages = Long.highestOneBit(Math.max(1, (bytes + PAGE - 1) / PAGE * 2 - 1));
        expected.merge(pages, 1L, Long::sum);
      }
    }
    return expected;
  }

  // ================================================================ boot

  @ParameterizedTest
  @CsvSource({"snp-boot, 16", "tdx-boot, 16", "snp-boot, 1024", "tdx-boot, 1024"})
  void boot_sharesSwiotlbPerVcpuPagesRingsAndPools(String name, long gib) {
    long region = gib * Sizes.GIB;
    long v = vcpus(name, region);
    PageBits model = build(name, region, 1);
    NavigableMap<Long, Long> runs = model.runs();
    boolean snp = name.startsWith("snp");
    assertEquals(expectedBootHistogram(snp, region, v), histogram(runs), name + " " + gib + " GiB");
    assertEquals(Workloads.byName(name).expectedRuns(region), runs.size(), name + " runs");
    // The SWIOTLB is the one run of its size, below 4 GiB (the first 2 GiB of RAM on q35).
    long swiotlbPages = Workloads.Boot.swiotlbSize(region) / PAGE;
    Map.Entry<Long, Long> swiotlb =
        runs.entrySet().stream()
            .filter(e -> e.getValue() - e.getKey() == swiotlbPages)
            .findFirst()
            .orElseThrow();
    assertTrue(swiotlb.getValue() <= 2 * Sizes.GIB / PAGE, "SWIOTLB ends at page " + swiotlb);
    assertEquals(0, swiotlb.getKey() % (TWO_MIB / PAGE), "SWIOTLB 2 MiB-aligned: " + swiotlb);
  }

  @Test
  void boot_defaultVcpusAtTheFourSizes() {
    assertEquals(4, vcpus("snp-boot", 16 * Sizes.GIB));
    assertEquals(32, vcpus("snp-boot", 256 * Sizes.GIB));
    assertEquals(128, vcpus("tdx-boot", Sizes.TIB));
    assertEquals(256, vcpus("tdx-boot", 4 * Sizes.TIB));
    assertEquals(2, Workloads.defaultVcpus(Sizes.GIB));
    assertEquals(256, Workloads.defaultVcpus(64 * Sizes.TIB));
    long previous = 0;
    for (long gib = 1; gib <= 8192; gib *= 2) {
      long v = Workloads.defaultVcpus(gib * Sizes.GIB);
      assertTrue(v >= previous, gib + " GiB: " + v + " vCPUs, fewer than " + previous);
      previous = v;
    }
    assertThrows(IllegalArgumentException.class, () -> Workloads.defaultVcpus(0));
  }

  @ParameterizedTest
  @CsvSource({"snp-boot-v2, 2", "tdx-boot-v2, 2", "snp-boot-v256, 256", "tdx-boot-v256, 256"})
  void boot_vcpuSuffix_overridesTheRule(String name, long v) {
    long region = 16 * Sizes.GIB;
    assertEquals(v, vcpus(name, region));
    assertEquals(name, Workloads.byName(name).name());
    PageBits model = build(name, region, 1);
    assertEquals(
        expectedBootHistogram(name.startsWith("snp"), region, v), histogram(model.runs()), name);
  }

  @Test
  void guestVcpus_isTheSuffixOrTheRule_andRefusesOtherNames() {
    assertEquals(128, Workloads.guestVcpus("snp-io", Sizes.TIB));
    assertEquals(64, Workloads.guestVcpus("tdx-share-v64", Sizes.TIB));
    assertEquals(4, Workloads.guestVcpus("tdx-boot", 16 * Sizes.GIB));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Workloads.guestVcpus("boot-tdx", Sizes.TIB));
    assertTrue(e.getMessage().contains("'boot-tdx'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Workloads.guestVcpus("snp-boot-v300", Sizes.TIB));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"snp-boot-v1", "tdx-io-v257", "snp-share-v0", "tdx-boot-v99999999999999999999"})
  void badVcpuCount_throwsNamingIt(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Workloads.byName(name));
    String count = name.substring(name.lastIndexOf("-v") + 2);
    assertTrue(e.getMessage().contains(count) && e.getMessage().contains("256"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"snp-sleep", "tdx-boot-4", "sev-boot", "snp-boot-v"})
  void badName_throwsNamingIt(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Workloads.byName(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("snp-|tdx-"), e.getMessage());
  }

  @Test
  void unsupportedSizes_areNamed() {
    Workload w = Workloads.byName("tdx-boot");
    assertTrue(w.unsupported(512 * Sizes.MIB).orElseThrow().contains("536870912"));
    assertTrue(w.unsupported(Sizes.GIB + PAGE).orElseThrow().contains("2 MiB"));
    assertThrows(IllegalArgumentException.class, () -> w.conversions(Sizes.GIB + PAGE, 1));
    assertTrue(w.unsupported(Sizes.GIB + TWO_MIB).isEmpty());
  }

  @Test
  void snpBoot_convertsSwiotlbInThePscMix_tdxIn2MiBPieces() {
    long region = 16 * Sizes.GIB;
    long swiotlb = Workloads.Boot.swiotlbSize(region);
    List<Conversion> tdx = Workloads.byName("tdx-boot").conversions(region, 1).toList();
    List<Conversion> snp = Workloads.byName("snp-boot").conversions(region, 1).toList();
    assertTrue(tdx.stream().allMatch(c -> c.size() <= TWO_MIB), "TDX pieces at most 2 MiB");
    long tdxSwiotlbPieces = tdx.stream().filter(c -> c.size() == TWO_MIB).count();
    // 4 MiB-or-less atomic pools at 16 GiB are 2 MiB: 3 more 2 MiB pieces.
    assertEquals(swiotlb / TWO_MIB + 3, tdxSwiotlbPieces);
    long snpSmall = snp.stream().filter(c -> c.size() == PAGE).count();
    assertTrue(snpSmall > swiotlb / PAGE / 4, snpSmall + " 4 KiB SNP calls");
    assertTrue(snp.size() > tdx.size());
  }

  // ================================================================ io

  @ParameterizedTest
  @CsvSource({"snp-io, 16", "tdx-io, 16", "snp-io, 1024", "tdx-io, 1024"})
  void io_neverTouchesTheBootState_andHoldsAbout32BuffersPerVcpu(String name, long gib) {
    long region = gib * Sizes.GIB;
    String bootName = name.replace("-io", "-boot");
    NavigableMap<Long, Long> boot = build(bootName, region, 1).runs();
    List<Conversion> bootCalls = Workloads.byName(bootName).conversions(region, 1).toList();
    List<Conversion> all = Workloads.byName(name).conversions(region, 1).toList();
    assertEquals(bootCalls, all.subList(0, bootCalls.size()), "io starts with the boot");
    PageBits model = new PageBits();
    long frees = 0;
    for (Conversion c : all) {
      if (c.target() == PageState.PRIVATE) {
        frees++;
        Map.Entry<Long, Long> before = boot.floorEntry(c.toPage() - 1);
        assertTrue(
            before == null || before.getValue() <= c.fromPage(),
            "free " + c + " touches boot run " + before);
      }
      model.apply(c);
    }
    NavigableMap<Long, Long> end = model.runs();
    for (Map.Entry<Long, Long> run : boot.entrySet()) {
      Map.Entry<Long, Long> holder = end.floorEntry(run.getKey());
      assertTrue(holder != null && holder.getValue() >= run.getValue(), "boot run " + run);
    }
    long v = vcpus(name, region);
    assertEquals(Guest.IO_LIVE_PER_VCPU * v, frees, "one free per replaced buffer");
    long live = (long) end.size() - boot.size();
    long documented = 32 * v;
    assertTrue(Math.abs(live - documented) <= documented / 20, live + " live, doc " + documented);
    long expected = Workloads.byName(name).expectedRuns(region);
    assertTrue(Math.abs(end.size() - expected) <= expected / 20, end.size() + " vs " + expected);
  }

  // ================================================================ share

  @ParameterizedTest
  @CsvSource({"snp-share, 16", "tdx-share, 16", "snp-share, 1024", "tdx-share, 1024"})
  void share_sharesOneSixteenthOfRamIn2MiBRegions(String name, long gib) {
    long region = gib * Sizes.GIB;
    String bootName = name.replace("-share", "-boot");
    List<Conversion> bootCalls = Workloads.byName(bootName).conversions(region, 1).toList();
    List<Conversion> all = Workloads.byName(name).conversions(region, 1).toList();
    List<Conversion> shares = all.subList(bootCalls.size(), all.size());
    assertTrue(
        shares.stream()
            .allMatch(
                c ->
                    c.size() == TWO_MIB
                        && c.offset() % TWO_MIB == 0
                        && c.target() == PageState.SHARED),
        "share regions are 2 MiB, 2 MiB-aligned");
    assertEquals(region / 16 / TWO_MIB, shares.size(), "1/16 of RAM");
    PageBits boot = build(bootName, region, 1);
    PageBits model = build(name, region, 1);
    assertEquals(region / 16 / PAGE, model.sharedCount() - boot.sharedCount(), "no overlaps");
    long expected = Workloads.byName(name).expectedRuns(region);
    long runs = model.sharedRunCount();
    assertTrue(Math.abs(runs - expected) <= expected / 50, runs + " runs vs " + expected);
    // The regions are not converted in address order.
    assertNotEquals(
        shares.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList(), shares);
  }

  // ================================================================ every guest

  @ParameterizedTest
  @ValueSource(strings = {"snp-boot", "tdx-boot", "snp-io", "tdx-io", "snp-share", "tdx-share"})
  void sameSeed_sameStream_otherSeed_otherStream(String name) {
    long region = 16 * Sizes.GIB;
    Workload w = Workloads.byName(name);
    assertEquals(w.conversions(region, 5).toList(), w.conversions(region, 5).toList());
    assertNotEquals(w.conversions(region, 5).toList(), w.conversions(region, 6).toList());
  }

  @ParameterizedTest
  @ValueSource(longs = {16, 1024})
  void everyGuest_endsWithAboutItsExpectedRuns(long gib) {
    long region = gib * Sizes.GIB;
    for (Workload w : Workloads.guests()) {
      long runs = build(w.name(), region, w.defaultSeed(region)).sharedRunCount();
      long expected = w.expectedRuns(region);
      assertTrue(
          Math.abs(runs - expected) <= Math.max(1, expected / 20),
          w.name() + " at " + gib + " GiB: " + runs + " runs, expected ~" + expected);
    }
  }

  @Test
  void everyGuest_at4TiB_generatesCheaply() {
    long region = 4 * Sizes.TIB;
    for (Workload w : Workloads.guests()) {
      long start = System.nanoTime();
      long calls = w.conversions(region, w.defaultSeed(region)).count();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(calls >= w.expectedRuns(region), w.name() + ": " + calls + " calls");
      assertTrue(millis < 20_000, w.name() + " at 4 TiB took " + millis + " ms");
    }
  }

  @Test
  void guests_areTheNamesOfTheList() {
    assertEquals(Workloads.GUESTS, Workloads.guests().stream().map(Workload::name).toList());
  }

  // ================================================================ docs/workloads.md

  /** Each guest row of the doc's table gives expectedRuns at 16 GiB, 256 GiB, 1 TiB and 4 TiB. */
  @Test
  void guestTableOfWorkloadsMd_givesTheExpectedRuns() throws IOException {
    Matcher row =
        Pattern.compile(
                "\\| `((?:snp|tdx)-[a-z]+)` \\|[^|]*\\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|")
            .matcher(workloadsMd());
    long[] sizes = {16 * Sizes.GIB, 256 * Sizes.GIB, Sizes.TIB, 4 * Sizes.TIB};
    Map<String, Boolean> seen = new TreeMap<>();
    while (row.find()) {
      Workload w = Workloads.byName(row.group(1));
      for (int i = 0; i < sizes.length; i++) {
        assertEquals(
            w.expectedRuns(sizes[i]),
            Long.parseLong(row.group(2 + i)),
            w.name() + " at " + Sizes.format(sizes[i]) + " in docs/workloads.md");
      }
      seen.put(w.name(), true);
    }
    assertEquals(Workloads.GUESTS.stream().sorted().toList(), List.copyOf(seen.keySet()));
  }

  /** The doc's vCPU table is the rule of Workloads.defaultVcpus. */
  @Test
  void vcpuTableOfWorkloadsMd_isTheRule() throws IOException {
    Matcher row = Pattern.compile("\\| (\\d+ [GT]iB) \\| (\\d+) vCPUs \\|").matcher(workloadsMd());
    int rows = 0;
    while (row.find()) {
      long region = Sizes.parse(row.group(1).replace(" ", ""));
      assertEquals(
          Workloads.defaultVcpus(region), Long.parseLong(row.group(2)), "row " + row.group());
      rows++;
    }
    assertEquals(4, rows, "vCPU rows in docs/workloads.md");
  }

  /** The figures the doc states in words are the generator's. */
  @Test
  void figuresOfWorkloadsMd_areTheGenerators() throws IOException {
    String doc = workloadsMd();
    assertTrue(doc.contains(Guest.IO_LIVE_PER_VCPU + " live buffers per vCPU"), "io live");
    assertTrue(doc.contains("1/" + Guest.SHARE_CELL + " of RAM"), "share fraction");
    assertTrue(doc.contains(Guest.QUEUE_ENTRIES + " entries"), "queue size");
    assertTrue(doc.contains(Guest.PERCPU_UNIT_PAGES * 4 + " KiB per-CPU unit"), "unit");
    assertTrue(
        doc.contains("`snp-boot`, `tdx-boot`, `snp-io`, `tdx-io`, `snp-share`, `tdx-share`: 1"));
  }
}
