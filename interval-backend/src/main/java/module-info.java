/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Interval backends for ramattr: the shared pages of a block kept as maximal runs in a balanced
 * search tree, one entry per run. Provides {@code "interval"} (Guava {@code TreeRangeSet}) and
 * {@code "interval-primitive"} (a fastutil red-black tree of primitive longs).
 */
// fastutil-core has no module-info, only the Automatic-Module-Name it.unimi.dsi.fastutil.core in
// its manifest, which lint's requires-automatic flags on any such requires.
@SuppressWarnings("requires-automatic")
module io.github.ramattr.interval {
  requires static org.jspecify;
  requires io.github.ramattr;
  requires com.google.common;
  requires it.unimi.dsi.fastutil.core;

  provides io.github.ramattr.spi.SharedStateStoreProvider with
      io.github.ramattr.interval.IntervalProvider,
      io.github.ramattr.interval.PrimitiveIntervalProvider;
}
