/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The limits a store is built with: the smallest accepted, every rejected one, derived values. */
class LimitsTest {

  @Test
  void smallestLimits_accepted() {
    Limits limits = new Limits(12, 64, 4);
    assertEquals(12, limits.maxSparseBytes);
    assertEquals(64, limits.denseSpan);
    assertEquals(1, limits.denseWords());
    assertEquals(4, limits.maxFanout);
    assertEquals(2, limits.minFanout);
    assertEquals(23, limits.mergeBytes());
  }

  @Test
  void derivedValues_ofTheDefault() {
    assertEquals(512, Limits.DEFAULT.denseWords());
    assertEquals(8, Limits.DEFAULT.minFanout);
    assertEquals(267, Limits.DEFAULT.mergeBytes());
    assertEquals(3, new Limits(12, 64, 7).minFanout);
  }

  @Test
  void eachLimitBelowItsMinimum_rejectedNamingIt() {
    int[][] bad = {{11, 64, 4}, {12, 0, 4}, {12, 63, 4}, {12, 96, 4}, {12, 64, 3}, {12, -64, 4}};
    for (int[] b : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new Limits(b[0], b[1], b[2]));
      assertTrue(
          e.getMessage().contains(b[0] + ", " + b[1] + ", " + b[2]),
          e.getMessage() + " does not name the limits");
    }
  }
}
