/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.tck.NotificationLog.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The listener models themselves: the suites are only as good as these. */
class ListenerModelsTest {
  private static final long G = 4096;

  // ---------------------------------------------------------------- VfioModelListener

  @Test
  void populate_unalignedSection_oneMapPerRegionAlignedChunk() {
    VfioModelListener l = new VfioModelListener("l", new NotificationLog(), G);
    // Region bytes [G + 100, 4G + 10): chunks [G+100, 2G) [2G, 3G) [3G, 4G) [4G, 4G+10).
    l.onPopulate(new MemoryRegionSection(G + 100, 3 * G - 90, 1 << 20));
    assertEquals(4, l.mapCalls());
    assertEquals(4, l.mappingCount());
    assertEquals(Map.of(1L << 20, (1L << 20) + 3 * G - 90), l.mappedRanges());
    // Any chunk can be unmapped alone, at its IOVA.
    l.onDiscard(new MemoryRegionSection(2 * G, G, (1 << 20) + G - 100));
    assertEquals(
        Map.of(1L << 20, (1L << 20) + G - 100, (1L << 20) + 2 * G - 100, (1L << 20) + 3 * G - 90),
        l.mappedRanges());
    assertEquals(List.of(), l.violations());
  }

  /** Granularity 0, a manager with no sources: one mapping per populate, none cut silently. */
  @Test
  void granularityZero_oneMappingPerPopulate_partialUnmapIsACut() {
    VfioModelListener l = new VfioModelListener("l", new NotificationLog(), 0);
    l.onPopulate(new MemoryRegionSection(G + 100, 3 * G, 1 << 20));
    l.onPopulate(new MemoryRegionSection(8 * G, G, (1 << 20) + 8 * G));
    assertEquals(2, l.mapCalls());
    assertEquals(2, l.mappingCount());
    l.onDiscard(new MemoryRegionSection(8 * G, G, (1 << 20) + 8 * G));
    assertEquals(Map.of(1L << 20, (1L << 20) + 3 * G), l.mappedRanges());
    assertEquals(List.of(), l.violations());
    l.onDiscard(new MemoryRegionSection(2 * G, G, (1 << 20) + 2 * G));
    assertEquals(1, l.violations().size(), l.violations().toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> new VfioModelListener("n", new NotificationLog(), -1));
  }

  @Test
  void populate_mapFails_earlierChunksMappedThenWholeSectionUnmapped() {
    NotificationLog log = new NotificationLog();
    VfioModelListener l =
        new VfioModelListener("l", log, G).failOn(FailurePlan.onPopulateTouching(2 * G + 5));
    MemoryRegionSection s = MemoryRegionSection.of(0, 4 * G);
    RuntimeException e = assertThrows(RuntimeException.class, () -> l.onPopulate(s));
    assertInstanceOf(InjectedFailure.class, e);
    assertSame(e, l.lastFailure());
    assertEquals(2, l.mapCalls(), "chunks 0 and 1 were mapped before chunk 2 failed");
    assertEquals(1, l.unmapCalls(), "then one unmap for the whole section");
    assertEquals(Map.of(), l.mappedRanges());
    assertEquals(List.of(Event.refused("l", s)), log.events());
  }

  @Test
  void protocolBreaches_recordedAsViolations() {
    VfioModelListener l = new VfioModelListener("l", new NotificationLog(), G);
    l.onPopulate(MemoryRegionSection.of(0, 2 * G));
    l.onPopulate(MemoryRegionSection.of(G, G)); // maps over a live mapping
    assertTrue(l.violations().get(0).contains("overlaps"), l.violations().toString());
    VfioModelListener m = new VfioModelListener("m", new NotificationLog(), 2 * G);
    m.onPopulate(MemoryRegionSection.of(0, 2 * G));
    m.onDiscard(MemoryRegionSection.of(0, G)); // cuts the one mapping in two
    assertTrue(m.violations().get(0).contains("cuts"), m.violations().toString());
    assertEquals(Map.of(0L, 2 * G), m.mappedRanges(), "a refused unmap leaves the mapping");
  }

