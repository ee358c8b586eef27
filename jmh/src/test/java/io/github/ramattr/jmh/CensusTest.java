/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import org.junit.jupiter.api.Test;

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
    assertEquals(FlatBitmapStore.sizeInBytes(Sizes.GIB / Sizes.PAGE), row.bytes());
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
        FlatBitmapStore.sizeInBytes(pages), HeapEstimate.bytes("flat-bitmap", pages, 1_000_000));
  }

  @Test
  void heapEstimate_everyBackend_withinTwiceTheBuiltStore() {
    long region = 64 * Sizes.GIB;
    Workload w = Workloads.byName("fragment-100000");
    for (String backend : SharedStateStores.available()) {
      SharedStateStore store = SharedStateStores.create(backend, region / Sizes.PAGE);
      w.applyTo(store, region, w.defaultSeed(region));
      long actual = store.estimatedSizeInBytes();
      long estimate = HeapEstimate.bytes(backend, region / Sizes.PAGE, 100_000);
      assertTrue(
          estimate <= 2 * actual && actual <= 2 * estimate,
          backend + ": estimate " + estimate + ", built " + actual);
    }
  }

  @Test
  void crossover_interpolatesBetweenMeasuredPoints() {
    long region = Sizes.GIB;
    long flat = FlatBitmapStore.sizeInBytes(region / Sizes.PAGE);
    Census.Row below =
        new Census.Row("fragment-a", region, "x", 0, 1000, 1, flat / 2, true, 0, 0, null);
    Census.Row above =
        new Census.Row("fragment-b", region, "x", 0, 3000, 1, flat * 3 / 2, true, 0, 0, null);
    Report.Crossover c = Report.crossover("x", region, java.util.List.of(above, below));
    assertEquals("interpolated", c.how());
    assertEquals(2000, c.runs(), 1);
    assertEquals(2000, c.runsPerGiB(), 1);
  }
}
