/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.RunVisitor;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.workloads.Sizes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload {@code replay} of docs/workloads.md: what a newly registered VFIO listener costs, and
 * the store's run walks under it. On a 64 GiB block (fragment-10^6 by default; {@code -p
 * layout=boot-tdx,fragment-1000000} adds a booted guest), {@link #replayPopulated} is the facade's
 * {@code replayPopulated} over the whole block, every maximal shared run handed to a {@link
 * Blackhole} as a section; {@link #forEachSharedRun} and {@link #forEachPrivateRun} walk every run
 * of one state straight on the store (what the facade's replays, snapshots and {@code isPopulated}
 * are built on), summing the pages visited. Read-only, so steady state needs nothing more.
 *
 * <p>Why: a listener registration or a snapshot walks the whole block; the speed goals
 * (docs/maple-goals.md) ask maple to walk no slower than RoaringBitmap on fragment-10^6, where a
 * walk visits a million runs.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh ReplayBenchmark -p backend=maple}
 */
public class ReplayBenchmark extends EveryBackendBenchmark {

  /** The block's content: a workload of docs/workloads.md. */
  @Param({"fragment-1000000"})
  public String layout;

  /** Block size in GiB. */
  @Param({"64"})
  public long blockGiB;

  private RamBlockAttribute attribute;
  private SharedStateStore store;
  private MemoryRegionSection whole;
  private final PageSum pages = new PageSum();

  /** Builds the block and the facade over it. */
  @Setup
  public void setUp() {
    store = BenchmarkBlocks.build(backend, layout, blockGiB);
    attribute = RamBlockAttribute.builder().regionSize(blockGiB * Sizes.GIB).store(store).build();
    whole = MemoryRegionSection.of(0, attribute.regionSize());
  }

  /** The facade under test (for tests). */
  RamBlockAttribute attribute() {
    return attribute;
  }

  /** One replay of every shared run of the block. */
  @Benchmark
  public void replayPopulated(Blackhole blackhole) {
    attribute.replayPopulated(whole, blackhole::consume);
  }

  /** One walk of every shared run, on the store; returns the shared pages visited. */
  @Benchmark
  public long forEachSharedRun() {
    pages.total = 0;
    store.forEachSharedRun(0, store.pageCount(), pages);
    return pages.total;
  }

  /** One walk of every private run, on the store; returns the private pages visited. */
  @Benchmark
  public long forEachPrivateRun() {
    pages.total = 0;
    store.forEachPrivateRun(0, store.pageCount(), pages);
    return pages.total;
  }

  /** Sums the lengths of the runs it visits; one instance per state, so a walk allocates none. */
  private static final class PageSum implements RunVisitor {
    long total;

    @Override
    public void visit(long fromPage, long toPage) {
      total += toPage - fromPage;
    }
  }
}