  /**
   * The model keeps chunk runs, not one entry per chunk; this replays random protocol-respecting
   * and protocol-breaking traffic against a naive one-entry-per-chunk IOMMU and compares every
   * count, the mapped set and the violations after each call.
   */
  @Test
  void chunkRuns_behaveExactlyAsOneEntryPerChunk() {
    long seed = 0x7666696fL;
    SplittableRandom random = new SplittableRandom(seed);
    List<String> allViolations = new ArrayList<>();
    long maxMappings = 0;
    for (int round = 0; round < 20; round++) {
      VfioModelListener model =
          new VfioModelListener("l", NotificationLog.discarding(), G)
              .supportDoubleDiscard(round % 2 == 0);
      PerChunkIommu naive = new PerChunkIommu(model);
      long[] addressSpaceOffsets = {0, 1L << 30, (1L << 30) + 100 + random.nextLong(G)};
      MemoryRegionSection previous = MemoryRegionSection.of(0, 0);
      for (int i = 0; i < 300; i++) {
        long oas = addressSpaceOffsets[random.nextInt(addressSpaceOffsets.length)];
        // A quarter of the sections are whole chunks, so that runs meet at boundaries and merge;
        // a quarter continue the previous one, so that runs also meet inside chunks.
        int shape = random.nextInt(4);
        long start = shape == 0 ? random.nextLong(64) * G : random.nextLong(64 * G);
        long size = shape == 0 ? (1 + random.nextLong(4)) * G : 1 + random.nextLong(8 * G);
        if (shape == 1) {
          start = previous.offsetWithinRegion() + previous.size();
          oas = previous.offsetWithinAddressSpace() + previous.size();
        }
        MemoryRegionSection s = new MemoryRegionSection(start, size, oas);
        previous = s;
        String context = "seed " + seed + ", round " + round + ", op " + i + ": ";
        int dice = random.nextInt(10);
        if (dice < 7) {
          boolean fails = random.nextInt(5) == 0;
          long failing = fails ? start + random.nextLong(size) : -1;
          model.failOn(fails ? FailurePlan.onPopulateTouching(failing) : FailurePlan.never());
          context += (fails ? "refused " : "") + "populate " + s;
          try {
            model.onPopulate(s);
          } catch (InjectedFailure expected) {
            assertTrue(fails, context);
          }
          naive.populate(s, failing);
        } else {
          context += "discard " + s;
          model.onDiscard(s);
          naive.unmap(oas, size, false);
        }
        assertEquals(naive.mapCalls, model.mapCalls(), context + ": map calls");
        assertEquals(naive.unmapCalls, model.unmapCalls(), context + ": unmap calls");
        assertEquals(naive.mappings.size(), model.mappingCount(), context + ": mappings");
        assertEquals(naive.mappedRanges(), model.mappedRanges(), context + ": mapped set");
        assertEquals(naive.violations, model.violations(), context + ": violations");
        maxMappings = Math.max(maxMappings, model.mappingCount());
      }
      allViolations.addAll(model.violations());
    }
    // The traffic reaches every branch: each kind of breach, and many live mappings at once.
    for (String kind : List.of("overlaps", "cuts", "double discard")) {
      long seen = allViolations.stream().filter(v -> v.contains(kind)).count();
      assertTrue(seen >= 20, kind + " seen only " + seen + " times");
    }
    assertTrue(maxMappings >= 16, "at most " + maxMappings + " live mappings");
  }

  /**
   * The obvious IOMMU: one entry per chunk mapping. An overlapping populate maps nothing, a cut
   * mapping stays, as in the model.
   */
  private static final class PerChunkIommu {
    final NavigableMap<Long, Long> mappings = new TreeMap<>(); // IOVA -> end
    final List<String> violations = new ArrayList<>();
    final VfioModelListener model;
    long mapCalls;
    long unmapCalls;

    PerChunkIommu(VfioModelListener model) {
      this.model = model;
    }

    void populate(MemoryRegionSection s, long failingOffset) {
      long delta = s.offsetWithinAddressSpace() - s.offsetWithinRegion();
      long end = s.offsetWithinRegion() + s.size();
      List<long[]> chunks = new ArrayList<>();
      for (long c = s.offsetWithinRegion(); c < end; c = Math.min(end, c - c % G + G)) {
        long chunkEnd = Math.min(end, c - c % G + G);
        if (failingOffset >= c && failingOffset < chunkEnd) {
          break;
        }
        chunks.add(new long[] {c + delta, chunkEnd + delta});
      }
      mapCalls += chunks.size();
      if (!chunks.isEmpty()) {
        long from = chunks.get(0)[0];
        long to = chunks.get(chunks.size() - 1)[1];
        Map.Entry<Long, Long> before = mappings.floorEntry(from);
        Map.Entry<Long, Long> after = mappings.ceilingEntry(from);
        if (before != null && before.getValue() > from) {
          violations.add("l: map " + range(from, to) + " overlaps mapping " + range(before));
        } else if (after != null && after.getKey() < to) {
          violations.add("l: map " + range(from, to) + " overlaps mapping " + range(after));
        } else {
          chunks.forEach(c -> mappings.put(c[0], c[1]));
        }
      }
      if (failingOffset >= 0) {
        unmap(s.offsetWithinAddressSpace(), s.size(), true);
      }
    }

