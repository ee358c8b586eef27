/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.Objects;

/**
 * The skeleton of a {@link SharedStateStore}: every public method that takes arguments is final,
 * checks them once with {@link Checks} (so every backend throws the same exceptions with the same
 * messages), answers the empty cases itself, and then calls one protected primitive that may assume
 * valid, non-empty arguments. A backend implements two primitives and {@link
 * #estimatedSizeInBytes}; the rest has defaults it overrides where it can do better.
 *
 * <pre>
 *   public, final, checked              protected primitive               may assume
 *   isShared(page)                      doIsShared(page)                  0 &lt;= page &lt; pageCount
 *   nextShared(from), nextPrivate(..)   doNext(from, shared)              0 &lt;= from &lt; pageCount
 *   setShared(from, to), setPrivate(..) doSet(from, to, shared)           0 &lt;= from &lt; to &lt;= pageCount
 *   forEachSharedRun(from, to, v), ..   doForEachRun(from, to, shared, v) the same, v not null
 * </pre>
 *
 * <p>The state is a {@code boolean shared} argument rather than a pair of methods because most
 * stores search and write both states with one piece of code; a store that has two calls one of
 * them on the flag, a branch the JIT folds where the public method passes a constant.
 *
 * <p>The page count is checked once, here, when the store is made: a provider's {@code create} and
 * {@link SharedStateStores#create} need no check of their own. The final methods are a check and
 * one call each, small enough for the JIT to inline, so a store pays no more for them than for the
 * checks it would otherwise write itself.
 *
 * <p>Defaults: {@link #doIsShared} asks {@link #doNext}; {@link #doForEachRun} is {@link Runs}'
 * walk; {@link #sharedCount()} and {@link #sharedRunCount()} (no arguments, so not final) count
 * that walk's runs. Like the stores it is for, this class is not thread-safe.
 */
public abstract class AbstractSharedStateStore implements SharedStateStore {
  private final long pageCount;

  /**
   * Creates a store of {@code pageCount} pages, all private, once the count is checked.
   *
   * @param pageCount the number of pages
   * @param maxPageCount the backend's limit, its provider's {@link
   *     SharedStateStoreProvider#maxPageCount()}
   * @param backendName the backend's name, for the message
   * @throws IllegalArgumentException if {@code pageCount} is negative or over {@code maxPageCount}
   */
  protected AbstractSharedStateStore(long pageCount, long maxPageCount, String backendName) {
    this.pageCount = Checks.checkPageCount(pageCount, maxPageCount, backendName);
  }

  @Override
  public final long pageCount() {
    return pageCount;
  }

  @Override
  public final boolean isShared(long page) {
    Checks.checkPage(page, pageCount);
    return doIsShared(page);
  }

  // Each public method passes its state to the primitive as a constant, with no shared helper
  // between them: a helper taking the flag is compiled once with both of the primitive's paths
  // (too large to inline into a caller afterwards), where each of these methods inlines the
  // primitive with the flag folded. On the bitmap store's split and merge the helper cost 4 ns of
  // 7 (scripts/ab-bench.sh).

  @Override
  public final long nextShared(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : doNext(fromPage, true);
  }

  @Override
  public final long nextPrivate(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : doNext(fromPage, false);
  }

  @Override
  public final void setShared(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      doSet(fromPage, toPage, true);
    }
  }

  @Override
  public final void setPrivate(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      doSet(fromPage, toPage, false);
    }
  }

  @Override
  public final void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    forEachRun(fromPage, toPage, true, visitor);
  }

  @Override
  public final void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    forEachRun(fromPage, toPage, false, visitor);
  }

  private void forEachRun(long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount);
    Objects.requireNonNull(visitor, "visitor");
    if (fromPage < toPage) {
      doForEachRun(fromPage, toPage, shared, visitor);
    }
  }

  // ---------------------------------------------------------------- primitives, unchecked

  /**
   * Whether {@code page} is shared. By default {@code doNext(page, true) == page}.
   *
   * @param page the page, {@code 0 <= page < pageCount()}
   * @return true if it is shared
   */
  protected boolean doIsShared(long page) {
    return doNext(page, true) == page;
  }

  /**
   * The first page {@code >= fromPage} in state {@code shared}, or {@link #pageCount()} if there is
   * none.
   *
   * @param fromPage where to start looking, {@code 0 <= fromPage < pageCount()}
   * @param shared look for a shared page if true, for a private page if false
   * @return the first such page at or after {@code fromPage}, or {@code pageCount()}
   */
  protected abstract long doNext(long fromPage, boolean shared);

  /**
   * Puts pages {@code [fromPage, toPage)} in state {@code shared}.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   * @param shared make them shared if true, private if false
   */
  protected abstract void doSet(long fromPage, long toPage, boolean shared);

  /**
   * Visits the maximal runs of state {@code shared} that meet {@code [fromPage, toPage)}, clipped
   * to it, ascending. By default {@link Runs}' walk, which searches with {@link #doNext}.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   * @param shared visit the shared runs if true, the private runs if false
   * @param visitor called once per run, not null
   */
  protected void doForEachRun(long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    Runs.forEach(this, fromPage, toPage, shared, visitor);
  }
}
