/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Baseline provider {@code "roaring"}: the shared pages in a RoaringBitmap (1.6.x), a user's
 * obvious off-the-shelf alternative. RoaringBitmap indexes 32-bit unsigned values, so it holds at
 * most 2^32 pages (16 TiB at 4 KiB); larger counts are refused.
 */
public final class RoaringProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  public static final String NAME = "roaring";

  /** 2^32: every unsigned 32-bit page index. */
  public static final long MAX_PAGES = 1L << 32;

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public RoaringProvider() {
    super(NAME, MAX_PAGES, RoaringStore::new);
  }
}
