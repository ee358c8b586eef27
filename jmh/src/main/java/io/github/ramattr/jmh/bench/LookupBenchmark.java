/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.workloads.Sizes;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Workload {@code lookup} of docs/workloads.md, the fault path: on a boot-tdx, a fragment-10^4 and
 * a fragment-10^6 block of 64 GiB, one op is either {@code isShared(page)} on the store for a
 * random page, or the facade's {@code isPopulated} for a random 2 MiB-aligned 2 MiB section (what
 * virtio-mem and VFIO ask). Pages and sections come from seeded tables of 4096, so the op measures
 * the lookup, not the random generator. Results are returned, so JMH consumes them.
 *
 * <p>Why: KVM asks on every fault of a confidential guest whether the page is shared, and VFIO and
 * virtio-mem ask whether a section is populated; the speed goals (docs/maple-goals.md) ask maple to
 * answer both no slower than RoaringBitmap, from few runs (boot-tdx) to many (fragment-10^6).
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh LookupBenchmark -p backend=maple}
 */
public class LookupBenchmark extends EveryBackendBenchmark {
  private static final int TABLE = 4096;

  /** The block's content: a workload of docs/workloads.md. */
  @Param({"boot-tdx", "fragment-10000", "fragment-1000000"})
  public String layout;

  /** Block size in GiB. */
  @Param({"64"})
  public long blockGiB;

  private SharedStateStore store;
  private RamBlockAttribute attribute;
  private long[] pages;
  private MemoryRegionSection[] sections;
  private int next;

  /** Builds the block, the facade over it and the tables of pages and sections. */
  @Setup
  public void setUp() {
    store = BenchmarkBlocks.build(backend, layout, blockGiB);
    attribute = RamBlockAttribute.builder().regionSize(blockGiB * Sizes.GIB).store(store).build();
    SplittableRandom random = new SplittableRandom(TABLE);
    pages = new long[TABLE];
    sections = new MemoryRegionSection[TABLE];
    long twoMiBSlots = blockGiB * Sizes.GIB / (2 * Sizes.MIB);
    for (int i = 0; i < TABLE; i++) {
      pages[i] = random.nextLong(store.pageCount());
      sections[i] =
          MemoryRegionSection.of(random.nextLong(twoMiBSlots) * 2 * Sizes.MIB, 2 * Sizes.MIB);
    }
  }

  /** {@code isShared} of one random page, on the store. */
  @Benchmark
  public boolean isShared() {
    return store.isShared(pages[next++ & (TABLE - 1)]);
  }

  /** {@code isPopulated} of one random 2 MiB section, through the facade. */
  @Benchmark
  public boolean isPopulated2MiB() {
    return attribute.isPopulated(sections[next++ & (TABLE - 1)]);
  }

  /** The page or section the next op reads (for tests; one table index serves both). */
  long nextPage() {
    return pages[next & (TABLE - 1)];
  }

  /** The section the next {@link #isPopulated2MiB} reads (for tests). */
  MemoryRegionSection nextSection() {
    return sections[next & (TABLE - 1)];
  }
}
