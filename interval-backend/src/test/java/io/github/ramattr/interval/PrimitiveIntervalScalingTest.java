/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.longs.LongComparator;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whether {@code interval-primitive}'s split+merge is O(log n): counts the tree's key comparisons
 * per split+merge pair on fragment-K blocks of 64 GiB, K = 10^3 and 10^6, with JMH's page choice (a
 * random page strictly inside a random run of 3 pages or more). Comparisons are what the time would
 * be without the memory hierarchy: an O(n) step would multiply them by about 1000 between the two
 * sizes, O(log n) by about log(10^6) / log(10^3) = 2.
 */
class PrimitiveIntervalScalingTest {
  private static final long PAGES = 64L << 18; // 64 GiB of 4 KiB pages
  private static final int PAIRS = 4096;
  private static final long SEED = 11;

  /** Long's natural order, counting its calls. */
  private static final class CountingOrder implements LongComparator {
    long calls;

    @Override
    public int compare(long a, long b) {
      calls++;
      return Long.compare(a, b);
    }
  }

  /** Mean comparisons per split+merge pair on fragment-{@code k}. */
  private static double comparisonsPerPair(int k) {
    CountingOrder order = new CountingOrder();
    PrimitiveIntervalStore store = new PrimitiveIntervalStore(PAGES, order);
    SplittableRandom random = new SplittableRandom(SEED);
    long gap = PAGES / k;
    long[] from = new long[k];
    long[] to = new long[k];
    for (int i = 0; i < k; i++) {
      from[i] = i * gap + random.nextLong(gap / 2);
      to[i] = Math.min(i * gap + gap - 1, from[i] + 3 + random.nextLong(gap / 2 - 3));
      store.setShared(from[i], to[i]);
    }
    assertEquals(k, store.sharedRunCount());
    long[] pages = new long[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      int run = random.nextInt(k);
      pages[i] = from[run] + 1 + random.nextLong(to[run] - from[run] - 2);
    }
    order.calls = 0;
    for (long page : pages) {
      store.setPrivate(page, page + 1);
      store.setShared(page, page + 1);
    }
    assertEquals(k, store.sharedRunCount(), "every pair left the store as it found it");
    return (double) order.calls / PAIRS;
  }

  @Test
  void splitMerge_keyComparisonsGrowAsLogN() {
    double small = comparisonsPerPair(1_000);
    double large = comparisonsPerPair(1_000_000);
    double log2Large = Math.log(1_000_000) / Math.log(2);
    String figures =
        String.format(
            Locale.ROOT,
            "comparisons per split+merge pair: %.1f at 10^3 runs, %.1f at 10^6 (x%.2f; seed %d)",
            small,
            large,
            large / small,
            SEED);
    System.out.println("[interval-primitive] " + figures);
    // Four root-to-leaf descents per pair (two seeks, one insert, one delete); a red-black tree
    // is at most 2 log2(n + 1) deep.
    assertTrue(large <= 4 * 2 * (log2Large + 1), figures);
    assertTrue(large / small <= 2.5, figures);
  }
}
