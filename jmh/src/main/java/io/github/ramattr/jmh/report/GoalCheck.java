/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import java.util.Locale;

/**
 * Decides a speed goal from JMH scores and their 99.9% errors, so noise can neither pass nor fail a
 * goal alone. Pure arithmetic; {@link Goals} and {@link ReportAnalysis} decide with it.
 *
 * <p>For a ratio of two scores (maple over roaring, or one size over another) the interval is the
 * conservative one: {@code [low(a) / high(b), high(a) / low(b)]}, each score's interval being
 * {@code score ± error} (clamped at 0). A goal "at most g" is then:
 *
 * <ul>
 *   <li>{@link Verdict#MET} when the point value is {@code <= g} and the interval's upper end is
 *       {@code <= slack x g} (docs/maple-goals.md fixes slack = {@value #GOAL_SLACK}; the report's
 *       "within 2x" uses slack 1, so it says yes only when the whole interval is within);
 *   <li>{@link Verdict#MISSED} when the interval's lower end is {@code > g};
 *   <li>{@link Verdict#UNDECIDED} otherwise: the interval straddles the goal, or an error is
 *       unknown (a single iteration gives NaN, read as an unbounded interval).
 * </ul>
 */
public final class GoalCheck {
  /** The goals' tolerance: the upper end of the interval may reach 1.1 x the goal. */
  public static final double GOAL_SLACK = 1.1;

  private GoalCheck() {}

  /** What {@link #verdict} decides. */
  public enum Verdict {
    /** The goal holds, beyond the noise. */
    MET,
    /** The goal fails, beyond the noise. */
    MISSED,
    /** The noise is too large to tell. */
    UNDECIDED;

    /** The word printed in tables: {@code met}, {@code missed} or {@code undecided}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A JMH score with its 99.9% half-interval.
   *
   * @param score the mean, finite and {@code >= 0} (ns/op, B/op)
   * @param error the half-interval, {@code >= 0}; NaN or infinite when unknown
   */
  public record Estimate(double score, double error) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the score is negative or not finite, or the error is
     *     negative
     */
    public Estimate {
      if (!(score >= 0) || Double.isInfinite(score)) {
        throw new IllegalArgumentException("score " + score + " must be finite and >= 0");
      }
      if (error < 0) {
        throw new IllegalArgumentException("error " + error + " of score " + score + " is < 0");
      }
    }

    /** Lower end of the interval, at least 0; 0 when the error is unknown. */
    public double low() {
      return Double.isFinite(error) ? Math.max(0, score - error) : 0;
    }

    /** Upper end of the interval; infinite when the error is unknown. */
    public double high() {
      return Double.isFinite(error) ? score + error : Double.POSITIVE_INFINITY;
    }
  }

  /**
   * A ratio and its conservative interval.
   *
   * @param point ratio of the scores
   * @param low lower end, {@code <= point}
   * @param high upper end, {@code >= point}, possibly infinite
   */
  public record Ratio(double point, double low, double high) {}

  /**
   * {@code numerator / denominator} with the interval {@code [low(n) / high(d), high(n) / low(d)]}
   * (infinite upper end when {@code low(d)} is 0).
   *
   * @throws IllegalArgumentException if the denominator's score is 0
   */
  public static Ratio ratio(Estimate numerator, Estimate denominator) {
    if (denominator.score() == 0) {
      throw new IllegalArgumentException(
          "ratio " + numerator.score() + " / 0: the denominator's score is 0");
    }
    double high =
        denominator.low() > 0 ? numerator.high() / denominator.low() : Double.POSITIVE_INFINITY;
    return new Ratio(
        numerator.score() / denominator.score(), numerator.low() / denominator.high(), high);
  }

  /**
   * The verdict on "at most {@code goal}" for a value {@code point} known to lie in {@code [low,
   * high]}: met when {@code point <= goal} and {@code high <= slack x goal}, missed when {@code low
   * > goal}, undecided otherwise (also for NaN).
   *
   * @throws IllegalArgumentException if {@code goal} is not positive or {@code slack < 1}
   */
  public static Verdict verdict(double point, double low, double high, double goal, double slack) {
    if (!(goal > 0) || !(slack >= 1)) {
      throw new IllegalArgumentException(
          "goal " + goal + " must be > 0 and slack " + slack + " >= 1");
    }
    if (point <= goal && high <= slack * goal) {
      return Verdict.MET;
    }
    if (low > goal) {
      return Verdict.MISSED;
    }
    return Verdict.UNDECIDED;
  }

  /** The goals' verdict on "ratio at most {@code goal}" (slack {@value #GOAL_SLACK}). */
  public static Verdict verdict(Ratio ratio, double goal) {
    return verdict(ratio.point(), ratio.low(), ratio.high(), goal, GOAL_SLACK);
  }

  /**
   * The goals' verdict on "value at most {@code goal}", e.g. 64 B/op (slack {@value #GOAL_SLACK}).
   */
  public static Verdict atMost(Estimate value, double goal) {
    return verdict(value.score(), value.low(), value.high(), goal, GOAL_SLACK);
  }

  /** The report's strict verdict on "ratio at most {@code goal}": the whole interval within. */
  public static Verdict strictly(Ratio ratio, double goal) {
    return verdict(ratio.point(), ratio.low(), ratio.high(), goal, 1);
  }
}
