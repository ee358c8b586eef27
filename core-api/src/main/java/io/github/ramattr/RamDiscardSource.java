/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * One source of a {@link MultiSourceDiscardManager}: QEMU 11's {@code RamDiscardSource}, something
 * that says which blocks of a memory region it has populated (guest_memfd's shared pages, the
 * blocks virtio-mem has plugged, ...). The manager combines its sources by AND: a byte is populated
 * only where every source says so.
 *
 * <p>A source needs only {@link #minGranularity()} and {@link #isPopulated}, as in QEMU. The run
 * walks {@link #nextPopulated} and {@link #nextDiscarded} then default to probing block by block
 * through {@link #isPopulated}, QEMU's way: correct, but one call per block. A source that can find
 * the next change faster should override them; {@link RamBlockAttribute} does, in O(log runs) from
 * its store, so that the manager's work is proportional to runs, not to blocks.
 *
 * <p>Offsets are bytes within the region. The source's blocks are {@code [k * g, (k + 1) * g)} for
 * {@code g = minGranularity()}; the last one may stick out of the region, and is then clipped.
 *
 * <h2>Threads</h2>
 *
 * The manager calls these methods from any thread, while it holds its own lock, and only to read. A
 * source must answer them without calling back into the manager, and must be safe to read while
 * another thread reports one of its changes; a source that takes a lock in its queries must not
 * hold that lock (unless reentrantly, on the same thread) while it calls the manager's {@code
 * notify*} methods.
 */
public interface RamDiscardSource {

  /**
   * The size of this source's blocks: the granularity at which it populates and discards.
   *
   * @return bytes, a positive power of two
   */
  long minGranularity();

  /**
   * Whether every block the section touches is populated according to this source. An empty section
   * is populated.
   *
   * @param section bytes within the region
   * @return true if every block it touches is populated
   */
  boolean isPopulated(MemoryRegionSection section);

  /**
   * The first byte in {@code [from, limit)} whose block this source has populated, or {@code limit}
   * if there is none. The result is {@code from} itself when {@code from}'s block is populated,
   * else the start of a block (or {@code limit}).
   *
   * <p>The default probes block by block through {@link #isPopulated}: one call per block, as
   * QEMU's manager does. Override it when the source can jump to the next change.
   *
   * @param from first byte to look at, {@code 0 <= from <= limit}
   * @param limit one past the last byte to look at, at most the region size
   * @return the first populated byte in the range, or {@code limit}
   */
  default long nextPopulated(long from, long limit) {
    return probe(this, from, limit, true);
  }

  /**
   * The first byte in {@code [from, limit)} whose block this source has discarded, or {@code limit}
   * if there is none. The result is {@code from} itself when {@code from}'s block is discarded,
   * else the start of a block (or {@code limit}).
   *
   * <p>The default probes block by block through {@link #isPopulated}, like {@link #nextPopulated}.
   *
   * @param from first byte to look at, {@code 0 <= from <= limit}
   * @param limit one past the last byte to look at, at most the region size
   * @return the first discarded byte in the range, or {@code limit}
   */
  default long nextDiscarded(long from, long limit) {
    return probe(this, from, limit, false);
  }

  /**
   * The block-by-block walk behind the defaults: asks {@code source} about each block from {@code
   * from}'s on, clipped to {@code [from, limit)}, until one is {@code populated} as wanted.
   */
  private static long probe(RamDiscardSource source, long from, long limit, boolean populated) {
    if (from < 0 || from > limit) {
      throw new IllegalArgumentException(
          "run walk from " + from + " to " + limit + ": need 0 <= from <= limit");
    }
    long granularity = source.minGranularity();
    long position = from;
    while (position < limit) {
      long blockStart = position - position % granularity;
      // Stop at limit rather than overflow past Long.MAX_VALUE.
      long blockEnd = blockStart > limit - granularity ? limit : blockStart + granularity;
      boolean answer = source.isPopulated(MemoryRegionSection.of(position, blockEnd - position));
      if (answer == populated) {
        return position;
      }
      position = blockEnd;
    }
    return limit;
  }
}
