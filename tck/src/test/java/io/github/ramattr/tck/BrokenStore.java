/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;
import io.github.ramattr.spi.Checks;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStoreProvider;

/**
 * A {@link ReferenceModel} with one deliberate bug, for showing that the TCK's checks fail on wrong
 * stores. Each {@link Bug} is a mistake a real backend could make.
 */
final class BrokenStore extends ForwardingStore {
  enum Bug {
    /** The shared walk reports every run longer than one page as two touching pieces. */
    WALK_SPLITS_RUNS,
    /** {@code setShared(p, p)} makes page p shared. */
    EMPTY_RANGE_WRITES,
    /** An upper bound past pageCount throws IllegalArgumentException, not IndexOutOfBounds. */
    WRONG_EXCEPTION,
    /** An upper bound past pageCount is rejected only after writing up to pageCount. */
    WRITES_BEFORE_REJECTING,
    /** nextShared rejects a bad page without naming it. */
    MESSAGE_WITHOUT_NUMBER,
    /** The shared walk swallows the visitor's exceptions. */
    SWALLOWS_VISITOR_EXCEPTION,
    /** sharedCount is one too high when anything is shared. */
    COUNT_OFF_BY_ONE,
    /** setPrivate of 100 pages or more leaves the last page shared. */
    SET_PRIVATE_SKIPS_LAST_PAGE,
    /** nextShared(pageCount) throws instead of returning pageCount. */
    NEXT_AT_PAGE_COUNT_THROWS,
    /** isShared says false for the last page. */
    IS_SHARED_MISSES_LAST_PAGE,
    /** nextShared does not see shared pages at or past 2^35. */
    HIGH_PAGES_INVISIBLE,
  }

  private final Bug bug;

  BrokenStore(long pageCount, Bug bug) {
    super(new ReferenceModel(pageCount));
    this.bug = bug;
  }

  /** A provider of broken stores; its name is not registered anywhere. */
  static SharedStateStoreProvider provider(Bug bug) {
    return new AbstractSharedStateStoreProvider(
        "broken-" + bug, pageCount -> new BrokenStore(pageCount, bug)) {};
  }

  @Override
  public long nextShared(long fromPage) {
    if (bug == Bug.MESSAGE_WITHOUT_NUMBER && (fromPage < 0 || fromPage > pageCount())) {
      throw new IndexOutOfBoundsException("bad page");
    }
    if (bug == Bug.NEXT_AT_PAGE_COUNT_THROWS) {
      Checks.checkPage(fromPage, pageCount());
    }
    long next = delegate.nextShared(fromPage);
    return bug == Bug.HIGH_PAGES_INVISIBLE && next >= 1L << 35 ? pageCount() : next;
  }

  @Override
  public void setShared(long fromPage, long toPage) {
    if (bug == Bug.WRONG_EXCEPTION && toPage > pageCount()) {
      throw new IllegalArgumentException("toPage " + toPage + " > " + pageCount());
    }
    if (bug == Bug.WRITES_BEFORE_REJECTING && toPage > pageCount() && fromPage >= 0) {
      delegate.setShared(Math.min(fromPage, pageCount()), pageCount());
    }
    if (bug == Bug.EMPTY_RANGE_WRITES && fromPage == toPage && fromPage < pageCount()) {
      delegate.setShared(fromPage, fromPage + 1);
      return;
    }
    delegate.setShared(fromPage, toPage);
  }

  @Override
  public void setPrivate(long fromPage, long toPage) {
    if (bug == Bug.SET_PRIVATE_SKIPS_LAST_PAGE && toPage - fromPage >= 100) {
      Checks.checkRange(fromPage, toPage, pageCount());
      delegate.setPrivate(fromPage, toPage - 1);
      return;
    }
    delegate.setPrivate(fromPage, toPage);
  }

  @Override
  public boolean isShared(long page) {
    if (bug == Bug.IS_SHARED_MISSES_LAST_PAGE && page == pageCount() - 1) {
      return false;
    }
    return delegate.isShared(page);
  }

  @Override
  public long sharedCount() {
    long count = delegate.sharedCount();
    return bug == Bug.COUNT_OFF_BY_ONE && count > 0 ? count + 1 : count;
  }

  @Override
  public long sharedRunCount() {
    return delegate.sharedRunCount();
  }

  @Override
  public void forEachSharedRun(long fromPage, long toPage, RunVisitor visitor) {
    if (bug == Bug.WALK_SPLITS_RUNS) {
      delegate.forEachSharedRun(
          fromPage,
          toPage,
          (from, to) -> {
            if (to - from > 1) {
              long middle = from + (to - from) / 2;
              visitor.visit(from, middle);
              visitor.visit(middle, to);
            } else {
              visitor.visit(from, to);
            }
          });
    } else if (bug == Bug.SWALLOWS_VISITOR_EXCEPTION) {
      try {
        delegate.forEachSharedRun(fromPage, toPage, visitor);
      } catch (IllegalStateException e) {
        // the bug: the caller never learns that its visitor objected
      }
    } else {
      super.forEachSharedRun(fromPage, toPage, visitor); // the interface's walk over nextShared
    }
  }
}
