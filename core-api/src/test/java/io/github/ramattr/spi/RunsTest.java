/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Runs#walk}: the walk that stops, and lets its visitor write the run it is handed. */
class RunsTest {

  /** A store of 12 pages with shared runs [1,2) [3,4) [5,6) [7,8) [9,10). */
  private static RecordingStore fiveRuns() {
    RecordingStore store = new RecordingStore(12);
    for (long page = 1; page < 10; page += 2) {
      store.setShared(page, page + 1);
    }
    store.clearCalls();
    return store;
  }

  @Test
  void walk_visitorReturnsFalse_stopsThereAndLooksUpNothingMore() {
    RecordingStore store = fiveRuns();
    int[] visits = {0};
    boolean finished =
        Runs.walk(
            store,
            0,
            12,
            true,
            (from, to) -> {
              visits[0]++;
              return visits[0] < 2;
            });
    assertFalse(finished);
    assertEquals(2, visits[0]);
    // Two lookups a run, none after the run that stopped the walk.
    assertEquals(
        List.of("doNext(0, true)", "doNext(1, false)", "doNext(2, true)", "doNext(3, false)"),
        store.calls());
  }

  @Test
  void walk_visitorNeverStops_visitsEveryRunClipped() {
    RecordingStore store = fiveRuns();
    RunList runs = new RunList();
    boolean finished =
        Runs.walk(
            store,
            2,
            10,
            false,
            (from, to) -> {
              runs.add(from, to);
              return true;
            });
    assertTrue(finished);
    assertEquals("RunList[[2, 3) [4, 5) [6, 7) [8, 9)]", runs.toString());
  }

  @Test
  void walk_visitorWritesItsRun_walkGoesOnFromItsEnd() {
    RecordingStore store = fiveRuns();
    int[] visits = {0};
    assertTrue(
        Runs.walk(
            store,
            0,
            12,
            false,
            (from, to) -> {
              visits[0]++;
              store.setShared(from, to);
              return true;
            }));
    assertEquals(6, visits[0]); // the private runs [0,1) [2,3) ... [10,12)
    assertEquals(12, store.sharedCount());
    assertEquals(1, store.sharedRunCount());
  }

  @Test
  void walk_badArguments_checksMessages() {
    RecordingStore store = fiveRuns();
    IndexOutOfBoundsException bounds =
        assertThrows(
            IndexOutOfBoundsException.class, () -> Runs.walk(store, 0, 13, true, (f, t) -> true));
    assertEquals(
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkRange(0, 13, 12))
            .getMessage(),
        bounds.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Runs.walk(store, 5, 4, true, (f, t) -> true));
    assertThrows(NullPointerException.class, () -> Runs.walk(store, 0, 12, true, null));
    assertEquals(List.of(), store.calls());
  }

  @Test
  void forEachGap_runsInsideWindow_gapsBetweenAndAtBothEnds() {
    RunList gaps = new RunList();
    Runs.forEachGap(
        0,
        20,
        runs -> {
          runs.visit(4, 6);
          runs.visit(6, 9); // touching runs leave no gap between them
          runs.visit(12, 20);
        },
        gaps::add);
    assertEquals("RunList[[0, 4) [9, 12)]", gaps.toString());
    RunList all = new RunList();
    Runs.forEachGap(3, 7, runs -> {}, all::add);
    assertEquals("RunList[[3, 7)]", all.toString());
    RunList none = new RunList();
    Runs.forEachGap(5, 5, runs -> {}, none::add);
    assertEquals(0, none.size());
  }

  @Test
  void forEachGap_reversedWindow_rejectedWithTheNumbers() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Runs.forEachGap(9, 2, runs -> {}, (f, t) -> {}));
    assertTrue(e.getMessage().contains("9") && e.getMessage().contains("2"), e.getMessage());
  }
}
