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
 * valid, non-empty arguments. A backend implements five primitives and {@link
 * #estimatedSizeInBytes}; the rest has defaults it overrides where it can do better.
 *
 * <pre>
 *   public, final, checked            protected primitive       may assume
 *   isShared(page)                    doIsShared(page)          0 &lt;= page &lt; pageCount
 *   nextShared(from)                  doNextShared(from)        0 &lt;= from &lt; pageCount
 *   nextPrivate(from)                 doNextPrivate(from)       0 &lt;= from &lt; pageCount
 *   setShared(from, to)               doSetShared(from, to)     0 &lt;= from &lt; to &lt;= pageCount
 *   setPrivate(from, to)              doSetPrivate(from, to)    0 &lt;= from &lt; to &lt;= pageCount
 *   forEachSharedRun(from, to, v)     doForEachSharedRun(..)    the same, v not null
 *   forEachPrivateRun(from, to, v)    doForEachPrivateRun(..)   the same, v not null
 * </pre>
 *
 * <p>The page count is checked once, here, when the store is made: a provider's {@code create} and
 * {@link SharedStateStores#create} need no check of their own. The final methods are a check and
 * one call each, small enough for the JIT to inline, so a store pays no more for them than for the
 * checks it would otherwise write itself.
 *
 * <p>Defaults: {@link #doIsShared} asks {@link #doNextShared}; the run walks are {@link Runs}'
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

  @Override
  public final long nextShared(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : doNextShared(fromPage);
  }

  @Override
  public final long nextPrivate(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : doNextPrivate(fromPage);
  }

  @Override
  public final void setShared(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      doSetShared(fromPage, toPage);
    }
  }

  @Override
  public final void setPrivate(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      doSetPrivate(fromPage, toPage);
    }
  }

  @Override
  public final void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount);
    Objects.requireNonNull(visitor, "visitor");
    if (fromPage < toPage) {
      doForEachSharedRun(fromPage, toPage, visitor);
    }
  }

  @Override
  public final void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount);
    Objects.requireNonNull(visitor, "visitor");
    if (fromPage < toPage) {
      doForEachPrivateRun(fromPage, toPage, visitor);
    }
  }

  // ---------------------------------------------------------------- primitives, unchecked

  /**
   * Whether {@code page} is shared. By default {@code doNextShared(page) == page}.
   *
   * @param page the page, {@code 0 <= page < pageCount()}
   * @return true if it is shared
   */
  protected boolean doIsShared(long page) {
    return doNextShared(page) == page;
  }

  /**
   * The first shared page {@code >= fromPage}, or {@link #pageCount()} if there is none.
   *
   * @param fromPage where to start looking, {@code 0 <= fromPage < pageCount()}
   * @return the first shared page at or after {@code fromPage}, or {@code pageCount()}
   */
  protected abstract long doNextShared(long fromPage);

  /**
   * The first private page {@code >= fromPage}, or {@link #pageCount()} if there is none.
   *
   * @param fromPage where to start looking, {@code 0 <= fromPage < pageCount()}
   * @return the first private page at or after {@code fromPage}, or {@code pageCount()}
   */
  protected abstract long doNextPrivate(long fromPage);

  /**
   * Makes {@code [fromPage, toPage)} shared.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   */
  protected abstract void doSetShared(long fromPage, long toPage);

  /**
   * Makes {@code [fromPage, toPage)} private.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   */
  protected abstract void doSetPrivate(long fromPage, long toPage);

  /**
   * Visits the maximal shared runs that meet {@code [fromPage, toPage)}, clipped to it, ascending.
   * By default {@link Runs}' walk.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   * @param visitor called once per run, not null
   */
  protected void doForEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    Runs.forEach(this, fromPage, toPage, true, visitor);
  }

  /**
   * Visits the maximal private runs that meet {@code [fromPage, toPage)}, clipped to it, ascending.
   * By default {@link Runs}' walk.
   *
   * @param fromPage first page, {@code 0 <= fromPage < toPage}
   * @param toPage one past the last page, {@code toPage <= pageCount()}
   * @param visitor called once per run, not null
   */
  protected void doForEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    Runs.forEach(this, fromPage, toPage, false, visitor);
  }
}
