/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * A benchmark of attributes built by {@link MultiSourceBlocks} (the multi-source manager, and
 * attaching): the one list of backends their stores are measured on, the library's default and
 * QEMU's layout.
 */
public abstract class MultiSourceBenchmark extends BenchmarkSettings {
  /** Backend of the attributes' stores. */
  @Param({"maple", "bitmap"})
  public String backend;

  /** For the benchmarks. */
  protected MultiSourceBenchmark() {}
}
