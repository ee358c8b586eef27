/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.Checks;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import java.util.Objects;

/**
 * The boundary both interval stores share: argument checks, the shared-page count, and private runs
 * derived as the gaps between shared runs. Subclasses implement the unchecked primitives over their
 * tree, and may assume {@code 0 <= fromPage < toPage <= pageCount} (or {@code 0 <= page <
 * pageCount} for single-page searches).
 *
 * <p>Runs are maximal: no two stored runs overlap or touch. Ranges are half-open, so the run {@code
 * [2,5)} and the run {@code [5,8)} touch and must be stored as {@code [2,8)}.
 *
 * <p>A visitor passed to a run walk must not modify the store it walks.
 */
abstract class IntervalStore implements SharedStateStore {
  /** How many runs {@link #toString()} lists; stores may hold millions. */
  private static final int RUNS_SHOWN = 16;

  private final long pageCount;

  /** Kept up to date by the mutators, so {@link #sharedCount()} is O(1). */
  private long sharedPages;

  IntervalStore(long pageCount) {
    this.pageCount = pageCount;
  }

  // ---------------------------------------------------------------- primitives, unchecked

  /** Whether {@code page} is shared; {@code page < pageCount()}. */
  abstract boolean sharedAt(long page);

  /** First shared page {@code >= page}, or {@code pageCount()}; {@code page < pageCount()}. */
  abstract long firstSharedFrom(long page);

  /** First private page {@code >= page}, or {@code pageCount()}; {@code page < pageCount()}. */
  abstract long firstPrivateFrom(long page);

  /** Makes {@code [fromPage, toPage)} shared; returns how many pages were private before. */
  abstract long share(long fromPage, long toPage);

  /** Makes {@code [fromPage, toPage)} private; returns how many pages were shared before. */
  abstract long unshare(long fromPage, long toPage);

  /** Visits the shared runs meeting {@code [fromPage, toPage)}, clipped, ascending. */
  abstract void visitSharedRuns(long fromPage, long toPage, RunVisitor visitor);

  /** Number of runs in the tree. */
  abstract long runCount();

  // ---------------------------------------------------------------- checked boundary

  @Override
  public final long pageCount() {
    return pageCount;
  }

  @Override
  public final boolean isShared(long page) {
    Checks.checkPage(page, pageCount);
    return sharedAt(page);
  }

  @Override
  public final long nextShared(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : firstSharedFrom(fromPage);
  }

  @Override
  public final long nextPrivate(long fromPage) {
    Checks.checkPosition(fromPage, pageCount);
    return fromPage == pageCount ? pageCount : firstPrivateFrom(fromPage);
  }

  @Override
  public final void setShared(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      sharedPages += share(fromPage, toPage);
    }
  }

  @Override
  public final void setPrivate(long fromPage, long toPage) {
    Checks.checkRange(fromPage, toPage, pageCount);
    if (fromPage < toPage) {
      sharedPages -= unshare(fromPage, toPage);
    }
  }

  @Override
  public final long sharedCount() {
    return sharedPages;
  }

  @Override
  public final long sharedRunCount() {
    return runCount();
  }

  @Override
  public final void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount);
    Objects.requireNonNull(visitor, "visitor");
    if (fromPage < toPage) {
      visitSharedRuns(fromPage, toPage, visitor);
    }
  }

  @Override
  public final void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    Checks.checkRange(fromPage, toPage, pageCount);
    Objects.requireNonNull(visitor, "visitor");
    if (fromPage < toPage) {
      Gaps gaps = new Gaps(fromPage, visitor);
      visitSharedRuns(fromPage, toPage, gaps);
      gaps.finish(toPage);
    }
  }

  /** Page count, counts, and the first {@value #RUNS_SHOWN} shared runs: enough to debug with. */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(getClass().getSimpleName())
            .append("{pageCount=")
            .append(pageCount)
            .append(", sharedPages=")
            .append(sharedPages)
            .append(", runs=")
            .append(runCount())
            .append(':');
    long page = 0;
    for (int shown = 0; shown < RUNS_SHOWN && page < pageCount; shown++) {
      long start = firstSharedFrom(page);
      if (start == pageCount) {
        break;
      }
      page = firstPrivateFrom(start);
      text.append(" [").append(start).append(", ").append(page).append(')');
    }
    return text.append(runCount() > RUNS_SHOWN ? " ...}" : "}").toString();
  }

  /**
   * Turns the shared runs of a window, visited ascending, into the private runs between them:
   *
   * <pre>
   *   window     [-----------------------------)
   *   shared          [===)      [=====)
   *   private    [----)   [------)     [-------)
   * </pre>
   */
  private static final class Gaps implements RunVisitor {
    private final RunVisitor privateRuns;
    private long cursor;

    Gaps(long fromPage, RunVisitor privateRuns) {
      this.cursor = fromPage;
      this.privateRuns = privateRuns;
    }

    @Override
    public void visit(long fromPage, long toPage) {
      if (fromPage > cursor) {
        privateRuns.visit(cursor, fromPage);
      }
      cursor = toPage;
    }

    void finish(long toPage) {
      if (cursor < toPage) {
        privateRuns.visit(cursor, toPage);
      }
    }
  }
}
