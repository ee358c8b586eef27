/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import io.github.ramattr.spi.RunVisitor;
import java.util.Iterator;
import java.util.Set;

/**
 * Shared runs in a Guava {@link TreeRangeSet}{@code <Long>}: the straightforward interval store.
 *
 * <p>Every range is {@link Range#closedOpen}: Guava coalesces only <i>connected</i> ranges, and
 * {@code [2,5)} and {@code [5,8)} are connected while {@code [2,4]} and {@code [5,8)} are not, so
 * half-open ranges are what keeps runs maximal. Each run costs a {@code TreeMap.Entry}, a {@code
 * Range}, two {@code Cut}s and two {@code Long}s, 144 bytes (see {@link #sizeInBytes}).
 *
 * <p>Costs, for n runs and k runs touched: {@code add} and {@code remove} are O(log n + k) (Guava
 * finds the neighbours with {@code floorEntry} and clears the covered sub-map). Every query goes
 * through the cheapest Guava call that answers it, because Guava's views are not free: a {@link
 * TreeRangeSet#subRangeSet} view allocates about 680 bytes of view and iterator objects and makes
 * two map lookups before its first run, which made {@code isShared} cost about 2 us on a 64 GiB
 * block of 10^6 runs when it went through one. So {@code isShared}, {@code nextPrivate} and {@code
 * nextShared} from a shared page are one {@link TreeRangeSet#rangeContaining} ({@code floorEntry});
 * a range write first asks {@code rangeContaining} (enclosed in one run: a split, or nothing to
 * merge) and {@link TreeRangeSet#intersects} (two lookups: nothing shared) before it counts through
 * a view; a walk of the whole block iterates {@link TreeRangeSet#asRanges()}. Only {@code
 * nextShared} from a private page and a clipped walk still need a view (Guava's {@code RangeSet}
 * has no ceiling query). Measured with {@code java -jar jmh/target/ramattr-bench.jar jmh
 * LookupBenchmark.isShared -p backend=interval -p layout=fragment-1000000 -prof gc -prof stack}:
 * {@code isShared} went from 706 to 24 B/op, a split+merge pair at 10^5 runs from 2,027 to 744
 * B/op, a whole-block run walk at 10^6 runs from 48 MB to under 200 B. What {@code isShared} still
 * costs at 10^6 runs is the {@code floorEntry} itself: three dependent loads per level (entry, cut,
 * boxed key) in a tree of a million entries that no cache holds; a plain {@code TreeMap<Long,
 * Long>.floorEntry} over the same starts costs about as much there (both over 1 us on a busy 2-core
 * machine), and about 50 ns at 10^3 runs, where the whole tree is cached.
 */
final class RangeSetStore extends IntervalStore {
  /**
   * Measured once with JOL (JDK 17, compressed oops) on an empty store: this object 40, the
   * TreeRangeSet 24, its TreeMap 48, the asRanges view 24 and the TreeMap's values view under it
   * 16.
   */
  static final long FIXED_BYTES = 152;

  /**
   * Measured once with JOL (JDK 17, compressed oops): per run a TreeMap.Entry 40, a Range 24, two
   * Cut.BelowValue 16 each, two Long 24 each (12-byte header, then the long aligned to 8).
   */
  static final long BYTES_PER_RUN = 144;

  private final RangeSet<Long> runs = TreeRangeSet.create();

  /**
   * Guava caches this view inside the set on first use; taking it here makes its bytes part of
   * {@link #FIXED_BYTES} from the start instead of appearing after the first count.
   */
  private final Set<Range<Long>> runList = runs.asRanges();

  RangeSetStore(long pageCount) {
    super(pageCount, IntervalProvider.NAME);
  }

  /** Retained heap of a store holding {@code runs} runs, as JOL measures it. */
  static long sizeInBytes(long runs) {
    return FIXED_BYTES + BYTES_PER_RUN * runs;
  }

  @Override
  public long estimatedSizeInBytes() {
    return sizeInBytes(runList.size());
  }

  @Override
  protected boolean doIsShared(long page) {
    return runs.rangeContaining(page) != null;
  }

  @Override
  long firstSharedFrom(long page) {
    if (runs.rangeContaining(page) != null) {
      return page;
    }
    // Guava's RangeSet has no ceiling query: only a view finds the first run after a private page.
    Iterator<Range<Long>> after = clipped(page, pageCount()).iterator();
    return after.hasNext() ? after.next().lowerEndpoint() : pageCount();
  }

  @Override
  long firstPrivateFrom(long page) {
    Range<Long> run = runs.rangeContaining(page);
    // Runs are maximal, so the end of the run holding page is private (or the end of the block).
    return run == null ? page : run.upperEndpoint();
  }

  @Override
  long share(long fromPage, long toPage) {
    Range<Long> holding = runs.rangeContaining(fromPage);
    if (holding != null && holding.upperEndpoint() >= toPage) {
      return 0; // already shared: a merge's neighbour lookups would find nothing to do
    }
    Range<Long> range = Range.closedOpen(fromPage, toPage);
    long before = holding == null && !runs.intersects(range) ? 0 : sharedWithin(fromPage, toPage);
    runs.add(range);
    return (toPage - fromPage) - before;
  }

  @Override
  long unshare(long fromPage, long toPage) {
    Range<Long> holding = runs.rangeContaining(fromPage);
    Range<Long> range = Range.closedOpen(fromPage, toPage);
    long before;
    if (holding != null && holding.upperEndpoint() >= toPage) {
      before = toPage - fromPage; // inside one run: the split of the reviewer's question
    } else if (holding == null && !runs.intersects(range)) {
      return 0; // wholly private already
    } else {
      before = sharedWithin(fromPage, toPage);
    }
    runs.remove(range);
    return before;
  }

  /**
   * Shared pages in {@code [fromPage, toPage)} through a sub-range view: O(log n + k), but the view
   * costs two map lookups and a dozen small objects before its first run, so the callers answer the
   * common one-run and no-run cases with {@code rangeContaining} and {@code intersects} first.
   */
  private long sharedWithin(long fromPage, long toPage) {
    long count = 0;
    for (Range<Long> run : clipped(fromPage, toPage)) {
      count += run.upperEndpoint() - run.lowerEndpoint();
    }
    return count;
  }

  @Override
  void visitSharedRuns(long fromPage, long toPage, RunVisitor visitor) {
    // Every run lies in [0, pageCount): a walk of the whole block needs no clipping view.
    Iterable<Range<Long>> window =
        fromPage == 0 && toPage == pageCount() ? runList : clipped(fromPage, toPage);
    for (Range<Long> run : window) {
      visitor.visit(run.lowerEndpoint(), run.upperEndpoint());
    }
  }

  /**
   * The runs meeting {@code [fromPage, toPage)}, each intersected with it: closed-open again, and
   * never empty (Guava's sub-range view drops ranges that only touch the window).
   */
  private Set<Range<Long>> clipped(long fromPage, long toPage) {
    return runs.subRangeSet(Range.closedOpen(fromPage, toPage)).asRanges();
  }

  @Override
  public long sharedRunCount() {
    return runList.size();
  }
}
