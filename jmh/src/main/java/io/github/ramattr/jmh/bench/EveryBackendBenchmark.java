/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * A benchmark run on every backend the bench registers, the library's and the baselines: the one
 * list of backend names the store and facade benchmarks share.
 */
public abstract class EveryBackendBenchmark extends BenchmarkSettings {
  /** Backend name; unavailable ones fail setup with the list of available ones. */
  @Param({"bitmap", "interval", "interval-primitive", "maple", "roaring", "flat-bitmap"})
  public String backend;

  /** For the benchmarks. */
  protected EveryBackendBenchmark() {}
}
