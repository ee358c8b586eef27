/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.util.Optional;

/**
 * A byte range of a memory region, as QEMU's {@code MemoryRegionSection}: {@code size} bytes from
 * {@code offsetWithinRegion}, which the address space sees at {@code offsetWithinAddressSpace}.
 *
 * <p>All three values are non-negative. Sums such as {@code offsetWithinRegion + size} may exceed
 * {@link Long#MAX_VALUE}; every method here computes them without overflow. Instances are immutable
 * and so thread-safe; two sections are equal when their three values are.
 *
 * @param offsetWithinRegion first byte, relative to the region
 * @param size length in bytes; zero is an empty section
 * @param offsetWithinAddressSpace where the first byte appears in the address space
 */
public record MemoryRegionSection(
    long offsetWithinRegion, long size, long offsetWithinAddressSpace) {

  /**
   * Checks the values.
   *
   * @param offsetWithinRegion first byte, relative to the region
   * @param size length in bytes; zero is an empty section
   * @param offsetWithinAddressSpace where the first byte appears in the address space
   * @throws IllegalArgumentException if a value is negative; the message names all three
   */
  public MemoryRegionSection {
    if (offsetWithinRegion < 0 || size < 0 || offsetWithinAddressSpace < 0) {
      throw new IllegalArgumentException(
          "MemoryRegionSection values must be non-negative: offsetWithinRegion "
              + offsetWithinRegion
              + ", size "
              + size
              + ", offsetWithinAddressSpace "
              + offsetWithinAddressSpace);
    }
  }

  /**
   * A section whose address-space offset equals its region offset.
   *
   * @param offsetWithinRegion first byte, relative to the region
   * @param size length in bytes; zero is an empty section
   * @return the section {@code [offsetWithinRegion, offsetWithinRegion + size)}
   * @throws IllegalArgumentException if a value is negative
   */
  public static MemoryRegionSection of(long offsetWithinRegion, long size) {
    return new MemoryRegionSection(offsetWithinRegion, size, offsetWithinRegion);
  }

  /**
   * QEMU's {@code memory_region_section_intersect_range}: this section clipped to {@code [offset,
   * offset + size)}, with the address-space offset moved by as much as the region offset; empty if
   * they do not overlap (touching is not overlapping).
   *
   * @param offset first byte of the range, relative to the region
   * @param size length of the range in bytes
   * @return the overlap, or empty if there is none
   * @throws IllegalArgumentException if {@code offset} or {@code size} is negative
   */
  public Optional<MemoryRegionSection> intersect(long offset, long size) {
    if (offset < 0 || size < 0) {
      throw new IllegalArgumentException(
          "intersect(offset " + offset + ", size " + size + "): values must be non-negative");
    }
    long start = Math.max(offsetWithinRegion, offset);
    // Both ends are sums of two non-negative longs, so they fit in an unsigned long.
    long end = minUnsigned(offsetWithinRegion + this.size, offset + size);
    if (Long.compareUnsigned(end, start) <= 0) {
      return Optional.empty();
    }
    long shift = start - offsetWithinRegion;
    return Optional.of(
        new MemoryRegionSection(start, end - start, offsetWithinAddressSpace + shift));
  }

  private static long minUnsigned(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? a : b;
  }
}
