/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic rows for the answer's tests: three guests (16 GiB, 1 TiB, 4 TiB) measured for every
 * backend, fragment-K rows at 1 GiB for the non-flat ones, and the three operations the answer
 * reads, each structure's bytes and split+merge cost chosen by the test.
 */
public final class AnswerFixtures {
  /** The guests: workload, block size, shared runs. */
  public static final List<Object[]> GUESTS =
      List.of(
          new Object[] {"snp-boot", 16 * Sizes.GIB, 40L},
          new Object[] {"tdx-boot", Sizes.TIB, 1000L},
          new Object[] {"tdx-io", 4 * Sizes.TIB, 1100L});

  /** The fragment K values at 1 GiB (262,144 pages). */
  public static final List<Long> FRAGMENT_KS = List.of(1L, 100L, 10_000L, 65_536L);

  /** The split+merge operations measured, the answer must show the one with the most runs. */
  public static final String SPLIT_SMALL = "splitThenMerge(runs=1000)";

  /** The split+merge with the most runs. */
  public static final String SPLIT_LARGE = "splitThenMerge(runs=1000000)";

  /** The lookup measured. */
  public static final String LOOKUP = "isShared(blockGiB=1024,layout=tdx-boot)";

  /** The section lookup with the same parameters. */
  public static final String POPULATED = "isPopulated2MiB(blockGiB=1024,layout=tdx-boot)";

  private AnswerFixtures() {}

  /** A measured census row. */
  public static Census.Row row(
      String workload, long regionSize, String backend, long runs, long bytes) {
    return new Census.Row(
        workload, regionSize, backend, 7, runs, runs, bytes, true, bytes, 1.5, null);
  }

  /** The flat bitmap's bytes for a block, from the baseline store's own formula. */
  public static long flat(long regionSize) {
    return FlatBitmapProvider.sizeInBytes(regionSize / Sizes.PAGE);
  }

  /**
   * Guest rows: QEMU's bitmap at its real size, every other backend at {@code 64 + runs x
   * bytesPerRun} bytes ({@code guestBytesPerRun}), then fragment rows at 1 GiB of {@code 48 + K x
   * bytesPerRun} bytes ({@code fragmentBytesPerRun}).
   */
  public static List<Census.Row> census(
      Map<String, Double> guestBytesPerRun, Map<String, Double> fragmentBytesPerRun) {
    List<Census.Row> rows = new ArrayList<>();
    for (Object[] g : GUESTS) {
      String workload = (String) g[0];
      long size = (Long) g[1];
      long runs = (Long) g[2];
      rows.add(row(workload, size, Answer.FLAT, runs, flat(size)));
      guestBytesPerRun.forEach(
          (backend, perRun) ->
              rows.add(row(workload, size, backend, runs, Math.round(64 + runs * perRun))));
    }
    fragmentBytesPerRun.forEach(
        (backend, perRun) -> {
          for (long k : FRAGMENT_KS) {
            rows.add(row("fragment-" + k, Sizes.GIB, backend, k, Math.round(48 + k * perRun)));
          }
        });
    return rows;
  }

  /** The measured structures' bytes per run as the real ones roughly are. */
  public static Map<String, Double> realisticBytesPerRun() {
    Map<String, Double> perRun = new LinkedHashMap<>();
    perRun.put("interval", 144.0);
    perRun.put("roaring", 47.0);
    perRun.put("maple", 4.6);
    return perRun;
  }

  /** Bytes per run of the three non-flat structures, in {@link Answer#BACKENDS} order. */
  public static Map<String, Double> perRun(double interval, double roaring, double maple) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("interval", interval);
    m.put("roaring", roaring);
    m.put("maple", maple);
    return m;
  }

  /** One measurement. */
  public static SpeedRuns.Measurement ns(String operation, String backend, double ns, double err) {
    return new SpeedRuns.Measurement(operation, backend, ns, err, Double.NaN, Double.NaN);
  }

  /**
   * The speed rows: for every backend, the small split+merge at 1 ns, the large at {@code splitNs}
   * of the backend with an error of a tenth, lookups of 10 ± 1 and 20 ± 2 ns.
   */
  public static List<SpeedRuns.Measurement> speed(Map<String, Double> splitNs) {
    List<SpeedRuns.Measurement> rows = new ArrayList<>();
    for (String backend : Answer.BACKENDS) {
      rows.add(ns(SPLIT_SMALL, backend, 1, 0.1));
    }
    for (String backend : Answer.BACKENDS) {
      double split = splitNs.getOrDefault(backend, 50.0);
      rows.add(ns(SPLIT_LARGE, backend, split, split / 10));
      rows.add(ns(LOOKUP, backend, 10, 1));
      rows.add(ns(POPULATED, backend, 20, 2));
    }
    return rows;
  }

  /** Split+merge of 50 ± 5 ns for every backend: 5.5% of the 1 us trigger floor. */
  public static List<SpeedRuns.Measurement> fastSpeed() {
    return speed(Map.of());
  }
}
