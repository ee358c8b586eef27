/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The raw rows' CSV: what is written reads back equal (labels with commas and quotes, NaN errors,
 * skipped cells), and malformed text fails naming its line.
 */
class RowsCsvTest {

  private static Census.Row measured(String workload, long runs, long bytes) {
    return new Census.Row(
        workload, 1L << 40, "maple", 7, runs, 3 * runs, bytes, true, bytes + 1, 12.25, null);
  }

  @Test
  void census_roundTrips_measuredAndSkippedRows() {
    List<Census.Row> rows =
        List.of(
            measured("snp-boot", 1_157, 9_216),
            measured("fragment-1000000", 1_000_000, 4_470_000),
            new Census.Row(
                "alternate",
                1L << 46,
                "interval",
                0,
                0,
                0,
                0,
                false,
                0,
                0,
                "needs \"2^45\" runs, over the limit, 2000000"));
    String csv = RowsCsv.census(rows);
    assertTrue(csv.startsWith(RowsCsv.CENSUS_HEADER + "\n"), csv);
    assertEquals(rows.size() + 1, csv.lines().count(), csv);
    assertEquals(rows, RowsCsv.readCensus(csv));
  }

  @Test
  void speed_roundTrips_labelsWithCommasAndNaN() {
    List<SpeedRuns.Measurement> rows =
        List.of(
            new SpeedRuns.Measurement(
                "managerReplay(qemuWalkGiB=8,regionGiB=16)", "maple", 4.06e6, 1.5e4, 0, 0),
            new SpeedRuns.Measurement(
                "isShared(layout=boot-tdx)", "roaring", 11.7, Double.NaN, Double.NaN, Double.NaN));
    assertEquals(rows, RowsCsv.readSpeed(RowsCsv.speed(rows)));
  }

  @Test
  void speed_roundTripsRandomDoublesExactly() {
    long seed = 20261130L;
    SplittableRandom random = new SplittableRandom(seed);
    List<SpeedRuns.Measurement> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(
          new SpeedRuns.Measurement(
              "op\"" + i + ",x",
              "b" + i,
              random.nextDouble() * Math.pow(10, random.nextInt(-3, 9)),
              random.nextDouble(),
              Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL),
              -random.nextDouble()));
    }
    assertEquals(rows, RowsCsv.readSpeed(RowsCsv.speed(rows)), "seed " + seed);
  }

  @Test
  void crLfLineEndings_readTheSame() {
    List<Census.Row> rows = List.of(measured("tdx-boot", 5, 100), measured("tdx-io", 9, 300));
    assertEquals(rows, RowsCsv.readCensus(RowsCsv.census(rows).replace("\n", "\r\n")));
  }

  @Test
  void wrongHeader_failsNamingLineOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowsCsv.readSpeed(RowsCsv.census(List.of(measured("w", 1, 1)))));
    assertTrue(e.getMessage().startsWith("line 1: expected the header"), e.getMessage());
  }

  @Test
  void missingField_failsNamingTheLineAndCounts() {
    String csv = RowsCsv.SPEED_HEADER + "\nop,maple,1.0,2.0,3.0\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowsCsv.readSpeed(csv));
    assertEquals("line 2: 5 fields, expected 6", e.getMessage());
  }

  @Test
  void badNumberOrBoolean_failsNamingTheLine() {
    String badNumber = RowsCsv.SPEED_HEADER + "\nop,maple,1.0,2.0,3.0,4.0\nop,maple,x,2,3,4\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowsCsv.readSpeed(badNumber));
    assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
    String csv = RowsCsv.census(List.of(measured("w", 1, 1))).replace(",true,", ",yes,");
    e = assertThrows(IllegalArgumentException.class, () -> RowsCsv.readCensus(csv));
    assertEquals("line 2: by_jol is 'yes', expected true or false", e.getMessage());
  }

  @Test
  void unclosedQuote_fails() {
    String csv = RowsCsv.SPEED_HEADER + "\n\"op,maple,1,2,3,4\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowsCsv.readSpeed(csv));
    assertEquals("line 2: a quoted field is not closed", e.getMessage());
  }
}
