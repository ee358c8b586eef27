/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.BrokenStore.Bug;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The TCK can fail: each deliberately broken store makes the specific check that targets its bug
 * throw {@link AssertionError}, while the same check passes on the reference model.
 */
class BrokenStoresTest {

  private static SharedStateStoreContractTest contract(Bug bug) {
    return new ContractOn(BrokenStore.provider(bug));
  }

  private static SharedStateStoreDifferentialTest differential(Bug bug) {
    return new DifferentialOn(BrokenStore.provider(bug));
  }

  private static final SharedStateStoreContractTest REFERENCE =
      new ContractOn(new ReferenceModelProvider());

  /** Asserts that the check fails on a broken store; returns the failure's message. */
  private static String assertFails(Executable check) {
    AssertionError failure = assertThrows(AssertionError.class, check);
    return String.valueOf(failure.getMessage());
  }

  // ================================================================ StoreInvariants

  @Test
  public void assertInvariants_touchingRunsReported_fails() {
    SharedStateStore store = new BrokenStore(100, Bug.WALK_SPLITS_RUNS);
    store.setShared(10, 20);
    String message = assertFails(() -> StoreInvariants.assertInvariants(store));
    assertTrue(message.contains("touches"), message);
  }

  @Test
  public void assertInvariants_sharedCountOffByOne_fails() {
    SharedStateStore store = new BrokenStore(100, Bug.COUNT_OFF_BY_ONE);
    store.setShared(10, 20);
    String message = assertFails(() -> StoreInvariants.assertInvariants(store));
    assertTrue(message.contains("sharedCount() expected 10 but was 11"), message);
  }

  @Test
  public void assertInvariants_isSharedDisagreesWithRuns_fails() {
    SharedStateStore store = new BrokenStore(100, Bug.IS_SHARED_MISSES_LAST_PAGE);
    store.setShared(90, 100);
    String message = assertFails(() -> StoreInvariants.assertInvariants(store));
    assertTrue(message.contains("isShared(99)"), message);
  }

  @Test
  public void assertInvariants_largeStoreHighRunInvisible_fails() {
    long pageCount = SharedStateStoreContractTest.LARGE_PAGE_COUNT;
    SharedStateStore store = new BrokenStore(pageCount, Bug.HIGH_PAGES_INVISIBLE);
    store.setShared(pageCount - 10, pageCount - 5);
    assertFails(() -> StoreInvariants.assertInvariants(store));
  }

  @Test
  public void assertInvariants_validStores_pass() {
    for (long pageCount : new long[] {0, 1, 65, StoreInvariants.EXHAUSTIVE_LIMIT + 1, 1L << 40}) {
      ReferenceModel model = new ReferenceModel(pageCount);
      model.setShared(0, Math.min(1, pageCount));
      model.setShared(pageCount / 2, pageCount / 2 + pageCount / 4);
      model.setShared(Math.max(0, pageCount - 1), pageCount);
      assertDoesNotThrow(() -> StoreInvariants.assertInvariants(model), "pageCount " + pageCount);
    }
  }

  @Test
  public void assertSameState_differentRuns_namesFirstDifferingPage() {
    ReferenceModel expected = new ReferenceModel(1000);
    ReferenceModel actual = new ReferenceModel(1000);
    expected.setShared(10, 20);
    expected.setShared(300, 400);
    actual.setShared(10, 20);
    actual.setShared(300, 401);
    String message = assertFails(() -> StoreInvariants.assertSameState(expected, actual, "ctx"));
    assertTrue(message.startsWith("ctx: "), message);
    assertTrue(message.contains("from page 400"), message);
    assertTrue(message.contains("[300,400)") && message.contains("[300,401)"), message);
  }

  @Test
  public void assertSameState_differentPageCounts_fails() {
    String message =
        assertFails(
            () ->
                StoreInvariants.assertSameState(
                    new ReferenceModel(10), new ReferenceModel(11), "ctx"));
    assertTrue(message.contains("pageCount expected 10 but was 11"), message);
  }

  // ================================================================ contract suite

  @Test
  public void contract_touchingRunsReportedApart_fails() {
    assertDoesNotThrow(REFERENCE::setShared_touchingOnTheRight_coalesces);
    assertFails(contract(Bug.WALK_SPLITS_RUNS)::setShared_touchingOnTheRight_coalesces);
    assertFails(contract(Bug.WALK_SPLITS_RUNS)::workedExample_javadoc_runsAfterEachCall);
  }

  @Test
  public void contract_emptyRangeWrites_fails() {
    assertDoesNotThrow(() -> REFERENCE.emptyRange_anyPosition_noOp(64));
    assertFails(() -> contract(Bug.EMPTY_RANGE_WRITES).emptyRange_anyPosition_noOp(64));
    assertFails(contract(Bug.EMPTY_RANGE_WRITES)::workedExample_javadoc_runsAfterEachCall);
  }

  @Test
  public void contract_wrongExceptionType_fails() {
    assertDoesNotThrow(() -> REFERENCE.outOfRangePage_everyMethod_rejectedAndUnchanged(64));
    assertFails(
        () -> contract(Bug.WRONG_EXCEPTION).outOfRangePage_everyMethod_rejectedAndUnchanged(64));
  }

