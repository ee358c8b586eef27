/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.spi.RunList;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    long[] runs = splittableRuns(store);
    SplittableRandom random = new SplittableRandom(seed);
    long[] pages = new long[count];
    for (int i = 0; i < count; i++) {
      pages[i] = randomPageInside(runs, random);
    }
    return pages;
  }

  /**
   * {@code count} distinct pages strictly inside shared runs of at least 3 pages, no two adjacent:
   * with any subset of them made private, each of the others still has shared pages on both sides,
   * so making it private splits a run and making it shared again merges two.
   *
   * @throws IllegalStateException if the runs do not have room for {@code count} such pages
   */
  static long[] spreadPagesInsideRuns(SharedStateStore store, int count, long seed) {
    long[] runs = splittableRuns(store);
    SplittableRandom random = new SplittableRandom(seed);
    Set<Long> taken = new HashSet<>();
    long[] pages = new long[count];
    int found = 0;
    for (long attempt = 0; found < count; attempt++) {
      if (attempt > 100L * count) {
        throw new IllegalStateException(
            "found only " + found + " of " + count + " non-adjacent pages inside shared runs");
      }
      long page = randomPageInside(runs, random);
      if (!taken.contains(page - 1) && !taken.contains(page) && !taken.contains(page + 1)) {
        taken.add(page);
        pages[found++] = page;
      }
    }
    return pages;
  }

  /** A uniformly chosen run of {@code runs}, then a page strictly inside it. */
  private static long randomPageInside(long[] runs, SplittableRandom random) {
    int run = random.nextInt(runs.length / 2);
    long from = runs[2 * run];
    long to = runs[2 * run + 1];
    return from + 1 + random.nextLong(to - from - 2);
  }

  /** Pairs [from, to) of the shared runs of 3 pages or more, exactly sized. */
  private static long[] splittableRuns(SharedStateStore store) {
    RunList runs = new RunList();
    store.forEachSharedRun(
        0,
        store.pageCount(),
        (from, to) -> {
          if (to - from >= 3) {
            runs.add(from, to);
          }
        });
    if (runs.size() == 0) {
      throw new IllegalStateException("no shared run of 3 or more pages to split");
    }
    return runs.toArray();
  }
}
