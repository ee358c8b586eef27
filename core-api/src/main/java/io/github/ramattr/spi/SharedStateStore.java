/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.Objects;

/**
 * The shared/private state of every page of one block of guest memory: the single contract every
 * backend implements.
 *
 * <p>Pages are numbered {@code 0 .. pageCount()-1} and every page starts <b>private</b>. Ranges are
 * half-open, {@code [fromPage, toPage)}. A store keeps its shared pages as <i>maximal runs</i>: two
 * runs never touch, so the runs a store reports do not depend on the calls that produced them. For
 * example, on a store of 10 pages:
 *
 * <pre>{@code
 * setShared(2, 5)    shared runs: [2,5)
 * setShared(5, 8)    shared runs: [2,8)          (touching runs coalesce)
 * setPrivate(4, 6)   shared runs: [2,4) [6,8)    (a split)
 * setShared(3, 7)    shared runs: [2,8)          (a merge)
 * setShared(9, 9)    shared runs: [2,8)          (an empty range is a no-op)
 * }</pre>
 *
 * <h2>Arguments</h2>
 *
 * <ul>
 *   <li>A page index outside {@code [0, pageCount()]} throws {@link IndexOutOfBoundsException}
 *       ({@link #isShared} takes {@code [0, pageCount())}; {@code nextShared(pageCount())} is legal
 *       and returns {@code pageCount()}).
 *   <li>{@code fromPage > toPage} throws {@link IllegalArgumentException}; {@code fromPage ==
 *       toPage} is a no-op.
 *   <li>A null visitor throws {@link NullPointerException}.
 *   <li>Messages carry the offending numbers, and a rejected call changes nothing.
 * </ul>
 *
 * Implementations check arguments once, at this boundary, with {@link Checks}; {@link
 * AbstractSharedStateStore} does it for them, and is the base every ramattr store extends.
 *
 * <h2>Threads</h2>
 *
 * A store is a plain single-writer data structure, like {@link java.util.BitSet}: it is not
 * thread-safe. {@code io.github.ramattr.RamBlockAttribute} serialises access to the store it owns.
 *
 * <p>The default methods are derived from {@link #nextShared} and {@link #nextPrivate} (the run
 * walks are {@link Runs#walk}, which can also stop early); backends override them where they can do
 * better, with the same contract.
 */
public interface SharedStateStore {

  /**
   * Number of pages in this store, fixed at creation.
   *
   * @return the page count, never negative
   */
  long pageCount();

  /**
   * Returns the first shared page {@code >= fromPage}, or {@link #pageCount()} if there is none.
   *
   * @param fromPage where to start looking, in {@code [0, pageCount()]}
   * @return the first shared page at or after {@code fromPage}, or {@code pageCount()}
   * @throws IndexOutOfBoundsException if {@code fromPage} is outside {@code [0, pageCount()]}
   */
  long nextShared(long fromPage);

  /**
   * Returns the first private page {@code >= fromPage}, or {@link #pageCount()} if there is none.
   *
   * @param fromPage where to start looking, in {@code [0, pageCount()]}
   * @return the first private page at or after {@code fromPage}, or {@code pageCount()}
   * @throws IndexOutOfBoundsException if {@code fromPage} is outside {@code [0, pageCount()]}
   */
  long nextPrivate(long fromPage);

  /**
   * Makes pages {@code [fromPage, toPage)} shared.
   *
   * @param fromPage first page to make shared
   * @param toPage one past the last page to make shared
   * @throws IndexOutOfBoundsException if either bound is outside {@code [0, pageCount()]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   */
  void setShared(long fromPage, long toPage);

  /**
   * Makes pages {@code [fromPage, toPage)} private.
   *
   * @param fromPage first page to make private
   * @param toPage one past the last page to make private
   * @throws IndexOutOfBoundsException if either bound is outside {@code [0, pageCount()]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   */
  void setPrivate(long fromPage, long toPage);

  /**
   * Retained heap of this store in bytes (the whole object graph it owns, object headers and
   * padding included, as JOL's {@code GraphLayout} measures it on a 64-bit JVM with compressed
   * oops), within 10% of a measurement.
   *
   * @return the estimated retained heap in bytes
   */
  long estimatedSizeInBytes();

  // ---------------------------------------------------------------- derived operations

  /**
   * Whether {@code page} is shared.
   *
   * @param page the page, in {@code [0, pageCount())}
   * @return true if it is shared, false if private
   * @throws IndexOutOfBoundsException if {@code page} is outside {@code [0, pageCount())}
   */
  default boolean isShared(long page) {
    Checks.checkPage(page, pageCount());
    return nextShared(page) == page;
  }

  /**
   * Number of shared pages.
   *
   * @return the shared page count, in {@code [0, pageCount()]}
   */
  default long sharedCount() {
    long[] count = {0};
    forEachSharedRun(0, pageCount(), (from, to) -> count[0] += to - from);
    return count[0];
  }

  /**
   * Number of maximal shared runs.
   *
   * @return the shared run count
   */
  default long sharedRunCount() {
    long[] count = {0};
    forEachSharedRun(0, pageCount(), (from, to) -> count[0]++);
    return count[0];
  }

  /**
   * Visits the maximal shared runs that meet {@code [fromPage, toPage)}, clipped to it, in
   * ascending order. A run is reported once even if the store holds it in pieces.
   *
   * @param fromPage first page of the range walked
   * @param toPage one past the last page of the range walked
   * @param visitor called once per run
   * @throws IndexOutOfBoundsException if either bound is outside {@code [0, pageCount()]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   * @throws NullPointerException if {@code visitor} is null
   */
  default void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount());
    Objects.requireNonNull(visitor, "visitor");
    Runs.forEach(this, fromPage, toPage, true, visitor);
  }

  /**
   * Visits the maximal private runs that meet {@code [fromPage, toPage)}, clipped to it, in
   * ascending order.
   *
   * @param fromPage first page of the range walked
   * @param toPage one past the last page of the range walked
   * @param visitor called once per run
   * @throws IndexOutOfBoundsException if either bound is outside {@code [0, pageCount()]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   * @throws NullPointerException if {@code visitor} is null
   */
  default void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount());
    Objects.requireNonNull(visitor, "visitor");
    Runs.forEach(this, fromPage, toPage, false, visitor);
  }
}
