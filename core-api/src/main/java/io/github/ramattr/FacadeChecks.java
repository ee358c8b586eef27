/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * The facade's one validator: every argument error is an {@link IllegalArgumentException} whose
 * message carries the numbers (never an {@link IndexOutOfBoundsException}), raised before anything
 * changes.
 */
final class FacadeChecks {
  private FacadeChecks() {}

  /**
   * QEMU's {@code ram_block_attributes_is_valid_range}, plus negative values: offset and size
   * aligned to the block, {@code offset + size} strictly greater than offset without overflow, end
   * within the region.
   */
  static void checkConversion(long offset, long size, long blockSize, long regionSize) {
    checkRange("invalid conversion range", offset, size, blockSize, regionSize);
  }

  /**
   * The check of {@link #checkConversion}, with {@code what} (the call and its caller) leading the
   * message: the manager checks a source's reported range the same way, against the source's block
   * size.
   */
  static void checkRange(String what, long offset, long size, long blockSize, long regionSize) {
    String problem = null;
    if (offset < 0 || size < 0) {
      problem = "negative offset or size";
    } else if ((offset & (blockSize - 1)) != 0 || (size & (blockSize - 1)) != 0) {
      problem = "offset and size must be multiples of the block size";
    } else if (size == 0) {
      problem = "size must be positive";
    } else if (offset + size < 0) {
      problem = "offset + size overflows";
    } else if (offset + size > regionSize) {
      problem = "end " + (offset + size) + " is past the region";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          what
              + ": offset "
              + offset
              + hex(offset)
              + ", size "
              + size
              + hex(size)
              + ", block size "
              + blockSize
              + ", region size "
              + regionSize
              + ": "
              + problem);
    }
  }

  /** A byte offset of the region, {@code 0 <= offset < regionSize}. */
  static void checkOffset(long offset, long regionSize) {
    if (offset < 0 || offset >= regionSize) {
      throw new IllegalArgumentException(
          "offset " + offset + hex(offset) + " is outside the region [0, " + regionSize + ")");
    }
  }

  /**
   * A section must lie wholly within {@code [0, regionSize)}, and its address-space range must end
   * by {@link Long#MAX_VALUE}: otherwise clipping it would shift its address-space offset past
   * {@code Long.MAX_VALUE}, and that would fail half-way through a later replay or conversion.
   */
  static void checkSection(MemoryRegionSection section, long regionSize) {
    long offset = section.offsetWithinRegion();
    long size = section.size();
    long address = section.offsetWithinAddressSpace();
    if (size > Long.MAX_VALUE - address) {
      throw new IllegalArgumentException(
          "section at address-space offset "
              + address
              + hex(address)
              + " of size "
              + size
              + hex(size)
              + " ends past Long.MAX_VALUE");
    }
    if (offset > regionSize || size > regionSize - offset) {
      throw new IllegalArgumentException(
          "section at offset "
              + offset
              + hex(offset)
              + " of size "
              + size
              + hex(size)
              + " does not lie within the region of size "
              + regionSize);
    }
  }

  static void checkRegionSize(long regionSize) {
    if (regionSize <= 0) {
      throw new IllegalArgumentException("region size must be positive: " + regionSize);
    }
  }

  static void checkBlockSize(long blockSize) {
    if (blockSize <= 0 || Long.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size must be a power of two: " + blockSize);
    }
  }

  private static String hex(long value) {
    return " (0x" + Long.toHexString(value) + ")";
  }
}
