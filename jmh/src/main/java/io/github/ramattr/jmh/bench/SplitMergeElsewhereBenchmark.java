/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.spi.SharedStateStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

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
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SplitMergeElsewhereBenchmark {
  private static final int TARGETS = 4096;

  /** Holes open at any time; far fewer than {@link #TARGETS}, so a new split is never a hole. */
  static final int RING = 64;

  /** Backend name; unavailable ones fail setup with the list of available ones. */
  @Param({"bitmap", "interval", "interval-primitive", "maple", "roaring", "flat-bitmap"})
  public String backend;

  /** K of the fragment-K block. */
  @Param({"1000", "100000", "1000000"})
  public long runs;

  /** Block size in GiB. */
  @Param({"64", "1024"})
  public long blockGiB;

  private SharedStateStore store;
  private long[] targets;
  private int next;

  /** Builds the fragment-K block and the page table, and opens the first {@value #RING} holes. */
  @Setup
  public void setUp() {
    store = BenchmarkBlocks.build(backend, "fragment-" + runs, blockGiB);
    targets = BenchmarkBlocks.spreadPagesInsideRuns(store, TARGETS, runs);
    for (next = 0; next < RING; next++) {
      store.setPrivate(targets[next], targets[next] + 1);
    }
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

  /** The store under test (for tests). */
  SharedStateStore store() {
    return store;
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
