/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static io.github.ramattr.ConversionSemantics.ATOMIC;
import static io.github.ramattr.ConversionSemantics.QEMU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionRejectedException;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardSource;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.tck.NotificationLog.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link MultiSourceDiscardManager} suite, with sources built on the backend under test: each
 * QEMU 11 behaviour (QEMU's {@code system/ram-discard-manager.c} and the scenarios of its {@code
 * tests/unit/test-ram-discard-manager.c}) as its own test, the {@code ATOMIC} contract, attached
 * attributes, and bad input. Tests named {@code qemu_*} run in {@code QEMU} mode, {@code atomic_*}
 * in {@code ATOMIC} mode, the others in both. A backend subclasses it with one line, as {@link
 * AbstractFacadeTest} shows.
 */
public abstract class MultiSourceManagerTest extends AbstractFacadeTest {
  private static final long M2 = 2L << 20;

  /** For subclasses, which name the backend under test. */
  protected MultiSourceManagerTest() {}

  // ---------------------------------------------------------------- fixtures

  /** A manager over {@code blocks} blocks of {@link #BLOCK} bytes. */
  protected MultiSourceDiscardManager manager(long blocks, ConversionSemantics semantics) {
    return new MultiSourceDiscardManager(b(blocks), semantics);
  }

  /** A new attribute of the backend under test, with {@code m}'s region and semantics, added. */
  protected RamBlockAttribute attached(MultiSourceDiscardManager m, long blockSize) {
    RamBlockAttribute attribute = attribute(m.regionSize(), blockSize, m.semantics());
    m.addSource(attribute);
    return attribute;
  }

  /** A standalone attribute with {@code m}'s region and semantics, not added. */
  protected RamBlockAttribute detachedFor(MultiSourceDiscardManager m, long blockSize) {
    return attribute(m.regionSize(), blockSize, m.semantics());
  }

  private static MemoryRegionSection whole(MultiSourceDiscardManager m) {
    return MemoryRegionSection.of(0, m.regionSize());
  }

  private static RecordingListener register(
      MultiSourceDiscardManager m, NotificationLog log, String id, MemoryRegionSection section) {
    RecordingListener listener = new RecordingListener(id, log);
    m.registerListener(listener, section);
    return listener;
  }

  private static void assertCombinedReplay(MultiSourceDiscardManager m) {
    NavigableMap<Long, Long> oracle = CombinedState.combined(m.sources(), m.regionSize());
    assertEquals(CombinedState.runsIn(oracle, whole(m)), replayed(m, whole(m), true));
  }

  // ---------------------------------------------------------------- no sources, granularity

