/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.evidence.RoaringProvider;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.DefaultBackendCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With only the bitmap backend of the library on the class path, it is what a builder picks by
 * default. The evidence module's baselines ({@code flat-bitmap}, {@code roaring}) are there too, in
 * test scope for the memory tests, and must not be picked.
 */
class BitmapDefaultBackendTest {

  @Test
  void available_listsBitmapAndTheBaselinesOnly() {
    assertEquals(
        List.of("bitmap", FlatBitmapProvider.NAME, RoaringProvider.NAME),
        SharedStateStores.available());
  }

  @Test
  void build_withoutBackend_usesBitmapWhenMapleAbsent() {
    DefaultBackendCheck.assertBuilderPicks("bitmap");
  }
}
