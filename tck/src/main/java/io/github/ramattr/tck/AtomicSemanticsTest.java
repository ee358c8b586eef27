/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionRejectedException;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ConversionSemantics#ATOMIC ATOMIC} rules of docs/semantics.md: a mixed range notifies
 * once per maximal changed run, each run written before its fan-out; a refused populate is rolled
 * back completely (store first, then one discard per successful populate in reverse order, plus the
 * refused section for a listener that supports double discard), at every listener and every
 * notification position; discards never fail a call. A seeded random walk with three VFIO-model
 * listeners on overlapping sections checks that, after every call, each listener has mapped exactly
 * the shared memory inside its section.
 */
public abstract class AtomicSemanticsTest extends AbstractFacadeTest {

  /** For subclasses, which name the backend under test. */
  protected AtomicSemanticsTest() {}

  private FacadeFixture atomic(long blocks) {
    return fixture(blocks, ConversionSemantics.ATOMIC);
  }

  /**
   * A hook for a conversion that changes the maximal runs {@code runs} ({@code {from, to}} block
   * pairs, ascending): while a section is notified, the whole run it lies in is already written,
   * and the runs after it are not.
   */
  private static RecordingListener.CallbackHook runByRun(
      RamBlockAttribute a, PageState target, long[]... runs) {
    PageState other = target == PageState.SHARED ? PageState.PRIVATE : PageState.SHARED;
    Kind during = target == PageState.SHARED ? Kind.POPULATE : Kind.DISCARD;
    return (listener, kind, section) -> {
      if (kind != during) {
        return;
      }
      long first = section.offsetWithinRegion() / BLOCK;
      boolean after = false;
      for (long[] run : runs) {
        boolean current = run[0] <= first && first < run[1];
        for (long block = run[0]; block < run[1]; block++) {
          if (current) {
            assertEquals(target, a.stateAt(b(block)), listener + " told of " + section);
          } else if (after) {
            assertEquals(other, a.stateAt(b(block)), "block " + block + " written too early");
          }
        }
        after |= current;
      }
      assertTrue(after, section + " lies in none of the changed runs");
    };
  }

  // ---------------------------------------------------------------- notification shape

  @Test
  void convert_whollyOtherState_oneNotificationPerListenerNewestFirst() {
    FacadeFixture f = atomic(16);
    RamBlockAttribute a = f.attribute();
    f.register(f.recorder("a"), blocks(0, 16));
    f.register(f.recorder("b"), new MemoryRegionSection(b(5) + 7, b(2), 1L << 33));
    f.register(f.recorder("c"), blocks(14, 16));
    a.convert(b(4), b(8), PageState.SHARED);
    a.convert(b(4), b(8), PageState.SHARED); // already shared: nothing
    a.convert(b(4), b(8), PageState.PRIVATE);
    MemoryRegionSection bClipped = new MemoryRegionSection(b(5) + 7, b(2), 1L << 33);
    assertEquals(
        List.of(
            Event.populate("b", bClipped),
            Event.populate("a", blocks(4, 12)),
            Event.discard("b", bClipped),
            Event.discard("a", blocks(4, 12))),
        f.log().events());
  }

  @Test
  void convert_mixedToShared_oneNotificationPerMaximalChangedRunAscending() {
    FacadeFixture f = atomic(16);
    RamBlockAttribute a = f.attribute();
    a.convert(b(3), b(1), PageState.SHARED);
    a.convert(b(5), b(2), PageState.SHARED);
    a.convert(b(10), b(1), PageState.SHARED);
    RecordingListener la = f.register(f.recorder("a"), blocks(0, 16));
    RecordingListener lb = f.register(f.recorder("b"), blocks(4, 16));
    RecordingListener lc =
        f.register(f.recorder("c"), new MemoryRegionSection(b(8) + 100, b(2), 1L << 30));
    RecordingListener.CallbackHook hook =
        runByRun(
            a,
            PageState.SHARED,
            new long[] {1, 3},
            new long[] {4, 5},
            new long[] {7, 10},
            new long[] {11, 12});
    List.of(la, lb, lc).forEach(l -> l.onCallback(hook));
    f.log().clear();
    a.convert(b(1), b(11), PageState.SHARED); // changed runs [1,3) [4,5) [7,10) [11,12)
    assertEquals(
        List.of(
            Event.populate("a", blocks(1, 3)),
            Event.populate("b", blocks(4, 5)),
            Event.populate("a", blocks(4, 5)),
            Event.populate("c", new MemoryRegionSection(b(8) + 100, b(2) - 100, 1L << 30)),
            Event.populate("b", blocks(7, 10)),
            Event.populate("a", blocks(7, 10)),
            Event.populate("b", blocks(11, 12)),
            Event.populate("a", blocks(11, 12))),
        f.log().events());
    assertEquals(pageRuns(1, 12), f.storeRuns());
    f.assertNoViolations("mixed populate");
  }

