/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two baselines' limits and size formulas, checked against JOL. */
class BaselineStoresTest {

  // ================================================================ limits

  @Test
  void roaring_over2pow32_rejectedByProviderAndRegistry() {
    long tooMany = (1L << 32) + 1;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RoaringProvider().create(tooMany));
    assertTrue(e.getMessage().contains(Long.toString(tooMany)), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SharedStateStores.create("roaring", tooMany));
  }

  @Test
  void roaring_2pow32Pages_topPagesWork() {
    long pages = 1L << 32;
    SharedStateStore store = new RoaringProvider().create(pages);
    store.setShared(pages - 3, pages);
    assertEquals(pages - 3, store.nextShared(0));
    assertEquals(pages, store.nextPrivate(pages - 3));
    assertTrue(store.isShared(pages - 1));
    store.setShared(0, pages);
    assertEquals(pages, store.nextPrivate(0), "every page shared");
    assertEquals(pages, store.sharedCount());
    store.setPrivate(1L << 31, (1L << 31) + 1);
    assertEquals(1L << 31, store.nextPrivate(0));
    assertEquals(2, store.sharedRunCount());
  }

  @Test
  void flatBitmap_overMaxPages_rejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new FlatBitmapProvider().create(FlatBitmapProvider.MAX_PAGES + 1));
    assertThrows(IllegalArgumentException.class, () -> new FlatBitmapProvider().create(-1));
  }

  @Test
  void flatBitmap_maxPages_isTheLargestLongArray() {
    // 2^37 pages would need 2^31 words, one past the largest array index.
    assertTrue(FlatBitmapProvider.MAX_PAGES < 1L << 37);
    assertTrue(FlatBitmapProvider.MAX_PAGES / 64 <= Integer.MAX_VALUE - 8);
  }

  // ================================================================ sizes against JOL

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 63, 64, 65, 262_144, 1_000_003})
  void flatBitmap_estimatedSize_equalsJol(long pages) {
    SharedStateStore store = new FlatBitmapProvider().create(pages);
    assertEquals(Census.jolBytes(store), store.estimatedSizeInBytes());
    assertEquals(store.estimatedSizeInBytes(), FlatBitmapProvider.sizeInBytes(pages));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "boot-tdx",
        "fragment-1",
        "fragment-100",
        "fragment-10000",
        "churn-1000",
        "fragment-pages/4",
        "alternate"
      })
  void roaring_estimatedSize_equalsJol(String workload) {
    long region = Sizes.GIB;
    Workload w = Workloads.byName(workload);
    SharedStateStore store = new RoaringProvider().create(region / Sizes.PAGE);
    w.applyTo(store, region, w.defaultSeed(region));
    long estimated = store.estimatedSizeInBytes(); // compacts first
    assertEquals(Census.jolBytes(store), estimated, workload);
  }

  @Test
  void roaring_alternatePages_optimisedToBitmapContainers() {
    // Every other page shared: 32768 runs per 2^16-page container would take 128 KiB as runs,
    // 8 KiB as a bitmap; the periodic runOptimize must have picked the bitmap.
    long region = Sizes.GIB;
    SharedStateStore store = new RoaringProvider().create(region / Sizes.PAGE);
    Workloads.byName("alternate").applyTo(store, region, 0);
    long containers = (region / Sizes.PAGE) >>> 16;
    assertTrue(
        Census.jolBytes(store) < containers * 9 * Sizes.KIB,
        "roaring alternate size " + Census.jolBytes(store));
  }
}
