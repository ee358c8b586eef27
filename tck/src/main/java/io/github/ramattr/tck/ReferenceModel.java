/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.AbstractSharedStateStore;
import io.github.ramattr.spi.RunVisitor;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reference store the TCK compares every backend with, built as simply as a store can be: a
 * sorted array of <i>toggle positions</i>. Page {@code p} is shared if and only if an odd number of
 * toggles lie at or below {@code p}; every page starts private, with no toggles. So the toggles are
 * exactly the pages where the state differs from the page before (page -1 counting as private), and
 * the shared runs are {@code [toggles[0], toggles[1])}, {@code [toggles[2], toggles[3])}, ...
 *
 * <p>The backends keep runs (bitmap words, a tree map of runs) or, for {@code maple}, toggles in a
 * B-tree of varint-delta and bitmap leaves that it splits, merges and re-encodes; this model is one
 * flat array with nothing to split, merge or encode. A write of state {@code s} to {@code [a, b)}
 * removes every toggle in {@code [a, b]} and puts one back at {@code a} if the page before {@code
 * a} was not in state {@code s}, and one at {@code b} if the page at {@code b} (before the write)
 * is not in state {@code s}. Positions are strictly increasing, so every toggle is a real change of
 * state and runs are maximal by construction. Everything is one binary search plus an array copy,
 * in {@code long} arithmetic, so it models stores of up to 2^63-1 pages; a shared run that reaches
 * the last page ends with a toggle at {@code pageCount}, which keeps the count even.
 *
 * <p>Written for obviousness, not speed: a write costs O(toggles). Every argument is checked by
 * {@link AbstractSharedStateStore}, as in every backend. Not thread-safe.
 */
public final class ReferenceModel extends AbstractSharedStateStore {
  /** Toggle positions, strictly increasing, in {@code [0, pageCount]}; always an even count. */
  private long[] toggles = new long[8];

  private int toggleCount;

  /**
   * A model of {@code pageCount} pages, all private.
   *
   * @param pageCount the number of pages, up to {@link Long#MAX_VALUE}
   * @throws IllegalArgumentException if {@code pageCount} is negative
   */
  public ReferenceModel(long pageCount) {
    super(pageCount, Long.MAX_VALUE, ReferenceModelProvider.NAME);
  }

  /**
   * The shared runs.
   *
   * @return a new map from the first page of each maximal shared run to its end (exclusive)
   */
  public NavigableMap<Long, Long> runs() {
    NavigableMap<Long, Long> runs = new TreeMap<>();
    for (int i = 0; i < toggleCount; i += 2) {
      runs.put(toggles[i], toggles[i + 1]);
    }
    return runs;
  }

  /** The number of toggles at or below {@code page}: the index of the first toggle above it. */
  private int togglesUpTo(long page) {
    int low = 0;
    int high = toggleCount;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (toggles[middle] <= page) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The state of {@code page} in {@code [-1, pageCount]}: -1 and pageCount are always private. */
  private boolean stateAt(long page) {
    return (togglesUpTo(page) & 1) == 1;
  }

  @Override
  protected boolean doIsShared(long page) {
    return stateAt(page);
  }

  /**
   * The first page at or after {@code fromPage} in state {@code shared}, or {@code pageCount}: the
   * page itself if it is in that state, else the next toggle, which flips to it.
   */
  @Override
  protected long doNext(long fromPage, boolean shared) {
    int upTo = togglesUpTo(fromPage);
    if (((upTo & 1) == 1) == shared) {
      return fromPage;
    }
    // The page after the last shared run is private, so a search for a private page always finds
    // the toggle that ends its run.
    return upTo < toggleCount ? toggles[upTo] : pageCount();
  }

  /**
   * Puts {@code [fromPage, toPage)}, {@code fromPage < toPage}, in state {@code shared}; see the
   * class description.
   */
  @Override
  protected void doSet(long fromPage, long toPage, boolean shared) {
    boolean before = fromPage > 0 && stateAt(fromPage - 1);
    boolean after = stateAt(toPage);
    int firstRemoved = togglesUpTo(fromPage - 1); // the first toggle >= fromPage
    int firstKept = togglesUpTo(toPage); // the first toggle > toPage
    long[] added = new long[2];
    int addedCount = 0;
    if (before != shared) {
      added[addedCount++] = fromPage;
    }
    if (after != shared) {
      added[addedCount++] = toPage;
    }
    int newCount = toggleCount - (firstKept - firstRemoved) + addedCount;
    long[] result =
        toggles.length >= newCount ? toggles : new long[Math.max(newCount, 2 * toggles.length)];
    if (result != toggles) {
      // In place, the toggles before the write stay where they are: an append costs O(1).
      System.arraycopy(toggles, 0, result, 0, firstRemoved);
    }
    System.arraycopy(
        toggles, firstKept, result, firstRemoved + addedCount, toggleCount - firstKept);
    System.arraycopy(added, 0, result, firstRemoved, addedCount);
    toggles = result;
    toggleCount = newCount;
  }

  @Override
  public long sharedCount() {
    long count = 0;
    for (int i = 0; i < toggleCount; i += 2) {
      count += toggles[i + 1] - toggles[i];
    }
    return count;
  }

  @Override
  public long sharedRunCount() {
    return toggleCount / 2;
  }

  /**
   * Visits the runs of state {@code shared} in {@code [fromPage, toPage)}, clipped: the pieces
   * between consecutive boundaries (fromPage, the toggles inside, toPage) that are in that state.
   */
  @Override
  protected void doForEachRun(long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    long start = fromPage;
    int next = togglesUpTo(fromPage);
    boolean state = (next & 1) == 1;
    while (start < toPage) {
      long end = next < toggleCount ? Math.min(toggles[next], toPage) : toPage;
      if (state == shared) {
        visitor.visit(start, end);
      }
      start = end;
      next++;
      state = !state;
    }
  }

  /** A rough figure (eight bytes per toggle plus the headers); the model is not measured. */
  @Override
  public long estimatedSizeInBytes() {
    return 48 + 8L * toggles.length;
  }

  @Override
  public String toString() {
    return "ReferenceModel{pageCount="
        + pageCount()
        + ", toggles="
        + Arrays.toString(Arrays.copyOf(toggles, toggleCount))
        + '}';
  }
}
