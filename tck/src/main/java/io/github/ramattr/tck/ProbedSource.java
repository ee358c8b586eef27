/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamDiscardSource;
import java.util.BitSet;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link RamDiscardSource} as QEMU writes one (its unit test's source, or virtio-mem): it
 * implements only {@link #minGranularity()} and {@link #isPopulated}, over one bit per block, so
 * the manager walks it through the interface's block-by-block defaults. It counts the {@code
 * isPopulated} calls ({@link #probes()}). Its state changes only through {@link #setPopulated}; the
 * test decides whether it reports to the manager before or after that, as virtio-mem (before) and
 * guest_memfd (after) do. Every block starts discarded. Thread-safe (synchronised).
 */
public final class ProbedSource implements RamDiscardSource {
  private final String id;
  private final long regionSize;
  private final long granularity;
  private final BitSet populated = new BitSet();
  private long probes;

  /**
   * A source of {@code regionSize} bytes in blocks of {@code granularity}, all discarded.
   *
   * @param id its name in messages and {@link #toString()}
   * @param regionSize bytes, positive, at most {@code Integer.MAX_VALUE} blocks
   * @param granularity block size in bytes, a positive power of two
   * @throws IllegalArgumentException if a size is invalid
   * @throws NullPointerException if {@code id} is null
   */
  public ProbedSource(String id, long regionSize, long granularity) {
    this.id = Objects.requireNonNull(id, "id");
    if (regionSize <= 0 || granularity <= 0 || Long.bitCount(granularity) != 1) {
      throw new IllegalArgumentException(
          "region size " + regionSize + " and granularity " + granularity + " are invalid");
    }
    if (regionSize / granularity >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many blocks: " + regionSize / granularity);
    }
    this.regionSize = regionSize;
    this.granularity = granularity;
  }

  @Override
  public long minGranularity() {
    return granularity;
  }

  /** True if every block the section touches is populated; an empty section is populated. */
  @Override
  public synchronized boolean isPopulated(MemoryRegionSection section) {
    probes++;
    if (section.size() == 0) {
      return true;
    }
    int first = block(section.offsetWithinRegion());
    int last = block(section.offsetWithinRegion() + section.size() - 1);
    int firstDiscarded = populated.nextClearBit(first);
    return firstDiscarded > last;
  }

  /**
   * Sets the state of the blocks of {@code [offset, offset + size)} (aligned to the granularity);
   * tells nobody.
   *
   * @throws IllegalArgumentException if the range is unaligned or outside the region
   */
  public synchronized void setPopulated(long offset, long size, boolean populate) {
    if (offset < 0
        || size < 0
        || offset % granularity != 0
        || size % granularity != 0
        || offset + size > regionSize + granularity - 1) {
      throw new IllegalArgumentException(
          id
              + ": bad range offset "
              + offset
              + ", size "
              + size
              + " for granularity "
              + granularity);
    }
    populated.set(block(offset), block(offset) + (int) (size / granularity), populate);
  }

  /** Number of {@code isPopulated} calls so far. */
  public synchronized long probes() {
    return probes;
  }

  /** Populated bytes as start -> end (exclusive), maximal, clipped to the region. */
  public synchronized NavigableMap<Long, Long> populatedBytes() {
    NavigableMap<Long, Long> bytes = new TreeMap<>();
    for (int from = populated.nextSetBit(0); from >= 0; ) {
      int to = populated.nextClearBit(from);
      bytes.put(from * granularity, Math.min(to * granularity, regionSize));
      from = populated.nextSetBit(to);
    }
    return bytes;
  }

  private int block(long offset) {
    return (int) (offset / granularity);
  }

  @Override
  public String toString() {
    return id;
  }
}