    void unmap(long iova, long size, boolean ownCleanup) {
      unmapCalls++;
      long end = iova + size;
      long covered = 0;
      String cut = null;
      Map.Entry<Long, Long> before = mappings.lowerEntry(iova);
      if (before != null && before.getValue() > iova) {
        cut = range(before);
        violations.add("l: unmap " + range(iova, end) + " cuts mapping " + cut);
      }
      // Copies, not the map's entries: TreeMap.remove may recycle an entry for its successor.
      List<Map.Entry<Long, Long>> hit = new ArrayList<>();
      mappings.subMap(iova, end).forEach((from, to) -> hit.add(Map.entry(from, to)));
      for (Map.Entry<Long, Long> m : hit) {
        if (m.getValue() > end) {
          if (!range(m).equals(cut)) {
            violations.add("l: unmap " + range(iova, end) + " cuts mapping " + range(m));
          }
        } else {
          mappings.remove(m.getKey());
          covered += m.getValue() - m.getKey();
        }
      }
      if (!ownCleanup && !model.doubleDiscardSupported() && covered != size) {
        violations.add(
            "l: discard "
                + range(iova, end)
                + " covers "
                + (size - covered)
                + " unmapped bytes, but double discard is not supported");
      }
    }

    NavigableMap<Long, Long> mappedRanges() {
      NavigableMap<Long, Long> ranges = new TreeMap<>();
      mappings.forEach(
          (from, to) -> {
            Map.Entry<Long, Long> last = ranges.lastEntry();
            if (last != null && last.getValue() == (long) from) {
              ranges.put(last.getKey(), to);
            } else {
              ranges.put(from, to);
            }
          });
      return ranges;
    }

    private static String range(Map.Entry<Long, Long> m) {
      return range(m.getKey(), m.getValue());
    }

    private static String range(long start, long end) {
      return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
  }

  // ---------------------------------------------------------------- RecordingListener

  @Test
  void recordingListener_sharedLogKeepsCrossListenerOrder() {
    NotificationLog log = new NotificationLog();
    RecordingListener a = new RecordingListener("a", log);
    RecordingListener b = new RecordingListener("b", log).supportDoubleDiscard(false);
    MemoryRegionSection s = MemoryRegionSection.of(0, G);
    b.onPopulate(s);
    a.onPopulate(s);
    a.onDiscard(s);
    assertEquals(
        List.of(Event.populate("b", s), Event.populate("a", s), Event.discard("a", s)),
        log.events());
    assertEquals(List.of(Event.discard("a", s)), log.since(2));
    assertTrue(a.doubleDiscardSupported());
    assertEquals(false, b.doubleDiscardSupported());
    NotificationLog dropping = NotificationLog.discarding();
    new RecordingListener("x", dropping).onPopulate(s);
    assertEquals(0, dropping.size());
  }

  @Test
  void failurePlan_nthCallOnlyAndCountedFromWhenSet() {
    RecordingListener l = new RecordingListener("l", new NotificationLog());
    MemoryRegionSection s = MemoryRegionSection.of(0, G);
    l.onPopulate(s);
    l.failOn(FailurePlan.onPopulateCall(2));
    l.onPopulate(s);
    assertThrows(InjectedFailure.class, () -> l.onPopulate(s));
    l.onPopulate(s);
    assertEquals(4, l.populateCalls());
    l.throwOnDiscard(true);
    assertThrows(InjectedFailure.class, () -> l.onDiscard(s));
    assertEquals(1, l.discardCalls());
  }

  @Test
  void callbackHook_failureRecordedAndRethrown() {
    RecordingListener l =
        new RecordingListener("l", new NotificationLog())
            .onCallback(
                (listener, kind, section) -> {
                  throw new AssertionError("check failed");
                });
    assertThrows(AssertionError.class, () -> l.onPopulate(MemoryRegionSection.of(0, G)));
    assertEquals(1, l.callbackErrors().size());
    assertThrows(
        AssertionError.class, () -> FacadeFixture.assertNoViolations("hook", l), "reported");
  }
}
