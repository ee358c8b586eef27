/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryRegionSectionTest {

  // ---------------------------------------------------------------- construction

  @Test
  void of_addressOffsetEqualsRegionOffset() {
    MemoryRegionSection section = MemoryRegionSection.of(0x1000, 0x2000);
    assertEquals(new MemoryRegionSection(0x1000, 0x2000, 0x1000), section);
  }

  @Test
  void constructor_negativeValue_rejectedWithNumbers() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(-7, 1, 0));
    assertTrue(e.getMessage().contains("-7"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(0, 1, -1));
  }

  // ---------------------------------------------------------------- intersect

  /**
   * Section {@code [0x1000, 0x5000)} at address 0x10_0000 intersected with a range that overlaps
   * it: clipped to the section, the address offset shifted as the region offset.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case,           offset, size,   clipped offset, clipped size, address offset
    "inside,           0x2000, 0x1000, 0x2000,         0x1000,       0x10_1000",
    "straddling start, 0,      0x2000, 0x1000,         0x1000,       0x10_0000",
  })
  void intersect_overlapping_clipsToSectionAndShiftsAddressOffset(
      String overlap, String offset, String size, String from, String length, String address) {
    MemoryRegionSection section = new MemoryRegionSection(0x1000, 0x4000, 0x10_0000);
    assertEquals(
        Optional.of(new MemoryRegionSection(hex(from), hex(length), hex(address))),
        section.intersect(hex(offset), hex(size)),
        overlap);
  }

  private static long hex(String number) {
    return Long.decode(number.replace("_", ""));
  }

  @Test
  void intersect_touching_isEmpty() {
    MemoryRegionSection section = MemoryRegionSection.of(0x1000, 0x1000);
    assertEquals(Optional.empty(), section.intersect(0, 0x1000));
    assertEquals(Optional.empty(), section.intersect(0x2000, 0x1000));
    assertEquals(Optional.empty(), section.intersect(0x1800, 0));
  }

  @Test
  void intersect_sumsPastLongMax_noOverflow() {
    long big = Long.MAX_VALUE - 10;
    MemoryRegionSection section = MemoryRegionSection.of(big, Long.MAX_VALUE);
    assertEquals(
        Optional.of(new MemoryRegionSection(big + 5, Long.MAX_VALUE - 5, big + 5)),
        section.intersect(big + 5, Long.MAX_VALUE));
    assertEquals(Optional.empty(), MemoryRegionSection.of(0, 10).intersect(Long.MAX_VALUE, 5));
  }

  @Test
  void intersect_negativeArgument_rejected() {
    assertThrows(
        IllegalArgumentException.class, () -> MemoryRegionSection.of(0, 10).intersect(-1, 5));
    assertThrows(
        IllegalArgumentException.class, () -> MemoryRegionSection.of(0, 10).intersect(1, -5));
  }

  @Test
  void intersect_randomSmallRanges_matchesPerByteDefinition() {
    long seed = 20261125L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      MemoryRegionSection section =
          new MemoryRegionSection(random.nextInt(64), random.nextInt(64), random.nextInt(1000));
      long offset = random.nextInt(128);
      long size = random.nextInt(64);
      long start = Math.max(section.offsetWithinRegion(), offset);
      long end = Math.min(section.offsetWithinRegion() + section.size(), offset + size);
      Optional<MemoryRegionSection> expected =
          end <= start
              ? Optional.empty()
              : Optional.of(
                  new MemoryRegionSection(
                      start,
                      end - start,
                      section.offsetWithinAddressSpace() + start - section.offsetWithinRegion()));
      assertEquals(
          expected,
          section.intersect(offset, size),
          "seed " + seed + " case " + i + ": " + section + " ∩ [" + offset + "+" + size + ")");
    }
  }
}
