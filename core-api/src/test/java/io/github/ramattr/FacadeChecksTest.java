/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FacadeChecksTest {
  private static final long BLOCK = 4096;
  private static final long REGION = 1L << 30;

  private static void assertRejected(long offset, long size) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FacadeChecks.checkConversion(offset, size, BLOCK, REGION));
    String message = e.getMessage();
    for (long number : new long[] {offset, size, BLOCK, REGION}) {
      assertTrue(message.contains(Long.toString(number)), message);
    }
  }

  @Test
  void checkConversion_eachInvalidShape_rejectedWithAllFourNumbers() {
    assertRejected(1, BLOCK); // unaligned offset
    assertRejected(0, BLOCK + 1); // unaligned size
    assertRejected(0, 0); // empty
    assertRejected(-BLOCK, BLOCK); // negative offset
    assertRejected(0, -BLOCK); // negative size
    assertRejected(Long.MAX_VALUE - BLOCK + 1, 2 * BLOCK); // wraps
    assertRejected(REGION - BLOCK, 2 * BLOCK); // past the end
  }

  @Test
  void checkConversion_messageSaysWhatIsWrong() {
    assertProblem(0, 0, "size must be positive");
    assertProblem(0, -BLOCK, "negative");
    assertProblem(BLOCK, 3, "multiples of the block size");
    assertProblem(Long.MAX_VALUE - BLOCK + 1, 2 * BLOCK, "overflows");
    // The end is named, and every number is also given in hex.
    assertProblem(REGION - BLOCK, 2 * BLOCK, "end " + (REGION + BLOCK) + " is past the region");
    assertProblem(REGION - BLOCK, 2 * BLOCK, "(0x3ffff000)");
    assertProblem(REGION - BLOCK, 2 * BLOCK, "(0x2000)");
  }

  private static void assertProblem(long offset, long size, String problem) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FacadeChecks.checkConversion(offset, size, BLOCK, REGION));
    assertTrue(e.getMessage().contains(problem), e.getMessage() + " does not say " + problem);
  }

  @Test
  void checkConversion_lastBlock_accepted() {
    assertDoesNotThrow(() -> FacadeChecks.checkConversion(REGION - BLOCK, BLOCK, BLOCK, REGION));
    assertDoesNotThrow(() -> FacadeChecks.checkConversion(0, REGION, BLOCK, REGION));
  }

  @Test
  void checkSection_outsideRegion_rejected() {
    assertDoesNotThrow(() -> FacadeChecks.checkSection(MemoryRegionSection.of(0, REGION), REGION));
    assertDoesNotThrow(() -> FacadeChecks.checkSection(MemoryRegionSection.of(REGION, 0), REGION));
    assertThrows(
        IllegalArgumentException.class,
        () -> FacadeChecks.checkSection(MemoryRegionSection.of(1, REGION), REGION));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FacadeChecks.checkSection(
                MemoryRegionSection.of(Long.MAX_VALUE, Long.MAX_VALUE), REGION));
  }

  @Test
  void checkBlockSize_powersOfTwoOnly() {
    assertDoesNotThrow(() -> FacadeChecks.checkBlockSize(1));
    assertDoesNotThrow(() -> FacadeChecks.checkBlockSize(1L << 62));
    assertThrows(IllegalArgumentException.class, () -> FacadeChecks.checkBlockSize(0));
    assertThrows(IllegalArgumentException.class, () -> FacadeChecks.checkBlockSize(Long.MIN_VALUE));
    assertThrows(IllegalArgumentException.class, () -> FacadeChecks.checkBlockSize(6144));
  }
}
