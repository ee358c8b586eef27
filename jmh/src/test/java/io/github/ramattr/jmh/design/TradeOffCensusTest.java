/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.CensusBaseline;
import io.github.ramattr.evidence.RoaringProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory figures docs/maple-goals.md ("The trade-off curve") and README.md quote from {@code
 * scripts/maple-tradeoff.sh}, measured again with the census the script runs: JOL bytes are
 * deterministic for an object layout, so a change to a design's layout or to the census fails here
 * and the quoted figures must be measured again. The script computes the same two columns: the
 * geometric mean of a design's rows over Roaring's (the rows Roaring can hold), and its largest row
 * over maple's committed baseline.
 */
class TradeOffCensusTest {
  private static Map<String, Long> baseline = Map.of();
  private static Map<String, Long> roaring = Map.of();

  @BeforeAll
  static void measureTheBaselines() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            TradeOffCensusTest.class.getResourceAsStream("/maple-census-baseline.csv"),
            "maple-census-baseline.csv")) {
      baseline =
          bytesByCell(
              CensusBaseline.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).rows());
    }
    roaring = bytesByCell(CensusBaseline.measureAll(RoaringProvider.NAME));
  }

  @Test
  void maple_isAnEighthOfRoaringOnTheGeometricMean() {
    Map<String, Long> maple = bytesByCell(CensusBaseline.measureAll("maple"));
    assertEquals("0.131", String.format(Locale.ROOT, "%.3f", geometricMeanOverRoaring(maple)));
    assertEquals("1.09", String.format(Locale.ROOT, "%.2f", largestOverBaseline(maple)));
  }

  @Test
  void fixedWidth_sixTimesMaple_andUpTo73TimesOnARow() {
    Map<String, Long> fixed = bytesByCell(CensusBaseline.measureAll(FixedWidthProvider.NAME));
    assertEquals("0.802", String.format(Locale.ROOT, "%.3f", geometricMeanOverRoaring(fixed)));
    assertEquals("73.22", String.format(Locale.ROOT, "%.2f", largestOverBaseline(fixed)));
    assertEquals(2_423_912L, fixed.get("alternate@1073741824"), "alternate at 1 GiB");
  }

  @Test
  void roaring_oneRunSixteenTiB_isTenThousandTimesMaple() {
    assertEquals("10782.58", String.format(Locale.ROOT, "%.2f", largestOverBaseline(roaring)));
    assertEquals(1_035_128L, roaring.get("fragment-1@17592186044416"));
    assertEquals(96L, baseline.get("fragment-1@17592186044416"));
  }

  private static Map<String, Long> bytesByCell(List<CensusBaseline.Row> rows) {
    Map<String, Long> bytes = new HashMap<>();
    for (CensusBaseline.Row row : rows) {
      bytes.put(row.workload() + "@" + row.regionSize(), row.bytes());
    }
    return bytes;
  }

  private static double geometricMeanOverRoaring(Map<String, Long> design) {
    double logs = 0;
    int n = 0;
    for (Map.Entry<String, Long> cell : roaring.entrySet()) {
      Long bytes = design.get(cell.getKey());
      assertTrue(bytes != null, "no row " + cell.getKey());
      logs += Math.log((double) bytes / cell.getValue());
      n++;
    }
    assertEquals(46, n, "cells Roaring holds");
    return Math.exp(logs / n);
  }

  private static double largestOverBaseline(Map<String, Long> design) {
    double largest = 0;
    for (Map.Entry<String, Long> cell : baseline.entrySet()) {
      Long bytes = design.get(cell.getKey());
      if (bytes != null) {
        largest = Math.max(largest, (double) bytes / cell.getValue());
      }
    }
    return largest;
  }
}
