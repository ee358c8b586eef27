/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.RunVisitor;
import it.unimi.dsi.fastutil.longs.AbstractLong2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap;
import it.unimi.dsi.fastutil.longs.LongComparator;
import it.unimi.dsi.fastutil.objects.ObjectBidirectionalIterator;
import it.unimi.dsi.fastutil.objects.ObjectSortedSet;
import org.jspecify.annotations.Nullable;

/**
 * Shared runs in a fastutil {@link Long2LongRBTreeMap} from run start to run end (exclusive): the
 * interval store without boxing. A run is one tree node: two {@code long}s, two links and a flag
 * word, 40 bytes, against 144 for a {@code TreeRangeSet<Long>} run.
 *
 * <p>Every operation starts with one O(log n) seek: an entry iterator positioned at a page, whose
 * {@code previous()} is the run starting at or before the page (the only run that can contain it)
 * and whose {@code next()} is the first run starting after it. From there the tree is threaded, so
 * walking the k runs a call touches costs O(k).
 *
 * <p>Removing a run costs O(log n), not O(1): fastutil's nodes have no parent links, so a delete
 * descends again from the root. One call that swallows k runs therefore costs O((k + 1) log n) in
 * the worst case. But every call inserts at most one node (a share widens its left neighbour in
 * place, an unshare trims it in place and adds at most the right remainder), so over any sequence
 * of calls there are no more deletions than calls, and each call costs O(log n + k) amortised.
 *
 * <p>Why split+merge still costs 6.5x more at 10^6 runs than at 10^3 (2,214 against 340 ns/op in
 * {@code report --quick}): it is O(log n), and the rest is the memory hierarchy. A split is a seek
 * and an insert, a merge a seek and a delete, so a pair makes four root-to-leaf descents; {@code
 * PrimitiveIntervalScalingTest} counts their key comparisons on fragment-K of 64 GiB with JMH's
 * random pages: 45.5 per pair at K = 10^3 and 85.3 at K = 10^6, x1.87, about log(10^6) / log(10^3)
 * = 2, and {@code -prof gc} shows 40-80 B/op at every K from 10^3 to 10^6 (the new node and, when
 * escape analysis gives up, the seek's probe), so nothing grows with n but the path. What grows
 * besides is the cost of a step: at 10^3 runs the tree is 40 KB and stays in a core's L1/L2 caches
 * (about 7.5 ns per comparison), at 10^6 it is 40 MB, beyond the 32 MiB last-level cache of the
 * machine measured (and shared with everything else), and the lower levels of each of the four
 * descents, which 4096 random pages do not keep warm, are cache misses (about 26 ns per comparison
 * on average). Any pointer-linked tree pays this; the remedies (wider nodes, fewer levels) are
 * {@code maple}'s design. Commands: {@code mvn -B -pl interval-backend -am test
 * -Dtest=PrimitiveIntervalScalingTest -Dsurefire.failIfNoSpecifiedTests=false} and {@code java -jar
 * jmh/target/ramattr-bench.jar jmh SplitMergeBenchmark -p backend=interval-primitive -p
 * runs=1000,10000,100000,1000000 -p blockGiB=64 -prof gc}.
 */
final class PrimitiveIntervalStore extends IntervalStore {
  /**
   * Measured once with JOL (JDK 17, compressed oops) on an empty store: this object 40, the map 72
   * with the two search-path arrays it allocates up front (boolean[64] 80, Entry[64] 272), and its
   * entry-set view 24 holding a comparator lambda 16.
   */
  static final long FIXED_BYTES = 504;

  /**
   * Measured once with JOL (JDK 17, compressed oops): one Long2LongRBTreeMap.Entry, a 12-byte
   * header, key and value 8 each, left and right links 4 each, a 4-byte flag word.
   */
  static final long BYTES_PER_RUN = 40;

  /** start -> end of each shared run; runs never overlap nor touch. */
  private final Long2LongRBTreeMap runs;

  /**
   * The map caches this view on first use; keeping it here makes its bytes fixed from the start.
   */
  private final ObjectSortedSet<Long2LongMap.Entry> entries;

  PrimitiveIntervalStore(long pageCount) {
    this(pageCount, null);
  }

  /**
   * A store whose tree orders its keys with {@code order} instead of {@link Long#compare}: for
   * tests that count the key comparisons of an operation (the tree's shape, and so the number of
   * comparisons, is the same when {@code order} is the natural order). The map has its comparator
   * fields either way, so the size formula does not change.
   */
  PrimitiveIntervalStore(long pageCount, @Nullable LongComparator order) {
    super(pageCount, PrimitiveIntervalProvider.NAME);
    runs = order == null ? new Long2LongRBTreeMap() : new Long2LongRBTreeMap(order);
    entries = runs.long2LongEntrySet();
  }

  /** Retained heap of a store holding {@code runs} runs, as JOL measures it. */
  static long sizeInBytes(long runs) {
    return FIXED_BYTES + BYTES_PER_RUN * runs;
  }

  @Override
  public long estimatedSizeInBytes() {
    return sizeInBytes(runs.size());
  }

