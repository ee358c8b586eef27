/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.design;

import io.github.ramattr.spi.AbstractSharedStateStore;
import io.github.ramattr.spi.RunVisitor;
import java.util.Arrays;

/**
 * The fixed-width design point of the maple trade-off: shared runs as pairs of 64-bit pages in
 * leaves of a fixed capacity, allocated full, under one sorted index of the leaves' first pages.
 *
 * <p>It is the layout the maple-speed question points at when it names the kernel's maple tree
 * (256-byte nodes of fixed-width pivots) and RoaringBitmap (a sorted top-level index over chunks
 * that are binary-searched and shifted in place within spare capacity). With 16 runs per leaf, a
 * leaf's pivots take 256 bytes, as a kernel maple node's do. Nothing is encoded: a lookup is two
 * binary searches, an edit shifts at most one leaf's pairs in place, and an edit allocates nothing
 * unless a leaf splits. The price is memory: 16 bytes per run in a full leaf, plus the leaf's array
 * header and index entry, where the maple store's varint leaves take about 2 to 5 bytes per run.
 *
 * <p>Invariants: runs are maximal (no two touch), sorted, and non-empty; every leaf holds at least
 * one run; {@code firsts[i]} is the start of leaf {@code i}'s first run. A leaf overflowing its
 * capacity splits (an append at the last leaf leaves the full leaf full, so a store built in order
 * has full leaves); a leaf that falls under a quarter of its capacity merges with a neighbour when
 * the two fit in three quarters. The quarter between the split's halves and the merge line is
 * hysteresis: a split and the merge that undoes it do not split and rejoin leaves.
 *
 * <p>Not thread-safe, like every store. This class lives in the bench because it exists to be
 * measured against the maple store, not to be shipped.
 */
public final class FixedWidthStore extends AbstractSharedStateStore {
  // JOL layout with compressed oops: 12-byte header; long, two ints, a boolean, five references.
  private static final long STORE_BYTES = 56;
  private static final int SAMPLE_SHIFT = 6;

  private final int capacity;
  private long[] firsts = new long[4];
  private long[][] leaves = new long[4][];
  private int[] counts = new int[4];
  private int leafCount;
  // firsts[i * SAMPLE], rebuilt at the end of a write that added or removed leaves (rare in steady
  // edits), kept in step when a sampled leaf's first page changes.
  private long[] upper = new long[1];
  private boolean upperStale;
  // One edit's runs when they overflow a leaf: capacity + 2 pairs, reused so edits do not allocate.
  private final long[] scratch;

  /**
   * An empty (all private) store.
   *
   * @param pageCount pages, at least 0
   * @param capacity runs per leaf, at least 4
   * @throws IllegalArgumentException if either is out of range
   */
  FixedWidthStore(long pageCount, int capacity) {
    super(pageCount, Long.MAX_VALUE, FixedWidthProvider.NAME);
    if (capacity < 4) {
      throw new IllegalArgumentException("capacity " + capacity + " < 4");
    }
    this.capacity = capacity;
    this.scratch = new long[2 * (capacity + 2)];
  }

  @Override
  protected boolean doIsShared(long page) {
    int leaf = leafAtOrBefore(page);
    if (leaf < 0) {
      return false;
    }
    long[] runs = leaves[leaf];
    return page < runs[2 * runAtOrBefore(runs, 0, counts[leaf], page) + 1];
  }

  @Override
  protected long doNext(long fromPage, boolean shared) {
    return shared ? shareAtOrAfter(fromPage, pageCount()) : endOfRunAt(fromPage);
  }

  /** The first shared page at or after {@code fromPage}, or {@code pageCount}. */
  private long shareAtOrAfter(long fromPage, long pageCount) {
    int leaf = leafAtOrBefore(fromPage);
    if (leaf < 0) {
      return leafCount == 0 ? pageCount : firsts[0];
    }
    long[] runs = leaves[leaf];
    int run = runAtOrBefore(runs, 0, counts[leaf], fromPage);
    if (fromPage < runs[2 * run + 1]) {
      return fromPage;
    }
    if (run + 1 < counts[leaf]) {
      return runs[2 * run + 2];
    }
    return leaf + 1 < leafCount ? firsts[leaf + 1] : pageCount;
  }

  /** The end of the shared run holding {@code fromPage}, or {@code fromPage} if it is private. */
  private long endOfRunAt(long fromPage) {
    int leaf = leafAtOrBefore(fromPage);
    if (leaf < 0) {
      return fromPage;
    }
    long[] runs = leaves[leaf];
    long end = runs[2 * runAtOrBefore(runs, 0, counts[leaf], fromPage) + 1];
    return fromPage < end ? end : fromPage;
  }

