/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.spi.SharedStateStore;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The state both split/merge benchmarks build: block {@code fragment-K} ({@code runs} = K) of
 * {@code blockGiB}, and a seeded table of {@value #TARGETS} pages strictly inside its runs that the
 * ops walk through, op {@code next} taking entry {@code next & (TARGETS - 1)}. Each benchmark
 * chooses its table (and may prepare the store for its first op) in {@link #prepareTargets}.
 */
public abstract class SplitMergeState extends EveryBackendBenchmark {
  /** Entries of the page table: a power of two, so an op's index is a mask. */
  static final int TARGETS = 4096;

  /** K of the fragment-K block. */
  @Param({"1000", "100000", "1000000"})
  public long runs;

  /** Block size in GiB. */
  @Param({"64", "1024"})
  public long blockGiB;

  /** The store under test. */
  protected SharedStateStore store;

  /** The page table, {@value #TARGETS} pages inside runs. */
  protected long[] targets;

  /** The number of the next op. */
  protected int next;

  /** For the benchmarks. */
  protected SplitMergeState() {}

  /** Builds the fragment-K block and the table of pages. */
  @Setup
  public void setUp() {
    store = BenchmarkBlocks.build(backend, "fragment-" + runs, blockGiB);
    next = 0;
    targets = prepareTargets();
  }

  /**
   * Returns the page table for {@link #store}, seeded with K, after any changes the first op needs
   * ({@link #next} may be moved past the entries those used).
   */
  protected abstract long[] prepareTargets();

  /** The store under test (for tests that check what the ops left). */
  SharedStateStore store() {
    return store;
  }
}
