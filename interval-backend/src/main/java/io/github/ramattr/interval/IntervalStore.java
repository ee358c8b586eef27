/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.AbstractSharedStateStore;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.Runs;

/**
 * What both interval stores share on top of {@link AbstractSharedStateStore}, which checks the
 * arguments: the shared-page count, kept by the writes so that {@link #sharedCount()} is O(1), and
 * private runs derived as the gaps between shared runs. Subclasses implement the two searches,
 * {@link #share}, {@link #unshare}, the shared-run walk and {@link #sharedRunCount()} over their
 * tree; the arguments of each are valid and its range is not empty.
 *
 * <p>Runs are maximal: no two stored runs overlap or touch. Ranges are half-open, so the run {@code
 * [2,5)} and the run {@code [5,8)} touch and must be stored as {@code [2,8)}.
 *
 * <p>A visitor passed to a run walk must not modify the store it walks.
 */
abstract class IntervalStore extends AbstractSharedStateStore {
  /** How many runs {@link #toString()} lists; stores may hold millions. */
  private static final int RUNS_SHOWN = 16;

  /** Kept up to date by the mutators, so {@link #sharedCount()} is O(1). */
  private long sharedPages;

  IntervalStore(long pageCount, String backendName) {
    super(pageCount, Long.MAX_VALUE, backendName);
  }

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

  @Override
  protected final long doNext(long fromPage, boolean shared) {
    return shared ? firstSharedFrom(fromPage) : firstPrivateFrom(fromPage);
  }

  @Override
  protected final void doSet(long fromPage, long toPage, boolean shared) {
    if (shared) {
      sharedPages += share(fromPage, toPage);
    } else {
      sharedPages -= unshare(fromPage, toPage);
    }
  }

  @Override
  public final long sharedCount() {
    return sharedPages;
  }

  @Override
  protected final void doForEachRun(
      long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    if (shared) {
      visitSharedRuns(fromPage, toPage, visitor);
    } else {
      Runs.forEachGap(fromPage, toPage, runs -> visitSharedRuns(fromPage, toPage, runs), visitor);
    }
  }

  /** Page count, counts, and the first {@value #RUNS_SHOWN} shared runs: enough to debug with. */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(getClass().getSimpleName())
            .append("{pageCount=")
            .append(pageCount())
            .append(", sharedPages=")
            .append(sharedPages)
            .append(", runs=")
            .append(sharedRunCount())
            .append(':');
    int[] shown = {0};
    boolean all =
        Runs.walk(
            this,
            0,
            pageCount(),
            true,
            (from, to) -> {
              if (shown[0] == RUNS_SHOWN) {
                return false;
              }
              shown[0]++;
              text.append(" [").append(from).append(", ").append(to).append(')');
              return true;
            });
    return text.append(all ? "}" : " ...}").toString();
  }
}
