/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A model of QEMU's VFIO listener (hw/vfio/listener.c), the main real {@code RamDiscardListener},
 * keeping the DMA mappings it would hold in the IOMMU.
 *
 * <ul>
 *   <li>Populate maps the section in chunks of {@link #granularity()} bytes whose boundaries are
 *       aligned within the region (the first and last chunk may be shorter), one DMA map call per
 *       chunk, at IOVA {@code offsetWithinAddressSpace} plus the chunk's distance from the
 *       section's start. One mapping per chunk is what lets any sub-range be unmapped later.
 *   <li>If a map fails (as its {@link FailurePlan} says: the chunk holding the failing offset), it
 *       unmaps the whole section with one call and throws.
 *   <li>Discard is one DMA unmap call over the whole section; unmapping holes is harmless.
 * </ul>
 *
 * It checks the protocol as an IOMMU would and records each breach in {@link #violations()} (it
 * does not throw, so that the facade's behaviour after the breach stays observable): a map over an
 * existing mapping; an unmap that cuts a mapping in two; and, when the listener does not
 * {@linkplain #supportDoubleDiscard support double discard}, a discard that covers memory that is
 * not mapped.
 *
 * <p>{@link #mappedRanges()} is the net mapped set, in IOVA bytes. A model made with {@link
 * #countingOnly} keeps no mappings and only counts calls, in constant time per callback. Not
 * thread-safe.
 */
public class VfioModelListener extends RecordingListener {
  private final long granularity;
  private final boolean tracking;

  /** IOVA -> size of each live DMA mapping; mappings never overlap. */
  private final NavigableMap<Long, Long> mappings = new TreeMap<>();

  private final List<String> violations = new ArrayList<>();
  private long mapCalls;
  private long unmapCalls;

  /**
   * A VFIO model that supports double discard and never fails.
   *
   * @param id the name it has in the log
   * @param log the log it appends to ({@link NotificationLog#discarding()} to keep none)
   * @param granularity the DMA mapping granularity in bytes: the attribute's block size
   * @throws IllegalArgumentException if {@code granularity} is not positive
   * @throws NullPointerException if {@code id} or {@code log} is null
   */
  public VfioModelListener(String id, NotificationLog log, long granularity) {
    this(id, log, granularity, true);
  }

  private VfioModelListener(String id, NotificationLog log, long granularity, boolean tracking) {
    super(id, log);
    if (granularity <= 0) {
      throw new IllegalArgumentException("granularity must be positive: " + granularity);
    }
    this.granularity = granularity;
    this.tracking = tracking;
  }

  /**
   * A model that counts DMA map and unmap calls exactly as the tracking model would, in constant
   * time per callback, but keeps neither mappings nor events: for benchmarks, where millions of
   * tracked mappings would cost more than the code measured. {@link #mappedRanges()} and {@link
   * #mappingCount()} are then unavailable, and no violation is detected.
   *
   * @throws IllegalArgumentException if {@code granularity} is not positive
   * @throws NullPointerException if {@code id} is null
   */
  public static VfioModelListener countingOnly(String id, long granularity) {
    return new VfioModelListener(id, NotificationLog.discarding(), granularity, false);
  }

  @Override
  public VfioModelListener supportDoubleDiscard(boolean supported) {
    super.supportDoubleDiscard(supported);
    return this;
  }

  @Override
  public VfioModelListener failOn(FailurePlan plan) {
    super.failOn(plan);
    return this;
  }

  @Override
  public VfioModelListener throwOnDiscard(boolean throwing) {
    super.throwOnDiscard(throwing);
    return this;
  }

  @Override
  public VfioModelListener onCallback(CallbackHook hook) {
    super.onCallback(hook);
    return this;
  }

  /** Whether this model keeps its mappings (false for a {@link #countingOnly} model). */
  public boolean tracksMappings() {
    return tracking;
  }

  /** The mapping granularity in bytes. */
  public long granularity() {
    return granularity;
  }

  @Override
  protected @Nullable RuntimeException applyPopulate(
      MemoryRegionSection section, long failingOffset) {
    long start = section.offsetWithinRegion();
    long end = Math.addExact(start, section.size());
    if (!tracking) {
      if (failingOffset < 0) {
        mapCalls += chunkCount(start, end);
        return null;
      }
      mapCalls += chunkCount(start, Math.max(start, failingOffset - failingOffset % granularity));
      unmapCalls++;
      return refusal(section, failingOffset);
    }
    long chunkStart = start;
    while (chunkStart < end) {
      long chunkEnd = chunkEnd(chunkStart, end);
      if (failingOffset >= chunkStart && failingOffset < chunkEnd) {
        unmap(section.offsetWithinAddressSpace(), section.size(), true);
        return refusal(section, failingOffset);
      }
      map(section.offsetWithinAddressSpace() + (chunkStart - start), chunkEnd - chunkStart);
      chunkStart = chunkEnd;
    }
    return null;
  }

  @Override
  protected void applyDiscard(MemoryRegionSection section) {
    if (!tracking) {
      unmapCalls++;
      return;
    }
    unmap(section.offsetWithinAddressSpace(), section.size(), false);
  }

  /**
   * The number of DMA map calls a populate of region bytes {@code [start, end)} makes: the
   * granularity-aligned chunks it touches.
   */
  public long chunkCount(long start, long end) {
    return end <= start ? 0 : (end - 1) / granularity - start / granularity + 1;
  }

  /** The next granularity boundary of the region after {@code offset}, or {@code end}. */
  private long chunkEnd(long offset, long end) {
    long boundary = offset - offset % granularity + granularity;
    // A negative boundary overflowed past Long.MAX_VALUE, so it lies beyond end too.
    return boundary < 0 || boundary > end ? end : boundary;
  }

  private void map(long iova, long size) {
    mapCalls++;
    long end = Math.addExact(iova, size);
    Map.Entry<Long, Long> before = mappings.floorEntry(iova);
    Map.Entry<Long, Long> after = mappings.ceilingEntry(iova);
    if (before != null && before.getKey() + before.getValue() > iova) {
      violation("map " + range(iova, end) + " overlaps mapping " + range(before));
    } else if (after != null && after.getKey() < end) {
      violation("map " + range(iova, end) + " overlaps mapping " + range(after));
    }
    mappings.put(iova, size);
  }

  private void unmap(long iova, long size, boolean ownCleanup) {
    unmapCalls++;
    long end = Math.addExact(iova, size);
    long covered = 0;
    Map.Entry<Long, Long> before = mappings.lowerEntry(iova);
    if (before != null && before.getKey() + before.getValue() > iova) {
      violation("unmap " + range(iova, end) + " cuts mapping " + range(before));
    }
    List<Long> removed = new ArrayList<>();
    for (Map.Entry<Long, Long> mapping : mappings.subMap(iova, true, end, false).entrySet()) {
      if (mapping.getKey() + mapping.getValue() > end) {
        violation("unmap " + range(iova, end) + " cuts mapping " + range(mapping));
      } else {
        removed.add(mapping.getKey());
        covered += mapping.getValue();
      }
    }
    removed.forEach(mappings::remove);
    if (!ownCleanup && !doubleDiscardSupported() && covered != size) {
      violation(
          "discard "
              + range(iova, end)
              + " covers "
              + (size - covered)
              + " unmapped bytes, but double discard is not supported");
    }
  }

  private void violation(String what) {
    violations.add(id() + ": " + what);
  }

  /** Number of DMA map calls so far. */
  public long mapCalls() {
    return mapCalls;
  }

  /** Number of DMA unmap calls so far, including the whole-section unmap after a failed map. */
  public long unmapCalls() {
    return unmapCalls;
  }

  /**
   * Number of live DMA mappings.
   *
   * @throws IllegalStateException for a {@link #countingOnly} model
   */
  public long mappingCount() {
    checkTracking();
    return mappings.size();
  }

  /**
   * The net mapped set: IOVA start -> end (exclusive) of maximal mapped ranges, ascending.
   *
   * @throws IllegalStateException for a {@link #countingOnly} model
   */
  public NavigableMap<Long, Long> mappedRanges() {
    checkTracking();
    NavigableMap<Long, Long> ranges = new TreeMap<>();
    long start = -1;
    long end = -1;
    for (Map.Entry<Long, Long> mapping : mappings.entrySet()) {
      if (start >= 0 && mapping.getKey() == end) {
        end += mapping.getValue();
        continue;
      }
      if (start >= 0) {
        ranges.put(start, end);
      }
      start = mapping.getKey();
      end = start + mapping.getValue();
    }
    if (start >= 0) {
      ranges.put(start, end);
    }
    return ranges;
  }

  /** The protocol breaches seen so far (empty for a correct facade). */
  public List<String> violations() {
    return new ArrayList<>(violations);
  }

  private void checkTracking() {
    if (!tracking) {
      throw new IllegalStateException(id() + " only counts calls; it keeps no mappings");
    }
  }

  private static String range(long start, long end) {
    return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
  }

  private static String range(Map.Entry<Long, Long> mapping) {
    return range(mapping.getKey(), mapping.getKey() + mapping.getValue());
  }
}
