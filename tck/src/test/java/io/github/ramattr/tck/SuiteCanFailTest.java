/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.AbstractSharedStateStoreProvider;
import io.github.ramattr.spi.Checks;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Shows that the facade suites can fail: each deliberate bug below is caught by a specific check,
 * while the same check passes over the correct reference model (the control).
 */
class SuiteCanFailTest {

  /** The deliberate bugs a store can have. */
  private enum Bug {
    /** setShared of more than one page leaves the last page private. */
    SET_SHARED_DROPS_LAST_PAGE,
    /** setPrivate of more than one page leaves the last page shared. */
    SET_PRIVATE_DROPS_LAST_PAGE,
    /** forEachSharedRun reports runs split at every even page: not maximal. */
    RUNS_NOT_MAXIMAL
  }

  /** A reference model with one bug. */
  private static final class BuggyStore extends ForwardingStore {
    private final Bug bug;

    BuggyStore(long pageCount, Bug bug) {
      super(new ReferenceModel(pageCount));
      this.bug = bug;
    }

    @Override
    public void setShared(long fromPage, long toPage) {
      boolean drop = bug == Bug.SET_SHARED_DROPS_LAST_PAGE && toPage - fromPage > 1;
      delegate.setShared(fromPage, drop ? toPage - 1 : toPage);
    }

    @Override
    public void setPrivate(long fromPage, long toPage) {
      boolean drop = bug == Bug.SET_PRIVATE_DROPS_LAST_PAGE && toPage - fromPage > 1;
      delegate.setPrivate(fromPage, drop ? toPage - 1 : toPage);
    }

