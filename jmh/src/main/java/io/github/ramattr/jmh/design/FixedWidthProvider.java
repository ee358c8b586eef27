/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.design;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Design-point provider {@code "fixed-width"}: {@link FixedWidthStore} with 16 runs (256 bytes of
 * pivots) per leaf, the kernel maple node's size, or the number the system property {@value
 * #RUNS_PER_LEAF_PROPERTY} names (so {@code scripts/maple-tradeoff.sh} can measure other leaf sizes
 * without a rebuild). It is registered in the bench only, so the trade-off measurements can name it
 * next to {@code maple} and {@code roaring}.
 */
public final class FixedWidthProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  public static final String NAME = "fixed-width";

  /** Runs per leaf by default: 16 pairs of 8-byte pages, 256 bytes. */
  public static final int RUNS_PER_LEAF = 16;

  /** The system property that overrides {@link #RUNS_PER_LEAF} (at least 4). */
  public static final String RUNS_PER_LEAF_PROPERTY = "ramattr.fixedWidth.runsPerLeaf";

  /**
   * Creates the provider (ServiceLoader needs a public no-argument constructor). The property is
   * read on every {@code create}, so a run can change it without a new provider.
   */
  public FixedWidthProvider() {
    super(
        NAME,
        pageCount ->
            new FixedWidthStore(
                pageCount, Integer.getInteger(RUNS_PER_LEAF_PROPERTY, RUNS_PER_LEAF)));
  }
}