  @Test
  void convert_mixedToPrivate_oneNotificationPerMaximalChangedRunAscending() {
    FacadeFixture f = atomic(16);
    RamBlockAttribute a = f.attribute();
    a.convert(b(2), b(3), PageState.SHARED);
    a.convert(b(6), b(2), PageState.SHARED);
    a.convert(b(9), b(1), PageState.SHARED);
    RecordingListener la = f.register(f.recorder("a"), blocks(0, 16));
    RecordingListener lb = f.register(f.recorder("b"), blocks(4, 7));
    RecordingListener.CallbackHook hook =
        runByRun(a, PageState.PRIVATE, new long[] {3, 5}, new long[] {6, 8}, new long[] {9, 10});
    List.of(la, lb).forEach(l -> l.onCallback(hook));
    f.log().clear();
    a.convert(b(3), b(7), PageState.PRIVATE); // changed runs [3,5) [6,8) [9,10)
    assertEquals(
        List.of(
            Event.discard("b", blocks(4, 5)),
            Event.discard("a", blocks(3, 5)),
            Event.discard("b", blocks(6, 7)),
            Event.discard("a", blocks(6, 8)),
            Event.discard("a", blocks(9, 10))),
        f.log().events());
    assertEquals(pageRuns(2, 3), f.storeRuns());
    f.assertNoViolations("mixed discard");
  }

  // ---------------------------------------------------------------- rollback

  /** Shared before the rollback scenario's conversion: [3,5) [8,9) [13,15) of 24 blocks. */
  private static final long[] ROLLBACK_SHARED = {3, 5, 8, 9, 13, 15};

  /** The scenario's conversion [1,18) changes these maximal runs. */
  private static final long[][] ROLLBACK_RUNS = {{1, 3}, {5, 8}, {9, 13}, {15, 18}};

  /** Oldest first: whole region; blocks 4.02..12.02 seen at 500 blocks; blocks 10..20 at 2000. */
  private static final MemoryRegionSection[] ROLLBACK_SECTIONS = {
    blocks(0, 24),
    new MemoryRegionSection(b(4) + 100, b(8), b(500)),
    new MemoryRegionSection(b(10), b(10), b(2000))
  };

  private FacadeFixture rollbackScenario(List<VfioModelListener> listeners, boolean[] dd) {
    FacadeFixture f = atomic(24);
    for (int i = 0; i < ROLLBACK_SHARED.length; i += 2) {
      f.attribute()
          .convert(
              b(ROLLBACK_SHARED[i]),
              b(ROLLBACK_SHARED[i + 1] - ROLLBACK_SHARED[i]),
              PageState.SHARED);
    }
    for (int i = 0; i < ROLLBACK_SECTIONS.length; i++) {
      listeners.add(f.register(f.vfio("L" + i).supportDoubleDiscard(dd[i]), ROLLBACK_SECTIONS[i]));
    }
    f.log().clear();
    return f;
  }

  /** The populates the scenario's conversion sends, in order, by the rules. */
  private static List<Event> rollbackSequence(FacadeFixture f) {
    List<Event> sequence = new ArrayList<>();
    for (long[] run : ROLLBACK_RUNS) {
      sequence.addAll(f.expectedFanOut(b(run[0]), b(run[1] - run[0]), Kind.POPULATE));
    }
    return sequence;
  }

