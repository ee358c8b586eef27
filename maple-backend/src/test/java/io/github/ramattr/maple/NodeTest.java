/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The child search of an internal node, and the write path's hint (the child the last write went
 * to): whatever the hint holds, even after the node's arrays were replaced by fewer or other
 * children, the answer is the child whose range holds the page, counted here by a linear scan.
 */
class NodeTest {

  /** The child of separators {@code keys} holding page {@code p}: the keys at or below it. */
  private static int expectedChild(long[] keys, long p) {
    int k = 0;
    while (k < keys.length && keys[k] <= p) {
      k++;
    }
    return k;
  }

  private static Node randomNode(SplittableRandom rnd, int maxFanout) {
    int kids = 1 + rnd.nextInt(maxFanout);
    long[] keys = new long[kids - 1];
    long at = rnd.nextLong(1000);
    for (int i = 0; i < keys.length; i++) {
      at += 1 + rnd.nextLong(rnd.nextBoolean() ? 3 : 1_000_000);
      keys[i] = at;
    }
    return new Node(keys, new Object[kids]);
  }

  /** A page near a separator, or anywhere from below the first to past the last. */
  private static long randomPage(SplittableRandom rnd, long[] keys) {
    if (keys.length > 0 && rnd.nextBoolean()) {
      return keys[rnd.nextInt(keys.length)] + rnd.nextInt(3) - 1;
    }
    long top = keys.length == 0 ? 2000 : keys[keys.length - 1] + 2000;
    return rnd.nextLong(top);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void childIndex_andTheWriteHint_agreeWithALinearScan(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 300; round++) {
      Node n = randomNode(rnd, 40);
      for (int q = 0; q < 50; q++) {
        // Rows of nearby pages, as writes come, and jumps.
        long p = randomPage(rnd, n.keys);
        for (int step = 0; step < 1 + rnd.nextInt(4); step++, p += rnd.nextInt(5)) {
          int expected = expectedChild(n.keys, p);
          String what =
              "seed "
                  + seed
                  + " round "
                  + round
                  + " page "
                  + p
                  + " keys "
                  + Arrays.toString(n.keys);
          assertEquals(expected, n.childIndex(p), what);
          assertEquals(expected, n.childIndexForWrite(p), what + " (hint)");
          // The hint now holds that child: asking again answers the same.
          assertEquals(expected, n.childIndexForWrite(p), what + " (hint, again)");
        }
        if (rnd.nextInt(10) == 0) {
          // The arrays replaced, as a splice or a merge does: the hint may point past the end.
          Node other = randomNode(rnd, 40);
          n.keys = other.keys;
          n.kids = other.kids;
        }
      }
    }
  }
}
