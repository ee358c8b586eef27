/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload {@code replay} of WORKLOADS.md: what a newly registered VFIO listener costs. One op is
 * the facade's {@code replayPopulated} over the whole block (boot-tdx or fragment-10^6 on 64 GiB),
 * every maximal shared run handed to a {@link Blackhole} as a section. Read-only, so steady state
 * needs nothing more.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh ReplayBenchmark -p backend=maple}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplayBenchmark {

  /** Backend name; unavailable ones fail setup with the list of available ones. */
  @Param({"bitmap", "interval", "interval-primitive", "maple", "roaring", "flat-bitmap"})
  public String backend;

  /** The block's content: a workload of WORKLOADS.md. */
  @Param({"boot-tdx", "fragment-1000000"})
  public String layout;

  /** Block size in GiB. */
  @Param({"64"})
  public long blockGiB;

  private RamBlockAttribute attribute;
  private MemoryRegionSection whole;

  /** Builds the block and the facade over it. */
  @Setup
  public void setUp() {
    attribute =
        RamBlockAttribute.builder()
            .regionSize(blockGiB * Sizes.GIB)
            .store(BenchmarkBlocks.build(backend, layout, blockGiB))
            .build();
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
}
