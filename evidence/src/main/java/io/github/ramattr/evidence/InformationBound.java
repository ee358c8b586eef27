/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

/**
 * The information-theoretic lower bound on the memory of any exact structure: a block of n pages
 * with r shared runs is fixed by choosing the 2r run boundaries among n positions, so at least
 * {@code log2(C(n, 2r))} bits are needed to tell such states apart.
 */
public final class InformationBound {
  private static final int EXACT_LIMIT = 4096;
  private static final double[] LN_FACTORIAL = new double[EXACT_LIMIT + 1];

  static {
    for (int i = 1; i <= EXACT_LIMIT; i++) {
      LN_FACTORIAL[i] = LN_FACTORIAL[i - 1] + Math.log(i);
    }
  }

  private InformationBound() {}

  /**
   * {@code log2(C(pages, 2 * runs))} in bits, computed in double precision with Stirling's series,
   * correct to far below one bit for any page count up to 2^62.
   *
   * @throws IllegalArgumentException if {@code runs < 0} or {@code 2 * runs > pages}
   */
  public static double bits(long pages, long runs) {
    if (runs < 0 || pages < 0 || 2 * runs > pages) {
      throw new IllegalArgumentException(
          "need 0 <= 2 * runs <= pages; got pages " + pages + ", runs " + runs);
    }
    return log2Binomial(pages, 2 * runs);
  }

  /** {@code log2(C(n, k))} for {@code 0 <= k <= n}. */
  static double log2Binomial(long n, long k) {
    return (lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k)) / Math.log(2);
  }

  /** ln(x!) exactly summed for small x, else Stirling's series to the x^-5 term. */
  static double lnFactorial(long x) {
    if (x <= EXACT_LIMIT) {
      return LN_FACTORIAL[(int) x];
    }
    double v = x;
    double inv = 1 / v;
    double inv2 = inv * inv;
    return v * Math.log(v)
        - v
        + 0.5 * Math.log(2 * Math.PI * v)
        + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
  }
}