  /**
   * An iterator between the runs starting at or before {@code page} and those starting after it.
   * The iterator reads the probe's key once; the probe is garbage right after.
   */
  private ObjectBidirectionalIterator<Long2LongMap.Entry> seek(long page) {
    return entries.iterator(new AbstractLong2LongMap.BasicEntry(page, 0));
  }

  @Override
  protected boolean doIsShared(long page) {
    return firstPrivateFrom(page) > page;
  }

  @Override
  long firstSharedFrom(long page) {
    ObjectBidirectionalIterator<Long2LongMap.Entry> it = seek(page);
    if (it.hasPrevious()) {
      if (it.previous().getLongValue() > page) {
        return page;
      }
      it.next();
    }
    return it.hasNext() ? it.next().getLongKey() : pageCount();
  }

  @Override
  long firstPrivateFrom(long page) {
    ObjectBidirectionalIterator<Long2LongMap.Entry> it = seek(page);
    if (it.hasPrevious()) {
      long end = it.previous().getLongValue();
      if (end > page) {
        // Runs are maximal, so the end of the run holding page is private (or the block's end).
        return end;
      }
    }
    return page;
  }

  /**
   * Replaces every run that overlaps or touches {@code [fromPage, toPage)} by their union with it:
   *
   * <pre>
   *   before   [=====)  [==)   [===)     [==)
   *   share          [-----------)
   *   after    [===================)     [==)
   * </pre>
   *
   * The touching runs are the one starting at or before {@code fromPage} if it ends at or after
   * {@code fromPage} (it is widened in place), and every later one starting at or before the
   * union's end (each removed).
   */
  @Override
  long share(long fromPage, long toPage) {
    long start = fromPage;
    long end = toPage;
    long wasShared = 0;
    // A left neighbour that touches is widened in place rather than removed and re-inserted.
    Long2LongMap.Entry widened = null;
    ObjectBidirectionalIterator<Long2LongMap.Entry> it = seek(fromPage);
    if (it.hasPrevious()) {
      Long2LongMap.Entry left = it.previous();
      if (left.getLongValue() >= fromPage) {
        widened = left;
        start = left.getLongKey();
        end = Math.max(end, left.getLongValue());
        wasShared += left.getLongValue() - start;
      }
      it.next();
    }
    while (it.hasNext()) {
      Long2LongMap.Entry right = it.next();
      if (right.getLongKey() > end) {
        break;
      }
      end = Math.max(end, right.getLongValue());
      wasShared += right.getLongValue() - right.getLongKey();
      it.remove();
    }
    // Removal relinks tree nodes and never moves keys between them (the iterator's own remove()
    // relies on that too), so the widened entry is still the node of the run starting at start.
    if (widened != null) {
      widened.setValue(end);
    } else {
      runs.put(start, end);
    }
    return (end - start) - wasShared;
  }

  /**
   * Removes every run that overlaps {@code [fromPage, toPage)} and puts back the parts of the first
   * and last of them that stick out:
   *
   * <pre>
   *   before   [=======)  [==)  [======)
   *   unshare      [-------------)
   *   after    [===)             [=====)
   * </pre>
   */
  @Override
  long unshare(long fromPage, long toPage) {
    long rightEnd = toPage;
    long wasShared = 0;
    ObjectBidirectionalIterator<Long2LongMap.Entry> it = seek(fromPage);
    if (it.hasPrevious()) {
      Long2LongMap.Entry left = it.previous();
      long leftEnd = left.getLongValue();
      if (leftEnd <= fromPage) {
        it.next();
      } else {
        wasShared += Math.min(leftEnd, toPage) - fromPage;
        rightEnd = Math.max(rightEnd, leftEnd);
        if (left.getLongKey() < fromPage) {
          left.setValue(fromPage); // its left part stays, in place
          it.next();
        } else {
          it.remove();
        }
      }
    }
    while (it.hasNext()) {
      Long2LongMap.Entry right = it.next();
      if (right.getLongKey() >= toPage) {
        break;
      }
      rightEnd = Math.max(rightEnd, right.getLongValue());
      wasShared += Math.min(right.getLongValue(), toPage) - right.getLongKey();
      it.remove();
    }
    // The iterator is done with: only now may the map gain a node.
    if (rightEnd > toPage) {
      runs.put(toPage, rightEnd);
    }
    return wasShared;
  }

  @Override
  void visitSharedRuns(long fromPage, long toPage, RunVisitor visitor) {
    ObjectBidirectionalIterator<Long2LongMap.Entry> it = seek(fromPage);
    if (it.hasPrevious()) {
      long end = it.previous().getLongValue();
      if (end > fromPage) {
        visitor.visit(fromPage, Math.min(end, toPage));
      }
      it.next();
    }
    while (it.hasNext()) {
      Long2LongMap.Entry run = it.next();
      if (run.getLongKey() >= toPage) {
        return;
      }
      visitor.visit(run.getLongKey(), Math.min(run.getLongValue(), toPage));
    }
  }

  @Override
  public long sharedRunCount() {
    return runs.size();
  }
}
