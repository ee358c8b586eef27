/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A store of the backend under test, wrapped so that a test can see and break what the facade does
 * with it: every write is recorded ({@link #writes()}), every run the store reports is counted
 * ({@link #runLookups()}), and the n-th write after {@link #failOnWrite} writes half of its range,
 * then throws, as a store that runs out of memory half-way through a write would (the maple store
 * allocates nodes while it writes). Not thread-safe.
 */
final class FailingStore extends ForwardingStore {

  /** One write the facade asked for: {@code [from, to)} to shared or private. */
  record Write(long from, long to, boolean shared) {
    @Override
    public String toString() {
      return (shared ? "setShared(" : "setPrivate(") + from + ", " + to + ")";
    }
  }

  private final List<Write> writes = new ArrayList<>();
  private int failingWrite; // 0: never; else the write number, counted from the arming
  private int writesSinceArmed;
  private boolean throwError;
  private @Nullable Throwable lastFailure;
  private long runLookups;

  FailingStore(SharedStateStore delegate) {
    super(delegate);
  }

  /**
   * Makes the {@code n}-th write from now fail, once: it writes the first half of its range, then
   * throws an {@link OutOfMemoryError} if {@code error}, else an {@link InjectedFailure}.
   */
  void failOnWrite(int n, boolean error) {
    if (n < 1) {
      throw new IllegalArgumentException("write numbers start at 1: " + n);
    }
    failingWrite = n;
    writesSinceArmed = 0;
    throwError = error;
    lastFailure = null;
  }

  /** Makes no write fail. */
  void neverFail() {
    failingWrite = 0;
  }

  /** The failure the last failing write threw, or null. */
  @Nullable Throwable lastFailure() {
    return lastFailure;
  }

  /** Every write so far, oldest first, the failed one included. */
  List<Write> writes() {
    return new ArrayList<>(writes);
  }

  /** Number of runs the store has reported: run lookups and runs visited by the run walks. */
  long runLookups() {
    return runLookups;
  }

  @Override
  public long nextShared(long fromPage) {
    runLookups++;
    return delegate.nextShared(fromPage);
  }

  @Override
  public long nextPrivate(long fromPage) {
    runLookups++;
    return delegate.nextPrivate(fromPage);
  }

  // The delegate's own derived operations, not the defaults over the counted lookups: only what the
  // facade asks for is counted.
  @Override
  public boolean isShared(long page) {
    return delegate.isShared(page);
  }

  @Override
  public long sharedCount() {
    return delegate.sharedCount();
  }

  @Override
  public long sharedRunCount() {
    return delegate.sharedRunCount();
  }

  @Override
  public void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    delegate.forEachSharedRun(fromPage, toPage, counting(visitor));
  }

  @Override
  public void forEachPrivateRun(long fromPage, long toPage, RunVisitor visitor) {
    delegate.forEachPrivateRun(fromPage, toPage, counting(visitor));
  }

  private RunVisitor counting(RunVisitor visitor) {
    return (from, to) -> {
      runLookups++;
      visitor.visit(from, to);
    };
  }

  @Override
  public void setShared(long fromPage, long toPage) {
    write(fromPage, toPage, true);
  }

  @Override
  public void setPrivate(long fromPage, long toPage) {
    write(fromPage, toPage, false);
  }

  private void write(long fromPage, long toPage, boolean shared) {
    writes.add(new Write(fromPage, toPage, shared));
    writesSinceArmed++;
    if (failingWrite == 0 || writesSinceArmed != failingWrite) {
      apply(fromPage, toPage, shared);
      return;
    }
    failingWrite = 0;
    apply(fromPage, fromPage + (toPage - fromPage) / 2, shared);
    String what =
        "injected failure of store write #"
            + writesSinceArmed
            + ", "
            + new Write(fromPage, toPage, shared);
    if (throwError) {
      OutOfMemoryError error = new OutOfMemoryError(what);
      lastFailure = error;
      throw error;
    }
    InjectedFailure failure = new InjectedFailure(what);
    lastFailure = failure;
    throw failure;
  }

  private void apply(long fromPage, long toPage, boolean shared) {
    if (shared) {
      delegate.setShared(fromPage, toPage);
    } else {
      delegate.setPrivate(fromPage, toPage);
    }
  }

  @Override
  public String toString() {
    return "FailingStore{" + delegate + '}';
  }
}
