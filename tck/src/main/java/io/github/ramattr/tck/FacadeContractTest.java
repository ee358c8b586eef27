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
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facade's contract apart from conversion semantics (docs/semantics.md "Facade arguments" and
 * the RamDiscardManager rules): argument validation of every method, the builder, {@code
 * isPopulated}, the replays, listener registration and unregistration, callbacks that call back
 * into the facade, and {@link MemoryRegionSection#intersect}.
 *
 * <p>Every rejected call is checked the same way: {@link IllegalArgumentException} (never {@link
 * IndexOutOfBoundsException}) with the offending numbers in its message, no state change, and no
 * notification to a listener registered over the whole region.
 */
public abstract class FacadeContractTest extends AbstractFacadeTest {
  private static final long BLOCKS = 16;
  private static final long REGION = BLOCKS * BLOCK;

  /** For subclasses, which name the backend under test. */
  protected FacadeContractTest() {}

  /** A fixture with blocks [2,5) and [9,10) shared and a witness listener over the region. */
  private FacadeFixture witnessed(ConversionSemantics semantics) {
    FacadeFixture f = fixture(BLOCKS, semantics);
    f.register(f.recorder("witness"), blocks(0, BLOCKS));
    f.attribute().convert(b(2), b(3), PageState.SHARED);
    f.attribute().convert(b(9), b(1), PageState.SHARED);
    f.log().clear();
    return f;
  }

  /** Checks that {@code call} is rejected without effect, naming {@code numbers}. */
  private static void assertRejected(FacadeFixture f, Executable call, long... numbers) {
    NavigableMap<Long, Long> before = f.storeRuns();
    int mark = f.log().size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (long number : numbers) {
      assertNames(e, number);
    }
    assertEquals(before, f.storeRuns(), "a rejected call changed the state");
    assertEquals(List.of(), f.log().since(mark), "a rejected call notified a listener");
  }

  /** Checks that {@code e}'s message names {@code number}. */
  private static void assertNames(Exception e, long number) {
    String message = e.getMessage();
    assertTrue(
        message != null && message.contains(Long.toString(number)),
        () -> "message '" + message + "' does not name " + number);
  }

  /** Checks that {@code call} throws NullPointerException without effect. */
  private static void assertNpe(FacadeFixture f, Executable call) {
    NavigableMap<Long, Long> before = f.storeRuns();
    int mark = f.log().size();
    assertThrows(NullPointerException.class, call);
    assertEquals(before, f.storeRuns(), "a rejected call changed the state");
    assertEquals(List.of(), f.log().since(mark), "a rejected call notified a listener");
  }

  // ---------------------------------------------------------------- convert: arguments

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_unalignedOffset_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(f, () -> a.convert(100, BLOCK, PageState.SHARED), 100, BLOCK, REGION);
    assertRejected(f, () -> a.convert(b(3) + 1, BLOCK, PageState.PRIVATE), b(3) + 1, REGION);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_unalignedSize_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(f, () -> a.convert(b(5), 100, PageState.SHARED), b(5), 100, BLOCK, REGION);
    assertRejected(f, () -> a.convert(b(2), BLOCK + 512, PageState.PRIVATE), BLOCK + 512);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_zeroSize_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(f, () -> a.convert(b(3), 0, PageState.SHARED), b(3), BLOCK, REGION);
    assertRejected(f, () -> a.convert(b(6), 0, PageState.PRIVATE), b(6), REGION);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_negativeOffset_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(f, () -> a.convert(-BLOCK, b(2), PageState.SHARED), -BLOCK, REGION);
    assertRejected(
        f, () -> a.convert(Long.MIN_VALUE, BLOCK, PageState.PRIVATE), Long.MIN_VALUE, REGION);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_negativeSize_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(f, () -> a.convert(b(4), -BLOCK, PageState.SHARED), b(4), -BLOCK, REGION);
    // As unsigned values these wrap offset + size below offset: QEMU rejects them too.
    assertRejected(f, () -> a.convert(b(8), -b(4), PageState.PRIVATE), b(8), -b(4));
    assertRejected(
        f, () -> a.convert(b(1), Long.MIN_VALUE, PageState.SHARED), b(1), Long.MIN_VALUE);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_offsetPlusSizeOverflows_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    long nearMax = Long.MAX_VALUE & -BLOCK; // the last aligned offset below 2^63
    assertRejected(f, () -> a.convert(nearMax, b(2), PageState.SHARED), nearMax, b(2), REGION);
    assertRejected(f, () -> a.convert(b(2), nearMax, PageState.PRIVATE), b(2), nearMax, REGION);
    assertRejected(f, () -> a.convert(nearMax, nearMax, PageState.SHARED), nearMax, REGION);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_endPastRegion_rejected(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    assertRejected(
        f, () -> a.convert(REGION - BLOCK, b(2), PageState.SHARED), REGION - BLOCK, b(2), REGION);
    assertRejected(f, () -> a.convert(REGION, BLOCK, PageState.SHARED), REGION, BLOCK);
    assertRejected(f, () -> a.convert(0, REGION + BLOCK, PageState.PRIVATE), REGION + BLOCK);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_rangeEndingAtRegionEnd_accepted(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    f.attribute().convert(REGION - BLOCK, BLOCK, PageState.SHARED);
    assertEquals(PageState.SHARED, f.attribute().stateAt(REGION - 1));
    f.attribute().convert(0, REGION, PageState.SHARED);
    assertTrue(f.attribute().isPopulated(blocks(0, BLOCKS)));
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  @SuppressWarnings("NullAway") // passes null on purpose: it must be rejected
  void convert_nullTarget_throwsNpe(ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    assertNpe(f, () -> f.attribute().convert(0, BLOCK, null));
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void convert_partialLastBlock_neverConvertedButReplayedClipped(ConversionSemantics semantics) {
    long region = b(10) + 100;
    FacadeFixture f = new FacadeFixture(attribute(region, BLOCK, semantics));
    RamBlockAttribute a = f.attribute();
    assertEquals(11, a.store().pageCount(), "pageCount = ceil(regionSize / blockSize)");
    f.register(f.recorder("whole"), MemoryRegionSection.of(0, region));
    assertRejected(f, () -> a.convert(b(10), BLOCK, PageState.SHARED), b(10), BLOCK, region);
    assertRejected(f, () -> a.convert(0, b(11), PageState.SHARED), b(11), region);
    assertRejected(f, () -> a.convert(b(10), 100, PageState.SHARED), b(10), 100, region);
    assertEquals(
        List.of(MemoryRegionSection.of(0, region)),
        replayed(a, MemoryRegionSection.of(0, region), false));

    a.convert(0, b(10), PageState.SHARED);
    assertEquals(
        List.of(Event.populate("whole", blocks(0, 10))),
        f.log().events(),
        "the listener is told of the full blocks only");
    assertEquals(PageState.PRIVATE, a.stateAt(region - 1));
    assertEquals(
        List.of(MemoryRegionSection.of(b(10), 100)),
        replayed(a, MemoryRegionSection.of(0, region), false),
        "replayDiscarded reports the partial last block, clipped to the region");
    assertEquals(List.of(blocks(0, 10)), replayed(a, MemoryRegionSection.of(0, region), true));
    assertFalse(a.isPopulated(MemoryRegionSection.of(0, region)));
    assertTrue(a.isPopulated(blocks(0, 10)));
  }

  // ---------------------------------------------------------------- stateAt

  @ParameterizedTest
  @ValueSource(longs = {-1, REGION, REGION + BLOCK, Long.MAX_VALUE, Long.MIN_VALUE})
  void stateAt_outsideRegion_rejected(long offset) {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    assertRejected(f, () -> f.attribute().stateAt(offset), offset, REGION);
  }

  @Test
  void stateAt_anyByteOfABlock_reportsTheBlock() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    assertEquals(PageState.PRIVATE, a.stateAt(0));
    assertEquals(PageState.PRIVATE, a.stateAt(b(2) - 1));
    assertEquals(PageState.SHARED, a.stateAt(b(2)));
    assertEquals(PageState.SHARED, a.stateAt(b(3) + 1234));
    assertEquals(PageState.SHARED, a.stateAt(b(5) - 1));
    assertEquals(PageState.PRIVATE, a.stateAt(b(5)));
    assertEquals(PageState.SHARED, a.stateAt(b(9) + 4095));
    assertEquals(PageState.PRIVATE, a.stateAt(REGION - 1));
  }

  // ---------------------------------------------------------------- sections: arguments

  /** Sections that do not lie wholly inside the 16-block region. */
  private static List<MemoryRegionSection> outsideSections() {
    return List.of(
        MemoryRegionSection.of(REGION - BLOCK, b(2)),
        MemoryRegionSection.of(REGION + BLOCK, 0),
        MemoryRegionSection.of(REGION + 1, BLOCK),
        MemoryRegionSection.of(0, REGION + 1),
        new MemoryRegionSection(b(1), Long.MAX_VALUE, 0),
        new MemoryRegionSection(Long.MAX_VALUE - 10, 20, 0));
  }

  @Test
  void sectionMethods_sectionOutsideRegion_rejected() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    Consumer<MemoryRegionSection> visitor =
        s -> {
          throw new AssertionError("visited " + s);
        };
    for (MemoryRegionSection s : outsideSections()) {
      long offset = s.offsetWithinRegion();
      long size = s.size();
      assertRejected(f, () -> a.isPopulated(s), offset, size, REGION);
      assertRejected(f, () -> a.replayPopulated(s, visitor), offset, size, REGION);
      assertRejected(f, () -> a.replayDiscarded(s, visitor), offset, size, REGION);
      RecordingListener late = f.recorder("late");
      assertRejected(f, () -> a.registerListener(late, s), offset, size, REGION);
      assertThrows(
          IllegalArgumentException.class,
          () -> a.unregisterListener(late),
          "a rejected registration must leave the listener unregistered");
    }
  }

  /**
   * A section whose address-space range would end past {@link Long#MAX_VALUE} cannot be represented
   * once clipped (its shifted address offset would overflow), so it must be refused at the
   * boundary, not fail half-way through a later conversion.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void registerListener_addressRangeOverflows_rejectedAtRegistration(
      ConversionSemantics semantics) {
    FacadeFixture f = witnessed(semantics);
    RamBlockAttribute a = f.attribute();
    MemoryRegionSection overflowing = new MemoryRegionSection(0, b(8), Long.MAX_VALUE - 10);
    RecordingListener l = f.recorder("l");
    assertRejected(f, () -> a.registerListener(l, overflowing), Long.MAX_VALUE - 10, b(8));
    assertThrows(IllegalArgumentException.class, () -> a.unregisterListener(l));
    a.convert(b(6), b(2), PageState.SHARED);
    assertEquals(List.of(Event.populate("witness", blocks(6, 8))), f.log().events());
    // Nothing shared in the section at registration time: still refused, or converting block 13
    // (clipped address offset past Long.MAX_VALUE) would throw after writing the store.
    MemoryRegionSection quiet = new MemoryRegionSection(b(10), b(4), Long.MAX_VALUE - b(2));
    assertRejected(f, () -> a.registerListener(l, quiet), Long.MAX_VALUE - b(2), b(4));
    f.log().clear();
    a.convert(b(13), b(1), PageState.SHARED);
    assertEquals(List.of(Event.populate("witness", blocks(13, 14))), f.log().events());
    assertTrue(a.isPopulated(blocks(13, 14)));
    assertRejected(f, () -> a.isPopulated(quiet), Long.MAX_VALUE - b(2));
    assertRejected(f, () -> a.replayPopulated(quiet, s -> {}), Long.MAX_VALUE - b(2));
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose: it must be rejected
  void everyMethod_nullArgument_throwsNpe() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    MemoryRegionSection s = blocks(0, 4);
    RecordingListener l = f.recorder("l");
    assertNpe(f, () -> a.isPopulated(null));
    assertNpe(f, () -> a.replayPopulated(null, x -> {}));
    assertNpe(f, () -> a.replayPopulated(s, null));
    assertNpe(f, () -> a.replayDiscarded(null, x -> {}));
    assertNpe(f, () -> a.replayDiscarded(s, null));
    assertNpe(f, () -> a.registerListener(null, s));
    assertNpe(f, () -> a.registerListener(l, null));
    assertNpe(f, () -> a.unregisterListener(null));
    assertThrows(IllegalArgumentException.class, () -> a.unregisterListener(l));
  }

  // ---------------------------------------------------------------- register / unregister:
  // arguments

  @Test
  void registerListener_twice_rejected() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    RecordingListener l = f.register(f.recorder("l"), blocks(0, 8));
    f.log().clear();
    assertRejected(f, () -> a.registerListener(l, blocks(0, 8)));
    assertRejected(f, () -> a.registerListener(l, blocks(8, 16)));
    a.convert(b(5), b(4), PageState.SHARED); // wholly private: one notification
    assertEquals(
        List.of(Event.populate("l", blocks(5, 8)), Event.populate("witness", blocks(5, 9))),
        f.log().events(),
        "the listener stays registered once, with its first section");
  }

  @Test
  void unregisterListener_unknown_rejected() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    RecordingListener stranger = f.recorder("stranger");
    assertRejected(f, () -> a.unregisterListener(stranger));
    RecordingListener l = f.register(f.recorder("l"), blocks(0, 8));
    f.unregister(l);
    f.log().clear();
    assertRejected(f, () -> a.unregisterListener(l));
  }

  // ---------------------------------------------------------------- builder

  @Test
  void build_withoutRegionSize_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> RamBlockAttribute.builder().build());
    assertThrows(
        IllegalStateException.class,
        () -> RamBlockAttribute.builder().blockSize(BLOCK).store(newStore(4)).build());
  }

  @Test
  void builder_backendAndStore_rejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RamBlockAttribute.builder().backend(provider().name()).store(newStore(4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> RamBlockAttribute.builder().store(newStore(4)).backend(provider().name()));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -4096, 3, 4097, 3 * 4096, 6144, Long.MIN_VALUE})
  void builder_blockSizeNotPowerOfTwo_rejected(long blockSize) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RamBlockAttribute.builder().blockSize(blockSize));
    assertNames(e, blockSize);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -4096, Long.MIN_VALUE})
  void builder_regionSizeNotPositive_rejected(long regionSize) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RamBlockAttribute.builder().regionSize(regionSize));
    assertNames(e, regionSize);
  }

  @Test
  void build_pageCountIsCeilingOfRegionOverBlock() {
    assertPageCount(b(10), BLOCK, 10);
    assertPageCount(b(10) + 1, BLOCK, 11);
    assertPageCount(b(10) - 1, BLOCK, 10);
    assertPageCount(1, BLOCK, 1);
    assertPageCount(b(10), 2 * BLOCK, 5);
    assertPageCount(b(10) + BLOCK, 2 * BLOCK, 6);
  }

  private void assertPageCount(long region, long block, long pages) {
    RamBlockAttribute a =
        RamBlockAttribute.builder()
            .regionSize(region)
            .blockSize(block)
            .store(newStore(pages))
            .build();
    assertEquals(pages, a.store().pageCount());
    for (long wrong : new long[] {pages - 1, pages + 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  RamBlockAttribute.builder()
                      .regionSize(region)
                      .blockSize(block)
                      .store(newStore(wrong))
                      .build(),
              "a store of " + wrong + " pages for region " + region + " / block " + block);
      assertNames(e, wrong);
    }
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void build_givenStore_reportsSettings(ConversionSemantics semantics) {
    RamBlockAttribute a = attribute(b(8), 2 * BLOCK, semantics);
    assertEquals(b(8), a.regionSize());
    assertEquals(2 * BLOCK, a.blockSize());
    assertEquals(2 * BLOCK, a.minGranularity(), "min granularity = block size");
    assertEquals(semantics, a.semantics());
    assertEquals(RamBlockAttribute.CUSTOM_BACKEND, a.backendName());
    assertEquals(4, a.store().pageCount());
    assertEquals(0, a.store().sharedCount(), "every page starts private");
    assertThrows(UnsupportedOperationException.class, () -> a.store().setShared(0, 1));
    assertEquals(0, a.store().sharedCount());
  }

  // ---------------------------------------------------------------- isPopulated

  @Test
  void isPopulated_alignsSectionOutwardToBlocks() {
    FacadeFixture f = witnessed(ConversionSemantics.ATOMIC); // shared: [2,5) [9,10)
    RamBlockAttribute a = f.attribute();
    assertTrue(a.isPopulated(blocks(2, 5)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(2) + 1, 10)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(4) + 4095, 1)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(2) + 100, b(3) - 200)));
    assertFalse(a.isPopulated(MemoryRegionSection.of(b(2) - 1, 2)), "touches private block 1");
    assertFalse(a.isPopulated(MemoryRegionSection.of(b(5) - 1, 2)), "touches private block 5");
    assertFalse(a.isPopulated(MemoryRegionSection.of(b(5), 1)));
    assertFalse(a.isPopulated(blocks(2, 10)), "blocks 5..8 are private");
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(9) + 7, 9)));
    assertTrue(a.isPopulated(MemoryRegionSection.of(b(3), 0)), "an empty section has no block");
  }

  // ---------------------------------------------------------------- replay

  /** Shared [1,4) [5,6) [8,10) [12,16), written in pieces that must come back merged. */
  private FacadeFixture runs() {
    return runs(ConversionSemantics.ATOMIC);
  }

  private FacadeFixture runs(ConversionSemantics semantics) {
    FacadeFixture f = fixture(BLOCKS, semantics);
    RamBlockAttribute a = f.attribute();
    a.convert(b(1), b(1), PageState.SHARED);
    a.convert(b(3), b(1), PageState.SHARED);
    a.convert(b(2), b(1), PageState.SHARED);
    a.convert(b(5), b(1), PageState.SHARED);
    a.convert(b(8), b(2), PageState.SHARED);
    a.convert(b(12), b(4), PageState.SHARED);
    return f;
  }

  /** Blocks 1.02 .. 11.02: cuts the runs [1,4) and [12,16) misses; seen at 2^40. */
  private static final MemoryRegionSection CUTTING =
      new MemoryRegionSection(b(1) + 100, b(10), 1L << 40);

  private static MemoryRegionSection inCutting(long start, long end) {
    return new MemoryRegionSection(start, end - start, (1L << 40) + start - (b(1) + 100));
  }

  @Test
  void replayPopulated_maximalRunsClippedAscendingShifted() {
    FacadeFixture f = runs();
    assertEquals(
        List.of(inCutting(b(1) + 100, b(4)), inCutting(b(5), b(6)), inCutting(b(8), b(10))),
        replayed(f.attribute(), CUTTING, true));
    assertEquals(
        List.of(blocks(1, 4), blocks(5, 6), blocks(8, 10), blocks(12, 16)),
        replayed(f.attribute(), blocks(0, BLOCKS), true));
    assertEquals(List.of(), replayed(f.attribute(), blocks(6, 8), true));
  }

  @Test
  void replayDiscarded_maximalRunsClippedAscendingShifted() {
    FacadeFixture f = runs();
    assertEquals(
        List.of(inCutting(b(4), b(5)), inCutting(b(6), b(8)), inCutting(b(10), b(11) + 100)),
        replayed(f.attribute(), CUTTING, false));
    assertEquals(
        List.of(blocks(0, 1), blocks(4, 5), blocks(6, 8), blocks(10, 12)),
        replayed(f.attribute(), blocks(0, BLOCKS), false));
    assertEquals(List.of(), replayed(f.attribute(), blocks(12, 16), false));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void replay_visitorThrows_stopsAndPropagates(boolean populated) {
    FacadeFixture f = runs();
    NavigableMap<Long, Long> before = f.storeRuns();
    RuntimeException boom = new IllegalStateException("visitor refuses");
    List<MemoryRegionSection> visited = new ArrayList<>();
    Consumer<MemoryRegionSection> visitor =
        s -> {
          visited.add(s);
          if (visited.size() == 2) {
            throw boom;
          }
        };
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () -> {
              if (populated) {
                f.attribute().replayPopulated(blocks(0, BLOCKS), visitor);
              } else {
                f.attribute().replayDiscarded(blocks(0, BLOCKS), visitor);
              }
            });
    assertSame(boom, thrown, "the visitor's exception propagates as is");
    assertEquals(2, visited.size(), "the replay stops at the visitor's exception");
    assertEquals(before, f.storeRuns());
  }

  // ---------------------------------------------------------------- register

  @Test
  void registerListener_replaysSharedRunsClippedAscendingShifted() {
    FacadeFixture f = runs();
    RecordingListener old = f.register(f.recorder("old"), blocks(0, BLOCKS));
    f.log().clear();
    f.register(f.recorder("new"), CUTTING);
    assertEquals(
        List.of(
            Event.populate("new", inCutting(b(1) + 100, b(4))),
            Event.populate("new", inCutting(b(5), b(6))),
            Event.populate("new", inCutting(b(8), b(10)))),
        f.log().events(),
        "only the new listener is told, one populate per maximal shared run in its section");
    assertTrue(old.callbackErrors().isEmpty());
  }

  @Test
  void registerListener_nothingSharedInSection_noReplay() {
    FacadeFixture f = runs();
    f.register(f.recorder("l"), MemoryRegionSection.of(b(6), b(2)));
    f.register(f.recorder("m"), MemoryRegionSection.of(b(10) + 1, b(2) - 1));
    assertEquals(List.of(), f.log().events());
  }

  @ParameterizedTest
  @CsvSource({"ATOMIC, true", "ATOMIC, false", "QEMU, true", "QEMU, false"})
  void registerListener_replayRefused_undoneAndNotRegistered(
      ConversionSemantics semantics, boolean doubleDiscard) {
    FacadeFixture f = runs(semantics);
    RamBlockAttribute a = f.attribute();
    RecordingListener witness = f.register(f.recorder("witness"), blocks(0, BLOCKS));
    NavigableMap<Long, Long> before = f.storeRuns();
    f.log().clear();
    VfioModelListener l =
        f.vfio("l").supportDoubleDiscard(doubleDiscard).failOn(FailurePlan.onPopulateCall(2));
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, () -> a.registerListener(l, CUTTING));
    assertSame(l.lastFailure(), e.getCause(), "the cause is the listener's exception");
    assertEquals(
        List.of(
            Event.populate("l", inCutting(b(1) + 100, b(4))),
            Event.refused("l", inCutting(b(5), b(6)))),
        f.log().events().subList(0, 2));
    FacadeFixture.assertUndone("register", f.log().events(), l);
    assertTrue(
        f.log().events().stream().allMatch(ev -> ev.listener().equals("l")),
        () -> "nobody else is told: " + f.log());
    assertEquals(before, f.storeRuns(), "register changes no state");
    assertEquals(0, l.mappingCount(), "everything the listener mapped was unmapped");
    FacadeFixture.assertNoViolations("register", l);
    FacadeFixture.assertNoViolations("register", witness);

    assertThrows(
        IllegalArgumentException.class,
        () -> a.unregisterListener(l),
        "a listener whose replay failed is not registered");
    f.log().clear();
    a.convert(b(6), b(2), PageState.SHARED);
    assertEquals(List.of(Event.populate("witness", blocks(6, 8))), f.log().events());

    f.log().clear();
    f.register(l.failOn(FailurePlan.never()), CUTTING);
    assertEquals(
        List.of(
            Event.populate("l", inCutting(b(1) + 100, b(4))),
            Event.populate("l", inCutting(b(5), b(10)))),
        f.log().events(),
        "the listener can register again later");
    f.assertListenersFollowState("after re-registering");
  }

  // ---------------------------------------------------------------- unregister

  @Test
  void unregisterListener_doubleDiscard_oneDiscardForWholeSection() {
    FacadeFixture f = runs();
    VfioModelListener l = f.register(f.vfio("l"), CUTTING);
    RecordingListener empty = f.register(f.recorder("empty"), blocks(6, 8));
    f.log().clear();
    f.unregister(l);
    f.unregister(empty);
    assertEquals(
        List.of(Event.discard("l", CUTTING), Event.discard("empty", blocks(6, 8))),
        f.log().events(),
        "one discard of the whole section, shared or not");
    assertEquals(0, l.mappingCount());
    FacadeFixture.assertNoViolations("unregister", l);
  }

  @Test
  void unregisterListener_noDoubleDiscard_oneDiscardPerSharedRun() {
    FacadeFixture f = runs();
    VfioModelListener l = f.register(f.vfio("l").supportDoubleDiscard(false), CUTTING);
    RecordingListener empty =
        f.register(f.recorder("empty").supportDoubleDiscard(false), blocks(6, 8));
    f.log().clear();
    f.unregister(l);
    f.unregister(empty);
    assertEquals(
        List.of(
            Event.discard("l", inCutting(b(1) + 100, b(4))),
            Event.discard("l", inCutting(b(5), b(6))),
            Event.discard("l", inCutting(b(8), b(10)))),
        f.log().events());
    assertEquals(0, l.mappingCount());
    FacadeFixture.assertNoViolations("unregister", l);
  }

  @Test
  void unregisterListener_thenNeverNotified() {
    FacadeFixture f = runs();
    RecordingListener l = f.register(f.recorder("l"), blocks(0, BLOCKS));
    RecordingListener stays = f.register(f.recorder("stays"), blocks(0, BLOCKS));
    f.unregister(l);
    f.log().clear();
    f.attribute().convert(b(6), b(2), PageState.SHARED);
    f.attribute().convert(b(0), b(4), PageState.PRIVATE);
    assertEquals(
        List.of(Event.populate("stays", blocks(6, 8)), Event.discard("stays", blocks(1, 4))),
        f.log().events());
    assertTrue(stays.callbackErrors().isEmpty());
  }

  @Test
  void unregisterListener_discardThrows_listenerRemovedAnyway() {
    FacadeFixture f = runs();
    RecordingListener l = f.register(f.recorder("l").throwOnDiscard(true), blocks(0, BLOCKS));
    f.log().clear();
    f.unregister(l);
    assertEquals(List.of(Event.discard("l", blocks(0, BLOCKS))), f.log().events());
    assertThrows(IllegalArgumentException.class, () -> f.attribute().unregisterListener(l));
  }

  @Test
  void registerListener_afterUnregister_becomesNewest() {
    FacadeFixture f = fixture(BLOCKS, ConversionSemantics.ATOMIC);
    RecordingListener a = f.register(f.recorder("a"), blocks(0, BLOCKS));
    f.register(f.recorder("b"), blocks(0, BLOCKS));
    f.unregister(a);
    f.register(a, blocks(0, BLOCKS));
    f.log().clear();
    f.attribute().convert(b(1), b(1), PageState.SHARED);
    assertEquals(
        List.of(Event.populate("a", blocks(1, 2)), Event.populate("b", blocks(1, 2))),
        f.log().events());
  }

  // ---------------------------------------------------------------- callbacks into the facade

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  @Timeout(60) // guards against a deadlock; a correct facade answers at once
  void callback_queries_seeNewStateWithoutDeadlock(ConversionSemantics semantics) {
    FacadeFixture f = fixture(BLOCKS, semantics);
    RamBlockAttribute a = f.attribute();
    a.convert(b(4), b(1), PageState.SHARED);
    int[] checks = {0};
    RecordingListener.CallbackHook hook =
        (listener, kind, s) -> {
          PageState expected = kind == Kind.POPULATE ? PageState.SHARED : PageState.PRIVATE;
          for (long o = s.offsetWithinRegion(); o < s.offsetWithinRegion() + s.size(); o += 512) {
            assertEquals(expected, a.stateAt(o), "stateAt(" + o + ") inside " + kind);
            assertEquals(expected == PageState.SHARED, a.store().isShared(o / BLOCK));
          }
          assertEquals(kind == Kind.POPULATE, a.isPopulated(s), "isPopulated inside " + kind);
          List<MemoryRegionSection> runs = replayed(a, s, kind == Kind.POPULATE);
          assertEquals(List.of(s), runs, "the replay inside " + kind + " covers the section");
          checks[0]++;
        };
    f.register(f.recorder("a").onCallback(hook), blocks(0, BLOCKS));
    f.register(f.recorder("b").onCallback(hook), MemoryRegionSection.of(b(2) + 100, b(6)));
    a.convert(b(1), b(3), PageState.SHARED); // wholly private
    a.convert(b(0), b(7), PageState.SHARED); // mixed
    a.convert(b(2), b(2), PageState.PRIVATE); // wholly shared
    a.convert(b(0), b(9), PageState.PRIVATE); // mixed
    f.register(f.recorder("c").onCallback(hook), blocks(0, BLOCKS)); // nothing to replay
    a.convert(b(3), b(2), PageState.SHARED);
    f.register(f.recorder("d").onCallback(hook), blocks(0, BLOCKS)); // replay
    f.assertNoViolations("callbacks");
    assertTrue(checks[0] >= 12, "the checks ran inside the callbacks: " + checks[0]);
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  @Timeout(60)
  void callback_convertRegisterOrUnregister_throwsIllegalState(ConversionSemantics semantics) {
    FacadeFixture f = fixture(BLOCKS, semantics);
    RamBlockAttribute a = f.attribute();
    RecordingListener other = f.recorder("other");
    int[] calls = {0};
    RecordingListener[] self = new RecordingListener[1];
    RecordingListener.CallbackHook hook =
        (listener, kind, s) -> {
          calls[0]++;
          assertThrows(IllegalStateException.class, () -> a.convert(b(12), b(2), PageState.SHARED));
          assertThrows(
              IllegalStateException.class, () -> a.convert(b(0), b(16), PageState.PRIVATE));
          assertThrows(IllegalStateException.class, () -> a.registerListener(other, blocks(0, 4)));
          assertThrows(IllegalStateException.class, () -> a.unregisterListener(self[0]));
        };
    self[0] = f.register(f.recorder("l").onCallback(hook), blocks(0, 8));
    a.convert(b(2), b(2), PageState.SHARED);
    a.convert(b(3), b(1), PageState.PRIVATE);
    assertEquals(2, calls[0]);
    f.assertNoViolations("convert from a callback");
    assertEquals(List.of(blocks(2, 3)), replayed(a, blocks(0, BLOCKS), true));
    assertThrows(IllegalArgumentException.class, () -> a.unregisterListener(other));
    f.unregister(self[0]); // still registered: this one is from outside a callback
    assertEquals(3, calls[0], "the unregister discard ran the hook once more");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  @Timeout(60)
  void replayVisitor_convert_throwsIllegalState(boolean populated) {
    FacadeFixture f = runs();
    RamBlockAttribute a = f.attribute();
    NavigableMap<Long, Long> before = f.storeRuns();
    List<Throwable> thrown = new ArrayList<>();
    RecordingListener registered = f.register(f.recorder("registered"), blocks(0, BLOCKS));
    RecordingListener other = f.recorder("other");
    Consumer<MemoryRegionSection> visitor =
        s -> {
          try {
            a.convert(b(6), b(1), PageState.SHARED);
          } catch (IllegalStateException e) {
            thrown.add(e);
          }
          try {
            a.registerListener(other, blocks(0, 2));
          } catch (IllegalStateException e) {
            thrown.add(e);
          }
          try {
            a.unregisterListener(registered);
          } catch (IllegalStateException e) {
            thrown.add(e);
          }
        };
    if (populated) {
      a.replayPopulated(blocks(0, BLOCKS), visitor);
    } else {
      a.replayDiscarded(blocks(0, BLOCKS), visitor);
    }
    assertEquals(12, thrown.size(), "every call from every visit got IllegalStateException");
    assertEquals(before, f.storeRuns());
    assertThrows(IllegalArgumentException.class, () -> a.unregisterListener(other));
    f.unregister(registered);
  }

  // ---------------------------------------------------------------- MemoryRegionSection

  @Test
  void intersect_touching_isEmpty() {
    MemoryRegionSection s = MemoryRegionSection.of(b(2), b(2));
    assertEquals(Optional.empty(), s.intersect(0, b(2)));
    assertEquals(Optional.empty(), s.intersect(b(4), b(1)));
    assertEquals(Optional.empty(), s.intersect(b(8), b(1)));
    assertEquals(Optional.empty(), s.intersect(b(3), 0), "an empty range meets nothing");
    assertEquals(Optional.empty(), MemoryRegionSection.of(b(2), 0).intersect(0, b(8)));
  }

  @Test
  void intersect_overlap_clippedWithAddressOffsetShifted() {
    MemoryRegionSection s = new MemoryRegionSection(b(2), b(4), b(100));
    assertEquals(
        Optional.of(new MemoryRegionSection(b(3), b(3), b(101))), s.intersect(b(3), b(10)));
    assertEquals(Optional.of(new MemoryRegionSection(b(2), b(1), b(100))), s.intersect(0, b(3)));
    assertEquals(Optional.of(s), s.intersect(0, b(100)));
    assertEquals(
        Optional.of(new MemoryRegionSection(b(3) + 5, 7, b(101) + 5)), s.intersect(b(3) + 5, 7));
    for (long offset = 0; offset < b(8); offset += 1024) {
      for (long size = 0; size < b(8); size += 1024) {
        assertEquals(FacadeFixture.clip(s, offset, size), s.intersect(offset, size));
      }
    }
  }

  @Test
  void intersect_nearLongMax_overflowSafe() {
    long max = Long.MAX_VALUE;
    assertEquals(
        Optional.of(new MemoryRegionSection(max - 50, 50, 50)),
        new MemoryRegionSection(max - 100, 100, 0).intersect(max - 50, max));
    assertEquals(
        Optional.of(new MemoryRegionSection(max - 1, 1, max - 1)),
        MemoryRegionSection.of(0, max).intersect(max - 1, max));
    assertEquals(Optional.empty(), MemoryRegionSection.of(0, max).intersect(max, max));
    assertEquals(
        Optional.of(new MemoryRegionSection(max / 2, max / 2 + 1, 7)),
        new MemoryRegionSection(max / 2, max, 7).intersect(0, max));
    assertEquals(
        Optional.of(MemoryRegionSection.of(max - 1, 1)),
        MemoryRegionSection.of(max - 1, max).intersect(max - 1, 1));
    assertEquals(Optional.empty(), new MemoryRegionSection(max, max, 0).intersect(max - 10, 10));
  }

  @Test
  void memoryRegionSection_negativeValues_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(-1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MemoryRegionSection(0, 1, -1));
    assertThrows(
        IllegalArgumentException.class, () -> MemoryRegionSection.of(b(1), b(1)).intersect(-1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> MemoryRegionSection.of(b(1), b(1)).intersect(0, -1));
    assertEquals(new MemoryRegionSection(b(3), b(2), b(3)), MemoryRegionSection.of(b(3), b(2)));
  }
}
