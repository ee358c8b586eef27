/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The limits a store is built with: the smallest and largest accepted, every rejected one, derived
 * values.
 */
class LimitsTest {

  @Test
  void smallestLimits_accepted() {
    Limits limits = new Limits(12, 64, 4, 2);
    assertEquals(12, limits.maxSparseBytes);
    assertEquals(64, limits.denseSpan);
    assertEquals(1, limits.denseWords());
    assertEquals(4, limits.maxFanout);
    assertEquals(2, limits.minFanout);
    assertEquals(2, limits.bucketBytes);
    // 7/8 of a full leaf, rounded up: 12 - 12/8.
    assertEquals(11, limits.mergeBytes());
  }

  @Test
  void largestSparseLeaf_accepted() {
    // Directory offsets have 9 bits: 512 bytes is the largest leaf.
    Limits limits = new Limits(512, 64, 4, 512);
    assertEquals(512, limits.maxSparseBytes);
    assertEquals(512, limits.bucketBytes);
    assertEquals(448, limits.mergeBytes());
  }

  @Test
  void threeArguments_takeSixteenBucketBytes() {
    Limits limits = new Limits(24, 256, 4);
    assertEquals(16, limits.bucketBytes);
    assertEquals(21, limits.mergeBytes());
  }

  @Test
  void derivedValues_ofTheDefault() {
    assertEquals(512, Limits.DEFAULT.maxSparseBytes);
    assertEquals(1 << 15, Limits.DEFAULT.denseSpan);
    assertEquals(16, Limits.DEFAULT.maxFanout);
    assertEquals(16, Limits.DEFAULT.bucketBytes);
    assertEquals(512, Limits.DEFAULT.denseWords());
    assertEquals(8, Limits.DEFAULT.minFanout);
    assertEquals(448, Limits.DEFAULT.mergeBytes());
    assertEquals(3, new Limits(12, 64, 7).minFanout);
  }

  @Test
  void eachLimitOutOfItsBounds_rejectedNamingIt() {
    int[][] bad = {
      {11, 64, 4, 16},
      {513, 64, 4, 16},
      {12, 0, 4, 16},
      {12, 63, 4, 16},
      {12, 96, 4, 16},
      {12, 64, 3, 16},
      {12, -64, 4, 16},
      {12, 64, 4, 1},
      {12, 64, 4, 0},
      {12, 64, 4, -16}
    };
    for (int[] b : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new Limits(b[0], b[1], b[2], b[3]));
      assertTrue(
          e.getMessage().contains(b[0] + ", " + b[1] + ", " + b[2] + ", " + b[3]),
          e.getMessage() + " does not name the limits");
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Limits(513, 64, 4));
    assertTrue(e.getMessage().contains("513, 64, 4, 16"), e.getMessage());
  }
}
