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
 * {@link BulkBenchmark}'s 1 GiB overwrite-and-restore on blocks that grow (64 GiB, 1 TiB, 16 TiB)
 * at the same density, so the range always holds the same runs: what a range write costs against
 * the size of the untouched rest of the store. A store whose write costs O(height + runs touched)
 * shows time and allocation per op that stay flat (the tree height grows by one or two levels); one
 * that copies or re-encodes untouched content grows with the block.
 *
 * <p>The block is fragment-K with K = {@code runsPer64GiB} &times; {@code scaledBlockGiB} / 64, so
 * the fragment generator's slot width (pages / K, 1677 pages for 10^4 runs per 64 GiB) is the same
 * at every size and every slot holds exactly one run. The range is the 1 GiB / slot-width whole
 * slots (156 at that density, 0.998 GiB) in the middle of the block, aligned to the slot grid, so
 * it holds exactly that many runs at every size.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh BulkScalingBenchmark -p
 * backend=maple,roaring -prof gc} (the 16 TiB setup builds 2.56 million runs; a flat bitmap of 16
 * TiB is 512 MiB, so leave {@code bitmap} and {@code flat-bitmap} out or give the fork a larger
 * heap).
 */
public class BulkScalingBenchmark extends EveryBackendBenchmark {

  /**
   * Block size in GiB. Not called {@code blockGiB}, so that a run which fixes every other
   * benchmark's block ({@code -p blockGiB=1}) leaves this one growing.
   */
  @Param({"64", "1024", "16384"})
  public long scaledBlockGiB;

  /** Shared runs per 64 GiB of block: the density every size keeps. */
  @Param({"10000"})
  public long runsPer64GiB;

  private SharedStateStore store;
  private RangeRestore restore;

  /** Builds the block at the fixed density and records the runs of the middle range. */
  @Setup
  public void setUp() {
    long runs = runsPer64GiB * scaledBlockGiB / 64;
    if (runs < 1) {
      throw new IllegalStateException(
          runsPer64GiB + " runs per 64 GiB leave no run on " + scaledBlockGiB + " GiB");
    }
    store = BenchmarkBlocks.build(backend, "fragment-" + runs, scaledBlockGiB);
    long slot = store.pageCount() / runs; // the fragment generator's slot width
    long slots = Math.max(1, Math.min(runs, Sizes.GIB / Sizes.PAGE / slot));
    long from = (runs - slots) / 2 * slot;
    restore = new RangeRestore(store, from, from + slots * slot);
  }

  /** The range made shared (merging its runs), then restored; returns the runs restored. */
  @Benchmark
  public int sharedThenRestoreScaled() {
    return restore.sharedThenRestore();
  }

  /** The range made private (dropping its runs), then restored; returns the runs restored. */
  @Benchmark
  public int privateThenRestoreScaled() {
    return restore.privateThenRestore();
  }

  /** The store under test (for tests). */
  SharedStateStore store() {
    return store;
  }

  /** The runs the range holds (for tests: the same at every size). */
  int runsInRange() {
    return restore.runCount();
  }
}
