/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.jmh.bench.SplitMergeBenchmark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

/**
 * The report's JMH methodology: a benchmark that throws fails the run instead of leaving a "-" in
 * its table, and the full profile forks twice. The throwing benchmark is a real one asked for a
 * shape that cannot exist (fragment-10^6 on a 1 GiB block: K > pages/4, so its setup throws); the
 * same plan with a valid shape is the control.
 */
class SpeedRunsFailureTest {
  private static SpeedRuns.Plan splitMergeAt(String runs) {
    Map<String, String[]> shape =
        Map.of("runs", new String[] {runs}, "blockGiB", new String[] {"1"});
    return new SpeedRuns.Plan(SplitMergeBenchmark.class, shape, shape);
  }

  @Test
  void throwingBenchmark_failsTheRun() {
    RunnerException e =
        assertThrows(
            RunnerException.class,
            () ->
                SpeedRuns.run(
                    SpeedRuns.Profile.TINY,
                    List.of("roaring"),
                    List.of(splitMergeAt("1000000")),
                    () -> {}));
    // The benchmark's own exception, not some other reason JMH could not run (such as its lock).
    StringBuilder causes = new StringBuilder();
    describe(e, causes);
    assertTrue(causes.toString().contains("K = 1000000 > pages/4"), causes.toString());
  }

  /** Every cause and suppressed exception (JMH attaches a benchmark's errors as suppressed). */
  private static void describe(Throwable t, StringBuilder out) {
    out.append(t).append('\n');
    for (Throwable s : t.getSuppressed()) {
      describe(s, out);
    }
    if (t.getCause() != null) {
      describe(t.getCause(), out);
    }
  }

  @Test
  void control_validShape_runsAndMeasures() throws RunnerException {
    List<SpeedRuns.Measurement> measured =
        SpeedRuns.run(
            SpeedRuns.Profile.TINY, List.of("roaring"), List.of(splitMergeAt("1000")), () -> {});
    assertEquals(1, measured.size());
    assertEquals("splitThenMerge(runs=1000)", measured.get(0).operation());
    assertTrue(measured.get(0).nsPerOp() > 0, measured.toString());
  }

  @Test
  void everyProfile_failsOnError_andTheFullOneForksTwiceAndCanDoubleItsWarmup() {
    for (SpeedRuns.Profile profile : SpeedRuns.Profile.values()) {
      assertTrue(
          SpeedRuns.options(profile, false).build().shouldFailOnError().get(), profile.name());
    }
    Options full = SpeedRuns.options(SpeedRuns.Profile.FULL, false).build();
    Options doubled = SpeedRuns.options(SpeedRuns.Profile.FULL, true).build();
    assertTrue(full.getForkCount().get() >= 2, "forks " + full.getForkCount().get());
    assertEquals(2 * full.getWarmupIterations().get(), doubled.getWarmupIterations().get());
    assertEquals(full.getMeasurementIterations().get(), doubled.getMeasurementIterations().get());
    assertEquals(full.getForkCount().get(), doubled.getForkCount().get());
  }
}