    @Override
    public void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
      if (bug != Bug.RUNS_NOT_MAXIMAL) {
        delegate.forEachSharedRun(fromPage, toPage, visitor);
        return;
      }
      Checks.checkRange(fromPage, toPage, pageCount());
      delegate.forEachSharedRun(
          fromPage,
          toPage,
          (from, to) -> {
            long start = from;
            while (start < to) {
              long end = Math.min(to, (start & ~1L) + 2);
              visitor.visit(start, end);
              start = end;
            }
          });
    }
  }

  private static SharedStateStoreProvider provider(Bug bug) {
    return new AbstractSharedStateStoreProvider(
        "buggy-" + bug,
        pageCount ->
            bug == null ? new ReferenceModel(pageCount) : new BuggyStore(pageCount, bug)) {};
  }

  private static QemuSemanticsTest qemuSuite(Bug bug) {
    return new QemuSemanticsTest() {
      @Override
      protected SharedStateStoreProvider provider() {
        return SuiteCanFailTest.provider(bug);
      }
    };
  }

  private static AtomicSemanticsTest atomicSuite(Bug bug) {
    return new AtomicSemanticsTest() {
      @Override
      protected SharedStateStoreProvider provider() {
        return SuiteCanFailTest.provider(bug);
      }
    };
  }

  private static FacadeContractTest contractSuite(Bug bug) {
    return new FacadeContractTest() {
      @Override
      protected SharedStateStoreProvider provider() {
        return SuiteCanFailTest.provider(bug);
      }
    };
  }

  @Test
  void qemuSuite_storeDroppingLastSharedPage_caughtByInCallbackStateCheck() {
    assertDoesNotThrow(
        () ->
            qemuSuite(null)
                .convert_whollyPrivateToShared_storeFirstThenOneNotificationNewestFirst());
    assertCaughtBy(
        "d sees block 7",
        () ->
            qemuSuite(Bug.SET_SHARED_DROPS_LAST_PAGE)
                .convert_whollyPrivateToShared_storeFirstThenOneNotificationNewestFirst());
  }

  @Test
  void atomicSuite_storeDroppingLastPrivatePage_caughtByRollbackCheck() {
    assertDoesNotThrow(
        () -> atomicSuite(null).convert_refusedAtEveryPosition_rolledBackCompletely(true));
    assertCaughtBy(
        "the store is restored before discards",
        () ->
            atomicSuite(Bug.SET_PRIVATE_DROPS_LAST_PAGE)
                .convert_refusedAtEveryPosition_rolledBackCompletely(true));
  }

  @Test
  void atomicSuite_storeDroppingLastSharedPage_caughtByRandomWalk() {
    assertDoesNotThrow(
        () -> atomicSuite(null).randomWalk_listenersAlwaysMapExactlyTheSharedMemory(7));
    assertCaughtBy(
        "seed 7, op",
        () ->
            atomicSuite(Bug.SET_SHARED_DROPS_LAST_PAGE)
                .randomWalk_listenersAlwaysMapExactlyTheSharedMemory(7));
  }

  @Test
  void contractSuite_runsNotMaximal_caughtByReplayCheck() {
    assertDoesNotThrow(
        () -> contractSuite(null).replayPopulated_maximalRunsClippedAscendingShifted());
    assertCaughtBy(
        "offsetWithinRegion=4196, size=12188",
        () ->
            contractSuite(Bug.RUNS_NOT_MAXIMAL)
                .replayPopulated_maximalRunsClippedAscendingShifted());
  }

  /**
   * Every facade suite checks, after each test, the invariants of every store the test made through
   * {@code newStore}, whatever the test asserted: a store whose walk reports non-maximal runs fails
   * there, a correct one passes.
   */
  @Test
  void everyFacadeSuite_checksTheStoresItMadeAfterEachTest() {
    FacadeContractTest good = contractSuite(null);
    good.newStore(64).setShared(10, 20);
    assertDoesNotThrow(good::everyStoreMadeKeepsItsInvariants);
    FacadeContractTest bad = contractSuite(Bug.RUNS_NOT_MAXIMAL);
    bad.newStore(64).setShared(10, 20);
    assertThrows(AssertionError.class, bad::everyStoreMadeKeepsItsInvariants);
  }

  /**
   * Checks that {@code suiteCall} fails with an AssertionError whose message, or a cause's,
   * contains {@code fragment}: the failure comes from the check named, not from elsewhere.
   */
  private static void assertCaughtBy(String fragment, Executable suiteCall) {
    AssertionError error = assertThrows(AssertionError.class, suiteCall);
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(fragment)) {
        return;
      }
    }
    throw new AssertionError("failed, but not by the check '" + fragment + "'", error);
  }

  /** A VFIO model that forgets to unmap: the listener-level bug the mapped-set check must see. */
  @Test
  void assertListenersFollowState_listenerIgnoringDiscards_caught() {
    RamBlockAttribute attribute =
        RamBlockAttribute.builder()
            .regionSize(16 * 4096)
            .semantics(ConversionSemantics.ATOMIC)
            .store(new ReferenceModel(16))
            .build();
    FacadeFixture f = new FacadeFixture(attribute);
    VfioModelListener forgetful =
        new VfioModelListener("forgetful", f.log(), 4096) {
          @Override
          protected void applyDiscard(MemoryRegionSection section) {}
        };
    f.register(forgetful, MemoryRegionSection.of(0, 16 * 4096));
    attribute.convert(0, 8 * 4096, PageState.SHARED);
    assertDoesNotThrow(() -> f.assertListenersFollowState("after populate"));
    attribute.convert(0, 4 * 4096, PageState.PRIVATE);
    assertThrows(AssertionError.class, () -> f.assertListenersFollowState("after discard"));
  }

  /** A listener without double discard must not get a discard for memory it never mapped. */
  @Test
  void vfioModel_discardOfUnmappedWithoutDoubleDiscard_isAViolation() {
    VfioModelListener l =
        new VfioModelListener("l", new NotificationLog(), 4096).supportDoubleDiscard(false);
    l.onPopulate(MemoryRegionSection.of(0, 2 * 4096));
    l.onDiscard(MemoryRegionSection.of(0, 2 * 4096));
    assertDoesNotThrow(() -> FacadeFixture.assertNoViolations("exact discard", l));
    l.onDiscard(MemoryRegionSection.of(0, 4096));
    assertThrows(AssertionError.class, () -> FacadeFixture.assertNoViolations("hole discard", l));
  }
}
