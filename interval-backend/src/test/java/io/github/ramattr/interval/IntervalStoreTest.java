/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.StoreInvariants;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-written cases for both interval backends: registration, limits, splits and merges. */
class IntervalStoreTest {

  private static SharedStateStore store(String backend, long pageCount) {
    return SharedStateStores.create(backend, pageCount);
  }

  private static String runs(SharedStateStore store) {
    return StoreInvariants.formatRuns(StoreInvariants.sharedRuns(store));
  }

  // ---------------------------------------------------------------- providers

  @Test
  void available_listsBothBackends() {
    List<String> names = SharedStateStores.available();
    assertTrue(names.contains("interval"), names::toString);
    assertTrue(names.contains("interval-primitive"), names::toString);
  }

  @Test
  void serviceLoader_findsBothProviderClasses() {
    long found =
        ServiceLoader.load(SharedStateStoreProvider.class).stream()
            .map(ServiceLoader.Provider::type)
            .filter(t -> t == IntervalProvider.class || t == PrimitiveIntervalProvider.class)
            .count();
    assertEquals(2, found);
  }

  @Test
  void create_returnsTheMatchingStore() {
    assertInstanceOf(RangeSetStore.class, store("interval", 10));
    assertInstanceOf(PrimitiveIntervalStore.class, store("interval-primitive", 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void maxPageCount_isLongMaxValue(String backend) {
    assertEquals(Long.MAX_VALUE, SharedStateStores.provider(backend).maxPageCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void create_negativePageCount_throwsWithNumbers(String backend) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SharedStateStores.provider(backend).create(-3));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
    assertTrue(e.getMessage().contains(backend), e.getMessage());
  }

  // ---------------------------------------------------------------- splits and merges

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setShared_workedExample_matchesContract(String backend) {
    SharedStateStore s = store(backend, 10);
    s.setShared(2, 5);
    assertEquals("[2,5)", runs(s));
    s.setShared(5, 8);
    assertEquals("[2,8)", runs(s));
    s.setPrivate(4, 6);
    assertEquals("[2,4) [6,8)", runs(s));
    s.setShared(3, 7);
    assertEquals("[2,8)", runs(s));
    s.setShared(9, 9);
    assertEquals("[2,8)", runs(s));
    assertEquals(6, s.sharedCount());
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setShared_bridgingManyRuns_leavesOneRun(String backend) {
    SharedStateStore s = store(backend, 100);
    for (int i = 10; i < 100; i += 10) {
      s.setShared(i, i + 3);
    }
    assertEquals(9, s.sharedRunCount());
    s.setShared(13, 80);
    assertEquals("[10,83) [90,93)", runs(s));
    assertEquals(76, s.sharedCount());
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setPrivate_insideOneRun_splitsIt(String backend) {
    SharedStateStore s = store(backend, 100);
    s.setShared(10, 50);
    s.setPrivate(20, 30);
    assertEquals("[10,20) [30,50)", runs(s));
    s.setPrivate(10, 11);
    s.setPrivate(49, 50);
    assertEquals("[11,20) [30,49)", runs(s));
    assertEquals(28, s.sharedCount());
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setPrivate_acrossRuns_trimsBothEnds(String backend) {
    SharedStateStore s = store(backend, 100);
    s.setShared(0, 10);
    s.setShared(20, 30);
    s.setShared(40, 50);
    s.setPrivate(5, 45);
    assertEquals("[0,5) [45,50)", runs(s));
    s.setPrivate(0, 100);
    assertEquals("(none)", runs(s));
    assertEquals(0, s.sharedCount());
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setShared_wholeBlock_isOneRunAndAllQueriesAgree(String backend) {
    SharedStateStore s = store(backend, 1000);
    s.setShared(0, 1000);
    assertEquals("[0,1000)", runs(s));
    assertEquals(1000, s.nextPrivate(0));
    assertEquals(0, s.nextShared(0));
    assertEquals(999, s.nextShared(999));
    assertEquals(0, StoreInvariants.privateRuns(s).length);
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void setShared_nearLongMaxValue_noOverflow(String backend) {
    long max = Long.MAX_VALUE;
    SharedStateStore s = store(backend, max);
    s.setShared(max - 2, max);
    s.setShared(1L << 52, (1L << 52) + 1);
    assertEquals(max - 2, s.nextShared((1L << 52) + 1));
    assertEquals(max, s.nextPrivate(max - 1));
    assertTrue(s.isShared(max - 1));
    assertEquals(3, s.sharedCount());
    s.setShared(0, max);
    assertEquals(max, s.sharedCount());
    assertEquals(1, s.sharedRunCount());
    s.setPrivate(1, max - 1);
    assertEquals("[0,1) [" + (max - 1) + "," + max + ")", runs(s));
    StoreInvariants.assertInvariants(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void emptyBlock_everyQueryReturnsZero(String backend) {
    SharedStateStore s = store(backend, 0);
    assertEquals(0, s.nextShared(0));
    assertEquals(0, s.nextPrivate(0));
    s.setShared(0, 0);
    assertEquals(0, s.sharedRunCount());
    assertThrows(IndexOutOfBoundsException.class, () -> s.isShared(0));
  }

  // ---------------------------------------------------------------- arguments

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void arguments_outOfRange_throwWithNumbersAndChangeNothing(String backend) {
    SharedStateStore s = store(backend, 64);
    s.setShared(3, 9);
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> s.setShared(60, 65));
    assertTrue(e.getMessage().contains("65"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> s.setPrivate(-1, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> s.nextShared(65));
    assertThrows(IndexOutOfBoundsException.class, () -> s.nextPrivate(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> s.isShared(64));
    assertThrows(IndexOutOfBoundsException.class, () -> s.forEachSharedRun(0, 65, (a, b) -> {}));
    IllegalArgumentException reversed =
        assertThrows(IllegalArgumentException.class, () -> s.setPrivate(8, 4));
    assertTrue(reversed.getMessage().contains("8"), reversed.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.forEachPrivateRun(8, 4, (a, b) -> {}));
    assertThrows(NullPointerException.class, () -> s.forEachSharedRun(0, 4, null));
    assertThrows(NullPointerException.class, () -> s.forEachPrivateRun(0, 4, null));
    assertEquals("[3,9)", runs(s));
    assertEquals(6, s.sharedCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void forEachSharedRun_visitorThrows_propagatesAndChangesNothing(String backend) {
    SharedStateStore s = store(backend, 64);
    s.setShared(3, 9);
    s.setShared(20, 30);
    int[] calls = {0};
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                s.forEachSharedRun(
                    0,
                    64,
                    (a, b) -> {
                      calls[0]++;
                      throw new IllegalStateException("stop at " + a);
                    }));
    assertEquals("stop at 3", e.getMessage());
    assertEquals(1, calls[0]);
    assertEquals("[3,9) [20,30)", runs(s));
    assertFalse(s.isShared(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void forEachRun_windowCutsRuns_clipsToWindow(String backend) {
    SharedStateStore s = store(backend, 64);
    s.setShared(3, 9);
    s.setShared(20, 30);
    StringBuilder shared = new StringBuilder();
    s.forEachSharedRun(5, 25, (a, b) -> shared.append(a).append('-').append(b).append(' '));
    assertEquals("5-9 20-25 ", shared.toString());
    StringBuilder priv = new StringBuilder();
    s.forEachPrivateRun(5, 25, (a, b) -> priv.append(a).append('-').append(b).append(' '));
    assertEquals("9-20 ", priv.toString());
    StringBuilder inside = new StringBuilder();
    s.forEachPrivateRun(22, 28, (a, b) -> inside.append(a).append('-').append(b));
    assertEquals("", inside.toString());
  }

  // ---------------------------------------------------------------- toString

  @ParameterizedTest
  @ValueSource(strings = {"interval", "interval-primitive"})
  void toString_manyRuns_listsOnlyTheFirstSixteen(String backend) {
    SharedStateStore s = store(backend, 1000);
    for (int i = 0; i < 20; i++) {
      s.setShared(10L * i, 10L * i + 2);
    }
    String text = s.toString();
    assertTrue(text.contains("pageCount=1000, sharedPages=40, runs=20: [0, 2) [10, 12)"), text);
    assertTrue(text.contains("[150, 152) ...}"), text);
    assertFalse(text.contains("[160, 162)"), text);
  }
}
