/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static io.github.ramattr.tck.StoreInvariants.assertInvariants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link SharedStateStore} contract, method by method: edge sizes, splits and merges, every
 * rejected argument, visitor exceptions, provider registration and a store of 2^36+5 pages. A
 * backend's tests extend it with one line:
 *
 * <pre>{@code
 * class BitmapContractTest extends SharedStateStoreContractTest {
 *   @Override protected SharedStateStoreProvider provider() { return new BitmapStoreProvider(); }
 * }
 * }</pre>
 *
 * The provider must also be registered with {@link java.util.ServiceLoader} on the test class path,
 * since {@link #provider_name_nonEmptyAndRegistered} looks it up by name. Every test ends with
 * {@link StoreInvariants#assertInvariants}. Expected runs are written out from the contract, never
 * computed by the store under test. Test methods are public so that the TCK's own tests can call
 * them on deliberately broken stores.
 */
public abstract class SharedStateStoreContractTest {
  /** Page count of the large-index test: past 2^36 (256 TiB of 4 KiB pages), not word-aligned. */
  public static final long LARGE_PAGE_COUNT = (1L << 36) + 5;

  /** For subclasses, which name the backend under test. */
  protected SharedStateStoreContractTest() {}

  /**
   * The backend under test; called once per test or more.
   *
   * @return a provider; it must also be registered with {@link java.util.ServiceLoader}
   */
  protected abstract SharedStateStoreProvider provider();

  /**
   * A new store of {@code pageCount} pages from {@link #provider()}.
   *
   * @throws AssertionError if it does not report that page count
   */
  protected final SharedStateStore newStore(long pageCount) {
    SharedStateStore store = provider().create(pageCount);
    assertEquals(pageCount, store.pageCount(), "pageCount() of create(" + pageCount + ")");
    return store;
  }

  /** Asserts the store's shared runs are exactly {@code runs} ({@code from0, to0, ...}). */
  private static void assertShared(SharedStateStore store, long... runs) {
    StoreInvariants.assertRunsEqual(runs, StoreInvariants.sharedRuns(store), "shared runs");
    assertInvariants(store);
  }

  /** A store of {@code pageCount} pages with the given shared runs. */
  private SharedStateStore storeWith(long pageCount, long... runs) {
    SharedStateStore store = newStore(pageCount);
    for (int i = 0; i < runs.length; i += 2) {
      store.setShared(runs[i], runs[i + 1]);
    }
    return store;
  }

  // ================================================================ provider

  /**
   * The provider has a name, is registered under it, and {@code SharedStateStores} creates stores
   * with it.
   */
  @Test
  public void provider_name_nonEmptyAndRegistered() {
    String name = provider().name();
    assertTrue(name != null && !name.isEmpty(), "provider name is empty");
    assertTrue(
        SharedStateStores.available().contains(name),
        name + " not in SharedStateStores.available() " + SharedStateStores.available());
    assertEquals(provider().getClass(), SharedStateStores.provider(name).getClass());
    SharedStateStore store = SharedStateStores.create(name, 65);
    assertEquals(65, store.pageCount());
    assertShared(store);
  }

  /**
   * A negative page count is an {@code IllegalArgumentException} naming it, from the provider and
   * the registry.
   */
  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  public void create_negativePageCount_rejected(long pageCount) {
    assertCreateRejected(pageCount);
  }

  /** A page count over {@code maxPageCount()} is refused like a negative one. */
  @Test
  public void create_overMaxPageCount_rejected() {
    long max = provider().maxPageCount();
    assumeTrue(max < Long.MAX_VALUE, "no page count over Long.MAX_VALUE");
    assertCreateRejected(max + 1);
    assertCreateRejected(Long.MAX_VALUE);
  }

  private void assertCreateRejected(long pageCount) {
    assertMessageHas(
        assertThrows(IllegalArgumentException.class, () -> provider().create(pageCount)),
        pageCount);
    assertMessageHas(
        assertThrows(
            IllegalArgumentException.class,
            () -> SharedStateStores.create(provider().name(), pageCount)),
        pageCount);
  }

  // ================================================================ edge sizes

  /** A new store of any size is all private. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 63, 64, 65, 4097})
  public void create_anyPageCount_allPrivate(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    assertEquals(pageCount, store.nextShared(0));
    assertEquals(0, store.nextPrivate(0));
    assertEquals(0, store.sharedCount());
    assertEquals(0, store.sharedRunCount());
    assertTrue(store.estimatedSizeInBytes() > 0, "estimatedSizeInBytes() must be positive");
    StoreInvariants.assertRunsEqual(
        pageCount == 0 ? new long[0] : new long[] {0, pageCount},
        StoreInvariants.privateRuns(store),
        "private runs");
    assertShared(store);
  }

  /** Sharing every page gives one run; making them private again empties the store. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 63, 64, 65, 4097})
  public void setShared_wholeStore_oneRun(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    store.setShared(0, pageCount);
    assertShared(store, pageCount == 0 ? new long[0] : new long[] {0, pageCount});
    assertEquals(pageCount, store.sharedCount());
    assertEquals(pageCount, store.nextPrivate(0));
    assertEquals(0, store.nextShared(0));
    store.setPrivate(0, pageCount);
    assertShared(store);
    assertEquals(pageCount, store.nextShared(0));
  }

  /** Runs on page 0 and on the last page, alone and together. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 63, 64, 65, 4097})
  public void setShared_firstAndLastPage_runsAtBothEnds(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    store.setShared(0, 1);
    store.setShared(pageCount - 1, pageCount);
    if (pageCount <= 2) {
      assertShared(store, 0, pageCount);
    } else {
      assertShared(store, 0, 1, pageCount - 1, pageCount);
      assertEquals(1, store.nextPrivate(0));
      assertEquals(pageCount - 1, store.nextShared(1));
      assertEquals(pageCount, store.nextPrivate(pageCount - 1));
      assertEquals(pageCount - 1, store.nextShared(pageCount - 1));
    }
    assertTrue(store.isShared(0));
    assertTrue(store.isShared(pageCount - 1));
    store.setPrivate(0, 1);
    assertShared(store, pageCount == 1 ? new long[0] : new long[] {pageCount - 1, pageCount});
    store.setPrivate(pageCount - 1, pageCount);
    assertShared(store);
  }

  /** {@code fromPage == toPage} changes nothing and visits nothing, at either end and inside. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 63, 64, 65, 4097})
  public void emptyRange_anyPosition_noOp(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    long[] runs = pageCount < 2 ? new long[0] : new long[] {1, pageCount};
    if (runs.length > 0) {
      store.setShared(1, pageCount);
    }
    for (long page : new long[] {0, 1, pageCount / 2, pageCount - 1, pageCount}) {
      if (page < 0 || page > pageCount) {
        continue;
      }
      store.setShared(page, page);
      store.setPrivate(page, page);
      CountingVisitor visitor = new CountingVisitor();
      store.forEachSharedRun(page, page, visitor);
      store.forEachPrivateRun(page, page, visitor);
      assertEquals(0, visitor.calls, "an empty window visits nothing, at page " + page);
      assertShared(store, runs);
    }
  }

  /** Both searches accept {@code pageCount} and return it. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 63, 64, 65, 4097})
  public void nextSharedAndNextPrivate_atPageCount_returnPageCount(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    assertEquals(pageCount, store.nextShared(pageCount));
    assertEquals(pageCount, store.nextPrivate(pageCount));
    store.setShared(0, pageCount);
    assertEquals(pageCount, store.nextShared(pageCount));
    assertEquals(pageCount, store.nextPrivate(pageCount));
    assertShared(store, pageCount == 0 ? new long[0] : new long[] {0, pageCount});
  }

  // ================================================================ the worked example

  /** The worked example of the {@link SharedStateStore} Javadoc, step by step. */
  @Test
  public void workedExample_javadoc_runsAfterEachCall() {
    SharedStateStore store = newStore(10);
    store.setShared(2, 5);
    assertShared(store, 2, 5);
    store.setShared(5, 8);
    assertShared(store, 2, 8);
    store.setPrivate(4, 6);
    assertShared(store, 2, 4, 6, 8);
    store.setShared(3, 7);
    assertShared(store, 2, 8);
    store.setShared(9, 9);
    assertShared(store, 2, 8);
  }

  // ================================================================ setShared: merges

  /** A run that starts where another ends merges with it. */
  @Test
  public void setShared_touchingOnTheRight_coalesces() {
    SharedStateStore store = storeWith(1000, 60, 64);
    store.setShared(64, 70);
    assertShared(store, 60, 70);
  }

  /** A run that ends where another starts merges with it. */
  @Test
  public void setShared_touchingOnTheLeft_coalesces() {
    SharedStateStore store = storeWith(1000, 64, 70);
    store.setShared(60, 64);
    assertShared(store, 60, 70);
  }

  /** Filling the gap between two runs leaves one run. */
  @Test
  public void setShared_bridgingTwoRuns_mergesAll() {
    SharedStateStore store = storeWith(1000, 10, 20, 30, 40);
    store.setShared(20, 30);
    assertShared(store, 10, 40);
    assertEquals(1, store.sharedRunCount());
  }

  /** A range overlapping several runs merges them all. */
  @Test
  public void setShared_overlappingSeveralRuns_mergesAll() {
    SharedStateStore store = storeWith(1000, 10, 20, 60, 70, 120, 130, 500, 510);
    store.setShared(15, 125);
    assertShared(store, 10, 130, 500, 510);
  }

  /** Sharing pages already shared changes nothing. */
  @Test
  public void setShared_insideRun_noChange() {
    SharedStateStore store = storeWith(1000, 10, 140);
    store.setShared(20, 130);
    store.setShared(10, 140);
    assertShared(store, 10, 140);
  }

  /** Runs one private page apart stay two runs. */
  @Test
  public void setShared_onePageApart_staysSeparate() {
    SharedStateStore store = storeWith(1000, 10, 63);
    store.setShared(64, 130);
    assertShared(store, 10, 63, 64, 130);
    assertEquals(63, store.nextPrivate(10));
    assertEquals(64, store.nextShared(63));
  }

  /** Overwriting an alternating pattern leaves one run. */
  @Test
  public void setShared_overAlternatingPages_oneRun() {
    SharedStateStore store = newStore(1000);
    for (long page = 0; page < 200; page += 2) {
      store.setShared(page, page + 1);
    }
    assertEquals(100, store.sharedRunCount());
    assertEquals(100, store.sharedCount());
    store.setShared(0, 200);
    assertShared(store, 0, 200);
  }

  // ================================================================ setPrivate: splits

  /** Clearing the middle of a run splits it in two. */
  @Test
  public void setPrivate_insideRun_splits() {
    SharedStateStore store = storeWith(1000, 10, 140);
    store.setPrivate(60, 70);
    assertShared(store, 10, 60, 70, 140);
  }

  /** Clearing the start of a run trims it. */
  @Test
  public void setPrivate_leftPart_trims() {
    SharedStateStore store = storeWith(1000, 10, 140);
    store.setPrivate(5, 64);
    assertShared(store, 64, 140);
  }

  /** Clearing the end of a run trims it. */
  @Test
  public void setPrivate_rightPart_trims() {
    SharedStateStore store = storeWith(1000, 10, 140);
    store.setPrivate(128, 200);
    assertShared(store, 10, 128);
  }

  /** Clearing exactly one run removes it and nothing else. */
  @Test
  public void setPrivate_exactRun_removes() {
    SharedStateStore store = storeWith(1000, 10, 20, 64, 128, 200, 210);
    store.setPrivate(64, 128);
    assertShared(store, 10, 20, 200, 210);
  }

  /** Clearing across several runs removes the inner ones and trims the outer ones. */
  @Test
  public void setPrivate_severalRuns_removesAndTrims() {
    SharedStateStore store = storeWith(1000, 10, 20, 30, 40, 50, 60);
    store.setPrivate(15, 55);
    assertShared(store, 10, 15, 55, 60);
  }

  /** Clearing one page at either end of a run shrinks it by one. */
  @Test
  public void setPrivate_firstAndLastPageOfRun_shrinks() {
    SharedStateStore store = storeWith(1000, 63, 129);
    store.setPrivate(63, 64);
    assertShared(store, 64, 129);
    store.setPrivate(128, 129);
    assertShared(store, 64, 128);
  }

  /** Clearing pages already private changes nothing. */
  @Test
  public void setPrivate_gapBetweenRuns_noChange() {
    SharedStateStore store = storeWith(1000, 10, 20, 30, 40);
    store.setPrivate(20, 30);
    store.setPrivate(500, 1000);
    assertShared(store, 10, 20, 30, 40);
  }

  /** Clearing every other page of a run leaves one-page runs. */
  @Test
  public void setPrivate_everyOtherPage_alternates() {
    SharedStateStore store = storeWith(200, 0, 200);
    for (long page = 1; page < 200; page += 2) {
      store.setPrivate(page, page + 1);
    }
    assertEquals(100, store.sharedRunCount());
    assertEquals(100, store.sharedCount());
    assertTrue(store.isShared(64));
    assertFalse(store.isShared(65));
    assertInvariants(store);
  }

  // ================================================================ searches, walks, counts

  /** Searches, counts and clipped walks on runs across word boundaries and at both ends. */
  @Test
  public void searchesAndWalks_knownRuns_matchContract() {
    SharedStateStore store = storeWith(300, 0, 1, 63, 65, 128, 200, 299, 300);
    assertEquals(0, store.nextShared(0));
    assertEquals(63, store.nextShared(1));
    assertEquals(64, store.nextShared(64));
    assertEquals(128, store.nextShared(65));
    assertEquals(299, store.nextShared(200));
    assertEquals(1, store.nextPrivate(0));
    assertEquals(1, store.nextPrivate(1));
    assertEquals(65, store.nextPrivate(63));
    assertEquals(200, store.nextPrivate(128));
    assertEquals(298, store.nextPrivate(298));
    assertEquals(300, store.nextPrivate(299));
    assertTrue(store.isShared(64));
    assertFalse(store.isShared(65));
    assertEquals(1 + 2 + 72 + 1, store.sharedCount());
    assertEquals(4, store.sharedRunCount());
    StoreInvariants.assertRunsEqual(
        new long[] {64, 65, 128, 150},
        StoreInvariants.runs(store, 64, 150, true),
        "forEachSharedRun(64, 150)");
    StoreInvariants.assertRunsEqual(
        new long[] {65, 128},
        StoreInvariants.runs(store, 64, 150, false),
        "forEachPrivateRun(64, 150)");
    StoreInvariants.assertRunsEqual(
        new long[] {130, 140}, StoreInvariants.runs(store, 130, 140, true), "inside a run");
    StoreInvariants.assertRunsEqual(
        new long[0], StoreInvariants.runs(store, 130, 140, false), "no private run inside a run");
    StoreInvariants.assertRunsEqual(
        new long[] {1, 63, 65, 128, 200, 299},
        StoreInvariants.privateRuns(store),
        "forEachPrivateRun(0, 300)");
    assertInvariants(store);
  }

  // ================================================================ rejected arguments

  /**
   * Every page argument outside its range is an {@code IndexOutOfBoundsException} naming it; the
   * store is unchanged and no visitor is called.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 64, 65})
  public void outOfRangePage_everyMethod_rejectedAndUnchanged(long pageCount) {
    SharedStateStore store = newStore(pageCount);
    if (pageCount > 1) {
      store.setShared(pageCount / 2, pageCount);
    }
    CountingVisitor visitor = new CountingVisitor();
    for (long bad : new long[] {-1, pageCount + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertOutOfRange(
          store, "setShared(" + bad + ", n)", bad, () -> store.setShared(bad, pageCount));
      assertOutOfRange(store, "setShared(0, " + bad + ")", bad, () -> store.setShared(0, bad));
      assertOutOfRange(
          store, "setPrivate(" + bad + ", n)", bad, () -> store.setPrivate(bad, pageCount));
      assertOutOfRange(store, "setPrivate(0, " + bad + ")", bad, () -> store.setPrivate(0, bad));
      assertOutOfRange(store, "nextShared(" + bad + ")", bad, () -> store.nextShared(bad));
      assertOutOfRange(store, "nextPrivate(" + bad + ")", bad, () -> store.nextPrivate(bad));
      assertOutOfRange(store, "isShared(" + bad + ")", bad, () -> store.isShared(bad));
      assertOutOfRange(
          store,
          "forEachSharedRun(" + bad + ", n)",
          bad,
          () -> store.forEachSharedRun(bad, pageCount, visitor));
      assertOutOfRange(
          store,
          "forEachSharedRun(0, " + bad + ")",
          bad,
          () -> store.forEachSharedRun(0, bad, visitor));
      assertOutOfRange(
          store,
          "forEachPrivateRun(" + bad + ", n)",
          bad,
          () -> store.forEachPrivateRun(bad, pageCount, visitor));
      assertOutOfRange(
          store,
          "forEachPrivateRun(0, " + bad + ")",
          bad,
          () -> store.forEachPrivateRun(0, bad, visitor));
    }
    assertOutOfRange(store, "isShared(pageCount)", pageCount, () -> store.isShared(pageCount));
    assertEquals(0, visitor.calls, "a rejected walk visits nothing");
  }

  /**
   * {@code fromPage > toPage} is an {@code IllegalArgumentException} naming both; the store is
   * unchanged.
   */
  @ParameterizedTest
  @ValueSource(longs = {2, 64, 65})
  public void fromAfterTo_rangeMethods_rejectedAndUnchanged(long pageCount) {
    SharedStateStore store = storeWith(pageCount, 0, 1);
    CountingVisitor visitor = new CountingVisitor();
    long[][] pairs = {{1, 0}, {pageCount, pageCount - 1}, {pageCount, 1}};
    for (long[] pair : pairs) {
      long from = pair[0];
      long to = pair[1];
      String args = "(" + from + ", " + to + ")";
      assertFromAfterTo(store, "setShared" + args, from, to, () -> store.setShared(from, to));
      assertFromAfterTo(store, "setPrivate" + args, from, to, () -> store.setPrivate(from, to));
      assertFromAfterTo(
          store,
          "forEachSharedRun" + args,
          from,
          to,
          () -> store.forEachSharedRun(from, to, visitor));
      assertFromAfterTo(
          store,
          "forEachPrivateRun" + args,
          from,
          to,
          () -> store.forEachPrivateRun(from, to, visitor));
    }
    assertEquals(0, visitor.calls, "a rejected walk visits nothing");
  }

  /** A null visitor is a {@code NullPointerException}, even for an empty window. */
  @Test
  @SuppressWarnings("NullAway") // passes null on purpose: it must be rejected
  public void nullVisitor_runWalks_throwNullPointerException() {
    SharedStateStore store = storeWith(100, 10, 20);
    assertUnchangedAfter(
        store,
        NullPointerException.class,
        "forEachSharedRun(0, 100, null)",
        () -> store.forEachSharedRun(0, 100, null));
    assertUnchangedAfter(
        store,
        NullPointerException.class,
        "forEachPrivateRun(0, 100, null)",
        () -> store.forEachPrivateRun(0, 100, null));
    assertUnchangedAfter(
        store,
        NullPointerException.class,
        "forEachSharedRun(5, 5, null)",
        () -> store.forEachSharedRun(5, 5, null));
    assertUnchangedAfter(
        store,
        NullPointerException.class,
        "forEachPrivateRun(5, 5, null)",
        () -> store.forEachPrivateRun(5, 5, null));
  }

  /** A visitor's exception stops the walk and propagates as it is; the store is unchanged. */
  @Test
  public void visitorException_propagatesAndStopsWalk_stateUnchanged() {
    SharedStateStore store = storeWith(200, 10, 20, 64, 70, 130, 140);
    for (boolean shared : new boolean[] {true, false}) {
      RuntimeException failure = new IllegalStateException("visitor objects");
      int[] calls = {0};
      RunVisitor throwing =
          (from, to) -> {
            if (++calls[0] == 2) {
              throw failure;
            }
          };
      Executable walk =
          shared
              ? () -> store.forEachSharedRun(0, 200, throwing)
              : () -> store.forEachPrivateRun(0, 200, throwing);
      RuntimeException thrown =
          assertUnchangedAfter(store, IllegalStateException.class, "throwing visitor", walk);
      assertSame(failure, thrown, "the visitor's own exception propagates");
      assertEquals(2, calls[0], "the walk stops at the visitor's exception");
    }
    assertShared(store, 10, 20, 64, 70, 130, 140);
  }

  private static void assertOutOfRange(
      SharedStateStore store, String call, long number, Executable action) {
    assertMessageHas(
        assertUnchangedAfter(store, IndexOutOfBoundsException.class, call, action), number);
  }

  private static void assertFromAfterTo(
      SharedStateStore store, String call, long from, long to, Executable action) {
    RuntimeException e = assertUnchangedAfter(store, IllegalArgumentException.class, call, action);
    assertMessageHas(e, from);
    assertMessageHas(e, to);
  }

  private static <T extends RuntimeException> T assertUnchangedAfter(
      SharedStateStore store, Class<T> type, String call, Executable action) {
    ReferenceModel before = copyOf(store);
    T thrown = assertThrows(type, action, call + " must throw " + type.getSimpleName());
    StoreInvariants.assertSameState(before, store, "after rejected " + call);
    return thrown;
  }

  private static void assertMessageHas(RuntimeException e, long number) {
    String message = e.getMessage();
    assertTrue(
        message != null && message.contains(Long.toString(number)),
        e.getClass().getSimpleName() + " message '" + message + "' should contain " + number);
  }

  private static ReferenceModel copyOf(SharedStateStore store) {
    ReferenceModel copy = new ReferenceModel(store.pageCount());
    long[] runs = StoreInvariants.sharedRuns(store);
    for (int i = 0; i < runs.length; i += 2) {
      copy.setShared(runs[i], runs[i + 1]);
    }
    return copy;
  }

  // ================================================================ large indexes

  /**
   * A few hundred seeded operations near both ends of a store of {@link #LARGE_PAGE_COUNT} pages
   * (or the backend's maximum, which must then refuse {@link #LARGE_PAGE_COUNT}), some of them
   * spanning the middle, compared with the reference model. Checks walk runs only: nothing scans
   * all pages.
   */
  @Test
  public void largePageCount_opsNearBothEnds_matchReferenceModel() {
    long max = provider().maxPageCount();
    if (max < LARGE_PAGE_COUNT) {
      assertCreateRejected(LARGE_PAGE_COUNT);
    }
    long pageCount = Math.min(LARGE_PAGE_COUNT, max);
    new RandomOps(newStore(pageCount), RandomOps.seed(), 1 << 20, 50).run(400);
  }

  private static final class CountingVisitor implements RunVisitor {
    int calls;

    @Override
    public void visit(long fromPage, long toPage) {
      calls++;
    }
  }
}
