/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardSource;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The oracle of the manager suites: the combined populated state of several sources, computed from
 * each source's own state (an attribute's store, a {@link ProbedSource}'s bits), independently of
 * the manager. Byte ranges are maps start -> end (exclusive) of maximal, non-touching ranges.
 */
public final class CombinedState {
  private CombinedState() {}

  /**
   * The bytes {@code source} has populated, clipped to the region.
   *
   * @throws IllegalArgumentException for a source that is neither a {@link RamBlockAttribute} nor a
   *     {@link ProbedSource}
   */
  public static NavigableMap<Long, Long> populatedBytes(RamDiscardSource source) {
    if (source instanceof ProbedSource probed) {
      return probed.populatedBytes();
    }
    if (source instanceof RamBlockAttribute attribute) {
      NavigableMap<Long, Long> bytes = new TreeMap<>();
      long block = attribute.blockSize();
      for (Map.Entry<Long, Long> run : FacadeFixture.runsOf(attribute.store()).entrySet()) {
        bytes.put(run.getKey() * block, Math.min(run.getValue() * block, attribute.regionSize()));
      }
      return bytes;
    }
    throw new IllegalArgumentException("no oracle for " + source);
  }

  /** The bytes every source has populated; with no sources, the whole region. */
  public static NavigableMap<Long, Long> combined(List<RamDiscardSource> sources, long regionSize) {
    NavigableMap<Long, Long> bytes = new TreeMap<>();
    bytes.put(0L, regionSize);
    for (RamDiscardSource source : sources) {
      bytes = intersect(bytes, populatedBytes(source));
    }
    return bytes;
  }

  /** The intersection of two sets of byte ranges. */
  public static NavigableMap<Long, Long> intersect(
      NavigableMap<Long, Long> a, NavigableMap<Long, Long> b) {
    NavigableMap<Long, Long> result = new TreeMap<>();
    for (Map.Entry<Long, Long> range : a.entrySet()) {
      long start = range.getKey();
      long end = range.getValue();
      Map.Entry<Long, Long> before = b.lowerEntry(start);
      if (before != null && before.getValue() > start) {
        result.put(start, Math.min(end, before.getValue()));
      }
      for (Map.Entry<Long, Long> other : b.subMap(start, true, end, false).entrySet()) {
        result.put(other.getKey(), Math.min(end, other.getValue()));
      }
    }
    return result;
  }

  /**
   * What a VFIO listener registered with {@code section} must have mapped when {@code populated} is
   * the combined state: those bytes inside the section, at their IOVA.
   */
  public static NavigableMap<Long, Long> expectedMapped(
      NavigableMap<Long, Long> populated, MemoryRegionSection section) {
    NavigableMap<Long, Long> mapped = new TreeMap<>();
    for (Map.Entry<Long, Long> range : populated.entrySet()) {
      FacadeFixture.clip(section, range.getKey(), range.getValue() - range.getKey())
          .ifPresent(
              clipped ->
                  mapped.put(
                      clipped.offsetWithinAddressSpace(),
                      clipped.offsetWithinAddressSpace() + clipped.size()));
    }
    return mapped;
  }

  /** The ranges of {@code populated} clipped to {@code section}, as sections, ascending. */
  public static List<MemoryRegionSection> runsIn(
      NavigableMap<Long, Long> populated, MemoryRegionSection section) {
    return populated.entrySet().stream()
        .map(
            range -> FacadeFixture.clip(section, range.getKey(), range.getValue() - range.getKey()))
        .flatMap(java.util.Optional::stream)
        .toList();
  }
}
