/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one run walk: the maximal runs of one state, looked up run by run with {@link
 * SharedStateStore#nextShared} and {@link SharedStateStore#nextPrivate}, until the visitor stops
 * it. The {@link SharedStateStore} defaults, {@link AbstractSharedStateStore} and the facade's
 * conversions, replays and rollbacks all walk with it.
 *
 * <p>Each run costs two searches, {@code O(runs x search)} in all, and nothing is looked up after
 * the visitor stops the walk. Stateless, so thread-safe; the store walked is not.
 */
public final class Runs {
  private Runs() {}

  /**
   * Visits the maximal runs of state {@code shared} that meet {@code [fromPage, toPage)}, clipped
   * to it, in ascending order, until {@code visitor} returns false.
   *
   * <p>Unlike {@link SharedStateStore#forEachSharedRun}, this walk lets the visitor change the
   * store: each run is looked up only after the visitor has returned from the one before, and the
   * walk goes on from the end of that run, so a visitor may write the run it is handed (and any
   * page before it), as a conversion does. Writes after the run it is handed are seen by the walk.
   *
   * @param store the store walked
   * @param fromPage first page of the range walked
   * @param toPage one past the last page of the range walked
   * @param shared walk the shared runs if true, the private runs if false
   * @param visitor called once per run until it returns false
   * @return true if every run was visited, false if the visitor stopped the walk
   * @throws IndexOutOfBoundsException if either bound is outside {@code [0, store.pageCount()]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   * @throws NullPointerException if {@code store} or {@code visitor} is null
   */
  public static boolean walk(
      SharedStateStore store,
      long fromPage,
      long toPage,
      boolean shared,
      StoppableRunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, store.pageCount());
    Objects.requireNonNull(visitor, "visitor");
    return walkChecked(store, fromPage, toPage, shared, visitor);
  }

  /** {@link #walk} whose arguments are already checked. */
  static boolean walkChecked(
      SharedStateStore store,
      long fromPage,
      long toPage,
      boolean shared,
      StoppableRunVisitor visitor) {
    long page = fromPage;
    while (page < toPage) {
      long start = shared ? store.nextShared(page) : store.nextPrivate(page);
      if (start >= toPage) {
        return true;
      }
      long end = Math.min(shared ? store.nextPrivate(start) : store.nextShared(start), toPage);
      if (!visitor.visit(start, end)) {
        return false;
      }
      page = end;
    }
    return true;
  }

  /**
   * Visits the gaps between the runs that {@code runs} hands, ascending, to the visitor it is
   * given, within {@code [fromPage, toPage)}: the private runs of a window from its shared runs, or
   * the discarded bytes of a section from its populated runs.
   *
   * <pre>
   *   window     [-----------------------------)
   *   runs            [===)      [=====)
   *   gaps       [----)   [------)     [-------)
   * </pre>
   *
   * @param fromPage first position of the window
   * @param toPage one past the last position of the window
   * @param runs hands the runs, ascending, apart and inside the window (not checked), to the
   *     visitor it is given
   * @param gaps called once per gap, ascending
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   * @throws NullPointerException if {@code runs} or {@code gaps} is null
   */
  public static void forEachGap(
      long fromPage, long toPage, Consumer<RunVisitor> runs, RunVisitor gaps) {
    if (fromPage > toPage) {
      throw new IllegalArgumentException("gaps of [" + fromPage + ", " + toPage + "): from > to");
    }
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(gaps, "gaps");
    long[] gapStart = {fromPage};
    runs.accept(
        (from, to) -> {
          if (from > gapStart[0]) {
            gaps.visit(gapStart[0], from);
          }
          gapStart[0] = to;
        });
    if (gapStart[0] < toPage) {
      gaps.visit(gapStart[0], toPage);
    }
  }

  /** {@link #walkChecked} to its end, for a visitor that cannot stop. */
  static void forEach(
      SharedStateStore store, long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    walkChecked(
        store,
        fromPage,
        toPage,
        shared,
        (from, to) -> {
          visitor.visit(from, to);
          return true;
        });
  }
}
