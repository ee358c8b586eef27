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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  @Test
  void countingOnly_countsExactlyAsTheTrackingModel() {
    SplittableRandom random = new SplittableRandom(42);
    VfioModelListener tracking = new VfioModelListener("t", NotificationLog.discarding(), G);
    VfioModelListener counting = VfioModelListener.countingOnly("c", G);
    for (int i = 0; i < 2000; i++) {
      long start = random.nextLong(64 * G);
      MemoryRegionSection s = MemoryRegionSection.of(start, 1 + random.nextLong(16 * G));
      FailurePlan plan =
          random.nextInt(4) == 0
              ? FailurePlan.onPopulateTouching(start + random.nextLong(s.size()))
              : FailurePlan.never();
      tracking.failOn(plan);
      counting.failOn(plan);
      String context = "op " + i + ": " + s + " " + plan;
      RuntimeException t = null;
      RuntimeException c = null;
      try {
        tracking.onPopulate(s);
      } catch (InjectedFailure e) {
        t = e;
      }
      try {
        counting.onPopulate(s);
      } catch (InjectedFailure e) {
        c = e;
      }
      assertEquals(t == null, c == null, context);
      tracking.onDiscard(s);
      counting.onDiscard(s);
      assertEquals(tracking.mapCalls(), counting.mapCalls(), context);
      assertEquals(tracking.unmapCalls(), counting.unmapCalls(), context);
    }
    assertEquals(List.of(), tracking.violations());
    assertThrows(IllegalStateException.class, counting::mappedRanges);
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
