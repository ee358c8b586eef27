/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The bitmap backend: {@link io.github.ramattr.bitmap.BitmapStoreProvider}, named {@code "bitmap"},
 * creates stores that keep one bit per page in 64-bit words, as QEMU's RamBlockAttributes does.
 * Only the provider is public; the store is reached through the SPI.
 */
@NullMarked
package io.github.ramattr.bitmap;

import org.jspecify.annotations.NullMarked;
