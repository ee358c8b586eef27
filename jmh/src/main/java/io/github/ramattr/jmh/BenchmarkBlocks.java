/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The one place benchmark states build their blocks: a workload applied to a named backend. */
final class BenchmarkBlocks {
  private BenchmarkBlocks() {}

  /**
   * A store of backend {@code backend} holding {@code layout} on a block of {@code blockGiB} GiB.
   *
   * @throws IllegalStateException if the backend is not on the class path (the message lists the
   *     ones that are and how to select them), or the layout does not apply at that size
   */
  static SharedStateStore build(String backend, String layout, long blockGiB) {
    requireAvailable(backend);
    long regionSize = blockGiB * Sizes.GIB;
    Workload workload = Workloads.byName(layout);
    workload
        .unsupported(regionSize)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(layout + " at " + blockGiB + " GiB: " + reason);
            });
    SharedStateStore store = SharedStateStores.create(backend, regionSize / Sizes.PAGE);
    workload.applyTo(store, regionSize, workload.defaultSeed(regionSize));
    return store;
  }

  /**
   * Fails the benchmark's setup if {@code backend} is not registered.
   *
   * @throws IllegalStateException naming the available backends
   */
  static void requireAvailable(String backend) {
    List<String> available = SharedStateStores.available();
    if (!available.contains(backend)) {
      throw new IllegalStateException(
          "backend '"
              + backend
              + "' is not on the class path; available: "
              + available
              + "; select with -p backend="
              + String.join(",", available));
    }
  }

  /** {@code count} (a power of two) pages strictly inside shared runs of at least 3 pages. */
  static long[] pagesInsideRuns(SharedStateStore store, int count, long seed) {
    long[][] runs = {new long[1024]};
    int[] n = {0};
    store.forEachSharedRun(
        0,
        store.pageCount(),
        (from, to) -> {
          if (to - from >= 3) {
            if (n[0] + 2 > runs[0].length) {
              runs[0] = Arrays.copyOf(runs[0], runs[0].length * 2);
            }
            runs[0][n[0]++] = from;
            runs[0][n[0]++] = to;
          }
        });
    if (n[0] == 0) {
      throw new IllegalStateException("no shared run of 3 or more pages to split");
    }
    SplittableRandom random = new SplittableRandom(seed);
    long[] pages = new long[count];
    for (int i = 0; i < count; i++) {
      int run = random.nextInt(n[0] / 2);
      long from = runs[0][2 * run];
      long to = runs[0][2 * run + 1];
      pages[i] = from + 1 + random.nextLong(to - from - 2);
    }
    return pages;
  }
}
