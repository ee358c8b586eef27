/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Provider {@code "interval-primitive"}: the shared runs of a block in a fastutil {@code
 * Long2LongRBTreeMap} from run start to run end, without boxing. Memory is 40 bytes per shared run
 * (one tree node) plus a fixed 504 bytes, whatever the block size. For n runs held and k runs
 * touched, searches cost O(log n) and every range operation O(log n + k) amortised (one call that
 * merges away k runs costs O((k + 1) log n): fastutil deletes each node from the root). Any
 * non-negative page count is held: run bounds are longs in {@code [0, pageCount]} and no
 * computation adds to them.
 *
 * <p>Stateless and thread-safe; the stores it creates are not thread-safe.
 */
public final class PrimitiveIntervalProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  static final String NAME = "interval-primitive";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public PrimitiveIntervalProvider() {
    super(NAME, PrimitiveIntervalStore::new);
  }
}