  @Test
  void convert_noRefusal_rollbackScenarioSendsTheExpectedSequence() {
    List<VfioModelListener> listeners = new ArrayList<>();
    FacadeFixture f = rollbackScenario(listeners, new boolean[] {true, true, true});
    List<Event> sequence = rollbackSequence(f);
    assertEquals(8, sequence.size(), "runs x listeners whose sections meet them");
    f.attribute().convert(b(1), b(17), PageState.SHARED);
    assertEquals(sequence, f.log().events());
    assertEquals(pageRuns(1, 18), f.storeRuns());
    f.assertListenersFollowState("no refusal");
  }

  /**
   * For every notification position of a mixed conversion (so at every listener), with the failing
   * listener supporting double discard or not: the refusal is rolled back completely.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void convert_refusedAtEveryPosition_rolledBackCompletely(boolean failingSupportsDoubleDiscard) {
    int positions = rollbackSequence(rollbackScenario(new ArrayList<>(), new boolean[3])).size();
    for (int position = 0; position < positions; position++) {
      String context =
          "refusal at notification "
              + position
              + ", double discard "
              + failingSupportsDoubleDiscard;
      List<VfioModelListener> listeners = new ArrayList<>();
      boolean[] dd = {!failingSupportsDoubleDiscard, true, false};
      FacadeFixture f = rollbackScenario(listeners, dd);
      RamBlockAttribute a = f.attribute();
      List<Event> sequence = rollbackSequence(f);
      Event refused = sequence.get(position);
      VfioModelListener failing =
          listeners.stream().filter(l -> l.id().equals(refused.listener())).findFirst().get();
      failing.supportDoubleDiscard(failingSupportsDoubleDiscard);
      long callsBefore =
          sequence.subList(0, position).stream()
              .filter(e -> e.listener().equals(failing.id()))
              .count();
      failing.failOn(FailurePlan.onPopulateCall((int) callsBefore + 1));

      NavigableMap<Long, Long> storeBefore = f.storeRuns();
      List<Map<Long, Long>> mappedBefore = new ArrayList<>();
      listeners.forEach(l -> mappedBefore.add(l.mappedRanges()));
      RecordingListener.CallbackHook hook =
          (listener, kind, section) -> {
            if (kind == Kind.DISCARD) {
              assertEquals(storeBefore, f.storeRuns(), "the store is restored before discards");
            }
          };
      listeners.forEach(l -> l.onCallback(hook));

      ConversionRejectedException e =
          assertThrows(
              ConversionRejectedException.class,
              () -> a.convert(b(1), b(17), PageState.SHARED),
              context);
      FacadeFixture.rethrowCallbackErrors(listeners);
      assertSame(failing.lastFailure(), e.getCause(), context);
      List<Event> events = f.log().events();
      List<Event> expectedStart = new ArrayList<>(sequence.subList(0, position));
      expectedStart.add(Event.refused(refused.listener(), refused.section()));
      assertEquals(
          expectedStart, events.subList(0, Math.min(events.size(), position + 1)), context);
      FacadeFixture.assertUndone(context, events, failing);
      assertEquals(storeBefore, f.storeRuns(), context + ": store restored");
      for (int i = 0; i < listeners.size(); i++) {
        assertEquals(
            mappedBefore.get(i),
            listeners.get(i).mappedRanges(),
            context + ": net mapped set of " + listeners.get(i).id());
      }
      f.assertListenersFollowState(context);

      failing.failOn(FailurePlan.never());
      f.log().clear();
      a.convert(b(1), b(17), PageState.SHARED);
      assertEquals(sequence, f.log().events(), context + ": the same call succeeds afterwards");
      f.assertListenersFollowState(context + ", retried");
    }
  }

  @Test
  void convert_refusedWhileDiscardsThrow_stillRolledBackWithRefusalAsCause() {
    List<VfioModelListener> listeners = new ArrayList<>();
    FacadeFixture f = rollbackScenario(listeners, new boolean[] {true, true, true});
    NavigableMap<Long, Long> before = f.storeRuns();
    listeners.get(0).throwOnDiscard(true);
    listeners.get(1).throwOnDiscard(true);
    VfioModelListener failing = listeners.get(2).failOn(FailurePlan.onPopulateTouching(b(16)));
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class,
            () -> f.attribute().convert(b(1), b(17), PageState.SHARED));
    assertSame(failing.lastFailure(), e.getCause());
    // The message names the refused call as the caller made it, and the refused section and its
    // listener, which the exception also returns.
    String call = "convert(offset " + b(1) + ", size " + b(17) + ", SHARED)";
    String message = e.getMessage();
    assertTrue(message != null && message.contains(call), () -> message + " does not name " + call);
    assertSame(failing, e.listener());
    MemoryRegionSection refused = e.refusedSection();
    assertTrue(
        refused.offsetWithinRegion() <= b(16)
            && b(16) < refused.offsetWithinRegion() + refused.size(),
        () -> refused + " does not hold the refused offset " + b(16));
    String where = "at offset " + refused.offsetWithinRegion() + " ";
    assertTrue(
        message != null && message.contains(where) && message.contains(failing.id()),
        () -> message + " does not name " + where + " and " + failing.id());
    FacadeFixture.assertUndone("throwing discards", f.log().events(), failing);
    assertEquals(before, f.storeRuns());
    f.assertListenersFollowState("throwing discards");
  }

  /**
   * An {@link Error} from {@code onPopulate} (an assertion in a listener, say) is rolled back like
   * any refusal, then propagates itself, unwrapped.
   */
  @Test
  public void convert_listenerThrowsError_rolledBackAndErrorPropagatesUnwrapped() {
    RamBlockAttribute a = attribute(b(8), BLOCK, ConversionSemantics.ATOMIC);
    a.convert(b(2), b(1), PageState.SHARED);
    AssertionError boom = new AssertionError("boom");
    List<String> events = new ArrayList<>();
    RamDiscardListener listener =
        new RamDiscardListener() {
          private int populates;

          @Override
          public void onPopulate(MemoryRegionSection section) {
            events.add("populate " + section);
            if (++populates == 3) { // 1: the register replay, 2: [0,2), 3: [3,6)
              throw boom;
            }
          }

          @Override
          public void onDiscard(MemoryRegionSection section) {
            events.add("discard " + section);
          }
        };
    a.registerListener(listener, blocks(0, 8));
    events.clear();
    AssertionError thrown =
        assertThrows(AssertionError.class, () -> a.convert(0, b(6), PageState.SHARED));
    assertSame(boom, thrown);
    assertEquals(
        List.of(
            "populate " + blocks(0, 2),
            "populate " + blocks(3, 6),
            "discard " + blocks(3, 6),
            "discard " + blocks(0, 2)),
        events);
    assertEquals(1, a.store().sharedCount());
    assertTrue(a.store().isShared(2));
  }

