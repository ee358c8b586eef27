/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The bitmap backend of ramattr: one bit per page, QEMU's layout. Provider name {@code bitmap}. */
module io.github.ramattr.bitmap {
  requires static org.jspecify;
  // Transitive: the exported BitmapStoreProvider's public signatures name the SPI's types.
  requires transitive io.github.ramattr;

  exports io.github.ramattr.bitmap;

  provides io.github.ramattr.spi.SharedStateStoreProvider with
      io.github.ramattr.bitmap.BitmapStoreProvider;
}
