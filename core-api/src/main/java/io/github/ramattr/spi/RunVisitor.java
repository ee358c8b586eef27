/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/**
 * Receives runs of pages {@code [fromPage, toPage)}, with {@code fromPage < toPage}, from {@link
 * SharedStateStore#forEachSharedRun} and {@link SharedStateStore#forEachPrivateRun}. It is called
 * on the thread that walks the store, and must not modify that store.
 */
@FunctionalInterface
public interface RunVisitor {
  /**
   * Called once per run, in ascending order. An exception thrown here stops the walk and propagates
   * to the caller; the store is unchanged.
   *
   * @param fromPage first page of the run
   * @param toPage one past the last page of the run, greater than {@code fromPage}
   */
  void visit(long fromPage, long toPage);
}