  @Test
  void convert_toPrivateWithThrowingDiscards_neverFails() {
    FacadeFixture f = atomic(16);
    RamBlockAttribute a = f.attribute();
    a.convert(b(0), b(16), PageState.SHARED);
    a.convert(b(5), b(1), PageState.PRIVATE);
    f.register(f.vfio("a"), blocks(0, 16));
    f.register(f.vfio("b").throwOnDiscard(true), blocks(0, 16));
    f.register(f.vfio("c"), blocks(0, 16));
    f.log().clear();
    a.convert(b(2), b(8), PageState.PRIVATE); // runs [2,5) [6,10)
    List<Event> expected = new ArrayList<>();
    for (MemoryRegionSection s : List.of(blocks(2, 5), blocks(6, 10))) {
      for (String id : List.of("c", "b", "a")) {
        expected.add(Event.discard(id, s));
      }
    }
    assertEquals(expected, f.log().events());
    assertEquals(pageRuns(0, 2, 10, 16), f.storeRuns());
    f.assertListenersFollowState("throwing discards");
  }

  // ---------------------------------------------------------------- random walk

  /** Converts blocks {@code [from, to)}; an unexpected exception is reported with context. */
  private static void convert(
      RamBlockAttribute a, long from, long to, boolean shared, String context) {
    try {
      a.convert(b(from), b(to - from), shared ? PageState.SHARED : PageState.PRIVATE);
    } catch (ConversionRejectedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AssertionError(context + ": unexpected " + e, e);
    }
  }

