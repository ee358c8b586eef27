/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InformationBoundTest {

  /** log2 of an exact binomial coefficient, from BigInteger. */
  private static double exactLog2Binomial(long n, long k) {
    BigInteger c = BigInteger.ONE;
    for (long i = 1; i <= k; i++) {
      c = c.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    }
    int shift = Math.max(0, c.bitLength() - 60);
    return shift + Math.log(c.shiftRight(shift).doubleValue()) / Math.log(2);
  }

  @ParameterizedTest
  @CsvSource({
    "10, 0",
    "10, 1",
    "10, 5",
    "5000, 1",
    "5000, 100",
    "100000, 50",
    "262144, 300",
    "1000000, 2000"
  })
  void bits_againstExactBinomial(long pages, long runs) {
    assertEquals(exactLog2Binomial(pages, 2 * runs), InformationBound.bits(pages, runs), 1e-6);
  }

  @Test
  void bits_hugeBlock_matchesSumOfLogs() {
    long pages = 1L << 34; // 64 TiB of 4 KiB pages
    long runs = 50_000;
    double sum = 0;
    for (long i = 1; i <= 2 * runs; i++) {
      sum += Math.log((double) (pages - 2 * runs + i) / i);
    }
    assertEquals(sum / Math.log(2), InformationBound.bits(pages, runs), 1e-3);
  }

  @Test
  void bits_halfTheBlockAsRuns_isAboutOneBitPerPage() {
    long pages = 1L << 30;
    double bits = InformationBound.bits(pages, pages / 2);
    assertEquals(0, bits, 1e-3, "C(n, n) = 1: alternate pages need no information");
    double quarter = InformationBound.bits(pages, pages / 4);
    assertEquals((double) pages, quarter, pages * 1e-4, "C(n, n/2) ~ 2^n");
  }

  @Test
  void bits_tooManyRuns_rejected() {
    assertThrows(IllegalArgumentException.class, () -> InformationBound.bits(10, 6));
    assertThrows(IllegalArgumentException.class, () -> InformationBound.bits(10, -1));
  }
}
