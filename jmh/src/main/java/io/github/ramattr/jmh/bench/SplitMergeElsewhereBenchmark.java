/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@link SplitMergeBenchmark} without the locality: one op splits a run at one random page and
 * merges a hole at another, independent page, so nothing a store remembers from the split (a
 * cursor, a cached leaf, a search path) serves the merge. This is what a VMM sees when guests
 * convert pages scattered over the block, and what a finger or cursor in a store cannot game.
 *
 * <p>The state stays steady with a ring of {@value #RING} holes: setup splits the first {@value
 * #RING} pages of a seeded table of 4096 distinct, pairwise non-adjacent pages strictly inside runs
 * of 3 pages or more; op i splits table page i and merges table page i - {@value #RING}, the hole
 * made {@value #RING} ops earlier. Because holes are never adjacent nor equal, every split makes
 * one run more and every merge one fewer: the store always holds K + {@value #RING} runs. Block
 * fragment-K as in {@link SplitMergeBenchmark} ({@code runs} = K = 10^3, 10^5, 10^6 on 64 GiB and 1
 * TiB).
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh SplitMergeElsewhereBenchmark -p
 * backend=maple,roaring -prof gc}
 */
public class SplitMergeElsewhereBenchmark extends SplitMergeState {

  /** Holes open at any time; far fewer than {@link #TARGETS}, so a new split is never a hole. */
  static final int RING = 64;

  /** The spread page table, with the first {@value #RING} holes opened. */
  @Override
  protected long[] prepareTargets() {
    long[] pages = BenchmarkBlocks.spreadPagesInsideRuns(store, TARGETS, runs);
    for (next = 0; next < RING; next++) {
      store.setPrivate(pages[next], pages[next] + 1);
    }
    return pages;
  }

  /**
   * Splits a run at a new table page, then merges the hole opened {@value #RING} ops ago; returns
   * the page split, so nothing is dead code.
   */
  @Benchmark
  public long splitThenMergeElsewhere() {
    int op = next++;
    long page = targets[op & (TARGETS - 1)];
    long hole = targets[(op - RING) & (TARGETS - 1)];
    store.setPrivate(page, page + 1);
    store.setShared(hole, hole + 1);
    return page;
  }

  /** The pages holed now, the last {@value #RING} split (for tests). */
  long[] holes() {
    long[] holes = new long[RING];
    for (int i = 0; i < RING; i++) {
      holes[i] = targets[(next - RING + i) & (TARGETS - 1)];
    }
    return holes;
  }
}
