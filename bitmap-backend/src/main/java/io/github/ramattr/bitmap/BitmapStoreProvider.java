/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;

/**
 * Provides bitmap stores, named {@value #NAME}: one bit per page in 64-bit words, QEMU's layout, up
 * to {@link #maxPageCount()} = 2^40 pages (4 PiB of 4 KiB pages). A store that has touched every
 * part of its pages costs {@code pageCount / 8} bytes plus 0.02% (32 MiB per TiB of guest RAM at 4
 * KiB per page); untouched and wholly shared 2^18-page chunks cost 4 bytes each. The limit of 2^40
 * pages keeps the chunk table at 2^22 references (16 MiB).
 *
 * <p>Registered with {@link java.util.ServiceLoader}; thread-safe (it has no state).
 */
public final class BitmapStoreProvider extends AbstractSharedStateStoreProvider {
  /** The provider name. */
  public static final String NAME = "bitmap";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public BitmapStoreProvider() {
    super(NAME, BitmapStore.MAX_PAGE_COUNT, BitmapStore::new);
  }
}