  /** QEMU 11 §3.1/§3.2: no sources means everything populated and a granularity of 0. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void noSources_minGranularityZeroAndEverythingPopulated(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(16, mode);
    assertEquals(0, m.minGranularity());
    assertTrue(m.sources().isEmpty());
    assertTrue(m.isPopulated(blocks(3, 9)));
    assertEquals(List.of(blocks(2, 5)), replayed(m, blocks(2, 5), true));
    assertEquals(List.of(), replayed(m, blocks(2, 5), false));
    // A listener registered with no sources gets one populate for its whole section.
    NotificationLog log = new NotificationLog();
    register(m, log, "l", blocks(1, 7));
    assertEquals(List.of(Event.populate("l", blocks(1, 7))), log.events());
  }

  /** QEMU 11 §9: with no sources, a replay of an empty section still visits it, once. */
  @Test
  public void qemu_replayPopulated_noSources_emptySectionVisitedOnce() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    assertEquals(List.of(blocks(4, 4)), replayed(m, blocks(4, 4), true));
    MultiSourceDiscardManager atomic = manager(16, ATOMIC);
    assertEquals(List.of(), replayed(atomic, blocks(4, 4), true));
  }

  /** QEMU 11 §3.2: the minimum over the sources (not the GCD), recomputed on add and remove. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void minGranularity_smallestSource_recomputedOnAddAndRemove(ConversionSemantics mode) {
    MultiSourceDiscardManager m = new MultiSourceDiscardManager(16 * M2, mode);
    RamBlockAttribute large = attached(m, M2);
    assertEquals(M2, m.minGranularity());
    RamBlockAttribute small = attached(m, BLOCK);
    assertEquals(BLOCK, m.minGranularity());
    m.removeSource(small);
    assertEquals(M2, m.minGranularity());
    m.removeSource(large);
    assertEquals(0, m.minGranularity());
  }

  /** Sources are held newest first, as QEMU's head-inserted list. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void sources_newestFirstAndUnmodifiable(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(16, mode);
    RamBlockAttribute first = attached(m, BLOCK);
    ProbedSource second = new ProbedSource("second", m.regionSize(), BLOCK);
    m.addSource(second);
    assertEquals(List.of(second, first), m.sources());
    List<RamDiscardSource> view = m.sources();
    assertThrows(UnsupportedOperationException.class, () -> view.remove(0));
  }

  // ---------------------------------------------------------------- combined state

  /** QEMU's unit tests 3 and 4: populated only where both sources are, across granularities. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void isPopulated_onlyWhereEverySourceIs(ConversionSemantics mode) {
    MultiSourceDiscardManager m = new MultiSourceDiscardManager(8 * M2, mode);
    RamBlockAttribute small = attached(m, BLOCK);
    RamBlockAttribute large = attached(m, M2);
    MemoryRegionSection first = MemoryRegionSection.of(0, BLOCK);
    assertFalse(m.isPopulated(first));
    small.convert(0, BLOCK, PageState.SHARED);
    assertFalse(m.isPopulated(first)); // the 2 MiB source still discards it
    large.convert(0, M2, PageState.SHARED);
    assertTrue(m.isPopulated(first));
    assertFalse(m.isPopulated(MemoryRegionSection.of(BLOCK, BLOCK)));
    small.convert(BLOCK, BLOCK, PageState.SHARED);
    assertTrue(m.isPopulated(MemoryRegionSection.of(0, 2 * BLOCK)));
    m.removeSource(small);
    m.removeSource(large);
    assertTrue(m.isPopulated(MemoryRegionSection.of(0, 8 * M2)));
  }

  /** QEMU's unit test 12: replays visit the intersection, and its complement. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void replay_populatedIsIntersectionAndDiscardedIsUnion(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(32, mode);
    RamBlockAttribute one = attached(m, BLOCK);
    RamBlockAttribute two = attached(m, BLOCK);
    one.convert(b(0), b(8), PageState.SHARED);
    two.convert(b(4), b(8), PageState.SHARED);
    assertEquals(List.of(blocks(4, 8)), replayed(m, whole(m), true));
    assertEquals(List.of(blocks(0, 4), blocks(8, 32)), replayed(m, whole(m), false));
    assertEquals(List.of(blocks(5, 7)), replayed(m, blocks(5, 7), true));
    assertCombinedReplay(m);
  }

  /**
   * Deliberate deviation: replayed sections keep the caller's address-space offset (QEMU 11 builds
   * them with offset 0).
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void replay_keepsCallersAddressSpaceOffset(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(32, mode);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(b(4), b(4), PageState.SHARED);
    MemoryRegionSection section = new MemoryRegionSection(b(2), b(10), 0x10_0000_0000L);
    assertEquals(
        List.of(new MemoryRegionSection(b(4), b(4), 0x10_0000_0000L + b(2))),
        replayed(m, section, true));
    assertEquals(
        List.of(
            new MemoryRegionSection(b(2), b(2), 0x10_0000_0000L),
            new MemoryRegionSection(b(8), b(4), 0x10_0000_0000L + b(6))),
        replayed(m, section, false));
  }

  // ---------------------------------------------------------------- notifications

  /** QEMU's unit test 2: one source behaves as the single-source facade. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void singleSource_listenerSeesFacadeShapes(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(b(0), b(4), PageState.SHARED);
    a.convert(b(8), b(4), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    assertEquals(
        List.of(Event.populate("l", blocks(0, 4)), Event.populate("l", blocks(8, 12))),
        log.events());
    log.clear();
    a.convert(b(16), b(2), PageState.SHARED);
    a.convert(b(0), b(4), PageState.PRIVATE);
    assertEquals(
        List.of(Event.populate("l", blocks(16, 18)), Event.discard("l", blocks(0, 4))),
        log.events());
  }

  /** QEMU's unit tests 5 and 13: a populate reaches listeners only where the others agree. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void notifyPopulate_onlyWhereEveryOtherSourceIsPopulated(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    RamBlockAttribute one = attached(m, BLOCK);
    RamBlockAttribute two = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    assertEquals(List.of(), log.events());
    one.convert(0, b(4), PageState.SHARED);
    assertEquals(List.of(), log.events()); // two still discards it
    two.convert(0, b(4), PageState.SHARED);
    assertEquals(List.of(Event.populate("l", blocks(0, 4))), log.events());
    log.clear();
    one.convert(0, b(2), PageState.PRIVATE);
    assertEquals(List.of(Event.discard("l", blocks(0, 2))), log.events());
  }

  /**
   * QEMU 11 §1.4: the calling source is skipped, so a source may report before it updates its own
   * state (virtio-mem) as well as after (guest_memfd).
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void notify_callerSkipped_reportBeforeOrAfterUpdate(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(32, mode);
    RamBlockAttribute memfd = attached(m, BLOCK);
    memfd.convert(0, b(16), PageState.SHARED);
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), b(4));
    m.addSource(plug);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    m.notifyPopulate(plug, 0, b(8)); // before its state says so
    plug.setPopulated(0, b(8), true);
    plug.setPopulated(b(8), b(4), true);
    m.notifyPopulate(plug, b(8), b(4)); // after
    m.notifyDiscard(plug, b(4), b(4)); // before
    plug.setPopulated(b(4), b(4), false);
    assertEquals(
        List.of(
            Event.populate("l", blocks(0, 8)),
            Event.populate("l", blocks(8, 12)),
            Event.discard("l", blocks(4, 8))),
        log.events());
    assertCombinedReplay(m);
  }

  /** QEMU's unit test 13: a discard where the combined state was discarded already is not sent. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void notifyDiscard_alreadyDiscardedByAnother_notSent(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(32, mode);
    RamBlockAttribute one = attached(m, BLOCK);
    RamBlockAttribute two = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    one.convert(0, b(1), PageState.SHARED);
    two.convert(0, b(1), PageState.SHARED);
    one.convert(0, b(1), PageState.PRIVATE);
    two.convert(0, b(1), PageState.PRIVATE);
    assertEquals(
        List.of(Event.populate("l", blocks(0, 1)), Event.discard("l", blocks(0, 1))), log.events());
  }

  /**
   * QEMU 11 §3.7: the caller's own earlier state is not consulted, so a source that reports a
   * discard twice (while the others are populated) gets it sent twice.
   */
  @Test
  public void qemu_notifyDiscard_repeatedReport_sentAgain() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    ProbedSource src = new ProbedSource("src", m.regionSize(), BLOCK);
    m.addSource(src);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    m.notifyDiscard(src, b(2), b(2));
    m.notifyDiscard(src, b(2), b(2));
    assertEquals(
        List.of(Event.discard("l", blocks(2, 4)), Event.discard("l", blocks(2, 4))), log.events());
  }

  /** QEMU's unit test 14: each listener sees only its section, clipped, address shifted alike. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void listenerSection_clippedWithAddressShift(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(32, mode);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(8), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    MemoryRegionSection section = new MemoryRegionSection(b(2), b(4), 0x4000_0000L);
    register(m, log, "l", section);
    a.convert(0, b(1), PageState.PRIVATE); // outside
    a.convert(b(3), b(1), PageState.PRIVATE);
    a.convert(b(5), b(2), PageState.PRIVATE); // straddles the end
    assertEquals(
        List.of(
            Event.populate("l", new MemoryRegionSection(b(2), b(4), 0x4000_0000L)),
            Event.discard("l", new MemoryRegionSection(b(3), b(1), 0x4000_0000L + b(1))),
            Event.discard("l", new MemoryRegionSection(b(5), b(1), 0x4000_0000L + b(3)))),
        log.events());
  }

  /** QEMU 11 §4: newest listener first, and all its runs before the next listener's. */
  @Test
  public void qemu_fanOut_newestListenerFirst_listenerMajor() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    RamBlockAttribute memfd = attached(m, BLOCK);
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), BLOCK);
    plug.setPopulated(0, b(2), true);
    plug.setPopulated(b(4), b(2), true);
    m.addSource(plug);
    NotificationLog log = new NotificationLog();
    register(m, log, "old", whole(m));
    register(m, log, "new", whole(m));
    memfd.convert(0, b(8), PageState.SHARED);
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.populate("old", blocks(0, 2)),
            Event.populate("old", blocks(4, 6))),
        log.events());
  }

  /** ATOMIC: one notification per changed run, newest listener first, as the facade does. */
  @Test
  public void atomic_fanOut_runMajor_newestListenerFirst() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute memfd = attached(m, BLOCK);
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), BLOCK);
    plug.setPopulated(0, b(2), true);
    plug.setPopulated(b(4), b(2), true);
    m.addSource(plug);
    NotificationLog log = new NotificationLog();
    register(m, log, "old", whole(m));
    register(m, log, "new", whole(m));
    memfd.convert(0, b(8), PageState.SHARED);
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("old", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.populate("old", blocks(4, 6))),
        log.events());
  }

  // ---------------------------------------------------------------- refusals

  /** Three listeners newest first: "new" accepts, "mid" refuses its second run, "old" is last. */
  private static List<RecordingListener> refusalScenario(
      MultiSourceDiscardManager m, NotificationLog log) {
    RecordingListener old = register(m, log, "old", whole(m));
    RecordingListener mid = register(m, log, "mid", whole(m));
    RecordingListener newest = register(m, log, "new", whole(m));
    mid.failOn(FailurePlan.onPopulateCall(2));
    return List.of(newest, mid, old);
  }

  /** A second source populated at blocks [0, 2) and [4, 6): populates split in two runs. */
  private static ProbedSource twoRunPlug(MultiSourceDiscardManager m) {
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), BLOCK);
    plug.setPopulated(0, b(2), true);
    plug.setPopulated(b(4), b(2), true);
    m.addSource(plug);
    return plug;
  }

  /**
   * QEMU 11 §3.6 and unit test 10: a refused populate is rolled back forward, from the newest
   * listener through the refusing one, each getting a discard for every run of the call (the
   * refusing one for runs it refused or never saw); older listeners get nothing.
   */
  @Test
  public void qemu_notifyPopulateRefused_forwardRollbackThroughRefusingListener() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    ProbedSource src = new ProbedSource("src", m.regionSize(), BLOCK);
    m.addSource(src);
    ProbedSource plug = twoRunPlug(m);
    plug.setPopulated(b(8), b(2), true); // a third run, which "mid" never sees
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    src.setPopulated(0, b(12), true);
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, () -> m.notifyPopulate(src, 0, b(12)));
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.populate("new", blocks(8, 10)),
            Event.populate("mid", blocks(0, 2)),
            Event.refused("mid", blocks(4, 6)),
            Event.discard("new", blocks(0, 2)),
            Event.discard("new", blocks(4, 6)),
            Event.discard("new", blocks(8, 10)),
            Event.discard("mid", blocks(0, 2)),
            Event.discard("mid", blocks(4, 6)),
            Event.discard("mid", blocks(8, 10))),
        log.events());
    assertEquals(blocks(4, 6), e.refusedSection());
    assertSame(l.get(1), e.listener());
    assertSame(l.get(1).lastFailure(), e.getCause());
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("mid") && message.contains(Long.toString(b(4))), message);
    assertEquals(List.of(plug, src), m.sources());
  }

  /** ATOMIC: a refused populate is undone in exact reverse order; nothing else is told. */
  @Test
  public void atomic_notifyPopulateRefused_undoneInReverseOrder() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    ProbedSource src = new ProbedSource("src", m.regionSize(), BLOCK);
    m.addSource(src);
    twoRunPlug(m);
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, () -> m.notifyPopulate(src, 0, b(8)));
    FacadeFixture.assertUndone("notifyPopulate", log.events(), l.get(1));
    assertEquals(blocks(4, 6), e.refusedSection());
    assertSame(l.get(1), e.listener());
    // Run-major: the first run reached every listener before the second was refused.
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("mid", blocks(0, 2)),
            Event.populate("old", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.refused("mid", blocks(4, 6))),
        log.events().subList(0, 5));
  }

  /**
   * QEMU 11 §3.6 step 6: a refused conversion of an attached attribute keeps its store written (as
   * QEMU's RamBlockAttributes keeps its bitmap) while the listeners are rolled back.
   */
  @Test
  public void qemu_attachedConversionRefused_storeKeptListenersRolledBack() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    RamBlockAttribute memfd = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m)).failOn(FailurePlan.always());
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class, () -> memfd.convert(b(2), b(4), PageState.SHARED));
    assertEquals(pageRuns(2, 6), FacadeFixture.runsOf(memfd.store()));
    assertEquals(
        List.of(Event.refused("l", blocks(2, 6)), Event.discard("l", blocks(2, 6))), log.events());
    assertEquals(blocks(2, 6), e.refusedSection());
  }

  /**
   * ATOMIC: a refused conversion of an attached attribute leaves its store and every listener's net
   * mapping as before, with several runs populated before the refusal.
   */
  @Test
  public void atomic_attachedConversionRefused_storeAndMappingsAsBefore() {
    MultiSourceDiscardManager m = manager(32, ATOMIC);
    RamBlockAttribute memfd = attached(m, BLOCK);
    memfd.convert(b(3), b(1), PageState.SHARED);
    memfd.convert(b(6), b(1), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    VfioModelListener old = new VfioModelListener("old", log, BLOCK);
    VfioModelListener mid = new VfioModelListener("mid", log, BLOCK);
    VfioModelListener newest = new VfioModelListener("new", log, BLOCK);
    m.registerListener(old, whole(m));
    m.registerListener(mid, blocks(0, 12));
    m.registerListener(newest, whole(m));
    NavigableMap<Long, Long> before = FacadeFixture.runsOf(memfd.store());
    mid.failOn(FailurePlan.onPopulateTouching(b(9)));
    int mark = log.size();
    assertThrows(
        ConversionRejectedException.class, () -> memfd.convert(0, b(12), PageState.SHARED));
    FacadeFixture.assertUndone("attached convert", log.since(mark), mid);
    assertEquals(before, FacadeFixture.runsOf(memfd.store()));
    NavigableMap<Long, Long> combined = CombinedState.combined(m.sources(), m.regionSize());
    for (VfioModelListener l : List.of(old, mid, newest)) {
      assertEquals(List.of(), l.violations());
    }
    assertEquals(CombinedState.expectedMapped(combined, whole(m)), newest.mappedRanges());
    assertEquals(CombinedState.expectedMapped(combined, blocks(0, 12)), mid.mappedRanges());
    assertEquals(CombinedState.expectedMapped(combined, whole(m)), old.mappedRanges());
  }

  // ---------------------------------------------------------------- add and remove

  /** QEMU's unit test 6: adding a source discards exactly what becomes discarded. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void addSource_listenersDiscardWhatBecomesDiscarded(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    RamBlockAttribute one = attached(m, BLOCK);
    one.convert(0, b(8), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    RamBlockAttribute two = detachedFor(m, BLOCK);
    two.convert(0, b(4), PageState.SHARED);
    log.clear();
    m.addSource(two);
    assertEquals(List.of(Event.discard("l", blocks(4, 8))), log.events());
    assertCombinedReplay(m);
  }

  /**
   * QEMU's unit tests 7 and 8: removing the last source populates what it discarded; adding it back
   * discards each of its discarded runs (no existing source).
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void removeAndReadd_lastSource_populatesThenDiscardsItsDiscardedRuns(
      ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(8), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    log.clear();
    m.removeSource(a);
    assertEquals(List.of(Event.populate("l", blocks(8, 64))), log.events());
    assertTrue(m.isPopulated(whole(m)));
    log.clear();
    m.addSource(a);
    assertEquals(List.of(Event.discard("l", blocks(8, 64))), log.events());
  }

  /** Removing one of two sources populates where only it was discarded. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void removeSource_listenersPopulateWhatBecomesPopulated(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    RamBlockAttribute one = attached(m, BLOCK);
    RamBlockAttribute two = attached(m, b(2));
    one.convert(0, b(8), PageState.SHARED);
    two.convert(0, b(4), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    assertEquals(List.of(Event.populate("l", blocks(0, 4))), log.events());
    log.clear();
    m.removeSource(two);
    assertEquals(List.of(Event.populate("l", blocks(4, 8))), log.events());
    assertEquals(List.of(one), m.sources());
    assertEquals(Optional.empty(), two.manager());
  }

  /**
   * QEMU 11 §3.10: a refused removal discards, from the newest listener through the refusing one,
   * the whole would-be-populated set; the source stays.
   */
  @Test
  public void qemu_removeSourceRefused_rollbackThroughRefusingListener_sourceStays() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    ProbedSource keep = twoRunPlug(m);
    RamBlockAttribute gone = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, () -> m.removeSource(gone));
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.populate("mid", blocks(0, 2)),
            Event.refused("mid", blocks(4, 6)),
            Event.discard("new", blocks(0, 2)),
            Event.discard("new", blocks(4, 6)),
            Event.discard("mid", blocks(0, 2)),
            Event.discard("mid", blocks(4, 6))),
        log.events());
    assertSame(l.get(1), e.listener());
    assertEquals(List.of(gone, keep), m.sources());
    assertEquals(Optional.of(m), gone.manager());
  }

  /** ATOMIC: a refused removal is undone in reverse order and the source stays. */
  @Test
  public void atomic_removeSourceRefused_undone_sourceStays() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    ProbedSource keep = twoRunPlug(m);
    RamBlockAttribute gone = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    assertThrows(ConversionRejectedException.class, () -> m.removeSource(gone));
    FacadeFixture.assertUndone("removeSource", log.events(), l.get(1));
    assertEquals(List.of(gone, keep), m.sources());
    assertEquals(Optional.of(m), gone.manager());
    assertThrows(IllegalStateException.class, () -> gone.registerListener(l.get(0), whole(m)));
  }

  // ---------------------------------------------------------------- discard-all

  /** QEMU 11 §3.8: each listener gets one discard of its whole section, whatever the state. */
  @Test
  public void qemu_notifyDiscardAll_oneWholeSectionDiscardPerListener() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), BLOCK);
    m.addSource(plug);
    RamBlockAttribute memfd = attached(m, BLOCK);
    memfd.convert(0, b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "old", blocks(0, 8));
    register(m, log, "new", blocks(4, 16));
    m.notifyDiscardAll(plug);
    assertEquals(
        List.of(Event.discard("new", blocks(4, 16)), Event.discard("old", blocks(0, 8))),
        log.events());
  }

  /**
   * ATOMIC: discard-all discards exactly the combined populated runs (the caller reports first).
   */
  @Test
  public void atomic_notifyDiscardAll_exactlyTheCombinedPopulatedRuns() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    ProbedSource plug = twoRunPlug(m);
    RamBlockAttribute memfd = attached(m, BLOCK);
    memfd.convert(b(1), b(4), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    log.clear();
    m.notifyDiscardAll(plug);
    plug.setPopulated(0, m.regionSize(), false);
    assertEquals(
        List.of(Event.discard("l", blocks(1, 2)), Event.discard("l", blocks(4, 5))), log.events());
  }

  // ---------------------------------------------------------------- register, unregister

  /**
   * QEMU 11 §3.4: a refused register replay is logged; the listener stays registered with what it
   * accepted, and gets later changes.
   */
  @Test
  public void qemu_registerReplayRefused_loggedAndListenerStays() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    a.convert(b(4), b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    RecordingListener l = new RecordingListener("l", log).failOn(FailurePlan.onPopulateCall(2));
    m.registerListener(l, whole(m));
    assertEquals(
        List.of(Event.populate("l", blocks(0, 2)), Event.refused("l", blocks(4, 6))), log.events());
    log.clear();
    a.convert(b(8), b(1), PageState.SHARED);
    assertEquals(List.of(Event.populate("l", blocks(8, 9))), log.events());
    assertThrows(IllegalArgumentException.class, () -> m.registerListener(l, whole(m)));
  }

  /** ATOMIC: a refused register replay is undone and thrown; the listener is not registered. */
  @Test
  public void atomic_registerReplayRefused_undoneAndThrows() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    a.convert(b(4), b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    RecordingListener l = new RecordingListener("l", log).failOn(FailurePlan.onPopulateCall(2));
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, () -> m.registerListener(l, whole(m)));
    FacadeFixture.assertUndone("register", log.events(), l);
    assertEquals(blocks(4, 6), e.refusedSection());
    assertThrows(IllegalArgumentException.class, () -> m.unregisterListener(l));
  }

  /**
   * QEMU 11 §3.5: unregister sends one discard of the whole section, even with nothing populated,
   * and whatever {@code doubleDiscardSupported()} says.
   */
  @Test
  public void qemu_unregister_oneWholeSectionDiscard_doubleDiscardFlagIgnored() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    RamBlockAttribute a = attached(m, BLOCK);
    attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    RecordingListener l = new RecordingListener("l", log).supportDoubleDiscard(false);
    m.registerListener(l, blocks(1, 9));
    m.unregisterListener(l);
    assertEquals(List.of(Event.discard("l", blocks(1, 9))), log.events());
  }

  /** ATOMIC: unregister honours {@code doubleDiscardSupported()} as the facade does. */
  @Test
  public void atomic_unregister_honoursDoubleDiscard() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    a.convert(b(4), b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    RecordingListener strict = new RecordingListener("strict", log).supportDoubleDiscard(false);
    RecordingListener lax = new RecordingListener("lax", log);
    m.registerListener(strict, blocks(1, 9));
    m.registerListener(lax, blocks(1, 9));
    log.clear();
    m.unregisterListener(strict);
    m.unregisterListener(lax);
    assertEquals(
        List.of(
            Event.discard("strict", blocks(1, 2)),
            Event.discard("strict", blocks(4, 6)),
            Event.discard("lax", blocks(1, 9))),
        log.events());
  }

  /** QEMU 11 §3.11: the re-send stops at the first refusal, with no rollback. */
  @Test
  public void qemu_replayPopulatedToListeners_stopsAtFirstRefusal_noRollback() {
    MultiSourceDiscardManager m = manager(16, QEMU);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    a.convert(b(4), b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    log.clear();
    l.get(1).failOn(FailurePlan.onPopulateCall(2));
    ConversionRejectedException e =
        assertThrows(ConversionRejectedException.class, m::replayPopulatedToListeners);
    assertEquals(
        List.of(
            Event.populate("new", blocks(0, 2)),
            Event.populate("new", blocks(4, 6)),
            Event.populate("mid", blocks(0, 2)),
            Event.refused("mid", blocks(4, 6))),
        log.events());
    assertSame(l.get(1), e.listener());
  }

  /** ATOMIC: a refused re-send is undone in reverse order. */
  @Test
  public void atomic_replayPopulatedToListeners_refusalUndone() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(2), PageState.SHARED);
    a.convert(b(4), b(2), PageState.SHARED);
    NotificationLog log = new NotificationLog();
    List<RecordingListener> l = refusalScenario(m, log);
    log.clear();
    l.get(1).failOn(FailurePlan.onPopulateCall(2));
    assertThrows(ConversionRejectedException.class, m::replayPopulatedToListeners);
    FacadeFixture.assertUndone("replayPopulatedToListeners", log.events(), l.get(1));
  }

  // ---------------------------------------------------------------- attached attributes

  /** Builder.manager(m) builds, adds and takes m's semantics; a conflicting one is refused. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void builderManager_attachesWithManagersSemantics(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(16, mode);
    RamBlockAttribute a = RamBlockAttribute.builder().store(newStore(16)).manager(m).build();
    assertEquals(Optional.of(m), a.manager());
    assertEquals(mode, a.semantics());
    assertEquals(m.regionSize(), a.regionSize());
    assertEquals(List.of(a), m.sources());
    assertMessage(
        () -> RamBlockAttribute.builder().regionSize(b(8)).store(newStore(8)).manager(m).build(),
        Long.toString(b(16)));
    ConversionSemantics other = mode == ATOMIC ? QEMU : ATOMIC;
    RamBlockAttribute.Builder conflicting =
        RamBlockAttribute.builder().store(newStore(16)).semantics(other).manager(m);
    assertMessage(conflicting::build, other.toString());
    assertEquals(List.of(a), m.sources());
  }

  /**
   * An attached attribute refuses its own listeners and answers queries for its own state; once
   * removed it is a standalone facade whose conversions no longer reach the manager.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void attached_ownQueriesAndListeners_thenDetached(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(16, mode);
    RamBlockAttribute memfd = attached(m, BLOCK);
    RamBlockAttribute plug = attached(m, b(2));
    memfd.convert(0, b(4), PageState.SHARED);
    assertTrue(memfd.isPopulated(blocks(0, 4)));
    assertEquals(PageState.SHARED, memfd.stateAt(0));
    assertFalse(m.isPopulated(blocks(0, 1)));
    NotificationLog log = new NotificationLog();
    RecordingListener own = new RecordingListener("own", log);
    assertThrows(IllegalStateException.class, () -> memfd.registerListener(own, blocks(0, 4)));
    register(m, log, "l", whole(m));
    m.removeSource(plug);
    log.clear();
    plug.convert(0, b(2), PageState.SHARED);
    assertEquals(List.of(), log.events());
    plug.registerListener(own, blocks(0, 4));
    assertEquals(List.of(Event.populate("own", blocks(0, 2))), log.events());
  }

  /** An attribute with listeners, another region size, or other semantics cannot be added. */
  @Test
  public void addSource_attributeThatDoesNotFit_rejectedNamingWhy() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute withListener = detachedFor(m, BLOCK);
    withListener.registerListener(new RecordingListener("x", new NotificationLog()), blocks(0, 1));
    assertMessage(() -> m.addSource(withListener), "listener");
    assertMessage(() -> m.addSource(attribute(b(8), BLOCK, ATOMIC)), Long.toString(b(8)));
    assertMessage(() -> m.addSource(attribute(b(16), BLOCK, QEMU)), "QEMU");
    RamBlockAttribute elsewhere = attached(manager(16, ATOMIC), BLOCK);
    assertMessage(() -> m.addSource(elsewhere), "another manager");
    assertTrue(m.sources().isEmpty());
  }

  /** A conversion of an attached attribute from inside a listener callback is refused. */
  @Test
  public void attached_convertFromListenerCallback_refused() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute a = attached(m, BLOCK);
    NotificationLog log = new NotificationLog();
    List<Throwable> seen = new ArrayList<>();
    RecordingListener l =
        new RecordingListener("l", log)
            .onCallback(
                (listener, kind, section) -> {
                  seen.add(
                      assertThrows(
                          IllegalStateException.class,
                          () -> a.convert(b(9), b(1), PageState.SHARED)));
                  seen.add(assertThrows(IllegalStateException.class, () -> m.notifyDiscardAll(a)));
                  assertTrue(m.isPopulated(blocks(0, 1))); // queries see the new state
                });
    m.registerListener(l, blocks(0, 4));
    a.convert(0, b(1), PageState.SHARED);
    assertEquals(2, seen.size());
    assertEquals(PageState.PRIVATE, a.stateAt(b(9)));
  }

  /** A call into the manager from inside a replay of an attached attribute is refused. */
  @Test
  public void managerCallFromInsideSourceReplay_refused() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RamBlockAttribute a = attached(m, BLOCK);
    a.convert(0, b(1), PageState.SHARED);
    List<Throwable> seen = new ArrayList<>();
    a.replayPopulated(
        blocks(0, 16),
        run -> seen.add(assertThrows(IllegalStateException.class, () -> m.isPopulated(run))));
    assertEquals(1, seen.size());
  }

  // ---------------------------------------------------------------- bad input

  /** A source added twice, or not added, is an IllegalArgumentException; nothing changes. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void sourceAddedTwiceOrNotAdded_rejected(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(16, mode);
    ProbedSource probed = new ProbedSource("probed", m.regionSize(), BLOCK);
    RamBlockAttribute a = attached(m, BLOCK);
    m.addSource(probed);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    log.clear();
    assertMessage(() -> m.addSource(probed), "probed");
    assertMessage(() -> m.addSource(a), "already");
    ProbedSource stranger = new ProbedSource("stranger", m.regionSize(), BLOCK);
    assertMessage(() -> m.removeSource(stranger), "stranger");
    assertMessage(() -> m.notifyPopulate(stranger, 0, BLOCK), "stranger");
    assertMessage(() -> m.notifyDiscard(stranger, 0, BLOCK), "stranger");
    assertMessage(() -> m.notifyDiscardAll(stranger), "stranger");
    assertEquals(List.of(probed, a), m.sources());
    assertEquals(List.of(), log.events());
  }

  /** Ranges outside the region or unaligned to the caller's granularity name the values. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void notify_badRange_rejectedNamingValues_nobodyNotified(ConversionSemantics mode) {
    MultiSourceDiscardManager m = manager(64, mode);
    ProbedSource plug = new ProbedSource("plug", m.regionSize(), b(4));
    m.addSource(plug);
    NotificationLog log = new NotificationLog();
    register(m, log, "l", whole(m));
    log.clear();
    long[][] bad = {
      {b(1), b(4)}, // offset unaligned to the caller's 16 KiB
      {0, b(2)}, // size unaligned
      {0, 0}, // empty
      {-b(4), b(4)}, // negative
      {b(60), b(8)}, // past the end
      {Long.MAX_VALUE - b(4) + 1, b(8)} // wraps
    };
    for (long[] range : bad) {
      assertMessage(() -> m.notifyPopulate(plug, range[0], range[1]), Long.toString(range[0]));
      assertMessage(() -> m.notifyDiscard(plug, range[0], range[1]), Long.toString(range[1]));
    }
    assertMessage(() -> m.notifyPopulate(plug, b(1), b(4)), Long.toString(b(4)));
    assertEquals(List.of(), log.events());
  }

  /** Null arguments are NullPointerExceptions; bad sections and sizes IllegalArgumentExceptions. */
  @Test
  @SuppressWarnings("NullAway") // passes null on purpose: it must be rejected
  public void nullsAndBadSections_rejected() {
    MultiSourceDiscardManager m = manager(16, ATOMIC);
    RecordingListener l = new RecordingListener("l", new NotificationLog());
    assertThrows(NullPointerException.class, () -> new MultiSourceDiscardManager(b(1), null));
    assertMessage(() -> new MultiSourceDiscardManager(0, ATOMIC), "0");
    assertThrows(NullPointerException.class, () -> m.addSource(null));
    assertThrows(NullPointerException.class, () -> m.removeSource(null));
    assertThrows(NullPointerException.class, () -> m.notifyPopulate(null, 0, BLOCK));
    assertThrows(NullPointerException.class, () -> m.notifyDiscard(null, 0, BLOCK));
    assertThrows(NullPointerException.class, () -> m.notifyDiscardAll(null));
    assertThrows(NullPointerException.class, () -> m.registerListener(null, blocks(0, 1)));
    assertThrows(NullPointerException.class, () -> m.registerListener(l, null));
    assertThrows(NullPointerException.class, () -> m.isPopulated(null));
    assertThrows(NullPointerException.class, () -> m.replayPopulated(blocks(0, 1), null));
    assertMessage(() -> m.registerListener(l, blocks(8, 17)), Long.toString(b(9)));
    assertMessage(() -> m.isPopulated(blocks(15, 17)), Long.toString(b(2)));
    assertMessage(() -> m.unregisterListener(l), "not registered");
    for (long granularity : new long[] {0, -BLOCK, 3 * BLOCK}) {
      RamDiscardSource odd =
          new RamDiscardSource() {
            @Override
            public long minGranularity() {
              return granularity;
            }

            @Override
            public boolean isPopulated(MemoryRegionSection section) {
              return true;
            }
          };
      assertMessage(() -> m.addSource(odd), Long.toString(granularity));
    }
    assertTrue(m.sources().isEmpty());
  }

  private static void assertMessage(Executable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        String.valueOf(e.getMessage()).contains(fragment),
        () -> e.getMessage() + " does not name " + fragment);
  }

  // ---------------------------------------------------------------- cost

  /**
   * ramattr's own sources are walked by runs: a replay over 2^18 blocks with a handful of runs asks
   * each store a handful of questions, while a source with only {@code isPopulated} is probed per
   * block, as QEMU does.
   */
  @Test
  public void replay_attributeSourcesWalkedByRuns_probedSourcePerBlock() {
    long blocks = 1L << 18;
    MultiSourceDiscardManager m = manager(blocks, ATOMIC);
    AtomicLong lookups = new AtomicLong();
    RamBlockAttribute one = countingAttached(m, lookups);
    RamBlockAttribute two = countingAttached(m, lookups);
    one.convert(0, b(blocks / 2), PageState.SHARED);
    two.convert(b(blocks / 4), b(blocks / 2), PageState.SHARED);
    lookups.set(0);
    assertEquals(List.of(blocks(blocks / 4, blocks / 2)), replayed(m, whole(m), true));
    assertTrue(lookups.get() <= 12, () -> lookups.get() + " store lookups for 2 runs");
    ProbedSource probed = new ProbedSource("probed", m.regionSize(), b(64));
    probed.setPopulated(0, m.regionSize(), true);
    m.addSource(probed);
    long before = probed.probes();
    assertEquals(List.of(blocks(blocks / 4, blocks / 2)), replayed(m, whole(m), true));
    assertTrue(probed.probes() - before >= blocks / 4 / 64, () -> "probes " + probed.probes());
  }

  private RamBlockAttribute countingAttached(MultiSourceDiscardManager m, AtomicLong lookups) {
    long pages = m.regionSize() / BLOCK;
    SharedStateStore counting = new CountingStore(newStore(pages), lookups);
    RamBlockAttribute a =
        RamBlockAttribute.builder().regionSize(m.regionSize()).store(counting).manager(m).build();
    return a;
  }

  /** Counts the next-change lookups of a store: what a run walk costs. */
  private static final class CountingStore extends ForwardingStore {
    private final AtomicLong lookups;

    CountingStore(SharedStateStore store, AtomicLong lookups) {
      super(store);
      this.lookups = lookups;
    }

    @Override
    public long nextShared(long fromPage) {
      lookups.incrementAndGet();
      return delegate.nextShared(fromPage);
    }

    @Override
    public long nextPrivate(long fromPage) {
      lookups.incrementAndGet();
      return delegate.nextPrivate(fromPage);
    }

    @Override
    public boolean isShared(long page) {
      lookups.incrementAndGet();
      return delegate.isShared(page);
    }

    @Override
    public void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
      lookups.incrementAndGet();
      delegate.forEachSharedRun(fromPage, toPage, visitor);
    }

    @Override
    public void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
      lookups.incrementAndGet();
      delegate.forEachPrivateRun(fromPage, toPage, visitor);
    }
  }
}
