/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.workloads.Sizes;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A TDX-style conversion through the whole facade, with a VFIO-model listener registered over the
 * block that "maps" every populated 4 KiB chunk ({@link CountingVfioListener}). On a boot-tdx block
 * of 64 GiB (workload {@code boot-tdx} of docs/workloads.md), one op converts a 2 MiB piece (KVM's
 * MapGPA granularity) from private to shared (store write, one populate = 512 maps) and back (one
 * discard): convert-and-back keeps the state steady. The 2 MiB pieces come from a seeded table of
 * 4096 wholly private pieces.
 *
 * <p>Why: this is the whole path of a guest's MapGPA in a VMM with a VFIO device (argument checks,
 * lock, store write, listener notifications), where the store is one part among several, and
 * docs/maple-goals.md asks maple's to be no slower than roaring's.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh FacadeConversionBenchmark -p
 * backend=maple}
 */
public class FacadeConversionBenchmark extends EveryBackendBenchmark {
  private static final int TABLE = 4096;
  private static final long PIECE = 2 * Sizes.MIB;

  /**
   * The block's content: a workload of docs/workloads.md with wholly private 2 MiB pieces. Not
   * called {@code layout}, so that a run which sets the other benchmarks' layouts ({@code -p
   * layout=fragment-10000}) leaves this one on a booted guest.
   */
  @Param({"boot-tdx"})
  public String guestLayout;

  /** Block size in GiB. */
  @Param({"64"})
  public long blockGiB;

  private RamBlockAttribute attribute;
  private CountingVfioListener vfio;
  private long[] pieces;
  private int next;

  /** Builds the block and the facade, registers the listener and picks private 2 MiB pieces. */
  @Setup
  public void setUp() {
    long regionSize = blockGiB * Sizes.GIB;
    attribute =
        RamBlockAttribute.builder()
            .regionSize(regionSize)
            .store(BenchmarkBlocks.build(backend, guestLayout, blockGiB))
            .build();
    vfio = new CountingVfioListener();
    attribute.registerListener(vfio, MemoryRegionSection.of(0, regionSize));
    SplittableRandom random = new SplittableRandom(TABLE);
    pieces = new long[TABLE];
    long slots = regionSize / PIECE;
    for (int i = 0, tries = 0; i < TABLE; tries++) {
      if (tries > 1000 * TABLE) {
        throw new IllegalStateException(
            guestLayout
                + " on "
                + blockGiB
                + " GiB: found only "
                + i
                + " of "
                + TABLE
                + " wholly private 2 MiB pieces");
      }
      long offset = random.nextLong(slots) * PIECE;
      long fromPage = offset / Sizes.PAGE;
      if (attribute.store().nextShared(fromPage) >= fromPage + PIECE / Sizes.PAGE) {
        pieces[i++] = offset;
      }
    }
  }

  /** One 2 MiB piece converted to shared and back; returns the maps counted so far. */
  @Benchmark
  public long convertSharedAndBack() {
    long offset = pieces[next++ & (TABLE - 1)];
    attribute.convert(offset, PIECE, PageState.SHARED);
    attribute.convert(offset, PIECE, PageState.PRIVATE);
    return vfio.maps();
  }

  /** The facade under test (for tests). */
  RamBlockAttribute attribute() {
    return attribute;
  }

  /** The listener (for tests). */
  CountingVfioListener listener() {
    return vfio;
  }
}
