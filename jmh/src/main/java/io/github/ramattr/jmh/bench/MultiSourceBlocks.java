/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The one place the multi-source benchmarks build their sources: a guest_memfd-like attribute of 4
 * KiB blocks and a virtio-mem-like attribute of 2 MiB blocks ("plugged" blocks), each with {@value
 * #RUNS} shared runs, seeded. The region is cut into {@value #RUNS} equal slots; in each, the memfd
 * attribute shares a run of 5% to 45% of the slot and the plugged attribute one of 55% to 95%, at
 * random places, so their AND has about as many runs again. The last {@link #QUIET_TAIL} bytes stay
 * private in the memfd attribute: the conversion benchmarks convert there, a range wholly private
 * in the converting source (one notification per combined run, as in QEMU).
 */
final class MultiSourceBlocks {
  /** Shared runs per source (10^3, as docs/semantics.md's targets assume). */
  static final int RUNS = 1000;

  /** Block size of the virtio-mem-like source. */
  static final long PLUGGED_BLOCK = 2 * Sizes.MIB;

  /** Bytes at the end of the region that stay private in the memfd source: 1 GiB. */
  static final long QUIET_TAIL = Sizes.GIB;

  private static final long MEMFD_SEED = 0x3E3FD;
  private static final long PLUGGED_SEED = 0x71A6;

  private MultiSourceBlocks() {}

  /**
   * A guest_memfd-like attribute (4 KiB blocks) on {@code backend}, attached to {@code manager} if
   * one is given.
   */
  static RamBlockAttribute memfd(
      String backend, long regionSize, ConversionSemantics semantics, MultiSourceDiscardManager m) {
    return build(backend, regionSize, Sizes.PAGE, semantics, m, MEMFD_SEED, 0.05, 0.45);
  }

  /** The same guest_memfd-like attribute, standalone. */
  static RamBlockAttribute memfd(String backend, long regionSize, ConversionSemantics semantics) {
    return build(backend, regionSize, Sizes.PAGE, semantics, null, MEMFD_SEED, 0.05, 0.45);
  }

  /** A virtio-mem-like attribute (2 MiB blocks) attached to {@code manager}. */
  static RamBlockAttribute plugged(
      String backend, long regionSize, ConversionSemantics semantics, MultiSourceDiscardManager m) {
    return build(backend, regionSize, PLUGGED_BLOCK, semantics, m, PLUGGED_SEED, 0.55, 0.95);
  }

  private static RamBlockAttribute build(
      String backend,
      long regionSize,
      long blockSize,
      ConversionSemantics semantics,
      @Nullable MultiSourceDiscardManager manager,
      long seed,
      double minFill,
      double maxFill) {
    BenchmarkBlocks.requireAvailable(backend);
    if (regionSize % PLUGGED_BLOCK != 0 || regionSize < 2 * QUIET_TAIL) {
      throw new IllegalStateException(
          "region size " + regionSize + " must be a multiple of 2 MiB and at least 2 GiB");
    }
    long pages = regionSize / blockSize;
    SharedStateStore store = SharedStateStores.create(backend, pages);
    boolean quietTail = blockSize == Sizes.PAGE;
    long slot = pages / RUNS;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < RUNS; i++) {
      long length =
          Math.max(1, (long) (slot * (minFill + random.nextDouble() * (maxFill - minFill))));
      long from = i * slot + random.nextLong(slot - length + 1);
      long to = from + length;
      if (quietTail) {
        to = Math.min(to, (regionSize - QUIET_TAIL) / blockSize);
      }
      if (from < to) {
        store.setShared(from, to);
      }
    }
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder()
            .regionSize(regionSize)
            .blockSize(blockSize)
            .semantics(semantics)
            .store(store);
    if (manager != null) {
      builder.manager(manager);
    }
    return builder.build();
  }
}
