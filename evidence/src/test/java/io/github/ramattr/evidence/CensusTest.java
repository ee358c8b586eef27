/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import org.junit.jupiter.api.Test;

/** The census's skip reasons and the ratios of its rows, on the two baselines of this module. */
class CensusTest {
  private static final Census.Limits NO_LIMIT = new Census.Limits(Long.MAX_VALUE, 1_000_000);

  @Test
  void measure_pageCountOverBackendMax_skippedWithTheLimit() {
    Census.Row row =
        Census.measure("roaring", Workloads.byName("fragment-1000"), 64 * Sizes.TIB, NO_LIMIT);
    assertFalse(row.measured());
    assertTrue(row.skipped().contains(Long.toString(1L << 32)), row.skipped());
  }

  @Test
  void measure_overRunLimit_skippedWithTheCount() {
    Census.Row row =
        Census.measure(
            "flat-bitmap", Workloads.byName("alternate"), Sizes.GIB, new Census.Limits(1000, 1000));
    assertFalse(row.measured());
    assertTrue(row.skipped().contains("131072 runs"), row.skipped());
  }

  @Test
  void measure_fragment_ratiosFromTheMeasuredBytes() {
    Census.Row row =
        Census.measure("flat-bitmap", Workloads.byName("fragment-100"), Sizes.GIB, NO_LIMIT);
    assertTrue(row.measured() && row.byJol());
    assertEquals(100, row.runs());
    assertEquals(FlatBitmapProvider.sizeInBytes(Sizes.GIB / Sizes.PAGE), row.bytes());
    assertEquals(1.0, row.ratioToFlatBitmap(), 0);
    assertEquals(row.bytes() / 100.0, row.bytesPerRun(), 1e-9);
    assertEquals(
        8.0 * row.bytes() / InformationBound.bits(Sizes.GIB / Sizes.PAGE, 100),
        row.ratioToBound(),
        1e-9);
  }

  @Test
  void heapEstimate_flatBitmap_exact() {
    long pages = 64 * Sizes.GIB / Sizes.PAGE;
    assertEquals(
        FlatBitmapProvider.sizeInBytes(pages), HeapEstimate.bytes("flat-bitmap", pages, 1_000_000));
  }
}