  @Test
  public void contract_writeBeforeRejecting_fails() {
    String message =
        assertFails(
            () ->
                contract(Bug.WRITES_BEFORE_REJECTING)
                    .outOfRangePage_everyMethod_rejectedAndUnchanged(64));
    assertTrue(message.contains("after rejected setShared"), message);
  }

  @Test
  public void contract_messageWithoutNumber_fails() {
    String message =
        assertFails(
            () ->
                contract(Bug.MESSAGE_WITHOUT_NUMBER)
                    .outOfRangePage_everyMethod_rejectedAndUnchanged(1));
    assertTrue(message.contains("should contain -1"), message);
  }

  @Test
  public void contract_swallowedVisitorException_fails() {
    assertDoesNotThrow(REFERENCE::visitorException_propagatesAndStopsWalk_stateUnchanged);
    assertFails(
        contract(Bug.SWALLOWS_VISITOR_EXCEPTION)
            ::visitorException_propagatesAndStopsWalk_stateUnchanged);
  }

  @Test
  public void contract_nextAtPageCountThrows_fails() {
    assertDoesNotThrow(() -> REFERENCE.nextSharedAndNextPrivate_atPageCount_returnPageCount(65));
    // The store's IndexOutOfBoundsException escapes the test as it is: not an AssertionError.
    assertThrows(
        IndexOutOfBoundsException.class,
        () ->
            contract(Bug.NEXT_AT_PAGE_COUNT_THROWS)
                .nextSharedAndNextPrivate_atPageCount_returnPageCount(65));
  }

  @Test
  public void contract_unregisteredProvider_fails() {
    String message =
        assertFails(contract(Bug.COUNT_OFF_BY_ONE)::provider_name_nonEmptyAndRegistered);
    assertTrue(message.contains("not in SharedStateStores.available()"), message);
  }

  @Test
  public void contract_providerAcceptsNegativePageCount_fails() {
    SharedStateStoreProvider lax =
        new AbstractSharedStateStoreProvider(
            "lax", pageCount -> new ReferenceModel(Math.max(0, pageCount))) {};
    assertFails(() -> new ContractOn(lax).create_negativePageCount_rejected(-1));
  }

  @Test
  public void contract_largeStoreHighPagesInvisible_fails() {
    String message =
        assertFails(
            contract(Bug.HIGH_PAGES_INVISIBLE)::largePageCount_opsNearBothEnds_matchReferenceModel);
    assertTrue(message.contains("seed"), message);
  }

  // ================================================================ differential suite

  @Test
  public void differential_subtleSetPrivateBug_failsWithSeedAndOp() {
    String message =
        assertFails(
            () -> differential(Bug.SET_PRIVATE_SKIPS_LAST_PAGE).runDifferential(4113, 20000, 1));
    assertTrue(message.startsWith("seed 1 (-Dramattr.tck.seed=1)"), message);
    assertTrue(message.contains("op #"), message);
    assertTrue(message.contains("ops before it:"), message);
    Matcher op = Pattern.compile("op #(\\d+) ").matcher(message);
    assertTrue(op.find(), message);
    int failing = Integer.parseInt(op.group(1));
    String history = message.substring(message.indexOf("ops before it:"));
    assertTrue(history.contains("\n  #" + (failing - 1) + " "), history);
    assertFalse(history.contains("\n  #" + failing + " "), history);
  }

  @Test
  public void differential_countOffByOne_fails() {
    assertFails(() -> differential(Bug.COUNT_OFF_BY_ONE).runDifferential(65, 5000, 7));
  }

  @Test
  public void differential_touchingRunsReportedApart_fails() {
    assertFails(() -> differential(Bug.WALK_SPLITS_RUNS).runDifferential(63, 5000, 7));
  }

  @Test
  public void censusWorkload_countOffByOne_fails() {
    String message =
        assertFails(
            () ->
                differential(Bug.COUNT_OFF_BY_ONE)
                    .censusWorkload_at1GiB_matchesReferenceModel("fragment-100"));
    assertTrue(message.contains("fragment-100 at 1 GiB, seed 3"), message);
  }

  @Test
  public void censusWorkload_everyOne_referenceModelPasses() {
    SharedStateStoreDifferentialTest reference = new DifferentialOn(new ReferenceModelProvider());
    long names =
        SharedStateStoreDifferentialTest.censusWorkloadsAt1GiB()
            .peek(name -> reference.censusWorkload_at1GiB_matchesReferenceModel(name))
            .count();
    assertTrue(names >= 9, names + " census workloads at 1 GiB");
  }

  @Test
  public void differential_referenceModel_passes() {
    assertDoesNotThrow(
        () -> new DifferentialOn(new ReferenceModelProvider()).runDifferential(4113, 5000, 1));
  }

  /** Private, so that JUnit does not run the suites on broken stores by itself. */
  private static final class ContractOn extends SharedStateStoreContractTest {
    private final SharedStateStoreProvider provider;

    ContractOn(SharedStateStoreProvider provider) {
      this.provider = provider;
    }

    @Override
    protected SharedStateStoreProvider provider() {
      return provider;
    }
  }

  private static final class DifferentialOn extends SharedStateStoreDifferentialTest {
    private final SharedStateStoreProvider provider;

    DifferentialOn(SharedStateStoreProvider provider) {
      this.provider = provider;
    }

    @Override
    protected SharedStateStoreProvider provider() {
      return provider;
    }
  }
}
