/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * Workload {@code split-merge} of docs/workloads.md: the reviewer's question, what a split and a
 * merge cost. The block is {@code fragment-K} ({@code runs} = K = 10^3, 10^5 and 10^6 on 64 GiB and
 * 1 TiB blocks); one op converts one page strictly inside a run to private (splitting the run in
 * two) and back to shared (merging them again), straight on the store. The pair leaves the store as
 * it found it, so every op does real work (JMH sample 38's trap: a mutating benchmark that only
 * works on its first call). The pages come from a seeded table of 4096 pages inside runs of 3 pages
 * or more.
 *
 * <p>Comparing K = 10^3 with K = 10^6 answers whether a structure's split/merge degrades with
 * fragmentation (the goal is at most 2x); the two block sizes show whether it depends on the block
 * rather than on the runs. The split and its merge hit the same page, so a store that keeps a
 * cursor profits; {@link SplitMergeElsewhereBenchmark} takes that away. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation per split+merge pair (docs/maple-goals.md asks maple
 * for at most 64 B/op).
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh SplitMergeBenchmark -p
 * backend=maple,roaring -prof gc}
 */
public class SplitMergeBenchmark extends SplitMergeState {

  /** The table of pages to split: any pages inside runs. */
  @Override
  protected long[] prepareTargets() {
    return BenchmarkBlocks.pagesInsideRuns(store, TARGETS, runs);
  }

  /** One split and the merge that undoes it; returns the page, so nothing is dead code. */
  @Benchmark
  public long splitThenMerge() {
    long page = targets[next++ & (TARGETS - 1)];
    store.setPrivate(page, page + 1);
    store.setShared(page, page + 1);
    return page;
  }
}
