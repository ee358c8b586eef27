/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;

/**
 * Provides the {@code "maple"} backend: a B-tree whose leaves hold the positions where the page
 * state toggles, as varint deltas or, where boundaries are dense, as a bitmap. See the package
 * documentation for the layout and its memory bounds.
 *
 * <p>Thread-safe (it holds no state); the stores it creates are not.
 */
public final class MapleStoreProvider implements SharedStateStoreProvider {
  /** The provider name. */
  static final String NAME = "maple";

  /**
   * Every position is a 64-bit page index and no computation adds two positions, so any
   * non-negative page count is held.
   */
  static final long MAX_PAGE_COUNT = Long.MAX_VALUE;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public MapleStoreProvider() {}

  /** Returns {@code "maple"}. */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns {@link Long#MAX_VALUE}: every position is a 64-bit page index and no computation adds
   * two positions, so any non-negative page count is held.
   */
  @Override
  public long maxPageCount() {
    return MAX_PAGE_COUNT;
  }

  /**
   * Returns a new store of {@code pageCount} pages, all private.
   *
   * @throws IllegalArgumentException if {@code pageCount} is negative
   */
  @Override
  public SharedStateStore create(long pageCount) {
    return new MapleStore(pageCount); // which checks pageCount
  }
}
