/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Provides the {@code "maple"} backend: a B-tree whose leaves hold the positions where the page
 * state toggles, as varint deltas or, where boundaries are dense, as a bitmap. See the package
 * documentation for the layout and its memory bounds.
 *
 * <p>Thread-safe (it holds no state); the stores it creates are not.
 */
public final class MapleStoreProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  static final String NAME = "maple";

  /**
   * Every position is a 64-bit page index and no computation adds two positions, so any
   * non-negative page count is held.
   */
  static final long MAX_PAGE_COUNT = Long.MAX_VALUE;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public MapleStoreProvider() {
    super(NAME, MAX_PAGE_COUNT, MapleStore::new);
  }
}
