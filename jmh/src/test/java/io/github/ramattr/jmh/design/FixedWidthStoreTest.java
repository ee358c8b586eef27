/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;

/**
 * {@link FixedWidthStore}'s own rules, beyond the TCK suites: leaf splits and merges with small
 * leaves (so a few hundred runs make many leaves), full leaves after an in-order build, the
 * split/merge hysteresis, and an exact size.
 */
class FixedWidthStoreTest {
  private static final long SEED = 0x5EED_F1ED_0001L;

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {4, 5, 8, 16})
  void randomWrites_matchABitSet_andKeepLeavesWithinCapacity(int capacity) {
    randomWrites(capacity, 2_000);
  }

  /** Enough runs in leaves of 4 for hundreds of leaves: the sampled index has several samples. */
  @Test
  void randomWrites_overManyLeaves_matchABitSet() {
    int mostLeaves = randomWrites(4, 60_000);
    assertTrue(mostLeaves > 3 * 64, "at most " + mostLeaves + " leaves: under three samples");
  }

  /** Random writes against a BitSet; returns the most leaves the store had at a check. */
  private static int randomWrites(int capacity, int pages) {
    int mostLeaves = 0;
    SplittableRandom random = new SplittableRandom(SEED + capacity);
    FixedWidthStore store = new FixedWidthStore(pages, capacity);
    BitSet model = new BitSet(pages);
    for (int op = 0; op < 20_000; op++) {
      int from = random.nextInt(pages + 1);
      int to =
          Math.min(
              pages, from + (random.nextInt(8) == 0 ? random.nextInt(300) : random.nextInt(6)));
      boolean shared = random.nextBoolean();
      if (shared) {
        store.setShared(from, to);
        model.set(from, to);
      } else {
        store.setPrivate(from, to);
        model.clear(from, to);
      }
      assertTrue(store.sampledIndexCurrent(), "a write left the sampled index stale, op " + op);
      if (op % (pages / 20) == 0) {
        assertSame(model, store, "seed " + (SEED + capacity) + " op " + op);
        mostLeaves = Math.max(mostLeaves, store.leafCount());
      }
    }
    assertSame(model, store, "seed " + (SEED + capacity));
    return mostLeaves;
  }

  @Test
  void inOrderBuild_fillsEveryLeafButTheLast() {
    FixedWidthStore store = new FixedWidthStore(1 << 20, 16);
    for (int run = 0; run < 1_000; run++) {
      store.setShared(4L * run, 4L * run + 2);
    }
    assertEquals(63, store.leafCount());
    for (int leaf = 0; leaf < 62; leaf++) {
      assertEquals(16, store.runsIn(leaf), "leaf " + leaf);
    }
    assertEquals(1_000 - 62 * 16, store.runsIn(62));
  }

  @Test
  void splitThenMergeAtAFullLeaf_keepsTheLeaves() {
    FixedWidthStore store = new FixedWidthStore(1 << 20, 16);
    for (int run = 0; run < 160; run++) {
      store.setShared(8L * run, 8L * run + 6);
    }
    int leaves = store.leafCount();
    store.setPrivate(3, 4); // a full leaf overflows and splits in halves
    assertEquals(leaves + 1, store.leafCount());
    store.setShared(3, 4); // the merge leaves 16 runs in two leaves: above the merge line
    assertEquals(leaves + 1, store.leafCount());
    for (int i = 0; i < 100; i++) {
      store.setPrivate(3, 4);
      store.setShared(3, 4);
    }
    assertEquals(leaves + 1, store.leafCount());
    assertEquals(160, store.sharedRunCount());
  }

  @Test
  void estimatedSize_isJolExact() {
    SplittableRandom random = new SplittableRandom(SEED);
    FixedWidthStore store = new FixedWidthStore(1L << 36, 16);
    assertEquals(GraphLayout.parseInstance(store).totalSize(), store.estimatedSizeInBytes());
    for (int i = 0; i < 5_000; i++) {
      long from = random.nextLong(1L << 36);
      store.setShared(from, Math.min(1L << 36, from + 1 + random.nextInt(1_000)));
    }
    assertTrue(store.leafCount() > 100, store.toString());
    assertEquals(GraphLayout.parseInstance(store).totalSize(), store.estimatedSizeInBytes());
  }

  private static void assertSame(BitSet model, FixedWidthStore store, String where) {
    List<long[]> runs = new ArrayList<>();
    store.forEachSharedRun(0, store.pageCount(), (from, to) -> runs.add(new long[] {from, to}));
    List<long[]> expected = new ArrayList<>();
    for (int from = model.nextSetBit(0); from >= 0; from = model.nextSetBit(from)) {
      int to = model.nextClearBit(from);
      expected.add(new long[] {from, to});
      from = to;
    }
    assertEquals(expected.size(), runs.size(), where + ": run count");
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(expected.get(i)[0], runs.get(i)[0], where + ": start of run " + i);
      assertEquals(expected.get(i)[1], runs.get(i)[1], where + ": end of run " + i);
    }
    assertEquals(expected.size(), store.sharedRunCount(), where);
    assertEquals(model.cardinality(), store.sharedCount(), where);
    for (int leaf = 0; leaf < store.leafCount(); leaf++) {
      int n = store.runsIn(leaf);
      assertTrue(n >= 1 && n <= store.capacity(), where + ": leaf " + leaf + " holds " + n);
    }
    for (int page = 0; page < store.pageCount(); page += 7) {
      assertEquals(model.get(page), store.isShared(page), where + ": page " + page);
      int nextSet = model.nextSetBit(page);
      assertEquals(nextSet < 0 ? store.pageCount() : nextSet, store.nextShared(page), where);
      assertEquals(
          Math.min(model.nextClearBit(page), store.pageCount()), store.nextPrivate(page), where);
    }
  }
}
