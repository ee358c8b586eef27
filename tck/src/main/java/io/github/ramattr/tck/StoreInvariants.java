/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.RunList;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Structural checks every TCK test runs on a store, and the one comparison of two stores.
 *
 * <p>{@link #assertInvariants} checks, through the public SPI only:
 *
 * <ul>
 *   <li>{@code forEachSharedRun(0, pageCount)} reports maximal runs: non-empty, ascending, inside
 *       {@code [0, pageCount)}, never touching;
 *   <li>{@code forEachPrivateRun(0, pageCount)} reports exactly their complement;
 *   <li>{@code sharedCount()} and {@code sharedRunCount()} equal the sum and the number of runs;
 *   <li>{@code nextShared}, {@code nextPrivate} and {@code isShared} agree with the runs: at every
 *       page for stores of at most {@value #EXHAUSTIVE_LIMIT} pages, otherwise at 0, 1, {@code
 *       pageCount-1}, {@code pageCount} and one page either side of every run edge, so a store of
 *       2^40 pages with few runs is checked in time proportional to its runs;
 *   <li>both run walks over the whole store and clipped to a dozen windows agree with the clipped
 *       runs;
 *   <li>the {@link SharedStateStore} default methods, run over the store's six abstract methods
 *       only, agree with the store's overrides.
 * </ul>
 *
 * Run lists are {@code long[]} arrays {@code {from0, to0, from1, to1, ...}}. Every failure is an
 * {@link AssertionError} whose message names the store class and the offending pages.
 */
public final class StoreInvariants {
  /** Stores of up to this many pages are checked at every page. */
  public static final long EXHAUSTIVE_LIMIT = 1 << 14;

  private static final int WINDOWS = 12;

  private StoreInvariants() {}

  // ---------------------------------------------------------------- run lists

  /**
   * The shared runs of the whole store as {@code forEachSharedRun(0, pageCount())} reports them,
   * unchecked: {@code {from0, to0, from1, to1, ...}}.
   *
   * @throws AssertionError if the store reports more runs than it has pages
   */
  public static long[] sharedRuns(SharedStateStore store) {
    return runs(store, 0, store.pageCount(), true);
  }

  /**
   * The private runs of the whole store as {@code forEachPrivateRun(0, pageCount())} reports them,
   * unchecked.
   *
   * @throws AssertionError if the store reports more runs than it has pages
   */
  public static long[] privateRuns(SharedStateStore store) {
    return runs(store, 0, store.pageCount(), false);
  }

  /**
   * The runs one walk reports over {@code [fromPage, toPage)}, unchecked.
   *
   * @param shared {@code forEachSharedRun} if true, else {@code forEachPrivateRun}
   * @throws AssertionError if the store reports more runs than the window has pages
   */
  public static long[] runs(SharedStateStore store, long fromPage, long toPage, boolean shared) {
    RunList list = new RunList();
    // A correct walk reports at most one run per page; this bound stops a looping store.
    long limit = Math.max(0, toPage - fromPage);
    RunVisitor collect =
        (from, to) -> {
          if (list.size() >= limit) {
            throw new AssertionError(
                describe(store)
                    + ": "
                    + walkName(shared, fromPage, toPage)
                    + " reports more runs than the window has pages, next ["
                    + from
                    + ", "
                    + to
                    + ")");
          }
          list.add(from, to);
        };
    if (shared) {
      store.forEachSharedRun(fromPage, toPage, collect);
    } else {
      store.forEachPrivateRun(fromPage, toPage, collect);
    }
    return list.toArray();
  }

  /** Formats a run list as {@code [2,5) [6,8)}, eliding the middle of long lists. */
  public static String formatRuns(long[] runs) {
    return formatRuns(runs, 0, runs.length / 2);
  }

  // ---------------------------------------------------------------- comparison

  /**
   * Asserts that two stores have the same page count and the same shared runs.
   *
   * @param context prefixed to the failure message (the operation, seed, ...)
   * @throws AssertionError otherwise; the message gives the first page whose state differs and the
   *     runs around it in both stores
   */
  public static void assertSameState(
      SharedStateStore expected, SharedStateStore actual, String context) {
    if (expected.pageCount() != actual.pageCount()) {
      throw new AssertionError(
          context
              + ": pageCount expected "
              + expected.pageCount()
              + " but was "
              + actual.pageCount()
              + " ("
              + describe(actual)
              + ")");
    }
    long[] want = sharedRuns(expected);
    long[] got = sharedRuns(actual);
    if (!Arrays.equals(want, got)) {
      throw new AssertionError(context + ": " + describe(actual) + " " + diff(want, got));
    }
  }

  /**
   * Asserts that {@code actual} is exactly the list {@code expected}, both as run lists.
   *
   * @throws AssertionError otherwise, with a diff
   */
  public static void assertRunsEqual(long[] expected, long[] actual, String context) {
    if (!Arrays.equals(expected, actual)) {
      throw new AssertionError(context + ": " + diff(expected, actual));
    }
  }

  // ---------------------------------------------------------------- invariants

  /**
   * Asserts every structural invariant listed in the class comment.
   *
   * @throws AssertionError on the first violation
   */
  public static void assertInvariants(SharedStateStore store) {
    Objects.requireNonNull(store, "store");
    long pageCount = store.pageCount();
    if (pageCount < 0) {
      throw new AssertionError(describe(store) + ": negative pageCount() " + pageCount);
    }
    long[] shared = sharedRuns(store);
    assertMaximal(store, shared, 0, pageCount, walkName(true, 0, pageCount));
    long[] complement = complement(shared, 0, pageCount);
    assertRunsEqual(
        complement,
        privateRuns(store),
        describe(store) + ": forEachPrivateRun(0, " + pageCount + ") vs complement of shared runs");

    // Only the six abstract methods of the store: the interface's defaults run over them, to be
    // compared with the store's overrides.
    SharedStateStore defaults = new ForwardingStore(store) {};
    long pages = 0;
    for (int i = 0; i < shared.length; i += 2) {
      pages += shared[i + 1] - shared[i];
    }
    assertCount(store, "sharedCount()", pages, store.sharedCount());
    assertCount(store, "sharedRunCount()", shared.length / 2, store.sharedRunCount());
    assertCount(store, "default sharedCount()", pages, defaults.sharedCount());
    assertCount(store, "default sharedRunCount()", shared.length / 2, defaults.sharedRunCount());

    long[] probes = probes(shared, pageCount);
    for (long page : probes) {
      assertProbe(store, defaults, shared, page);
    }
    assertWindows(store, defaults, shared, complement, probes);
  }

  private static void assertMaximal(
      SharedStateStore store, long[] runs, long fromPage, long toPage, String walk) {
    long previousEnd = Long.MIN_VALUE;
    for (int i = 0; i < runs.length; i += 2) {
      long from = runs[i];
      long to = runs[i + 1];
      String where =
          describe(store) + ": " + walk + " run #" + i / 2 + " [" + from + ", " + to + ")";
      if (from >= to) {
        throw new AssertionError(where + " is empty or reversed");
      }
      if (from < fromPage || to > toPage) {
        throw new AssertionError(where + " lies outside [" + fromPage + ", " + toPage + ")");
      }
      if (i > 0 && from < previousEnd) {
        throw new AssertionError(
            where + " overlaps or precedes the previous run ending at " + previousEnd);
      }
      if (i > 0 && from == previousEnd) {
        throw new AssertionError(where + " touches the previous run: runs are not maximal");
      }
      previousEnd = to;
    }
  }

  private static void assertCount(SharedStateStore store, String what, long expected, long actual) {
    if (expected != actual) {
      throw new AssertionError(
          describe(store) + ": " + what + " expected " + expected + " but was " + actual);
    }
  }

  /** Every page of a small store, or the pages at and around every run edge of a large one. */
  private static long[] probes(long[] shared, long pageCount) {
    if (pageCount <= EXHAUSTIVE_LIMIT) {
      return LongStream.rangeClosed(0, pageCount).toArray();
    }
    LongStream.Builder list = LongStream.builder();
    addAround(list, 0, pageCount);
    addAround(list, pageCount, pageCount);
    for (long edge : shared) {
      addAround(list, edge, pageCount);
    }
    long[] probes = list.build().toArray();
    Arrays.sort(probes);
    int unique = 0;
    for (int i = 0; i < probes.length; i++) {
      if (i == 0 || probes[i] != probes[unique - 1]) {
        probes[unique++] = probes[i];
      }
    }
    return Arrays.copyOf(probes, unique);
  }

  /** Adds {@code page - 1, page, page + 1} where they are positions; no overflow at the top. */
  private static void addAround(LongStream.Builder list, long page, long pageCount) {
    long from = Math.max(0, page - 1);
    long to = Math.min(pageCount, page) + (page < pageCount ? 1 : 0);
    for (long p = from; ; p++) {
      list.add(p);
      if (p == to) {
        return;
      }
    }
  }

  private static void assertProbe(
      SharedStateStore store, SharedStateStore defaults, long[] shared, long page) {
    long pageCount = store.pageCount();
    assertCount(
        store,
        "nextShared(" + page + ")",
        expectedNextShared(shared, page, pageCount),
        store.nextShared(page));
    assertCount(
        store,
        "nextPrivate(" + page + ")",
        expectedNextPrivate(shared, page, pageCount),
        store.nextPrivate(page));
    if (page < pageCount) {
      boolean expected = expectedNextShared(shared, page, pageCount) == page;
      if (store.isShared(page) != expected) {
        throw new AssertionError(describe(store) + ": isShared(" + page + ") expected " + expected);
      }
      if (defaults.isShared(page) != expected) {
        throw new AssertionError(
            describe(store) + ": default isShared(" + page + ") expected " + expected);
      }
    }
  }

  /** Index of the first run that ends after {@code page}, or the number of runs. */
  private static int firstRunEndingAfter(long[] runs, long page) {
    int lo = 0;
    int hi = runs.length / 2;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (runs[2 * mid + 1] > page) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  static long expectedNextShared(long[] shared, long page, long pageCount) {
    int i = firstRunEndingAfter(shared, page);
    return i == shared.length / 2 ? pageCount : Math.max(page, shared[2 * i]);
  }

  static long expectedNextPrivate(long[] shared, long page, long pageCount) {
    if (page >= pageCount) {
      return pageCount;
    }
    int i = firstRunEndingAfter(shared, page);
    return i < shared.length / 2 && shared[2 * i] <= page ? shared[2 * i + 1] : page;
  }

  private static void assertWindows(
      SharedStateStore store,
      SharedStateStore defaults,
      long[] shared,
      long[] complement,
      long[] probes) {
    long pageCount = store.pageCount();
    // Deterministic, so a failure repeats; seeded by the state so different states get different
    // windows.
    SplittableRandom random = new SplittableRandom(pageCount * 31 + shared.length);
    for (int w = 0; w < WINDOWS; w++) {
      // The whole store first, then windows between probes.
      long a = w == 0 ? 0 : probes[random.nextInt(probes.length)];
      long b = w == 0 ? pageCount : probes[random.nextInt(probes.length)];
      long from = Math.min(a, b);
      long to = Math.max(a, b);
      for (boolean walkShared : new boolean[] {true, false}) {
        long[] expected = clip(walkShared ? shared : complement, from, to);
        String walk = walkName(walkShared, from, to);
        assertRunsEqual(expected, runs(store, from, to, walkShared), describe(store) + ": " + walk);
        assertRunsEqual(
            expected, runs(defaults, from, to, walkShared), describe(store) + ": default " + walk);
      }
    }
  }

  /** The runs of a valid list that meet {@code [from, to)}, clipped to it. */
  static long[] clip(long[] runs, long from, long to) {
    RunList list = new RunList();
    if (from >= to) {
      return list.toArray();
    }
    for (int i = firstRunEndingAfter(runs, from) * 2; i < runs.length && runs[i] < to; i += 2) {
      list.add(Math.max(runs[i], from), Math.min(runs[i + 1], to));
    }
    return list.toArray();
  }

  /**
   * The gaps of a valid run list within {@code [from, to)}; written here rather than taken from
   * {@code Runs.forEachGap}, so that the oracle does not share code with the stores it checks.
   */
  static long[] complement(long[] runs, long from, long to) {
    RunList list = new RunList();
    long page = from;
    for (int i = 0; i < runs.length; i += 2) {
      if (runs[i] > page) {
        list.add(page, runs[i]);
      }
      page = runs[i + 1];
    }
    if (page < to) {
      list.add(page, to);
    }
    return list.toArray();
  }

  // ---------------------------------------------------------------- messages

  private static String walkName(boolean shared, long from, long to) {
    return (shared ? "forEachSharedRun(" : "forEachPrivateRun(") + from + ", " + to + ")";
  }

  static String describe(SharedStateStore store) {
    return store.getClass().getSimpleName() + "[pageCount " + store.pageCount() + "]";
  }

  private static String diff(long[] expected, long[] actual) {
    int i = 0;
    while (i < expected.length && i < actual.length && expected[i] == actual[i]) {
      i++;
    }
    // With valid run lists the state first differs at the first differing run boundary.
    long page =
        i >= expected.length
            ? actual[i]
            : i >= actual.length ? expected[i] : Math.min(expected[i], actual[i]);
    int run = i / 2;
    return "runs differ from page "
        + page
        + " (run #"
        + run
        + "); expected "
        + expected.length / 2
        + " runs, around it: "
        + formatRuns(expected, run - 2, run + 3)
        + "; actual "
        + actual.length / 2
        + " runs, around it: "
        + formatRuns(actual, run - 2, run + 3);
  }

  /** Runs {@code fromRun .. toRun-1} (clamped), with "..." where runs are left out. */
  private static String formatRuns(long[] runs, int fromRun, int toRun) {
    int count = runs.length / 2;
    int first = Math.max(0, fromRun);
    int last = Math.min(count, toRun);
    if (last - first > 20) {
      return formatRuns(runs, first, first + 10) + " ... " + formatRuns(runs, last - 10, last);
    }
    StringBuilder text = new StringBuilder();
    if (first > 0) {
      text.append("... ");
    }
    for (int r = first; r < last; r++) {
      text.append('[').append(runs[2 * r]).append(',').append(runs[2 * r + 1]).append(") ");
    }
    if (last < count) {
      text.append("...");
    }
    return count == 0 ? "(none)" : text.toString().trim();
  }
}
