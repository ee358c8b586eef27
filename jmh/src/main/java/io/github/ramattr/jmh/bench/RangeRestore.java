/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.spi.RunList;
import io.github.ramattr.spi.SharedStateStore;

/**
 * The one place the bulk benchmarks overwrite a range and put its original runs back, so every op
 * leaves the store as it found it: {@link #privateThenRestore} makes {@code [from, to)} private and
 * re-adds the runs it held; {@link #sharedThenRestore} first makes the range shared (merging all of
 * its runs), then does the same.
 */
final class RangeRestore {
  private final SharedStateStore store;
  private final long from;
  private final long to;
  private final long[] runs; // pairs [start, end) of the range's original shared runs
  private final int runCount;

  /** Records the shared runs of {@code [from, to)} as they are now. */
  RangeRestore(SharedStateStore store, long from, long to) {
    if (from < 0 || from >= to || to > store.pageCount()) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") is empty or outside 0.." + store.pageCount());
    }
    this.store = store;
    this.from = from;
    this.to = to;
    RunList collected = new RunList();
    store.forEachSharedRun(from, to, collected::add);
    this.runs = collected.toArray();
    this.runCount = collected.size();
  }

  /** The range made shared (merging its runs), then restored; returns the runs restored. */
  int sharedThenRestore() {
    store.setShared(from, to);
    return privateThenRestore();
  }

  /** The range made private (dropping its runs), then restored; returns the runs restored. */
  int privateThenRestore() {
    store.setPrivate(from, to);
    for (int i = 0; i < runCount; i++) {
      store.setShared(runs[2 * i], runs[2 * i + 1]);
    }
    return runCount;
  }

  /** How many shared runs the range held when recorded. */
  int runCount() {
    return runCount;
  }

  /** First page of the range. */
  long from() {
    return from;
  }

  /** One past the last page of the range. */
  long to() {
    return to;
  }
}
