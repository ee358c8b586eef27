/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/**
 * Argument checks for {@link SharedStateStore} implementations: the one validator every backend
 * calls at its public boundary, before any write. Messages carry the offending numbers and are
 * formatted only on failure.
 *
 * <p>Internal faults are not argument errors: backends throw {@link AssertionError} for those. All
 * methods are static and stateless, so thread-safe.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks a page index, {@code 0 <= page < pageCount}.
   *
   * @param page the index to check
   * @param pageCount the store's page count
   * @return {@code page}
   * @throws IndexOutOfBoundsException otherwise
   */
  public static long checkPage(long page, long pageCount) {
    if (page < 0 || page >= pageCount) {
      throw new IndexOutOfBoundsException("page " + page + " out of range [0, " + pageCount + ")");
    }
    return page;
  }

  /**
   * Checks a page position (a range bound or a search start), {@code 0 <= page <= pageCount}.
   *
   * @param page the position to check
   * @param pageCount the store's page count
   * @return {@code page}
   * @throws IndexOutOfBoundsException otherwise
   */
  public static long checkPosition(long page, long pageCount) {
    if (page < 0 || page > pageCount) {
      throw new IndexOutOfBoundsException("page " + page + " out of range [0, " + pageCount + "]");
    }
    return page;
  }

  /**
   * Checks a half-open page range {@code [fromPage, toPage)}: both bounds within {@code [0,
   * pageCount]}, then {@code fromPage <= toPage}.
   *
   * @param fromPage first page of the range
   * @param toPage one past the last page of the range
   * @param pageCount the store's page count
   * @throws IndexOutOfBoundsException if a bound is outside {@code [0, pageCount]}
   * @throws IllegalArgumentException if {@code fromPage > toPage}
   */
  public static void checkRange(long fromPage, long toPage, long pageCount) {
    if (fromPage < 0 || toPage < 0 || fromPage > pageCount || toPage > pageCount) {
      throw new IndexOutOfBoundsException(
          "range [" + fromPage + ", " + toPage + ") out of bounds [0, " + pageCount + "]");
    }
    if (fromPage > toPage) {
      throw new IllegalArgumentException(
          "fromPage " + fromPage + " > toPage " + toPage + " (pageCount " + pageCount + ")");
    }
  }

  /**
   * Checks a page count a backend is asked to hold, {@code 0 <= pageCount <= maxPageCount}.
   *
   * @param pageCount the page count asked for
   * @param maxPageCount the backend's limit, {@link SharedStateStoreProvider#maxPageCount()}
   * @param backendName the backend's name, for the message
   * @return {@code pageCount}
   * @throws IllegalArgumentException otherwise, naming the backend and its limit
   */
  public static long checkPageCount(long pageCount, long maxPageCount, String backendName) {
    if (pageCount < 0 || pageCount > maxPageCount) {
      throw new IllegalArgumentException(
          "backend '"
              + backendName
              + "' cannot hold pageCount "
              + pageCount
              + ": must be in [0, "
              + maxPageCount
              + "]");
    }
    return pageCount;
  }
}
