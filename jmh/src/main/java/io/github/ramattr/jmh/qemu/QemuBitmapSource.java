/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.qemu;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardSource;

/**
 * A source as QEMU keeps one, for the QEMU side of the multi-source benchmarks: one bit per block
 * in a {@code long[]} (RamBlockAttributes' and virtio-mem's bitmaps), no lock (QEMU calls it under
 * the big QEMU lock), and {@code is_populated} as a search for a clear bit among the blocks the
 * section touches ({@code find_next_zero_bit}), bounded by the section. Giving QEMU's walk
 * ramattr's attributes as sources instead would charge it their read lock on every chunk, and
 * overstate ramattr's lead.
 *
 * <p>The blocks a section touches are taken outward, as virtio-mem does; RamBlockAttributes' own
 * arithmetic (first block {@code offset / bs}, then {@code size / bs} blocks) gives the same answer
 * for the block-aligned chunks the benchmarks probe it with. Not thread-safe.
 */
public final class QemuBitmapSource implements RamDiscardSource {
  private final long regionSize;
  private final long blockSize;
  private final int blockShift;
  private final long[] words;

  /**
   * A source with every block discarded.
   *
   * @param regionSize bytes, positive
   * @param blockSize bytes, a power of two
   * @throws IllegalArgumentException if {@code blockSize} is not a positive power of two or the
   *     bitmap would not fit in one array
   */
  public QemuBitmapSource(long regionSize, long blockSize) {
    if (blockSize <= 0 || Long.bitCount(blockSize) != 1 || regionSize <= 0) {
      throw new IllegalArgumentException(
          "region size "
              + regionSize
              + " and block size "
              + blockSize
              + ": need a positive region and a power-of-two block");
    }
    this.regionSize = regionSize;
    this.blockSize = blockSize;
    this.blockShift = Long.numberOfTrailingZeros(blockSize);
    long blocks = RamBlockAttribute.pageCount(regionSize, blockSize);
    this.words = new long[Math.toIntExact((blocks + 63) >>> 6)];
  }

  /**
   * A bitmap source with the same block size and content as {@code attribute} (its own state, as a
   * source).
   *
   * @param attribute the attribute to copy
   * @return a new source
   */
  public static QemuBitmapSource copyOf(RamBlockAttribute attribute) {
    QemuBitmapSource copy = new QemuBitmapSource(attribute.regionSize(), attribute.blockSize());
    attribute.replayPopulated(
        MemoryRegionSection.of(0, attribute.regionSize()),
        run -> copy.set(run.offsetWithinRegion(), run.size(), true));
    return copy;
  }

  /**
   * QEMU's {@code bitmap_set} / {@code bitmap_clear} over the blocks of {@code [offset, offset +
   * size)}, which must be whole blocks.
   *
   * @param offset first byte, a multiple of the block size
   * @param size bytes, a multiple of the block size
   * @param populated set (true) or clear
   */
  public void set(long offset, long size, boolean populated) {
    long from = offset >>> blockShift;
    long to = (offset + size) >>> blockShift;
    for (long block = from; block < to; ) {
      int index = (int) (block >>> 6);
      long upTo = Math.min(to, ((long) index + 1) << 6);
      long mask = mask(block, upTo);
      words[index] = populated ? words[index] | mask : words[index] & ~mask;
      block = upTo;
    }
  }

  @Override
  public long minGranularity() {
    return blockSize;
  }

  /** Whether every block the section touches has its bit set; true for an empty section. */
  @Override
  public boolean isPopulated(MemoryRegionSection section) {
    if (section.size() == 0) {
      return true;
    }
    long from = section.offsetWithinRegion() >>> blockShift;
    long to = ((section.offsetWithinRegion() + section.size() - 1) >>> blockShift) + 1;
    for (long block = from; block < to; ) {
      int index = (int) (block >>> 6);
      long upTo = Math.min(to, ((long) index + 1) << 6);
      long mask = mask(block, upTo);
      if ((words[index] & mask) != mask) {
        return false;
      }
      block = upTo;
    }
    return true;
  }

  /** The bits of blocks {@code [from, upTo)}, all in one word, at their places in that word. */
  private static long mask(long from, long upTo) {
    long count = upTo - from;
    return (count == 64 ? -1L : (1L << count) - 1) << from;
  }

  @Override
  public String toString() {
    return "QemuBitmapSource{regionSize=" + regionSize + ", blockSize=" + blockSize + '}';
  }
}
