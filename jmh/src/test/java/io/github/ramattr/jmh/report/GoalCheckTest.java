/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.jmh.report.GoalCheck.Estimate;
import io.github.ramattr.jmh.report.GoalCheck.Ratio;
import io.github.ramattr.jmh.report.GoalCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The goal arithmetic on synthetic scores: intervals, and each verdict and its boundaries. */
class GoalCheckTest {
  private static final double EPS = 1e-12;

  @Test
  void ratio_intervalIsConservative() {
    Ratio r = GoalCheck.ratio(new Estimate(100, 10), new Estimate(200, 20));
    assertEquals(0.5, r.point(), EPS);
    assertEquals(90.0 / 220, r.low(), EPS);
    assertEquals(110.0 / 180, r.high(), EPS);
  }

  @Test
  void ratio_errorLargerThanScore_clampsAtZeroAndOpensUpward() {
    Ratio r = GoalCheck.ratio(new Estimate(10, 30), new Estimate(20, 25));
    assertEquals(0.5, r.point(), EPS);
    assertEquals(0, r.low(), EPS);
    assertEquals(Double.POSITIVE_INFINITY, r.high());
  }

  @Test
  void met_whenPointAndUpperEndAreWithin() {
    Ratio r = GoalCheck.ratio(new Estimate(90, 1), new Estimate(100, 1));
    assertEquals(Verdict.MET, GoalCheck.verdict(r, 1.0));
  }

  @Test
  void met_atTwiceRoaring_forTheBulkGoal() {
    Ratio r = GoalCheck.ratio(new Estimate(150, 5), new Estimate(100, 5)); // [1.38, 1.63]
    assertEquals(Verdict.MET, GoalCheck.verdict(r, 2.0));
    assertEquals(Verdict.MISSED, GoalCheck.verdict(r, 1.0));
  }

  @Test
  void missed_whenTheLowerEndIsAbove() {
    Ratio r = GoalCheck.ratio(new Estimate(150, 5), new Estimate(100, 5));
    assertTrue(r.low() > 1, "low " + r.low());
    assertEquals(Verdict.MISSED, GoalCheck.verdict(r, 1.0));
  }

  @Test
  void undecided_pointWithinButUpperEndBeyondTheSlack() {
    Ratio r = GoalCheck.ratio(new Estimate(95, 20), new Estimate(100, 1)); // high 115/99
    assertEquals(Verdict.UNDECIDED, GoalCheck.verdict(r, 1.0));
  }

  @Test
  void undecided_pointBeyondButLowerEndWithin() {
    Ratio r = GoalCheck.ratio(new Estimate(105, 10), new Estimate(100, 1)); // [0.94, 1.15]
    assertEquals(Verdict.UNDECIDED, GoalCheck.verdict(r, 1.0));
  }

  @Test
  void undecided_unknownError_evenFarBelowTheGoal() {
    Ratio r = GoalCheck.ratio(new Estimate(1, Double.NaN), new Estimate(100, 1));
    assertEquals(Double.POSITIVE_INFINITY, r.high());
    assertEquals(Verdict.UNDECIDED, GoalCheck.verdict(r, 1.0));
    assertEquals(Verdict.UNDECIDED, GoalCheck.atMost(new Estimate(0, Double.NaN), 64));
  }

  @Test
  void boundaries_pointAtGoalAndUpperEndAtSlackTimesGoal_areMet() {
    double goal = 2.0;
    double edge = GoalCheck.GOAL_SLACK * goal;
    assertEquals(Verdict.MET, GoalCheck.verdict(goal, 1.5, edge, goal, GoalCheck.GOAL_SLACK));
    assertEquals(
        Verdict.UNDECIDED,
        GoalCheck.verdict(goal, 1.5, Math.nextUp(edge), goal, GoalCheck.GOAL_SLACK));
    assertEquals(
        Verdict.UNDECIDED,
        GoalCheck.verdict(Math.nextUp(goal), 1.5, edge, goal, GoalCheck.GOAL_SLACK));
  }

  @Test
  void boundaries_lowerEndAtGoalIsNotMissed_justAboveIs() {
    assertEquals(Verdict.UNDECIDED, GoalCheck.verdict(1.2, 1.0, 1.4, 1.0, GoalCheck.GOAL_SLACK));
    assertEquals(
        Verdict.MISSED, GoalCheck.verdict(1.2, Math.nextUp(1.0), 1.4, 1.0, GoalCheck.GOAL_SLACK));
  }

  @Test
  void strictly_needsTheWholeIntervalWithin() {
    Ratio inside = new Ratio(1.8, 1.7, 2.0);
    Ratio straddles = new Ratio(1.8, 1.7, 2.1);
    assertEquals(Verdict.MET, GoalCheck.strictly(inside, 2));
    assertEquals(Verdict.UNDECIDED, GoalCheck.strictly(straddles, 2));
    assertEquals(
        Verdict.MET, GoalCheck.verdict(straddles, 2)); // the goals' 1.1x tolerance lets it pass
    assertEquals(Verdict.MISSED, GoalCheck.strictly(new Ratio(2.5, 2.1, 2.9), 2));
  }

  @Test
  void atMost_allocationGoal() {
    assertEquals(Verdict.MET, GoalCheck.atMost(new Estimate(40, 1), 64));
    assertEquals(Verdict.MET, GoalCheck.atMost(new Estimate(0.01, 0.001), 64));
    assertEquals(Verdict.UNDECIDED, GoalCheck.atMost(new Estimate(60, 20), 64));
    assertEquals(Verdict.MISSED, GoalCheck.atMost(new Estimate(5400, 10), 64));
  }

  @Test
  void verdictWords() {
    assertEquals("met", Verdict.MET.toString());
    assertEquals("missed", Verdict.MISSED.toString());
    assertEquals("undecided", Verdict.UNDECIDED.toString());
  }

  @Test
  void invalidInputs_nameTheNumbers() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> new Estimate(-3, 1));
    assertTrue(negative.getMessage().contains("-3"), negative.getMessage());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new Estimate(5, -2));
    assertTrue(error.getMessage().contains("-2"), error.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> GoalCheck.ratio(new Estimate(7, 1), new Estimate(0, 0)));
    assertTrue(zero.getMessage().contains("7"), zero.getMessage());
    IllegalArgumentException goal =
        assertThrows(IllegalArgumentException.class, () -> GoalCheck.verdict(1, 1, 1, 0, 1.1));
    assertTrue(goal.getMessage().contains("goal 0"), goal.getMessage());
  }
}
