/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Conversion;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size formulas against JOL, and per-run memory against a measured ceiling so a regression (a
 * field added to the store, a different tree) fails.
 */
class IntervalMemoryTest {
  /** A 1 GiB block of 4 KiB pages. */
  private static final long PAGES = 1L << 18;

  private static final int RUNS = 10_000;

  private static void assertWithinTenPercent(SharedStateStore store, String shape) {
    long measured = Census.jolBytes(store);
    long estimated = store.estimatedSizeInBytes();
    assertTrue(
        Math.abs(estimated - measured) <= measured / 10,
        () -> shape + ": estimated " + estimated + " B, JOL " + measured + " B");
  }

  /**
   * docs/workloads.md's {@code fragment-K} layout at 1 GiB with {@code seed}, from the shared
   * generator, inserted in a seeded random order so the tree is built the way churn builds it, not
   * by appending.
   */
  static SharedStateStore fragment(String backend, int k, long seed) {
    List<Conversion> runs =
        Workloads.byName("fragment-" + k)
            .conversions(PAGES * Sizes.PAGE, seed)
            .collect(Collectors.toCollection(ArrayList::new));
    SplittableRandom order = new SplittableRandom(seed);
    for (int i = k - 1; i > 0; i--) {
      Collections.swap(runs, i, order.nextInt(i + 1));
    }
    SharedStateStore store = SharedStateStores.create(backend, PAGES);
    runs.forEach(run -> run.applyTo(store));
    assertEquals(k, store.sharedRunCount(), "fragment layout must give exactly K runs");
    return store;
  }

  // ---------------------------------------------------------------- estimatedSizeInBytes

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void estimatedSize_empty_withinTenPercentOfJol(String backend) {
    SharedStateStore store = SharedStateStores.create(backend, PAGES);
    assertWithinTenPercent(store, "empty");
    // Queries must not grow the graph (lazily cached views would break the formula).
    store.nextShared(0);
    store.forEachSharedRun(0, PAGES, (a, b) -> {});
    store.forEachPrivateRun(0, PAGES, (a, b) -> {});
    assertEquals(store.sharedRunCount(), 0);
    assertWithinTenPercent(store, "empty after queries");
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void estimatedSize_oneRun_withinTenPercentOfJol(String backend) {
    SharedStateStore store = SharedStateStores.create(backend, PAGES);
    store.setShared(1000, 5000);
    assertWithinTenPercent(store, "one run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void estimatedSize_fullBlock_withinTenPercentOfJol(String backend) {
    SharedStateStore store = SharedStateStores.create(backend, PAGES);
    store.setShared(0, PAGES);
    assertWithinTenPercent(store, "full");
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void estimatedSize_tenThousandRandomRuns_withinTenPercentOfJol(String backend) {
    assertWithinTenPercent(fragment(backend, RUNS, 4), "10^4 runs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void estimatedSize_afterChurn_withinTenPercentOfJol(String backend) {
    SharedStateStore store = fragment(backend, 1000, 9);
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 5000; i++) {
      long from = random.nextLong(PAGES);
      long to = Math.min(PAGES, from + 1 + random.nextInt(64));
      if (random.nextBoolean()) {
        store.setShared(from, to);
      } else {
        store.setPrivate(from, to);
      }
    }
    assertWithinTenPercent(store, "after churn, " + store.sharedRunCount() + " runs");
  }

  // ---------------------------------------------------------------- bytes per run

  /**
   * Ceilings over the census row of fragment-10^4 at 1 GiB (seed 4, docs/workloads.md's): JOL
   * measured 144.02 B/run ({@code interval}) and 40.05 B/run ({@code interval-primitive}), retained
   * heap divided by runs; one byte of slack each.
   */
  @ParameterizedTest
  @CsvSource({"interval, 145.0", "interval-primitive, 41.0"})
  void bytesPerRun_tenThousandRuns_atMostMeasuredCeiling(String backend, double ceiling) {
    Census.Row row = Census.row(backend, Workloads.byName("fragment-" + RUNS), Sizes.GIB);
    assertEquals(RUNS, row.runs(), backend);
    double perRun = row.bytesPerRun();
    System.out.printf("%s: %.2f bytes per run at %d runs (JOL)%n", backend, perRun, RUNS);
    assertTrue(perRun <= ceiling, () -> backend + ": " + perRun + " B/run > " + ceiling);
  }

  /**
   * The bytes per run README.md's "Which backend when" table quotes (144 for {@code interval}, 40
   * for {@code interval-primitive}), to the digits it quotes: JOL is deterministic for a layout.
   */
  @ParameterizedTest
  @CsvSource({"interval, 144", "interval-primitive, 40"})
  void bytesPerRun_tenThousandRandomRuns_figureTheReadmeQuotes(String backend, String quoted) {
    double perRun =
        Census.row(backend, Workloads.byName("fragment-" + RUNS), Sizes.GIB).bytesPerRun();
    assertEquals(quoted, String.format(Locale.ROOT, "%.0f", perRun), backend + " B/run");
  }

  /**
   * An untouched 1 TiB store, whose bytes README.md's "Which backend when" table quotes ("all
   * private, 1 TiB"): the run-based stores cost the same whatever the block size.
   */
  @ParameterizedTest
  @CsvSource({"interval, 152", "interval-primitive, 504"})
  void untouchedStore_1TiB_bytesTheReadmeQuotes(String backend, long quoted) {
    SharedStateStore store = SharedStateStores.create(backend, 1L << 28);
    assertEquals(
        quoted, Census.jolBytes(store), backend + ": JOL bytes of an untouched 1 TiB store");
  }
}
