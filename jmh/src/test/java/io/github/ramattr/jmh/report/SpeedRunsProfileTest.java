/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ramattr.jmh.report.SpeedRuns.Profile;
import org.junit.jupiter.api.Test;

/** The commands' options choose a profile, and each profile names the option that chose it. */
class SpeedRunsProfileTest {
  @Test
  void of_tinyWinsOverQuick_andFlagIsTheOption() {
    assertEquals(Profile.TINY, Profile.of(true, true));
    assertEquals(Profile.TINY, Profile.of(true, false));
    assertEquals(Profile.QUICK, Profile.of(false, true));
    assertEquals(Profile.FULL, Profile.of(false, false));
    assertEquals(" --tiny", Profile.TINY.flag());
    assertEquals(" --quick", Profile.QUICK.flag());
    assertEquals("", Profile.FULL.flag());
  }

  @Test
  void describe_wordsTheOptionsOfTheProfile() {
    assertEquals(
        "forks 2, warm-up 5 x 1 s, measurement 5 x 1 s", SpeedRuns.describe(Profile.FULL, false));
    assertEquals(
        "forks 2, warm-up 10 x 1 s, measurement 5 x 1 s", SpeedRuns.describe(Profile.FULL, true));
    assertEquals(
        "forks 1, warm-up 1 x 100 ms, measurement 3 x 100 ms",
        SpeedRuns.describe(Profile.QUICK, false));
  }
}
