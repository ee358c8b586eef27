/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.workloads.Sizes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Workload {@code bulk} of docs/workloads.md: overwriting a range of a fragmented block
 * (fragment-10^4 on 64 GiB), either the middle 1 GiB or the whole block. To stay in steady state
 * each op also puts the range's original runs back: {@link #sharedThenRestore} makes the range
 * shared, then private, then re-adds its runs; {@link #privateThenRestore} makes it private and
 * re-adds its runs, so it is also the restore cost, and the difference of the two is about the cost
 * of the shared overwrite (one merge of all the range's runs). Both run straight on the store
 * ({@link RangeRestore}).
 *
 * <p>Why: a VMM converts large ranges at boot, on virtio-mem plug/unplug and on reset; the maple
 * speed goals (docs/maple-goals.md) ask these to cost at most 2x RoaringBitmap's. {@link
 * BulkScalingBenchmark} runs the same ops on growing blocks with the same runs in the range, to
 * show the cost does not grow with the untouched rest of the block.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh BulkBenchmark -p backend=maple}
 */
public class BulkBenchmark extends EveryBackendBenchmark {

  /** The range overwritten: the middle {@code 1GiB} of the block, or the whole {@code block}. */
  @Param({"1GiB", "block"})
  public String range;

  /** Block size in GiB. */
  @Param({"64"})
  public long blockGiB;

  /** The fragmented layout. */
  @Param({"fragment-10000"})
  public String layout;

  private SharedStateStore store;
  private RangeRestore restore;

  /** Builds the fragmented block and records the runs inside the range. */
  @Setup
  public void setUp() {
    store = BenchmarkBlocks.build(backend, layout, blockGiB);
    long pages = store.pageCount();
    if (range.equals("block")) {
      restore = new RangeRestore(store, 0, pages);
    } else {
      long length = Math.min(pages, Sizes.parse(range) / Sizes.PAGE);
      long from = (pages - length) / 2;
      restore = new RangeRestore(store, from, from + length);
    }
  }

  /** The range made shared (merging its runs), then restored; returns the runs restored. */
  @Benchmark
  public int sharedThenRestore() {
    return restore.sharedThenRestore();
  }

  /** The range made private (dropping its runs), then restored; returns the runs restored. */
  @Benchmark
  public int privateThenRestore() {
    return restore.privateThenRestore();
  }

  /** The store under test. */
  SharedStateStore store() {
    return store;
  }
}
