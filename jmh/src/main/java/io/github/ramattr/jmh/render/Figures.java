/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import io.github.ramattr.jmh.report.GoalCheck;
import java.util.Locale;

/** How REPORT.md and GOALS.md print numbers, so both tables read alike. */
public final class Figures {
  private Figures() {}

  /** A number with three significant digits (no exponent below 10^7), "-" for NaN. */
  public static String num(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Math.abs(value) >= 1000 && Math.abs(value) < 1e7) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  /** {@code score ± error}, three significant digits, {@code -} for an unknown part. */
  public static String withError(double score, double error) {
    return num(score) + " ± " + num(error);
  }

  /** {@code [low, high]} of a ratio, {@code inf} for an open upper end. */
  public static String interval(GoalCheck.Ratio ratio) {
    return "["
        + num(ratio.low())
        + ", "
        + (Double.isInfinite(ratio.high()) ? "inf" : num(ratio.high()))
        + "]";
  }

  /** A strict verdict as the report's tables print it: {@code yes}, {@code no} or undecided. */
  public static String yesNo(GoalCheck.Verdict verdict) {
    return switch (verdict) {
      case MET -> "yes";
      case MISSED -> "no";
      case UNDECIDED -> "undecided";
    };
  }
}
