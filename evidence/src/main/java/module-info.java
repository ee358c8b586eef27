/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's memory evidence: the JOL census of a workload in a backend's store ({@link
 * io.github.ramattr.evidence.Census}), the frozen census baseline, and the two baseline stores the
 * backends are compared with, {@code flat-bitmap} and {@code roaring}. The report uses it, and the
 * backends' memory tests (test scope only) assert thresholds over its rows.
 */
// JOL 0.17 has neither a module-info nor an Automatic-Module-Name: its module name comes from the
// jar's file name, jol-core-0.17.jar -> jol.core, which lint's requires-automatic flags.
@SuppressWarnings("requires-automatic")
module io.github.ramattr.evidence {
  requires static org.jspecify;
  // Transitive: Census and CensusBaseline take Workloads and name the SPI's types.
  requires transitive io.github.ramattr;
  requires transitive io.github.ramattr.workloads;
  requires jol.core;
  requires roaringbitmap;

  exports io.github.ramattr.evidence;

  provides io.github.ramattr.spi.SharedStateStoreProvider with
      io.github.ramattr.evidence.FlatBitmapProvider,
      io.github.ramattr.evidence.RoaringProvider;
}
