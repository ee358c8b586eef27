/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;

/**
 * Baseline provider {@code "roaring"}: the shared pages in a RoaringBitmap (1.6.x), a user's
 * obvious off-the-shelf alternative. RoaringBitmap indexes 32-bit unsigned values, so it holds at
 * most 2^32 pages (16 TiB at 4 KiB); larger counts are refused.
 */
public final class RoaringProvider implements SharedStateStoreProvider {
  /** The provider name. */
  public static final String NAME = "roaring";

  /** 2^32: every unsigned 32-bit page index. */
  public static final long MAX_PAGES = 1L << 32;

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public RoaringProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long maxPageCount() {
    return MAX_PAGES;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code pageCount} is negative or over 2^32
   */
  @Override
  public SharedStateStore create(long pageCount) {
    return new RoaringStore(pageCount); // which checks pageCount
  }
}