  @Override
  protected void doSet(long fromPage, long toPage, boolean shared) {
    write(fromPage, toPage, shared);
    // Rebuilt here, never in a lookup: the facade lets readers share the store, so a read must not
    // write anything.
    if (upperStale) {
      rebuildUpper();
    }
  }

  @Override
  protected void doForEachRun(long fromPage, long toPage, boolean shared, RunVisitor visitor) {
    if (!shared) {
      super.doForEachRun(fromPage, toPage, false, visitor);
      return;
    }
    int leaf = Math.max(0, leafAtOrBefore(fromPage));
    int run =
        leaf < leafCount ? Math.max(0, runAtOrBefore(leaves[leaf], 0, counts[leaf], fromPage)) : 0;
    for (; leaf < leafCount; leaf++, run = 0) {
      long[] runs = leaves[leaf];
      for (int n = counts[leaf]; run < n; run++) {
        long start = runs[2 * run];
        if (start >= toPage) {
          return;
        }
        long end = runs[2 * run + 1];
        if (end > fromPage) {
          visitor.visit(Math.max(start, fromPage), Math.min(end, toPage));
        }
      }
    }
  }

  @Override
  public long sharedCount() {
    long pages = 0;
    for (int leaf = 0; leaf < leafCount; leaf++) {
      long[] runs = leaves[leaf];
      for (int i = 0, n = 2 * counts[leaf]; i < n; i += 2) {
        pages += runs[i + 1] - runs[i];
      }
    }
    return pages;
  }

