/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/**
 * Receives runs of pages {@code [fromPage, toPage)}, with {@code fromPage < toPage}, from {@link
 * Runs#walk}, and says whether the walk goes on: the {@link RunVisitor} of a walk that can stop, as
 * a listener's refusal stops a replay or a conversion. ({@code MultiSourceDiscardManager} hands its
 * combined runs, in bytes, to the same type.)
 */
@FunctionalInterface
public interface StoppableRunVisitor {
  /**
   * Called once per run, in ascending order, until it returns false. An exception thrown here stops
   * the walk and propagates to the caller.
   *
   * @param fromPage first page of the run
   * @param toPage one past the last page of the run, greater than {@code fromPage}
   * @return true to go on to the next run, false to stop the walk here
   */
  boolean visit(long fromPage, long toPage);
}
