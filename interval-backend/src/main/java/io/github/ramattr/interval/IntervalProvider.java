/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Provider {@code "interval"}: the shared runs of a block in a Guava {@code TreeRangeSet<Long>}.
 * Memory is 144 bytes per shared run plus a fixed 152 bytes, whatever the block size; every range
 * operation costs O(log n + k) for n runs held and k runs touched. Any non-negative page count is
 * held: run bounds are longs in {@code [0, pageCount]} and no computation adds to them.
 *
 * <p>Stateless and thread-safe; the stores it creates are not thread-safe.
 */
public final class IntervalProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  static final String NAME = "interval";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public IntervalProvider() {
    super(NAME, RangeSetStore::new);
  }
}