  /** A random byte offset inside {@code section}. */
  private static long touching(SplittableRandom random, MemoryRegionSection section) {
    return section.offsetWithinRegion() + random.nextLong(section.size());
  }

  /**
   * A seeded random sequence of conversions, registrations, unregistrations and injected refusals
   * with three VFIO-model listeners on overlapping sections. After every call, successful or
   * rejected: the store equals a shadow {@link ReferenceModel} updated only by successful calls,
   * and every registered listener has mapped exactly the shared memory inside its section (an
   * unregistered one nothing).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 0x5eed_cafeL})
  void randomWalk_listenersAlwaysMapExactlyTheSharedMemory(long seed) {
    final int ops = 1500;
    final long blockCount = 64;
    SplittableRandom random = new SplittableRandom(seed);
    FacadeFixture f = atomic(blockCount);
    RamBlockAttribute a = f.attribute();
    ReferenceModel shadow = new ReferenceModel(blockCount);
    List<VfioModelListener> listeners = new ArrayList<>();
    List<MemoryRegionSection> sections = new ArrayList<>();
    long middle = b(blockCount / 2);
    for (int i = 0; i < 3; i++) {
      // Every section holds the middle byte, so all three overlap; their edges cut blocks.
      long start = random.nextLong(middle);
      long size = middle - start + 1 + random.nextLong(b(blockCount) - middle);
      sections.add(new MemoryRegionSection(start, size, random.nextLong(b(1L << 20))));
      listeners.add(
          f.register(f.vfio("L" + i).supportDoubleDiscard(random.nextBoolean()), sections.get(i)));
    }
    int rejected = 0;
    int converted = 0;
    for (int op = 0; op < ops; op++) {
      String context = "seed " + seed + ", op " + op;
      VfioModelListener some = listeners.get(random.nextInt(listeners.size()));
      int dice = random.nextInt(100);
      if (dice < 25) {
        FailurePlan plan =
            random.nextBoolean()
                ? FailurePlan.onPopulateTouching(
                    touching(random, sections.get(listeners.indexOf(some))))
                : FailurePlan.onPopulateCall(1 + random.nextInt(3));
        if (random.nextInt(4) == 0) {
          plan = FailurePlan.never();
        }
        some.failOn(plan);
        context += ": " + some.id() + " " + plan;
      } else if (dice < 32) {
        if (f.isRegistered(some)) {
          context += ": unregister " + some.id();
          f.unregister(some);
          assertEquals(Map.of(), some.mappedRanges(), context);
        } else {
          context += ": register " + some.id();
          MemoryRegionSection section = sections.get(listeners.indexOf(some));
          try {
            f.register(some, section);
          } catch (ConversionRejectedException e) {
            assertSame(some.lastFailure(), e.getCause(), context);
            assertEquals(Map.of(), some.mappedRanges(), context + ": refused register undone");
          }
        }
      } else {
        long from = random.nextLong(blockCount);
        long to = from + 1 + random.nextLong(Math.min(16, blockCount - from));
        boolean shared = random.nextBoolean();
        context += ": convert [" + from + ", " + to + ") to " + (shared ? "shared" : "private");
        try {
          convert(a, from, to, shared, context);
          if (shared) {
            shadow.setShared(from, to);
          } else {
            shadow.setPrivate(from, to);
          }
          converted++;
        } catch (ConversionRejectedException e) {
          rejected++;
          assertTrue(shared, context + ": a discard cannot be refused");
          assertTrue(
              listeners.stream().anyMatch(l -> l.lastFailure() == e.getCause()),
              context + ": the cause must be the refusing listener's exception, was " + e);
        }
      }
      assertEquals(shadow.runs(), f.storeRuns(), context);
      f.assertListenersFollowState(context);
      for (VfioModelListener l : listeners) {
        if (!f.isRegistered(l)) {
          assertEquals(Map.of(), l.mappedRanges(), context + ": unregistered " + l.id());
          FacadeFixture.assertNoViolations(context, l);
        }
      }
    }
    // Guards against a walk that no longer exercises what it claims to.
    assertTrue(rejected >= 20, "seed " + seed + ": only " + rejected + " rejected conversions");
    assertTrue(converted >= 500, "seed " + seed + ": only " + converted + " conversions");
  }
}
