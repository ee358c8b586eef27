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
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
}
