/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionRejectedException;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.FailingStore.Write;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failure injection beyond the contract suites: over a seeded {@code churn} workload
 * (docs/workloads.md) of {@value #CONVERSIONS} conversions in {@link ConversionSemantics#ATOMIC
 * ATOMIC} mode, with three {@link VfioModelListener}s on overlapping sections, one listener refuses
 * its n-th populate, for {@value #FAILURE_POINTS} values of n spread evenly over the workload's
 * populates (the failing listener rotates over the three). A backend's test subclasses it with one
 * line, like every facade suite ({@link AbstractFacadeTest}).
 *
 * <p>The workload, on a 1 GiB region of 4 KiB blocks: the SWIOTLB buffer (64 MiB) made shared in 2
 * MiB pieces, then a seeded stream of 4 KiB-64 KiB buffers converted to shared and back (about
 * {@value #LIVE_BUFFERS} live) and 1 MiB-64 MiB pools that come and go (at most {@value
 * #LIVE_POOLS} live); buffers may land on shared memory, so many conversions are mixed ranges.
 *
 * <p>Each failure starts from a fresh attribute with the three listeners registered, and replays
 * the workload up to the refusal, so the failing listener's n-th populate is the n-th it has seen
 * and every listener has mapped and unmapped everything before it. Which conversion holds that
 * populate is derived from the specification (ATOMIC mode notifies each maximal changed run once to
 * every listener whose section meets it), then checked against the events.
 *
 * <p>After each refusal: {@link ConversionRejectedException} whose cause is the refusing listener's
 * exception; the store equals a {@link ReferenceModel} of the conversions before it; the call's
 * events are exactly the accepted populates, the refusal and their undo ({@link
 * FacadeFixture#assertUndone}); every listener's net mapped set equals the shared memory inside its
 * section, with no protocol violation; and the next conversions of the workload still behave.
 *
 * <p>The store-failure tests wrap the backend's store in a {@link FailingStore} whose n-th write
 * writes half its range and throws (an {@link InjectedFailure} or an {@link OutOfMemoryError}), for
 * every n along a conversion over a 64-block region of runs of several lengths: to shared and to
 * private, in both semantics, with one or three VFIO-model listeners, the attribute alone or
 * attached to a {@link MultiSourceDiscardManager} with a second, wholly shared source; in {@code
 * ATOMIC} mode also a conversion that a listener refuses, so that n reaches the writes of the
 * rollback. After each: the exception is the store's (or, when a rollback write failed, the
 * rejection with the store's failure suppressed); the store is as the contract of {@link
 * RamBlockAttribute#convert} says; every listener maps exactly the shared memory of its section
 * (the old state's, where a rollback write failed), with no protocol violation; and the attribute
 * still converts, its listeners following. A counting {@link FailingStore} also shows that a
 * rollback writes each changed run back exactly once, that a refused register replay stops at the
 * refusal (it asks the store for a handful of runs, not all), and that a discard fan-out tells
 * every listener even when each throws an {@link Error}.
 */
public abstract class FailureInjectionTest extends AbstractFacadeTest {
  /** Conversions in the workload. */
  static final int CONVERSIONS = 10_000;

  /** Values of n, the refused populate. */
  static final int FAILURE_POINTS = 200;

  /** Conversions of the workload run after a refusal, to show the attribute still behaves. */
  static final int AFTER = 8;

  static final int LIVE_BUFFERS = 300;
  static final int LIVE_POOLS = 4;

  private static final long SEED = 0x636875726eL; // "churn"
  private static final long MIB = 1 << 20;
  private static final long REGION = 1L << 30;
  private static final long BLOCKS = REGION / BLOCK;

  /** One conversion of the workload: blocks {@code [from, to)} to shared or private. */
  record Conversion(long from, long to, boolean shared) {
    @Override
    public String toString() {
      return "convert blocks [" + from + ", " + to + ") to " + (shared ? "shared" : "private");
    }
  }

  /** Three overlapping sections whose edges cut blocks, seen at other address-space offsets. */
  private static final MemoryRegionSection[] SECTIONS = {
    new MemoryRegionSection(0, REGION / 4 * 3 + 100, 1L << 40),
    new MemoryRegionSection(REGION / 4 - 100, REGION / 4 * 3 + 100, 0),
    new MemoryRegionSection(REGION / 8 + 2048, REGION / 4 * 3, 7L << 30),
  };

  /** Double-discard support of the three listeners: a VFIO model without it is stricter. */
  private static final boolean[] DOUBLE_DISCARD = {true, false, true};

  /** For subclasses, which name the backend under test. */
  protected FailureInjectionTest() {}

  /**
   * The churn workload: SWIOTLB, then buffers and pools to shared and back.
   *
   * @return {@value #CONVERSIONS} conversions
   */
  static List<Conversion> churn(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Conversion> workload = new ArrayList<>(CONVERSIONS);
    long swiotlbBlocks = 64 * MIB / BLOCK;
    long twoMiB = 2 * MIB / BLOCK;
    long swiotlb = random.nextLong((BLOCKS - swiotlbBlocks) / twoMiB) * twoMiB;
    for (long piece = swiotlb; piece < swiotlb + swiotlbBlocks; piece += twoMiB) {
      workload.add(new Conversion(piece, piece + twoMiB, true));
    }
    List<Conversion> buffers = new ArrayList<>();
    List<Conversion> pools = new ArrayList<>();
    while (workload.size() < CONVERSIONS) {
      int dice = random.nextInt(1000);
      if (dice < 8 && pools.size() < LIVE_POOLS) {
        long size = (MIB / BLOCK) << random.nextInt(7); // 1 MiB .. 64 MiB
        long from = random.nextLong(BLOCKS / size) * size;
        Conversion pool = new Conversion(from, from + size, true);
        pools.add(pool);
        workload.add(pool);
      } else if (dice < 16 && !pools.isEmpty()) {
        Conversion pool = pools.remove(random.nextInt(pools.size()));
        workload.add(new Conversion(pool.from(), pool.to(), false));
      } else if ((buffers.size() < LIVE_BUFFERS
              && random.nextInt(LIVE_BUFFERS) >= buffers.size() / 2)
          || buffers.isEmpty()) {
        long size = 1L + random.nextInt(16); // 4 KiB .. 64 KiB
        long from = random.nextLong(BLOCKS - size + 1);
        Conversion buffer = new Conversion(from, from + size, true);
        buffers.add(buffer);
        workload.add(buffer);
      } else {
        Conversion buffer = buffers.remove(random.nextInt(buffers.size()));
        workload.add(new Conversion(buffer.from(), buffer.to(), false));
      }
    }
    return workload;
  }

  /**
   * What the specification says conversion {@code c} sends listener {@code i} in ATOMIC mode, given
   * the state before it: one populate per maximal run of {@code c} not yet shared that meets the
   * listener's section. A conversion to private sends no populate.
   */
  private static long populatesFor(
      ReferenceModel before, Conversion c, MemoryRegionSection section) {
    if (!c.shared()) {
      return 0;
    }
    long[] count = {0};
    before.forEachPrivateRun(
        c.from(),
        c.to(),
        (from, to) -> {
          if (FacadeFixture.clip(section, from * BLOCK, (to - from) * BLOCK).isPresent()) {
            count[0]++;
          }
        });
    return count[0];
  }

  /** A failure point: listener {@code failing} refuses its {@code n}-th populate. */
  private record FailurePoint(int failing, long n, int conversion, long nthInConversion) {}

  /**
   * The failure points, spread evenly over each listener's populates, the failing listener
   * rotating; with the conversion that holds each and its number among that conversion's populates
   * to the failing listener.
   */
  private static List<FailurePoint> failurePoints(List<Conversion> workload) {
    long[][] before = new long[SECTIONS.length][workload.size() + 1]; // populates before conversion
    ReferenceModel model = new ReferenceModel(BLOCKS);
    for (int k = 0; k < workload.size(); k++) {
      Conversion c = workload.get(k);
      for (int i = 0; i < SECTIONS.length; i++) {
        before[i][k + 1] = before[i][k] + populatesFor(model, c, SECTIONS[i]);
      }
      apply(model, c);
    }
    List<FailurePoint> points = new ArrayList<>();
    for (int j = 0; j < FAILURE_POINTS; j++) {
      int failing = j % SECTIONS.length;
      long total = before[failing][workload.size()];
      long n = 1 + (long) ((double) j / FAILURE_POINTS * total);
      int k = 0;
      while (before[failing][k + 1] < n) {
        k++;
      }
      points.add(new FailurePoint(failing, n, k, n - before[failing][k]));
    }
    return points;
  }

  private static void apply(ReferenceModel model, Conversion c) {
    if (c.shared()) {
      model.setShared(c.from(), c.to());
    } else {
      model.setPrivate(c.from(), c.to());
    }
  }

  private static void convert(RamBlockAttribute attribute, Conversion c) {
    attribute.convert(
        c.from() * BLOCK,
        (c.to() - c.from()) * BLOCK,
        c.shared() ? PageState.SHARED : PageState.PRIVATE);
  }

  // ---------------------------------------------------------------- tests

  /**
   * {@value #FAILURE_POINTS} refusals spread over the workload, each from a fresh attribute with
   * the listeners registered from the start.
   */
  @Test
  public void churn_refusedPopulateAtEveryPoint_leavesNothingBehind() {
    List<Conversion> workload = churn(SEED);
    List<FailurePoint> points = failurePoints(workload);
    assertWorkloadIsChurn(workload, points);
    for (FailurePoint point : points) {
      runFailure(workload, point);
    }
  }

  /** Guards against a workload that no longer exercises what the class comment claims. */
  private static void assertWorkloadIsChurn(List<Conversion> workload, List<FailurePoint> points) {
    assertEquals(CONVERSIONS, workload.size());
    long pools =
        workload.stream().filter(c -> c.to() - c.from() >= MIB / BLOCK && c.shared()).count();
    long buffers = workload.stream().filter(c -> c.to() - c.from() <= 16).count();
    assertTrue(pools >= 40, "only " + pools + " pool conversions");
    assertTrue(buffers >= 9000, "only " + buffers + " buffer conversions");
    long distinctConversions =
        points.stream().mapToInt(FailurePoint::conversion).distinct().count();
    assertTrue(distinctConversions >= 150, "failure points hit only " + distinctConversions);
    assertTrue(
        points.get(points.size() - 1).conversion() > CONVERSIONS * 9 / 10,
        "failure points do not reach the end of the workload");
    long midConversion = points.stream().filter(p -> p.nthInConversion() > 1).count();
    assertTrue(midConversion >= 1, "no failure point inside a multi-run conversion");
  }

  private void runFailure(List<Conversion> workload, FailurePoint point) {
    String context =
        "seed "
            + SEED
            + ", L"
            + point.failing()
            + " refuses its populate #"
            + point.n()
            + " (#"
            + point.nthInConversion()
            + " of conversion #"
            + point.conversion()
            + ": "
            + workload.get(point.conversion())
            + ")";
    FacadeFixture f = fixture(BLOCKS, ConversionSemantics.ATOMIC);
    RamBlockAttribute a = f.attribute();
    ReferenceModel model = new ReferenceModel(BLOCKS);
    List<VfioModelListener> listeners = new ArrayList<>();
    register(f, listeners);
    listeners.get(point.failing()).failOn(FailurePlan.onPopulateCall((int) point.n()));
    for (int k = 0; k < point.conversion(); k++) {
      convert(a, workload.get(k));
      apply(model, workload.get(k));
    }
    VfioModelListener failing = listeners.get(point.failing());
    f.assertListenersFollowState(context + ", before the failing conversion");
    int mark = f.log().size();
    ConversionRejectedException e =
        assertThrows(
            ConversionRejectedException.class,
            () -> convert(a, workload.get(point.conversion())),
            context);
    assertSame(failing.lastFailure(), e.getCause(), context + ": cause");
    List<Event> events = f.log().since(mark);
    FacadeFixture.assertUndone(context, events, failing);
    long failingPopulates =
        events.stream()
            .filter(event -> event.kind() == Kind.POPULATE && event.listener().equals(failing.id()))
            .count();
    assertEquals(
        point.nthInConversion(), failingPopulates, context + ": refused at the wrong populate");
    StoreInvariants.assertSameState(model, a.store(), context + ": state after the refusal");
    f.assertListenersFollowState(context + ", after the refusal");

    failing.failOn(FailurePlan.never());
    for (int k = point.conversion();
        k < Math.min(workload.size(), point.conversion() + AFTER);
        k++) {
      convert(a, workload.get(k));
      apply(model, workload.get(k));
    }
    StoreInvariants.assertSameState(
        model, a.store(), context + ": state after the next conversions");
    f.assertListenersFollowState(context + ", after the next conversions");
  }

  private static void register(FacadeFixture f, List<VfioModelListener> listeners) {
    for (int i = 0; i < SECTIONS.length; i++) {
      listeners.add(
          f.register(f.vfio("L" + i).supportDoubleDiscard(DOUBLE_DISCARD[i]), SECTIONS[i]));
    }
  }

  // ---------------------------------------------------------------- store failures

  private static final long STORE_BLOCKS = 64;

  /** The shared runs the store-failure tests start from, as block pairs: several lengths. */
  private static final long[] INITIAL_RUNS = {2, 6, 10, 11, 20, 30, 40, 41, 50, 60};

  /** The three listeners' sections: the whole region, and two that cut blocks and overlap. */
  private static final MemoryRegionSection[] STORE_SECTIONS = {
    new MemoryRegionSection(0, STORE_BLOCKS * BLOCK, 1L << 40),
    new MemoryRegionSection(4 * BLOCK + 1024, 40 * BLOCK, 0),
    new MemoryRegionSection(24 * BLOCK, 40 * BLOCK, 7L << 30),
  };

  /** The listener that refuses, in a refused case: the middle one of three, or the only one. */
  private static final int REFUSING = 1;

  /** The populate call the refusing listener refuses: its third, a run in the middle. */
  private static final int REFUSED_CALL = 3;

  /** An attribute over a {@link FailingStore}, its listeners, and their sections. */
  private record StoreSetup(
      FailingStore store,
      RamBlockAttribute attribute,
      FacadeFixture fixture,
      List<VfioModelListener> listeners,
      List<MemoryRegionSection> sections) {

    /** Checks every listener maps exactly {@code expected.get(i)} and saw no violation. */
    void assertMapped(List<NavigableMap<Long, Long>> expected, String context) {
      for (int i = 0; i < listeners.size(); i++) {
        FacadeFixture.assertNoViolations(context, listeners.get(i));
        assertEquals(
            expected.get(i),
            listeners.get(i).mappedRanges(),
            context + ": mapped set of " + listeners.get(i).id());
      }
    }

    /** What the listeners must map for the store's current state. */
    List<NavigableMap<Long, Long>> mappedForStore() {
      List<NavigableMap<Long, Long>> mapped = new ArrayList<>();
      sections.forEach(section -> mapped.add(fixture.expectedMapped(section)));
      return mapped;
    }
  }

  /**
   * A 64-block attribute in {@code mode} over a {@link FailingStore} of the backend, holding {@link
   * #INITIAL_RUNS}, with {@code listenerCount} VFIO models registered (all supporting double
   * discard, as VFIO does), directly or through a manager that also has a wholly shared source.
   */
  private StoreSetup storeSetup(ConversionSemantics mode, int listenerCount, boolean attached) {
    FailingStore store = new FailingStore(newStore(STORE_BLOCKS));
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder()
            .regionSize(b(STORE_BLOCKS))
            .blockSize(BLOCK)
            .semantics(mode)
            .store(store);
    MultiSourceDiscardManager manager = null;
    if (attached) {
      manager = new MultiSourceDiscardManager(b(STORE_BLOCKS), mode);
      RamBlockAttribute plugged =
          RamBlockAttribute.builder()
              .blockSize(BLOCK)
              .store(newStore(STORE_BLOCKS))
              .manager(manager)
              .build();
      plugged.convert(0, b(STORE_BLOCKS), PageState.SHARED);
      builder.manager(manager);
    }
    RamBlockAttribute attribute = builder.build();
    for (int i = 0; i < INITIAL_RUNS.length; i += 2) {
      attribute.convert(
          b(INITIAL_RUNS[i]), b(INITIAL_RUNS[i + 1] - INITIAL_RUNS[i]), PageState.SHARED);
    }
    FacadeFixture fixture = new FacadeFixture(attribute);
    List<VfioModelListener> listeners = new ArrayList<>();
    List<MemoryRegionSection> sections =
        Arrays.asList(STORE_SECTIONS).subList(0, listenerCount == 1 ? 1 : STORE_SECTIONS.length);
    for (MemoryRegionSection section : sections) {
      VfioModelListener listener =
          new VfioModelListener("L" + listeners.size(), fixture.log(), BLOCK);
      if (manager != null) {
        manager.registerListener(listener, section);
      } else {
        fixture.register(listener, section);
      }
      listeners.add(listener);
    }
    return new StoreSetup(store, attribute, fixture, listeners, sections);
  }

  /**
   * For every n, the n-th store write of a conversion of the whole region throws; see the class
   * description for what is checked.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void storeWriteFailure_atEveryWriteOfAConversion_listenersFollowTheStore(
      ConversionSemantics mode) {
    int cases = 0;
    for (boolean attached : new boolean[] {false, true}) {
      for (int listenerCount : new int[] {1, 3}) {
        for (boolean toShared : new boolean[] {true, false}) {
          // QEMU mode leaves a refused conversion half-mapped by design: refusals only in ATOMIC.
          for (boolean refused :
              mode == ConversionSemantics.ATOMIC && toShared
                  ? new boolean[] {false, true}
                  : new boolean[] {false}) {
            cases += storeFailureCase(mode, attached, listenerCount, toShared, refused);
          }
        }
      }
    }
    assertTrue(
        cases >= (mode == ConversionSemantics.ATOMIC ? 70 : 250), "only " + cases + " cases");
  }

  /**
   * Runs the conversion once without failure to learn its writes, then once per write with that
   * write failing.
   *
   * @return the number of failures injected
   */
  private int storeFailureCase(
      ConversionSemantics mode,
      boolean attached,
      int listenerCount,
      boolean toShared,
      boolean refused) {
    String name =
        provider().name()
            + ", "
            + mode
            + (attached ? ", attached to a manager" : ", standalone")
            + ", "
            + listenerCount
            + " listener(s), to "
            + (toShared ? "shared" : "private")
            + (refused ? ", refused" : "");
    StoreSetup probe = storeSetup(mode, listenerCount, attached);
    int writesBefore = probe.store().writes().size();
    convertOrRefuse(probe, toShared, refused, name + ", without failure");
    List<Write> writes =
        probe.store().writes().subList(writesBefore, probe.store().writes().size());
    long forward = writes.stream().filter(w -> w.shared() == toShared).count();
    assertTrue(forward >= 3, name + ": only " + forward + " writes");
    for (int n = 1; n <= writes.size(); n++) {
      injectStoreFailure(
          mode, attached, listenerCount, toShared, refused, writes, forward, n, name);
    }
    return writes.size();
  }

  private static void convertOrRefuse(
      StoreSetup s, boolean toShared, boolean refused, String context) {
    if (refused) {
      s.listeners()
          .get(s.listeners().size() == 1 ? 0 : REFUSING)
          .failOn(FailurePlan.onPopulateCall(REFUSED_CALL));
      assertThrows(ConversionRejectedException.class, () -> convertWhole(s, toShared), context);
    } else {
      convertWhole(s, toShared);
    }
  }

  private static void convertWhole(StoreSetup s, boolean toShared) {
    s.attribute().convert(0, b(STORE_BLOCKS), toShared ? PageState.SHARED : PageState.PRIVATE);
  }

  private void injectStoreFailure(
      ConversionSemantics mode,
      boolean attached,
      int listenerCount,
      boolean toShared,
      boolean refused,
      List<Write> writes,
      long forward,
      int n,
      String name) {
    Write failing = writes.get(n - 1);
    boolean error = n % 2 == 0;
    String context =
        name
            + ": store write #"
            + n
            + " "
            + failing
            + " throws "
            + (error ? "OutOfMemoryError" : "InjectedFailure");
    StoreSetup s = storeSetup(mode, listenerCount, attached);
    ReferenceModel before = copyOf(s.attribute());
    List<NavigableMap<Long, Long>> mappedBefore = s.mappedForStore();
    VfioModelListener refusing = s.listeners().get(listenerCount == 1 ? 0 : REFUSING);
    if (refused) {
      refusing.failOn(FailurePlan.onPopulateCall(REFUSED_CALL));
    }
    s.store().failOnWrite(n, error);
    Throwable thrown = assertThrows(Throwable.class, () -> convertWhole(s, toShared), context);
    Throwable injected = s.store().lastFailure();
    assertNotNull(injected, context + ": the write did not fail");
    boolean inRollback = n > forward;
    if (inRollback) {
      assertInstanceOf(ConversionRejectedException.class, thrown, context);
      assertSame(refusing.lastFailure(), thrown.getCause(), context + ": cause");
      assertTrue(
          Arrays.asList(thrown.getSuppressed()).contains(injected),
          context + ": the store failure is not suppressed by the rejection");
      // The failed run's state is unknown; everywhere else the store is as before, and every
      // listener maps what it mapped before.
      ReferenceModel actual = copyOf(s.attribute());
      before.setPrivate(failing.from(), failing.to());
      actual.setPrivate(failing.from(), failing.to());
      assertEquals(before.runs(), actual.runs(), context + ": store outside the failed run");
      s.assertMapped(mappedBefore, context);
    } else {
      assertSame(injected, thrown, context + ": not the store's failure");
      if (mode == ConversionSemantics.QEMU || !toShared) {
        // Not rolled back: converted up to the run whose write failed, which was put back.
        if (toShared) {
          before.setShared(0, failing.from());
        } else {
          before.setPrivate(0, failing.from());
        }
      }
      StoreInvariants.assertSameState(before, s.attribute().store(), context + ": store");
      s.assertMapped(s.mappedForStore(), context);
      if (mode == ConversionSemantics.ATOMIC && toShared) {
        s.assertMapped(mappedBefore, context + ", as before the call");
      }
    }

    s.store().neverFail();
    refusing.failOn(FailurePlan.never());
    s.attribute().convert(0, b(STORE_BLOCKS), PageState.PRIVATE);
    assertEquals(0, s.attribute().store().sharedCount(), context + ": afterwards, all private");
    s.assertMapped(s.mappedForStore(), context + ", afterwards, all private");
    s.attribute().convert(b(8), b(16), PageState.SHARED);
    assertEquals(
        pageRuns(8, 24),
        FacadeFixture.runsOf(s.attribute().store()),
        context + ": afterwards, [8, 24) shared");
    s.assertMapped(s.mappedForStore(), context + ", afterwards, [8, 24) shared");
  }

  private static ReferenceModel copyOf(RamBlockAttribute attribute) {
    ReferenceModel copy = new ReferenceModel(attribute.store().pageCount());
    attribute.store().forEachSharedRun(0, copy.pageCount(), copy::setShared);
    return copy;
  }

  /**
   * A refused conversion over many runs, counted by a {@link FailingStore}: the rollback makes
   * exactly one store write per run the call changed, that run written back to private.
   */
  @Test
  public void refusedConversion_rollbackWritesOncePerChangedRun() {
    for (boolean attached : new boolean[] {false, true}) {
      StoreSetup s = storeSetup(ConversionSemantics.ATOMIC, 3, attached);
      VfioModelListener refusing = s.listeners().get(2);
      // L2's section holds three of the changed runs; it refuses the last of them.
      refusing.failOn(FailurePlan.onPopulateCall(3));
      int writesBefore = s.store().writes().size();
      assertThrows(ConversionRejectedException.class, () -> convertWhole(s, true));
      List<Write> writes = s.store().writes().subList(writesBefore, s.store().writes().size());
      List<Write> forward = writes.stream().filter(Write::shared).toList();
      List<Write> rollback = writes.stream().filter(w -> !w.shared()).toList();
      String context = (attached ? "attached" : "standalone") + ", writes " + writes;
      assertEquals(6, forward.size(), context + ": one write per changed run, forward");
      assertEquals(
          forward.stream().map(w -> new Write(w.from(), w.to(), false)).sorted(BY_RANGE).toList(),
          rollback.stream().sorted(BY_RANGE).toList(),
          context + ": one write back per changed run");
      assertEquals(
          forward.size(), writes.indexOf(rollback.get(0)), context + ": rollback after forward");
    }
  }

  private static final Comparator<Write> BY_RANGE = Comparator.comparingLong(Write::from);

  /**
   * A listener registered over a thousand shared runs refuses the second: the replay stops there,
   * having asked the store for a handful of runs, not the thousand. Standalone and through a
   * manager; in {@code ATOMIC} mode (and standalone in every mode) the listener is then not
   * registered and maps nothing, in a {@code QEMU} manager it stays registered with the first run.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void registerListener_refusedReplay_stopsAtTheRefusal(ConversionSemantics mode) {
    long runs = 1000;
    long blocks = 2 * runs;
    for (boolean attached : new boolean[] {false, true}) {
      String context = mode + (attached ? ", attached" : ", standalone");
      FailingStore store = new FailingStore(newStore(blocks));
      MultiSourceDiscardManager manager =
          attached ? new MultiSourceDiscardManager(b(blocks), mode) : null;
      RamBlockAttribute.Builder builder =
          RamBlockAttribute.builder()
              .regionSize(b(blocks))
              .blockSize(BLOCK)
              .semantics(mode)
              .store(store);
      if (manager != null) {
        builder.manager(manager);
      }
      RamBlockAttribute attribute = builder.build();
      for (long run = 0; run < runs; run++) {
        attribute.convert(b(2 * run + 1), BLOCK, PageState.SHARED);
      }
      NotificationLog log = new NotificationLog();
      VfioModelListener late =
          new VfioModelListener("late", log, BLOCK).failOn(FailurePlan.onPopulateCall(2));
      MemoryRegionSection whole = MemoryRegionSection.of(0, b(blocks));
      long lookups = store.runLookups();
      boolean staysRegistered = attached && mode == ConversionSemantics.QEMU;
      if (staysRegistered) {
        register(manager, attribute, late, whole);
      } else {
        ConversionRejectedException e =
            assertThrows(
                ConversionRejectedException.class,
                () -> register(manager, attribute, late, whole),
                context);
        assertSame(late.lastFailure(), e.getCause(), context);
        FacadeFixture.assertUndone(context, log.events(), late);
      }
      assertEquals(2, late.populateCalls(), context + ": populates");
      long asked = store.runLookups() - lookups;
      assertTrue(asked <= 12, context + ": the replay asked the store for " + asked + " runs");
      FacadeFixture.assertNoViolations(context, late);
      assertEquals(
          staysRegistered ? pageRuns(b(1), b(2)) : pageRuns(),
          late.mappedRanges(),
          context + ": mapped");
    }
  }

  private static void register(
      @Nullable MultiSourceDiscardManager manager,
      RamBlockAttribute attribute,
      VfioModelListener listener,
      MemoryRegionSection section) {
    if (manager != null) {
      manager.registerListener(listener, section);
    } else {
      attribute.registerListener(listener, section);
    }
  }

  /**
   * Every listener throws an {@link OutOfMemoryError} from its discard callback: the fan-out still
   * tells each of them (newest first), then throws the first error with the others suppressed; the
   * store holds the conversion and the attribute converts afterwards. Standalone and through a
   * manager, in both semantics.
   */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void discardThrowingAnError_everyListenerIsStillTold(ConversionSemantics mode) {
    for (boolean attached : new boolean[] {false, true}) {
      String context = mode + (attached ? ", attached" : ", standalone");
      StoreSetup s = storeSetup(mode, 3, attached);
      List<Throwable> thrownByListeners = new ArrayList<>();
      for (VfioModelListener listener : s.listeners()) {
        listener.onCallback(
            (l, kind, section) -> {
              if (kind == Kind.DISCARD) {
                OutOfMemoryError error = new OutOfMemoryError("injected by " + l.id());
                thrownByListeners.add(error);
                throw error;
              }
            });
      }
      // [20, 30) is one shared run, meeting all three sections: one notification in both modes.
      OutOfMemoryError thrown =
          assertThrows(
              OutOfMemoryError.class,
              () -> s.attribute().convert(b(20), b(10), PageState.PRIVATE),
              context);
      assertEquals(3, thrownByListeners.size(), context + ": listeners told");
      assertSame(thrownByListeners.get(0), thrown, context + ": the first error");
      assertEquals(
          thrownByListeners.subList(1, 3),
          Arrays.asList(thrown.getSuppressed()),
          context + ": the later errors, suppressed");
      assertEquals("injected by L2", thrown.getMessage(), context + ": newest listener first");
      for (VfioModelListener listener : s.listeners()) {
        assertEquals(1, listener.discardCalls(), context + ": discards of " + listener.id());
        listener.onCallback((l, kind, section) -> {});
      }
      assertEquals(
          pageRuns(2, 6, 10, 11, 40, 41, 50, 60),
          FacadeFixture.runsOf(s.attribute().store()),
          context + ": store");
      s.attribute().convert(0, b(STORE_BLOCKS), PageState.SHARED);
      assertEquals(
          pageRuns(0, STORE_BLOCKS),
          FacadeFixture.runsOf(s.attribute().store()),
          context + ": afterwards");
    }
  }
}
