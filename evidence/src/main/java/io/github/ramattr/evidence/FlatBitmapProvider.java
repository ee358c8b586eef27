/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Baseline provider {@code "flat-bitmap"}: QEMU's structure exactly, one bit per page in a single
 * {@code long[]} of {@code ceil(pages / 64)} words allocated eagerly at creation. It is the
 * "bitmap" of the review question (pages/8 bytes whatever the content), measured next to the
 * library's own {@code bitmap} backend, which allocates its words lazily.
 */
public final class FlatBitmapProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  public static final String NAME = "flat-bitmap";

  /**
   * The largest page count whose word array is a Java array: {@code 64 * MAX_WORDS}, just under
   * 2^37 (2^37 pages would need 2^31 words, one more than an array can index).
   */
  public static final long MAX_PAGES = 64L * FlatBitmapStore.MAX_WORDS;

  /**
   * Retained heap bytes of a flat bitmap of {@code pageCount} pages, whatever it holds: the store
   * object, the array header and {@code ceil(pageCount / 64)} words (JOL's figure on JDK 17 with
   * compressed oops). The yardstick of the census's "ratio to the flat bitmap".
   */
  public static long sizeInBytes(long pageCount) {
    return FlatBitmapStore.sizeInBytes(pageCount);
  }

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public FlatBitmapProvider() {
    super(NAME, MAX_PAGES, FlatBitmapStore::new);
  }
}