  @Override
  public long sharedRunCount() {
    long runs = 0;
    for (int leaf = 0; leaf < leafCount; leaf++) {
      runs += counts[leaf];
    }
    return runs;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Exact for the JOL layout with compressed references: the store, the three index arrays at
   * their capacity, the sampled index, the leaves (each allocated full) and the scratch array.
   */
  @Override
  public long estimatedSizeInBytes() {
    int slots = firsts.length;
    return STORE_BYTES
        + align(16 + 8L * slots)
        + align(16 + 4L * slots)
        + align(16 + 4L * slots)
        + align(16 + 8L * upper.length)
        + (long) leafCount * align(16 + 16L * capacity)
        + align(16 + 8L * scratch.length);
  }

  /** Runs per leaf. */
  int capacity() {
    return capacity;
  }

  /** Whether the sampled index is up to date, as every read requires (reads never rebuild it). */
  boolean sampledIndexCurrent() {
    return !upperStale;
  }

  /** Leaves in use. */
  int leafCount() {
    return leafCount;
  }

  /** Runs in leaf {@code leaf}. */
  int runsIn(int leaf) {
    return counts[leaf];
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** The last leaf whose first run starts at or before {@code page}, or -1. */
  private int leafAtOrBefore(long page) {
    // The sampled index narrows the search to one stretch of SAMPLE leaves, so a lookup in a
    // large store misses the cache in the small index and one stretch of `firsts`, not all over it.
    int lo = 0;
    int hi = (leafCount - 1) >> SAMPLE_SHIFT;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (upper[mid] <= page) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (hi < 0) {
      return -1;
    }
    lo = hi << SAMPLE_SHIFT;
    hi = Math.min(leafCount, lo + (1 << SAMPLE_SHIFT)) - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (firsts[mid] <= page) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  /** Sets leaf {@code leaf}'s first page, and its sample if it has one. */
  private void setFirst(int leaf, long page) {
    firsts[leaf] = page;
    if ((leaf & ((1 << SAMPLE_SHIFT) - 1)) == 0) {
      upper[leaf >> SAMPLE_SHIFT] = page;
    }
  }

  /** Samples every SAMPLE-th leaf's first page, after leaves were inserted or removed. */
  private void rebuildUpper() {
    int samples = (leafCount + (1 << SAMPLE_SHIFT) - 1) >> SAMPLE_SHIFT;
    if (upper.length < samples || upper.length > 2 * samples + 4) {
      upper = new long[samples + (samples >> 1) + 1];
    }
    for (int i = 0; i < samples; i++) {
      upper[i] = firsts[i << SAMPLE_SHIFT];
    }
    upperStale = false;
  }

  /**
   * The last of runs {@code [from, n)} whose start is at or before {@code page}, or {@code from -
   * 1} if none is (the caller knows run {@code from - 1}, if any, starts at or before it).
   */
  private static int runAtOrBefore(long[] runs, int from, int n, long page) {
    int lo = from;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (runs[2 * mid] <= page) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  /**
   * Makes {@code [from, to)} shared or private. The runs the write changes are a contiguous span
   * (those meeting the range; when sharing, also those touching it): they are replaced by at most
   * two runs, the new run or the pieces left either side.
   */
  private void write(long from, long to, boolean shared) {
    // First affected run: the run at or before `from` if it reaches `from` (touching counts when
    // sharing), else the run after it.
    int leafAtFrom = leafAtOrBefore(from);
    int runAtFrom = -1;
    int firstLeaf = 0;
    int firstRun = 0;
    if (leafAtFrom >= 0) {
      long[] runs = leaves[leafAtFrom];
      runAtFrom = runAtOrBefore(runs, 0, counts[leafAtFrom], from);
      long end = runs[2 * runAtFrom + 1];
      firstLeaf = leafAtFrom;
      firstRun =
          shared
              ? (end < from ? runAtFrom + 1 : runAtFrom)
              : (end <= from ? runAtFrom + 1 : runAtFrom);
    }
    // Last affected run: the last run starting at or before `to` (sharing: touching counts) or
    // before `to` (making private). It is at or after the run at `from`, so the search starts
    // there: a short write costs one search, a long one a scan of the leaves it removes anyway.
    long bound = shared ? to : to - 1;
    int lastLeaf = leafAtFrom;
    while (lastLeaf + 1 < leafCount && firsts[lastLeaf + 1] <= bound) {
      lastLeaf++;
    }
    int lastRun = -1;
    if (lastLeaf >= 0) {
      int lo = lastLeaf == leafAtFrom ? runAtFrom : 0;
      lastRun = runAtOrBefore(leaves[lastLeaf], lo, counts[lastLeaf], bound);
    } else {
      lastLeaf = 0;
    }
    // Normalise the first position past a leaf's end to the next leaf's start.
    if (firstLeaf < leafCount && firstRun == counts[firstLeaf] && firstLeaf + 1 < leafCount) {
      firstLeaf++;
      firstRun = 0;
    }
    boolean none =
        leafCount == 0 || firstLeaf > lastLeaf || (firstLeaf == lastLeaf && firstRun > lastRun);
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    int added;
    if (shared) {
      long start = from;
      long end = to;
      if (!none) {
        long firstStart = leaves[firstLeaf][2 * firstRun];
        long lastEnd = leaves[lastLeaf][2 * lastRun + 1];
        if (firstLeaf == lastLeaf && firstRun == lastRun && firstStart <= from && to <= lastEnd) {
          return; // already shared
        }
        start = Math.min(start, firstStart);
        end = Math.max(end, lastEnd);
      }
      s0 = start;
      s1 = end;
      added = 1;
    } else {
      if (none) {
        return; // already private
      }
      long firstStart = leaves[firstLeaf][2 * firstRun];
      long lastEnd = leaves[lastLeaf][2 * lastRun + 1];
      added = 0;
      if (firstStart < from) {
        s0 = firstStart;
        s1 = from;
        added = 1;
      }
      if (to < lastEnd) {
        if (added == 0) {
          s0 = to;
          s1 = lastEnd;
        } else {
          s2 = to;
          s3 = lastEnd;
        }
        added++;
      }
    }
    if (none) {
      insertRun(firstLeaf, firstRun, s0, s1);
    } else if (firstLeaf == lastLeaf) {
      replaceInLeaf(firstLeaf, firstRun, lastRun + 1, added, s0, s1, s2, s3);
    } else {
      replaceAcrossLeaves(firstLeaf, firstRun, lastLeaf, lastRun + 1, added, s0, s1, s2, s3);
    }
  }

  /** Inserts run {@code [start, end)}, which touches no run, before run {@code run} of a leaf. */
  private void insertRun(int leaf, int run, long start, long end) {
    if (leafCount == 0) {
      insertLeaf(0, newLeaf(), 0);
      leaf = 0;
      run = 0;
    }
    replaceInLeaf(leaf, run, run, 1, start, end, 0, 0);
  }

  /**
   * Replaces runs {@code [from, to)} of one leaf by {@code added} runs ({@code [s0, s1)} then
   * {@code [s2, s3)}), splitting the leaf if it overflows and merging it if it runs low.
   */
  private void replaceInLeaf(
      int leaf, int from, int to, int added, long s0, long s1, long s2, long s3) {
    long[] runs = leaves[leaf];
    int n = counts[leaf];
    int count = n - (to - from) + added;
    if (count <= capacity) {
      System.arraycopy(runs, 2 * to, runs, 2 * (from + added), 2 * (n - to));
      put(runs, from, added, s0, s1, s2, s3);
      counts[leaf] = count;
      if (count == 0) {
        removeLeaves(leaf, leaf + 1);
        return;
      }
      setFirst(leaf, runs[0]);
      rebalance(leaf);
      return;
    }
    // Overflow: lay the edited runs out in scratch, then split them over this leaf and a new one.
    long[] all = scratch;
    System.arraycopy(runs, 0, all, 0, 2 * from);
    put(all, from, added, s0, s1, s2, s3);
    System.arraycopy(runs, 2 * to, all, 2 * (from + added), 2 * (n - to));
    // An append at the store's end keeps the full leaf full; otherwise split in halves.
    boolean append = leaf == leafCount - 1 && to == n;
    int keep = append ? capacity : count / 2;
    long[] right = newLeaf();
    System.arraycopy(all, 0, runs, 0, 2 * keep);
    System.arraycopy(all, 2 * keep, right, 0, 2 * (count - keep));
    counts[leaf] = keep;
    setFirst(leaf, runs[0]);
    insertLeaf(leaf + 1, right, count - keep);
  }

  /**
   * Replaces the runs from run {@code from} of leaf {@code first} to before run {@code to} of leaf
   * {@code last} by {@code added} runs: the first leaf keeps its runs before the span and takes the
   * new runs (the last leaf takes one if the first is full), the last leaf keeps its runs after the
   * span, and the leaves between go.
   */
  private void replaceAcrossLeaves(
      int first, int from, int last, int to, int added, long s0, long s1, long s2, long s3) {
    long[] head = leaves[first];
    long[] tail = leaves[last];
    int tailKept = counts[last] - to;
    int inHead = Math.min(added, capacity - from);
    put(head, from, inHead, s0, s1, s2, s3);
    counts[first] = from + inHead;
    int inTail = added - inHead;
    System.arraycopy(tail, 2 * to, tail, 2 * inTail, 2 * tailKept);
    if (inTail == 1) {
      tail[0] = added == 2 ? s2 : s0;
      tail[1] = added == 2 ? s3 : s1;
    }
    counts[last] = tailKept + inTail;
    boolean headKept = counts[first] > 0;
    boolean tailStays = counts[last] > 0;
    if (headKept) {
      setFirst(first, head[0]);
    }
    if (tailStays) {
      setFirst(last, tail[0]);
    }
    removeLeaves(headKept ? first + 1 : first, tailStays ? last : last + 1);
    if (tailStays) {
      rebalance(headKept ? first + 1 : first);
    }
    if (headKept) {
      rebalance(first);
    }
  }

  private static void put(long[] runs, int at, int added, long s0, long s1, long s2, long s3) {
    if (added > 0) {
      runs[2 * at] = s0;
      runs[2 * at + 1] = s1;
      if (added > 1) {
        runs[2 * at + 2] = s2;
        runs[2 * at + 3] = s3;
      }
    }
  }

  /** Merges leaf {@code leaf} with a neighbour when it holds under a quarter and the pair fits. */
  private void rebalance(int leaf) {
    int n = counts[leaf];
    if (n >= capacity / 4) {
      return;
    }
    int fits = capacity * 3 / 4;
    if (leaf + 1 < leafCount && n + counts[leaf + 1] <= fits) {
      mergeIntoLeft(leaf);
    } else if (leaf > 0 && n + counts[leaf - 1] <= fits) {
      mergeIntoLeft(leaf - 1);
    }
  }

  /** Appends leaf {@code left + 1}'s runs to leaf {@code left} and drops it. */
  private void mergeIntoLeft(int left) {
    int n = counts[left];
    int m = counts[left + 1];
    System.arraycopy(leaves[left + 1], 0, leaves[left], 2 * n, 2 * m);
    counts[left] = n + m;
    removeLeaves(left + 1, left + 2);
  }

  private long[] newLeaf() {
    return new long[2 * capacity];
  }

  private void insertLeaf(int at, long[] leaf, int count) {
    if (leafCount == firsts.length) {
      int grown = firsts.length + (firsts.length >> 1) + 1;
      firsts = Arrays.copyOf(firsts, grown);
      leaves = Arrays.copyOf(leaves, grown);
      counts = Arrays.copyOf(counts, grown);
    }
    int moved = leafCount - at;
    System.arraycopy(firsts, at, firsts, at + 1, moved);
    System.arraycopy(leaves, at, leaves, at + 1, moved);
    System.arraycopy(counts, at, counts, at + 1, moved);
    firsts[at] = leaf[0];
    leaves[at] = leaf;
    counts[at] = count;
    leafCount++;
    upperStale = true;
  }

  private void removeLeaves(int from, int to) {
    if (from >= to) {
      return;
    }
    int moved = leafCount - to;
    System.arraycopy(firsts, to, firsts, from, moved);
    System.arraycopy(leaves, to, leaves, from, moved);
    System.arraycopy(counts, to, counts, from, moved);
    int removed = to - from;
    Arrays.fill(leaves, leafCount - removed, leafCount, null);
    leafCount -= removed;
    upperStale = true;
  }

  @Override
  public String toString() {
    return "FixedWidthStore{pageCount="
        + pageCount()
        + ", capacity="
        + capacity
        + ", leaves="
        + leafCount
        + ", runs="
        + sharedRunCount()
        + '}';
  }
}
