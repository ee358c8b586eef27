/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/** The one run walker: maximal runs of one state, derived from {@code nextShared/nextPrivate}. */
final class Runs {
  private Runs() {}

  /** Arguments are already checked: {@code 0 <= fromPage <= toPage <= pageCount}. */
  static void walk(
      SharedStateStore store, long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    long page = fromPage;
    while (page < toPage) {
      long start = shared ? store.nextShared(page) : store.nextPrivate(page);
      if (start >= toPage) {
        return;
      }
      long end = Math.min(shared ? store.nextPrivate(start) : store.nextShared(start), toPage);
      visitor.visit(start, end);
      page = end;
    }
  }
}
