/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The workloads of docs/workloads.md as seeded, lazy streams of conversions: see {@link
 * io.github.ramattr.workloads.Workloads}. The one generator that the TCK, the backends' memory
 * tests and the benchmarks share, so that all of them build the same blocks for a name, size and
 * seed.
 */
module io.github.ramattr.workloads {
  requires static org.jspecify;
  // Transitive: Conversion and Workload apply themselves to the SPI's SharedStateStore.
  requires transitive io.github.ramattr;

  exports io.github.ramattr.workloads;
}
