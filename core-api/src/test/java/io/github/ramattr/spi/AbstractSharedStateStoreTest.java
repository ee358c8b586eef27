/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every final method of {@link AbstractSharedStateStore} rejects bad arguments with exactly the
 * exception {@link Checks} throws for them, before any primitive runs; answers the empty cases
 * itself; and hands valid arguments to its one primitive unchanged.
 */
class AbstractSharedStateStoreTest {
  private static final long PAGES = 10;

  /** A call with bad arguments, and the {@link Checks} call that names what is wrong with them. */
  record BadCall(String name, Class<? extends RuntimeException> type, Call call, Executable check) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Call {
    void on(SharedStateStore store);
  }

  static Stream<BadCall> badCalls() {
    RunVisitor ignore = (from, to) -> {};
    Class<IndexOutOfBoundsException> ioobe = IndexOutOfBoundsException.class;
    Class<IllegalArgumentException> iae = IllegalArgumentException.class;
    List<BadCall> calls = new ArrayList<>();
    for (long page : new long[] {-1, PAGES, Long.MIN_VALUE, Long.MAX_VALUE}) {
      calls.add(
          new BadCall(
              "isShared(" + page + ")",
              ioobe,
              s -> s.isShared(page),
              () -> Checks.checkPage(page, PAGES)));
    }
    for (long page : new long[] {-1, PAGES + 1, Long.MIN_VALUE}) {
      calls.add(
          new BadCall(
              "nextShared(" + page + ")",
              ioobe,
              s -> s.nextShared(page),
              () -> Checks.checkPosition(page, PAGES)));
      calls.add(
          new BadCall(
              "nextPrivate(" + page + ")",
              ioobe,
              s -> s.nextPrivate(page),
              () -> Checks.checkPosition(page, PAGES)));
    }
    long[][] ranges = {{-1, 3}, {2, PAGES + 1}, {7, 3}, {PAGES + 1, PAGES + 1}, {-5, -6}};
    for (long[] r : ranges) {
      long from = r[0];
      long to = r[1];
      Class<? extends RuntimeException> type =
          from >= 0 && to >= 0 && from <= PAGES && to <= PAGES ? iae : ioobe;
      Executable check = () -> Checks.checkRange(from, to, PAGES);
      String args = "(" + from + ", " + to;
      calls.add(new BadCall("setShared" + args + ")", type, s -> s.setShared(from, to), check));
      calls.add(new BadCall("setPrivate" + args + ")", type, s -> s.setPrivate(from, to), check));
      calls.add(
          new BadCall(
              "forEachSharedRun" + args + ", v)",
              type,
              s -> s.forEachSharedRun(from, to, ignore),
              check));
      calls.add(
          new BadCall(
              "forEachPrivateRun" + args + ", v)",
              type,
              s -> s.forEachPrivateRun(from, to, ignore),
              check));
    }
    return calls.stream();
  }

  @ParameterizedTest
  @MethodSource("badCalls")
  void finalMethod_badArguments_checksMessageAndNoPrimitive(BadCall bad) {
    RecordingStore store = new RecordingStore(PAGES);
    store.setShared(2, 5);
    store.clearCalls();
    RuntimeException expected = assertThrows(bad.type(), bad.check(), "Checks accepts " + bad);
    RuntimeException actual = assertThrows(bad.type(), () -> bad.call().on(store));
    assertEquals(expected.getMessage(), actual.getMessage(), bad.name());
    assertEquals(List.of(), store.calls(), bad.name() + " reached a primitive");
  }

  @Test
  void forEachRun_nullVisitor_nullPointerBeforePrimitive() {
    RecordingStore store = new RecordingStore(PAGES);
    NullPointerException shared =
        assertThrows(NullPointerException.class, () -> store.forEachSharedRun(0, PAGES, null));
    NullPointerException priv =
        assertThrows(NullPointerException.class, () -> store.forEachPrivateRun(0, 0, null));
    assertEquals("visitor", shared.getMessage());
    assertEquals("visitor", priv.getMessage());
    assertEquals(List.of(), store.calls());
  }

  @Test
  void constructor_pageCountOutsideLimit_checksMessage() {
    for (long pageCount : new long[] {-1, RecordingStore.MAX_PAGES + 1, Long.MIN_VALUE}) {
      IllegalArgumentException expected =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Checks.checkPageCount(pageCount, RecordingStore.MAX_PAGES, RecordingStore.NAME));
      IllegalArgumentException actual =
          assertThrows(IllegalArgumentException.class, () -> new RecordingStore(pageCount));
      assertEquals(expected.getMessage(), actual.getMessage());
    }
    assertEquals(
        RecordingStore.MAX_PAGES, new RecordingStore(RecordingStore.MAX_PAGES).pageCount());
  }

  @Test
  void emptyCases_answeredWithoutPrimitive() {
    RecordingStore store = new RecordingStore(PAGES);
    assertEquals(PAGES, store.nextShared(PAGES));
    assertEquals(PAGES, store.nextPrivate(PAGES));
    store.setShared(4, 4);
    store.setPrivate(PAGES, PAGES);
    store.forEachSharedRun(
        3,
        3,
        (from, to) -> {
          throw new AssertionError("visited [" + from + ", " + to + ")");
        });
    store.forEachPrivateRun(
        0,
        0,
        (from, to) -> {
          throw new AssertionError("visited [" + from + ", " + to + ")");
        });
    assertEquals(List.of(), store.calls());
    RecordingStore none = new RecordingStore(0);
    assertEquals(0, none.nextShared(0));
    assertEquals(0, none.sharedCount());
    assertEquals(List.of(), none.calls());
  }

  @Test
  void validArguments_reachOnePrimitiveUnchanged() {
    RecordingStore store = new RecordingStore(PAGES);
    store.setShared(2, 5);
    store.setPrivate(3, 4);
    assertEquals(PAGES, store.nextShared(5));
    assertEquals(3, store.nextPrivate(2));
    assertEquals(
        List.of("doSet(2, 5, true)", "doSet(3, 4, false)", "doNext(5, true)", "doNext(2, false)"),
        store.calls());
  }

  @Test
  void defaults_derivedFromTheSearches() {
    RecordingStore store = new RecordingStore(PAGES);
    store.setShared(2, 5);
    store.setShared(7, PAGES);
    store.setPrivate(3, 4);
    store.clearCalls();
    assertTrue(store.isShared(2));
    assertFalse(store.isShared(3));
    assertEquals(List.of("doNext(2, true)", "doNext(3, true)"), store.calls());
    assertEquals(5, store.sharedCount());
    assertEquals(3, store.sharedRunCount());
    RunList shared = new RunList();
    store.forEachSharedRun(1, 8, shared::add);
    assertEquals("RunList[[2, 3) [4, 5) [7, 8)]", shared.toString());
    RunList gaps = new RunList();
    store.forEachPrivateRun(0, PAGES, gaps::add);
    assertEquals("RunList[[0, 2) [3, 4) [5, 7)]", gaps.toString());
  }
}
