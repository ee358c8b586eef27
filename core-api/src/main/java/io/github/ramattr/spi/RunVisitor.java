/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/** Receives runs of pages {@code [fromPage, toPage)}, with {@code fromPage < toPage}. */
@FunctionalInterface
public interface RunVisitor {
  /**
   * Called once per run, in ascending order. An exception thrown here stops the walk and propagates
   * to the caller; the store is unchanged.
   */
  void visit(long fromPage, long toPage);
}
