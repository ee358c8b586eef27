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
 * existing mapping (refused, as the IOMMU refuses it, so nothing of that populate is mapped); an
 * unmap that cuts a mapping in two (that mapping stays); and, when the listener does not
 * {@linkplain #supportDoubleDiscard support double discard}, a discard that covers memory that is
 * not mapped.
 *
 * <p>The chunks one populate maps are kept as one <i>chunk run</i>, an IOVA range plus the phase of
 * its chunk boundaries, so a populate or discard costs O(log n) in the number of runs whatever its
 * size: a 64 MiB populate is 16,384 mappings but one entry. Every count and check is still per
 * chunk. {@link #mappedRanges()} is the net mapped set, in IOVA bytes. Not thread-safe.
 *
 * <p>A granularity of 0 is what a {@code MultiSourceDiscardManager} with no sources reports (QEMU
 * 11's manager does the same). The model then maps each populate as one mapping, with no chunk
 * boundaries inside: a later discard of part of it cuts it, which is reported as a violation.
 */
public class VfioModelListener extends RecordingListener {
  private final long granularity;

  /**
   * IOVA start -> the chunk run starting there; runs never overlap. Adjacent runs are merged when
   * their junction is a chunk boundary of both, so the map stays as small as the mapped set.
   */
  private final NavigableMap<Long, ChunkRun> runs = new TreeMap<>();

  private final List<String> violations = new ArrayList<>();
  private long mapCalls;
  private long unmapCalls;
  private long liveMappings;

  /**
   * DMA mappings tiling {@code [start, end)}: one per chunk, cut at every IOVA {@code p} inside
   * with {@code p = phase (mod granularity)}.
   */
  private record ChunkRun(long start, long end, long phase) {}

  /**
   * A VFIO model that supports double discard and never fails.
   *
   * @param id the name it has in the log
   * @param log the log it appends to ({@link NotificationLog#discarding()} to keep none)
   * @param granularity the DMA mapping granularity in bytes: the attribute's block size, or the
   *     manager's {@code minGranularity()}; 0 for one mapping per populate
   * @throws IllegalArgumentException if {@code granularity} is negative
   * @throws NullPointerException if {@code id} or {@code log} is null
   */
  public VfioModelListener(String id, NotificationLog log, long granularity) {
    super(id, log);
    if (granularity < 0) {
      throw new IllegalArgumentException("granularity must not be negative: " + granularity);
    }
    this.granularity = granularity;
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

  /** The mapping granularity in bytes. */
  public long granularity() {
    return granularity;
  }

  @Override
  protected @Nullable RuntimeException applyPopulate(
      MemoryRegionSection section, long failingOffset) {
    long start = section.offsetWithinRegion();
    long end = Math.addExact(start, section.size());
    long iova = section.offsetWithinAddressSpace();
    // Chunk boundaries are aligned within the region; seen at IOVAs, they keep this phase.
    long phase = granularity == 0 ? 0 : Math.floorMod(iova - start, granularity);
    if (failingOffset < 0) {
      map(iova, iova + (end - start), phase);
      return null;
    }
    long failingChunk =
        granularity == 0 ? start : Math.max(start, failingOffset - failingOffset % granularity);
    map(iova, iova + (failingChunk - start), phase);
    unmap(iova, section.size(), true);
    return refusal(section, failingOffset);
  }

  @Override
  protected void applyDiscard(MemoryRegionSection section) {
    unmap(section.offsetWithinAddressSpace(), section.size(), false);
  }

  /** The chunks of a run: its boundaries inside, plus one. */
  private long chunks(long start, long end, long phase) {
    if (end <= start) {
      return 0;
    }
    if (granularity == 0) {
      return 1;
    }
    return Math.floorDiv(end - 1 - phase, granularity)
        - Math.floorDiv(start - phase, granularity)
        + 1;
  }

  private boolean isBoundary(long iova, ChunkRun run) {
    return iova == run.start()
        || iova == run.end()
        || (granularity > 0 && Math.floorMod(iova - run.phase(), granularity) == 0);
  }

  /** The start of the chunk of {@code run} holding {@code iova}. */
  private long chunkStart(long iova, ChunkRun run) {
    if (granularity == 0) {
      return run.start();
    }
    return Math.max(run.start(), iova - Math.floorMod(iova - run.phase(), granularity));
  }

  /** The end of the chunk of {@code run} holding {@code iova}. */
  private long chunkEnd(long iova, ChunkRun run) {
    if (granularity == 0) {
      return run.end();
    }
    long boundary = iova - Math.floorMod(iova - run.phase(), granularity) + granularity;
    // A boundary past Long.MAX_VALUE lies beyond the run's end too.
    return boundary < iova || boundary > run.end() ? run.end() : boundary;
  }

  /** Maps the chunks tiling {@code [iova, end)}, one DMA map call each. */
  private void map(long iova, long end, long phase) {
    if (end <= iova) {
      return;
    }
    long chunks = chunks(iova, end, phase);
    mapCalls += chunks;
    Map.Entry<Long, ChunkRun> before = runs.floorEntry(iova);
    Map.Entry<Long, ChunkRun> after = runs.ceilingEntry(iova);
    if (before != null && before.getValue().end() > iova) {
      ChunkRun hit = before.getValue();
      violation("map " + range(iova, end) + " overlaps mapping " + chunkOf(iova, hit));
      return;
    }
    if (after != null && after.getKey() < end) {
      ChunkRun hit = after.getValue();
      violation("map " + range(iova, end) + " overlaps mapping " + chunkOf(hit.start(), hit));
      return;
    }
    liveMappings += chunks;
    long start = iova;
    if (before != null && mergeable(before.getValue(), iova, phase)) {
      start = before.getKey();
      runs.remove(start);
    }
    if (after != null && after.getKey() == end && mergeable(after.getValue(), end, phase)) {
      runs.remove(end);
      end = after.getValue().end();
    }
    runs.put(start, new ChunkRun(start, end, phase));
  }

  /** Whether a run of {@code phase} meeting {@code run} at {@code junction} can join it. */
  private boolean mergeable(ChunkRun run, long junction, long phase) {
    return granularity > 0
        && (run.end() == junction || run.start() == junction)
        && run.phase() == phase
        && Math.floorMod(junction - phase, granularity) == 0;
  }

  private void unmap(long iova, long size, boolean ownCleanup) {
    unmapCalls++;
    long end = Math.addExact(iova, size);
    List<ChunkRun> hit = new ArrayList<>();
    Map.Entry<Long, ChunkRun> before = runs.lowerEntry(iova);
    if (before != null && before.getValue().end() > iova) {
      hit.add(before.getValue());
    }
    hit.addAll(runs.subMap(iova, true, end, false).values());
    long covered = 0;
    for (ChunkRun run : hit) {
      long from = Math.max(run.start(), iova);
      long to = Math.min(run.end(), end);
      String cut = null;
      if (!isBoundary(from, run)) {
        cut = chunkOf(from, run);
        violation("unmap " + range(iova, end) + " cuts mapping " + cut);
        from = chunkEnd(from, run);
      }
      if (!isBoundary(to, run)) {
        String other = chunkOf(to, run);
        if (!other.equals(cut)) {
          violation("unmap " + range(iova, end) + " cuts mapping " + other);
        }
        to = chunkStart(to, run);
      }
      if (from >= to) {
        continue;
      }
      runs.remove(run.start());
      liveMappings -= chunks(from, to, run.phase());
      covered += to - from;
      if (run.start() < from) {
        runs.put(run.start(), new ChunkRun(run.start(), from, run.phase()));
      }
      if (to < run.end()) {
        runs.put(to, new ChunkRun(to, run.end(), run.phase()));
      }
    }
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

  /** Number of live DMA mappings (chunks mapped and not yet unmapped). */
  public long mappingCount() {
    return liveMappings;
  }

  /** The net mapped set: IOVA start -> end (exclusive) of maximal mapped ranges, ascending. */
  public NavigableMap<Long, Long> mappedRanges() {
    NavigableMap<Long, Long> ranges = new TreeMap<>();
    for (ChunkRun run : runs.values()) {
      Map.Entry<Long, Long> last = ranges.lastEntry();
      if (last != null && last.getValue() == run.start()) {
        ranges.put(last.getKey(), run.end());
      } else {
        ranges.put(run.start(), run.end());
      }
    }
    return ranges;
  }

  /** The protocol breaches seen so far (empty for a correct facade). */
  public List<String> violations() {
    return new ArrayList<>(violations);
  }

  private String chunkOf(long iova, ChunkRun run) {
    return range(chunkStart(iova, run), chunkEnd(iova, run));
  }

  private static String range(long start, long end) {
    return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
  }
}
