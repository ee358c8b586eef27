/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import io.github.ramattr.spi.SharedStateStore;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A seeded, deterministic workload of docs/workloads.md: a lazy stream of {@link Conversion}s on a
 * block of 4 KiB pages. The same generator drives the memory census, the benchmarks' setup and the
 * {@code generate} trace writer, so all three see identical conversions for a name, size and seed.
 */
public interface Workload {

  /** The name as docs/workloads.md and the CLI write it, such as {@code fragment-100000}. */
  String name();

  /**
   * The seed docs/workloads.md fixes for this workload at {@code regionSize}, or a documented
   * default.
   */
  long defaultSeed(long regionSize);

  /**
   * Why this workload cannot run on a block of {@code regionSize} bytes (for example {@code K >
   * pages/4}), or empty if it can.
   */
  Optional<String> unsupported(long regionSize);

  /** About how many shared runs the final state holds, for heap estimates before building. */
  long expectedRuns(long regionSize);

  /**
   * The conversions, generated lazily in order; a sequential stream.
   *
   * @throws IllegalArgumentException if {@link #unsupported} is not empty for {@code regionSize}
   */
  Stream<Conversion> conversions(long regionSize, long seed);

  /**
   * Applies every conversion to {@code store}, a store of {@code regionSize / 4096} pages.
   *
   * @return the number of conversions applied
   * @throws IllegalArgumentException if the store's page count does not match {@code regionSize}
   */
  default long applyTo(SharedStateStore store, long regionSize, long seed) {
    if (store.pageCount() != regionSize / Sizes.PAGE) {
      throw new IllegalArgumentException(
          "store has "
              + store.pageCount()
              + " pages, region "
              + regionSize
              + " needs "
              + regionSize / Sizes.PAGE);
    }
    long[] count = {0};
    conversions(regionSize, seed)
        .forEach(
            c -> {
              c.applyTo(store);
              count[0]++;
            });
    return count[0];
  }
}
