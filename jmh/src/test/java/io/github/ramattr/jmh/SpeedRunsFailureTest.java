/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;

/**
 * A benchmark that throws fails the report's JMH run instead of leaving a "-" in its table. The
 * throwing benchmark is a real one asked for a shape that cannot exist (fragment-10^6 on a 1 GiB
 * block: K > pages/4, so its setup throws); the same plan with a valid shape is the control.
 */
class SpeedRunsFailureTest {
  private static SpeedRuns.Plan splitMergeAt(String runs) {
    Map<String, String[]> shape =
        Map.of("runs", new String[] {runs}, "blockGiB", new String[] {"1"});
    return new SpeedRuns.Plan(SplitMergeBenchmark.class, shape, shape);
  }

  @Test
  void throwingBenchmark_failsTheRun() {
    assertThrows(
        RunnerException.class,
        () ->
            SpeedRuns.run(
                SpeedRuns.Profile.TINY,
                List.of("roaring"),
                List.of(splitMergeAt("1000000")),
                () -> {}));
  }

  @Test
  void control_validShape_runsAndMeasures() throws RunnerException {
    List<SpeedRuns.Measurement> measured =
        SpeedRuns.run(
            SpeedRuns.Profile.TINY, List.of("roaring"), List.of(splitMergeAt("1000")), () -> {});
    assertEquals(1, measured.size());
    assertEquals("splitThenMerge(runs=1000)", measured.get(0).operation());
  }
}
