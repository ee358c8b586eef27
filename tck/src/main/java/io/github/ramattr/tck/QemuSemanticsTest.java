/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionRejectedException;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rule of docs/semantics.md in {@link ConversionSemantics#QEMU QEMU} mode, checked to the
 * notification: the exact list of callbacks, their order across listeners, and the state each
 * listener sees from inside its callback. Also the "corner cases worth tests" list.
 *
 * <p>Expected notifications are written out by hand from the rules, not taken from a run.
 */
public abstract class QemuSemanticsTest extends AbstractFacadeTest {
  private static final long BLOCKS = 16;

  /** For subclasses, which name the backend under test. */
  protected QemuSemanticsTest() {}

  private FacadeFixture qemu() {
    return fixture(BLOCKS, ConversionSemantics.QEMU);
  }

  /** A hook that checks every block of {@code [from, to)} is in {@code state} during a callback. */
  private static RecordingListener.CallbackHook blocksAre(
      RamBlockAttribute a, Kind during, long from, long to, PageState state) {
    return (listener, kind, section) -> {
      if (kind == during) {
        for (long block = from; block < to; block++) {
          assertEquals(state, a.stateAt(b(block)), listener + " sees block " + block);
        }
      }
    };
  }

  // ---------------------------------------------------------------- no-op

  @Test
  void convert_alreadyInTargetState_doesNothing() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    f.register(f.recorder("a"), blocks(0, BLOCKS));
    f.register(f.recorder("b"), blocks(2, 10));
    a.convert(b(2), b(4), PageState.SHARED);
    f.log().clear();
    a.convert(b(3), b(2), PageState.SHARED);
    a.convert(b(2), b(4), PageState.SHARED);
    a.convert(b(8), b(4), PageState.PRIVATE);
    a.convert(b(0), b(2), PageState.PRIVATE);
    a.convert(b(6), b(10), PageState.PRIVATE);
    assertEquals(List.of(), f.log().events());
    assertEquals(pageRuns(2, 6), f.storeRuns());
  }

  // ---------------------------------------------------------------- wholly in the other state

  /**
   * Registered oldest to newest: a (whole region), b (blocks 3.02..9.02, seen at 2^32), c (blocks
   * 12..16, misses the conversions), d (block 4).
   */
  private List<RecordingListener> fourListeners(FacadeFixture f, RecordingListener.CallbackHook h) {
    List<RecordingListener> all = new ArrayList<>();
    all.add(f.register(f.recorder("a").onCallback(h), blocks(0, BLOCKS)));
    all.add(f.register(f.recorder("b").onCallback(h), B_SECTION));
    all.add(f.register(f.recorder("c").onCallback(h), blocks(12, 16)));
    all.add(f.register(f.recorder("d").onCallback(h), blocks(4, 5)));
    return all;
  }

  private static final MemoryRegionSection B_SECTION =
      new MemoryRegionSection(b(3) + 100, b(6), 1L << 32);

  @Test
  void convert_whollyPrivateToShared_storeFirstThenOneNotificationNewestFirst() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    List<RecordingListener> listeners =
        fourListeners(f, blocksAre(a, Kind.POPULATE, 2, 8, PageState.SHARED));
    a.convert(b(2), b(6), PageState.SHARED);
    assertEquals(
        List.of(
            Event.populate("d", blocks(4, 5)),
            Event.populate("b", new MemoryRegionSection(b(3) + 100, b(5) - 100, 1L << 32)),
            Event.populate("a", blocks(2, 8))),
        f.log().events(),
        "newest first, clipped and address-shifted; c's section misses the range");
    assertEquals(pageRuns(2, 8), f.storeRuns());
    listeners.forEach(l -> FacadeFixture.assertNoViolations("populate", l));
  }

  @Test
  void convert_whollySharedToPrivate_storeFirstThenOneNotificationNewestFirst() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(1), b(10), PageState.SHARED);
    List<RecordingListener> listeners =
        fourListeners(f, blocksAre(a, Kind.DISCARD, 4, 11, PageState.PRIVATE));
    f.log().clear();
    a.convert(b(4), b(7), PageState.PRIVATE);
    assertEquals(
        List.of(
            Event.discard("d", blocks(4, 5)),
            Event.discard("b", new MemoryRegionSection(b(4), b(5) + 100, (1L << 32) + b(1) - 100)),
            Event.discard("a", blocks(4, 11))),
        f.log().events());
    assertEquals(pageRuns(1, 4), f.storeRuns());
    listeners.forEach(l -> FacadeFixture.assertNoViolations("discard", l));
  }

  // ---------------------------------------------------------------- mixed

  /**
   * A hook for a mixed conversion of {@code changing} blocks: while a block is notified it is
   * already written, and the changing blocks after it are not yet.
   */
  private static RecordingListener.CallbackHook perBlock(
      RamBlockAttribute a, PageState target, long... changing) {
    PageState other = target == PageState.SHARED ? PageState.PRIVATE : PageState.SHARED;
    Kind during = target == PageState.SHARED ? Kind.POPULATE : Kind.DISCARD;
    return (listener, kind, section) -> {
      if (kind != during) {
        return;
      }
      long block = section.offsetWithinRegion() / BLOCK;
      assertEquals(target, a.stateAt(b(block)));
      for (long later : changing) {
        if (later > block) {
          assertEquals(other, a.stateAt(b(later)), "block " + later + " is written too early");
        }
      }
    };
  }

  @Test
  void convert_mixedToShared_oneNotificationPerChangedBlockAscending() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(3), b(1), PageState.SHARED);
    a.convert(b(5), b(2), PageState.SHARED);
    RecordingListener.CallbackHook hook = perBlock(a, PageState.SHARED, 2, 4, 7);
    f.register(f.recorder("a").onCallback(hook), blocks(0, BLOCKS));
    f.register(f.recorder("b").onCallback(hook), blocks(4, BLOCKS));
    f.log().clear();
    a.convert(b(2), b(6), PageState.SHARED); // shared before: 3, 5, 6
    assertEquals(
        List.of(
            Event.populate("a", blocks(2, 3)),
            Event.populate("b", blocks(4, 5)),
            Event.populate("a", blocks(4, 5)),
            Event.populate("b", blocks(7, 8)),
            Event.populate("a", blocks(7, 8))),
        f.log().events());
    assertEquals(pageRuns(2, 8), f.storeRuns());
    f.assertNoViolations("mixed populate");
  }

  @Test
  void convert_mixedToPrivate_oneNotificationPerChangedBlockNotMerged() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(2), b(2), PageState.SHARED);
    a.convert(b(5), b(1), PageState.SHARED);
    a.convert(b(9), b(1), PageState.SHARED);
    RecordingListener.CallbackHook hook = perBlock(a, PageState.PRIVATE, 2, 3, 5);
    f.register(f.recorder("a").onCallback(hook), blocks(0, BLOCKS));
    f.register(f.recorder("b").onCallback(hook), blocks(3, 6));
    f.log().clear();
    a.convert(b(1), b(6), PageState.PRIVATE); // shared before: 2, 3, 5 (and 9, outside)
    assertEquals(
        List.of(
            Event.discard("a", blocks(2, 3)),
            Event.discard("b", blocks(3, 4)),
            Event.discard("a", blocks(3, 4)),
            Event.discard("b", blocks(5, 6)),
            Event.discard("a", blocks(5, 6))),
        f.log().events(),
        "blocks 2 and 3 are one run but two notifications");
    assertEquals(pageRuns(9, 10), f.storeRuns());
    f.assertNoViolations("mixed discard");
  }

  // ---------------------------------------------------------------- populate refused

  @Test
  void convert_whollyPrivateRefusedByMiddle_stopsAtOnceWholeRangeStaysShared() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    VfioModelListener first = f.register(f.vfio("a"), blocks(0, BLOCKS));
    VfioModelListener middle = f.register(f.vfio("b"), blocks(0, BLOCKS));
    VfioModelListener newest = f.register(f.vfio("c"), blocks(0, BLOCKS));
    middle.failOn(FailurePlan.always());
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class, () -> a.convert(b(2), b(4), PageState.SHARED));
    assertSame(middle.lastFailure(), e.getCause());
    assertEquals(
        List.of(Event.populate("c", blocks(2, 6)), Event.refused("b", blocks(2, 6))),
        f.log().events(),
        "the oldest listener is never told, nobody gets a discard");
    assertEquals(pageRuns(2, 6), f.storeRuns(), "QEMU does not roll the bitmap back");
    assertEquals(Map.of(b(2), b(6)), newest.mappedRanges(), "c keeps its mapping");
    assertEquals(Map.of(), middle.mappedRanges(), "b unmapped what it had mapped itself");
    assertEquals(Map.of(), first.mappedRanges());
    f.assertNoViolations("refused");
  }

  @Test
  void convert_mixedRefusedOnSecondCall_bitsUpToFailingBlockStaySet() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(4), b(1), PageState.SHARED);
    VfioModelListener first = f.register(f.vfio("a"), blocks(0, BLOCKS));
    VfioModelListener middle = f.register(f.vfio("b"), blocks(0, BLOCKS));
    VfioModelListener newest = f.register(f.vfio("c"), blocks(0, BLOCKS));
    middle.failOn(FailurePlan.onPopulateCall(2));
    f.log().clear();
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class, () -> a.convert(b(2), b(6), PageState.SHARED));
    assertSame(middle.lastFailure(), e.getCause());
    // Like KVM's error_offset: the block refused, not the whole call, and who refused it.
    assertEquals(blocks(3, 4), e.refusedSection());
    assertSame(middle, e.listener());
    assertEquals(
        List.of(
            Event.populate("c", blocks(2, 3)),
            Event.populate("b", blocks(2, 3)),
            Event.populate("a", blocks(2, 3)),
            Event.populate("c", blocks(3, 4)),
            Event.refused("b", blocks(3, 4))),
        f.log().events());
    assertEquals(pageRuns(2, 5), f.storeRuns(), "blocks 2 and 3 stay set, 5..7 stay private");
    assertEquals(Map.of(b(2), b(5)), newest.mappedRanges());
    assertEquals(Map.of(b(2), b(3), b(4), b(5)), middle.mappedRanges());
    assertEquals(Map.of(b(2), b(3), b(4), b(5)), first.mappedRanges());
    f.assertNoViolations("refused");
  }

  @Test
  void convert_mixedRefusedAtOffsetByNewest_othersNotToldOfThatBlock() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(3), b(1), PageState.SHARED);
    RecordingListener older = f.register(f.recorder("a"), blocks(0, BLOCKS));
    RecordingListener newest = f.register(f.recorder("b"), blocks(0, 8));
    newest.failOn(FailurePlan.onPopulateTouching(b(6) + 10));
    f.log().clear();
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class, () -> a.convert(b(1), b(8), PageState.SHARED));
    assertSame(newest.lastFailure(), e.getCause());
    assertEquals(
        List.of(
            Event.populate("b", blocks(1, 2)),
            Event.populate("a", blocks(1, 2)),
            Event.populate("b", blocks(2, 3)),
            Event.populate("a", blocks(2, 3)),
            Event.populate("b", blocks(4, 5)),
            Event.populate("a", blocks(4, 5)),
            Event.populate("b", blocks(5, 6)),
            Event.populate("a", blocks(5, 6)),
            Event.refused("b", blocks(6, 7))),
        f.log().events());
    assertEquals(pageRuns(1, 7), f.storeRuns());
    assertTrue(older.callbackErrors().isEmpty());
  }

  // ---------------------------------------------------------------- discard failures

  @Test
  void convert_discardThrows_swallowedAndFanOutContinues() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(0), b(8), PageState.SHARED);
    f.register(f.recorder("a"), blocks(0, BLOCKS));
    f.register(f.recorder("b").throwOnDiscard(true), blocks(0, BLOCKS));
    f.register(f.recorder("c"), blocks(0, BLOCKS));
    f.log().clear();
    a.convert(b(0), b(2), PageState.PRIVATE); // wholly shared
    a.convert(b(5), b(5), PageState.PRIVATE); // mixed: blocks 5, 6, 7
    List<Event> expected = new ArrayList<>();
    for (MemoryRegionSection s : List.of(blocks(0, 2), blocks(5, 6), blocks(6, 7), blocks(7, 8))) {
      for (String id : List.of("c", "b", "a")) {
        expected.add(Event.discard(id, s));
      }
    }
    assertEquals(expected, f.log().events());
    assertEquals(pageRuns(2, 5), f.storeRuns());
  }

  // ---------------------------------------------------------------- corner cases

  @Test
  void partialLastBlock_neverConvertedButReplayedClipped() {
    long region = b(10) + 100;
    FacadeFixture f = new FacadeFixture(attribute(region, BLOCK, ConversionSemantics.QEMU));
    RamBlockAttribute a = f.attribute();
    f.register(f.recorder("whole"), MemoryRegionSection.of(0, region));
    f.register(f.recorder("tail"), MemoryRegionSection.of(b(9) + 50, b(1) + 50));
    a.convert(b(8), b(2), PageState.SHARED);
    assertThrows(IllegalArgumentException.class, () -> a.convert(b(10), BLOCK, PageState.SHARED));
    assertThrows(IllegalArgumentException.class, () -> a.convert(b(8), b(3), PageState.SHARED));
    a.convert(b(7), b(3), PageState.PRIVATE); // mixed: block 7 private, 8 and 9 shared
    assertEquals(
        List.of(
            Event.populate("tail", MemoryRegionSection.of(b(9) + 50, b(1) - 50)),
            Event.populate("whole", blocks(8, 10)),
            Event.discard("whole", blocks(8, 9)),
            Event.discard("tail", MemoryRegionSection.of(b(9) + 50, b(1) - 50)),
            Event.discard("whole", blocks(9, 10))),
        f.log().events());
    List<MemoryRegionSection> discarded = new ArrayList<>();
    a.replayDiscarded(MemoryRegionSection.of(b(9) + 50, b(1) + 50), discarded::add);
    assertEquals(List.of(MemoryRegionSection.of(b(9) + 50, b(1) + 50)), discarded);
    assertFalse(a.isPopulated(MemoryRegionSection.of(region - 1, 1)));
  }

  @Test
  void sectionsWithinOneBlock_andConversionsStraddlingSectionEdges() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    f.register(f.recorder("p"), MemoryRegionSection.of(b(1) + 512, 1024)); // inside block 1
    f.register(f.recorder("q"), new MemoryRegionSection(b(3) - 100, 200, 0)); // blocks 2|3
    a.convert(b(1), b(1), PageState.SHARED);
    a.convert(b(2), b(1), PageState.SHARED);
    a.convert(b(3), b(1), PageState.SHARED);
    a.convert(b(0), b(3), PageState.PRIVATE); // mixed: blocks 1, 2 change
    assertEquals(
        List.of(
            Event.populate("p", MemoryRegionSection.of(b(1) + 512, 1024)),
            Event.populate("q", new MemoryRegionSection(b(3) - 100, 100, 0)),
            Event.populate("q", new MemoryRegionSection(b(3), 100, 100)),
            Event.discard("p", MemoryRegionSection.of(b(1) + 512, 1024)),
            Event.discard("q", new MemoryRegionSection(b(3) - 100, 100, 0))),
        f.log().events());
    f.log().clear();
    f.register(f.recorder("r"), new MemoryRegionSection(b(2) - 10, b(1) + 20, 1 << 20));
    assertEquals(
        List.of(Event.populate("r", new MemoryRegionSection(b(3), 10, (1 << 20) + b(1) + 10))),
        f.log().events(),
        "register replays only the shared part of the straddling section");
    assertFalse(a.isPopulated(new MemoryRegionSection(b(2) - 10, b(1) + 20, 0)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(3) + 1, 10)));
  }

  @Test
  void registerAfterSomeShared_sectionCuttingRuns_thenFollowsConversions() {
    FacadeFixture f = qemu();
    RamBlockAttribute a = f.attribute();
    a.convert(b(1), b(3), PageState.SHARED);
    a.convert(b(6), b(3), PageState.SHARED);
    MemoryRegionSection cutting = new MemoryRegionSection(b(2) + 1, b(5), b(1000));
    VfioModelListener l = f.register(f.vfio("l"), cutting);
    assertEquals(
        List.of(
            Event.populate("l", new MemoryRegionSection(b(2) + 1, b(2) - 1, b(1000))),
            Event.populate("l", new MemoryRegionSection(b(6), b(1) + 1, b(1004) - 1))),
        f.log().events());
    f.assertListenersFollowState("after register");
    f.log().clear();
    a.convert(b(3), b(4), PageState.SHARED); // mixed: blocks 4 and 5 change
    assertEquals(
        List.of(
            Event.populate("l", new MemoryRegionSection(b(4), b(1), b(1002) - 1)),
            Event.populate("l", new MemoryRegionSection(b(5), b(1), b(1003) - 1))),
        f.log().events());
    f.assertListenersFollowState("after convert");
    assertEquals(6, l.mappingCount(), "one mapping per block-aligned chunk");
  }

  @Test
  void offsetsNearTwoToTheSixtyFour_wrapRejectedAndSectionsClipped() {
    long block = 1L << 50;
    long max = Long.MAX_VALUE; // 8192 blocks, the last one one byte short
    FacadeFixture f = new FacadeFixture(attribute(max, block, ConversionSemantics.QEMU));
    RamBlockAttribute a = f.attribute();
    assertEquals(8192, a.store().pageCount());
    long hiStart = (8190L << 50) - 1;
    MemoryRegionSection hi = new MemoryRegionSection(hiStart, max - hiStart, 0);
    f.register(f.recorder("whole"), MemoryRegionSection.of(0, max));
    f.register(f.recorder("hi"), hi);

    a.convert(8190L << 50, block, PageState.SHARED);
    assertThrows(
        IllegalArgumentException.class, () -> a.convert(8191L << 50, block, PageState.SHARED));
    assertThrows(
        IllegalArgumentException.class,
        () -> a.convert(8190L << 50, 8190L << 50, PageState.SHARED));
    assertThrows(
        IllegalArgumentException.class,
        () -> a.convert(4096L << 50, 4096L << 50, PageState.SHARED));
    a.convert(4094L << 50, 4096L << 50, PageState.SHARED); // wholly private: [4094, 8190)
    assertEquals(
        List.of(
            Event.populate("hi", new MemoryRegionSection(8190L << 50, block, 1)),
            Event.populate("whole", MemoryRegionSection.of(8190L << 50, block)),
            Event.populate("hi", new MemoryRegionSection(hiStart, 1, 0)),
            Event.populate("whole", MemoryRegionSection.of(4094L << 50, 4096L << 50))),
        f.log().events());
    assertEquals(PageState.PRIVATE, a.stateAt(max - 1));
    assertEquals(PageState.SHARED, a.stateAt((8191L << 50) - 1));
    List<MemoryRegionSection> runs = new ArrayList<>();
    a.replayDiscarded(hi, runs::add);
    assertEquals(
        List.of(new MemoryRegionSection(8191L << 50, max - (8191L << 50), block + 1)), runs);
    runs.clear();
    a.replayPopulated(hi, runs::add);
    assertEquals(List.of(new MemoryRegionSection(hiStart, block + 1, 0)), runs);
    assertFalse(a.isPopulated(MemoryRegionSection.of(max - 1, 1)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(4094L << 50, 4097L << 50)));
  }
}
