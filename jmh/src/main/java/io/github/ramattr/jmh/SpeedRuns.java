/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this module through JMH's Runner API for the report, one backend and
 * benchmark class at a time (so a progress bar can follow), and collects ns/op.
 */
final class SpeedRuns {

  /** How long to measure. */
  enum Profile {
    /**
     * In-process (no fork), one 10 ms iteration (or one op, for single-shot benchmarks), 1 GiB
     * blocks (2 GiB regions for the multi-source benchmarks): for tests; numbers mean nothing.
     */
    TINY,
    /** One fork, one 200 ms warmup and three 200 ms measurements per benchmark. */
    QUICK,
    /** The classes' own settings (one fork, 3 x 1 s warmup, 5 x 1 s measurement). */
    FULL
  }

  /**
   * One result.
   *
   * @param operation benchmark method with its parameters other than backend and block size, e.g.
   *     {@code splitThenMerge(runs=1000)}
   * @param backend provider name
   * @param nsPerOp JMH's score
   * @param error JMH's 99.9% half-interval (NaN with one iteration)
   */
  record Measurement(String operation, String backend, double nsPerOp, double error) {}

  /** A benchmark class and the parameters each profile overrides. */
  private record Plan(Class<?> type, Map<String, String[]> tinyParams) {}

  private static final List<Plan> PLANS =
      List.of(
          new Plan(
              SplitMergeBenchmark.class,
              Map.of("runs", new String[] {"1000", "10000"}, "blockGiB", new String[] {"1"})),
          new Plan(BulkBenchmark.class, Map.of("blockGiB", new String[] {"1"})),
          new Plan(
              LookupBenchmark.class,
              Map.of(
                  "layout", new String[] {"boot-tdx", "fragment-10000"},
                  "blockGiB", new String[] {"1"})),
          new Plan(
              ReplayBenchmark.class,
              Map.of(
                  "layout", new String[] {"boot-tdx", "fragment-10000"},
                  "blockGiB", new String[] {"1"})),
          new Plan(FacadeConversionBenchmark.class, Map.of("blockGiB", new String[] {"1"})),
          // The multi-source manager against QEMU 11's per-chunk walk (Report's own section).
          new Plan(
              ManagerReplayBenchmark.class,
              Map.of("regionGiB", new String[] {"2"}, "qemuWalkGiB", new String[] {"1"})),
          new Plan(ManagerConversionBenchmark.class, Map.of("regionGiB", new String[] {"2"})),
          new Plan(AttachBenchmark.class, Map.of("regionGiB", new String[] {"2"})));

  private SpeedRuns() {}

  /** The block size every benchmark runs on in this profile, in GiB. */
  static long blockGiB(Profile profile) {
    return profile == Profile.TINY ? 1 : 64;
  }

  /** Number of steps {@link #run} reports, for a progress bar. */
  static int steps(List<String> backends) {
    return PLANS.size() * backends.size();
  }

  /**
   * Runs every benchmark for every backend; {@code step} is called after each (class, backend).
   *
   * @throws RunnerException if JMH fails to run at all
   */
  static List<Measurement> run(Profile profile, List<String> backends, Runnable step)
      throws RunnerException {
    List<Measurement> results = new ArrayList<>();
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    for (Plan plan : PLANS) {
      for (String backend : backends) {
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include("^" + plan.type().getName().replace(".", "\\.") + "\\.")
                .param("backend", backend)
                .shouldFailOnError(false)
                .timeUnit(TimeUnit.NANOSECONDS)
                .verbosity(VerboseMode.SILENT);
        switch (profile) {
          case TINY -> {
            options
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(10));
            plan.tinyParams().forEach(options::param);
          }
          case QUICK ->
              options
                  .forks(1)
                  .warmupIterations(1)
                  .warmupTime(TimeValue.milliseconds(200))
                  .measurementIterations(3)
                  .measurementTime(TimeValue.milliseconds(200));
          case FULL -> {}
        }
        Runner runner =
            new Runner(
                options.build(),
                OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT));
        for (RunResult result : runner.run()) {
          results.add(toMeasurement(result));
        }
        step.run();
      }
    }
    return results;
  }

  private static Measurement toMeasurement(RunResult result) {
    var params = result.getParams();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Map<String, String> shown = new TreeMap<>();
    for (String key : params.getParamsKeys()) {
      if (!key.equals("backend") && !key.equals("blockGiB")) { // the block is in the report header
        shown.put(key, params.getParam(key));
      }
    }
    StringBuilder label = new StringBuilder(method).append('(');
    shown.forEach(
        (k, v) ->
            label
                .append(label.charAt(label.length() - 1) == '(' ? "" : ",")
                .append(k)
                .append('=')
                .append(v));
    label.append(')');
    var primary = result.getPrimaryResult();
    return new Measurement(
        label.toString(), params.getParam("backend"), primary.getScore(), primary.getScoreError());
  }
}
