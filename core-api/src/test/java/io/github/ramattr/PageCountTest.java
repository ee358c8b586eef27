/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link RamBlockAttribute#pageCount}: {@code ceil(regionSize / blockSize)}, exactly. */
class PageCountTest {

  @Test
  void pageCount_roundsUpAPartialBlock() {
    assertEquals(0, RamBlockAttribute.pageCount(0, 4096));
    assertEquals(1, RamBlockAttribute.pageCount(1, 4096));
    assertEquals(1, RamBlockAttribute.pageCount(4096, 4096));
    assertEquals(2, RamBlockAttribute.pageCount(4097, 4096));
    assertEquals(11, RamBlockAttribute.pageCount(10 * 4096 + 5, 4096));
    assertEquals(1L << 52, RamBlockAttribute.pageCount(Long.MAX_VALUE, 1L << 11));
  }

  @Test
  void pageCount_largestRegion_noOverflow() {
    // (Long.MAX_VALUE + blockSize - 1) / blockSize would overflow; the shift first does not.
    assertEquals(Long.MAX_VALUE / 4096 + 1, RamBlockAttribute.pageCount(Long.MAX_VALUE, 4096));
    assertEquals(Long.MAX_VALUE, RamBlockAttribute.pageCount(Long.MAX_VALUE, 1));
  }

  @Test
  void pageCount_badSizes_rejectedWithTheNumbers() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RamBlockAttribute.pageCount(-3, 4096));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
    for (long blockSize : new long[] {0, -4096, 3000}) {
      e =
          assertThrows(
              IllegalArgumentException.class, () -> RamBlockAttribute.pageCount(8, blockSize));
      assertTrue(e.getMessage().contains("blockSize " + blockSize), e.getMessage());
    }
  }
}
