/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded randomized runs against {@link ReferenceModel}: after every operation the structural
 * invariants hold and every query agrees with the model. Failures name seed and operation.
 */
class MapleDifferentialTest {

  /** Tiny limits: 24-byte sparse leaves, 256-page dense leaves, 4-way nodes. */
  static final Limits TINY = new Limits(24, 256, 4);

  /** Small limits: 64-byte sparse leaves, 1024-page dense leaves, 6-way nodes. */
  static final Limits SMALL = new Limits(64, 1024, 6);

  /**
   * Tiny directory buckets: 96-byte sparse leaves with a directory entry per 3 payload bytes (up to
   * 32 buckets a leaf), 1024-page dense leaves, 6-way nodes.
   */
  static final Limits TINY_BUCKETS = new Limits(96, 1024, 6, 3);

  @ParameterizedTest(name = "seed {0}, {1} pages, {2} ops, limits {3}")
  @CsvSource({
    "1, 100, 2000, tiny",
    "2, 4096, 3000, tiny",
    "3, 262144, 5000, tiny",
    "4, 1000003, 5000, small",
    "5, 68719476736, 5000, tiny",
    "6, 9223372036854775807, 5000, small",
    "7, 65536, 5000, small",
    "8, 262144, 3000, default",
    "9, 4096, 3000, buckets",
    "10, 65536, 5000, buckets",
    "11, 9223372036854775807, 5000, buckets",
  })
  void randomOps_matchReferenceModel(long seed, long pageCount, int ops, String limitsName) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Limits limits =
        switch (limitsName) {
          case "tiny" -> TINY;
          case "small" -> SMALL;
          case "buckets" -> TINY_BUCKETS;
          default -> Limits.DEFAULT;
        };
    MapleStore store = new MapleStore(pageCount, limits);
    ReferenceModel model = new ReferenceModel(pageCount);
    // Most activity in a window so that leaves fill, go dense and the tree grows levels.
    long window = Math.min(pageCount, 1L << 14);
    long windowStart = rnd.nextLong(pageCount - window + 1);
    long[] walker = {0};
    int maxHeight = 0;
    long denseSeen = 0;
    int scaledOps = SharedStateStoreDifferentialTest.scaled(ops);
    for (int op = 0; op < scaledOps; op++) {
      String context = "seed " + seed + ", op " + op;
      long[] range = nextRange(rnd, pageCount, windowStart, window, walker);
      boolean shared = rnd.nextInt(100) < (op * 2 < scaledOps ? 70 : 35);
      try {
        if (shared) {
          store.setShared(range[0], range[1]);
          model.setShared(range[0], range[1]);
        } else {
          store.setPrivate(range[0], range[1]);
          model.setPrivate(range[0], range[1]);
        }
        MapleInvariants.Shape shape = MapleInvariants.check(store);
        maxHeight = Math.max(maxHeight, shape.height);
        denseSeen = Math.max(denseSeen, shape.denseLeaves);
        assertSameContent(store, model, rnd, context);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            context
                + ": "
                + (shared ? "setShared" : "setPrivate")
                + "("
                + range[0]
                + ", "
                + range[1]
                + ") on "
                + store,
            e);
      }
    }
    System.out.println(
        "seed " + seed + ": max height " + maxHeight + ", max dense leaves " + denseSeen);
    // The runs must reach the shapes they exist to test: deep trees, dense leaves. (Shortened
    // runs, -Dramattr.tck.scale below 1, need not.)
    if (pageCount >= 65536 && limits != Limits.DEFAULT && scaledOps >= ops) {
      int levels = limits == TINY ? 3 : 1;
      assertTrue(maxHeight >= levels, "seed " + seed + ": never " + levels + " internal levels");
      assertTrue(denseSeen >= 1, "seed " + seed + ": the run never made a dense leaf");
    }
  }

  /**
   * Ranges of mixed sizes: a walker laying 1-page runs every 2-4 pages (dense stretches, so leaves
   * fill, go dense and the tree grows levels), random small and medium ranges, and rare range
   * overwrites spanning many leaves or the whole store.
   */
  private static long[] nextRange(
      SplittableRandom rnd, long pageCount, long windowStart, long window, long[] walker) {
    int kind = rnd.nextInt(100);
    long a;
    long len;
    if (kind < 40) {
      walker[0] = (walker[0] + 2 + rnd.nextInt(3)) % window;
      a = windowStart + walker[0];
      len = 1;
    } else if (kind < 70) {
      a = windowStart + rnd.nextLong(window);
      len = 1L + rnd.nextInt(3);
    } else if (kind < 90) {
      a = windowStart + rnd.nextLong(window);
      len = 1 + rnd.nextLong(Math.max(1, window / 256));
    } else if (kind < 99) {
      a = windowStart + rnd.nextLong(window);
      len = 1 + rnd.nextLong(Math.max(1, window / 8));
    } else {
      a = rnd.nextLong(pageCount);
      len = 1 + rnd.nextLong(pageCount - a);
    }
    a = Math.min(a, pageCount - 1);
    long b = a + Math.min(len, pageCount - a);
    return new long[] {a, b};
  }

  static void assertSameContent(
      SharedStateStore store, ReferenceModel model, SplittableRandom rnd, String context) {
    long n = model.pageCount();
    assertEquals(runs(model, 0, n, true), runs(store, 0, n, true), context + ": shared runs");
    assertEquals(runs(model, 0, n, false), runs(store, 0, n, false), context + ": private runs");
    assertEquals(model.sharedCount(), store.sharedCount(), context + ": sharedCount");
    assertEquals(model.sharedRunCount(), store.sharedRunCount(), context + ": sharedRunCount");
    java.util.NavigableMap<Long, Long> runs = model.runs();
    for (int probe = 0; probe < 8 && n > 0; probe++) {
      long p = rnd.nextLong(n);
      // Probe near run edges as well as at random.
      if (probe % 2 == 1 && !runs.isEmpty()) {
        Long edge = runs.floorKey(p);
        if (edge != null) {
          p = Math.min(n - 1, Math.max(0, edge - 1 + rnd.nextInt(3)));
        }
      }
      assertEquals(model.isShared(p), store.isShared(p), context + ": isShared(" + p + ")");
      assertEquals(model.nextShared(p), store.nextShared(p), context + ": nextShared(" + p + ")");
      assertEquals(
          model.nextPrivate(p), store.nextPrivate(p), context + ": nextPrivate(" + p + ")");
      long q = p + rnd.nextLong(n - p + 1);
      assertEquals(
          runs(model, p, q, true), runs(store, p, q, true), context + ": runs in " + p + ".." + q);
    }
    assertEquals(n, store.nextShared(n), context + ": nextShared(pageCount)");
  }

  static String runs(SharedStateStore s, long from, long to, boolean shared) {
    StringBuilder sb = new StringBuilder();
    if (shared) {
      s.forEachSharedRun(from, to, (a, b) -> sb.append('[').append(a).append(',').append(b));
    } else {
      s.forEachPrivateRun(from, to, (a, b) -> sb.append('[').append(a).append(',').append(b));
    }
    return sb.toString();
  }

  @Test
  void emptyStore_holdsNothing() {
    MapleStore store = new MapleStore(0);
    MapleInvariants.check(store);
    assertEquals(0, store.nextShared(0));
    assertEquals(0, store.nextPrivate(0));
    assertEquals(0, store.sharedCount());
  }
}
