/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.jmh.bench.AttachBenchmark;
import io.github.ramattr.jmh.bench.BulkBenchmark;
import io.github.ramattr.jmh.bench.BulkScalingBenchmark;
import io.github.ramattr.jmh.bench.FacadeConversionBenchmark;
import io.github.ramattr.jmh.bench.LookupBenchmark;
import io.github.ramattr.jmh.bench.ManagerConversionBenchmark;
import io.github.ramattr.jmh.bench.ManagerReplayBenchmark;
import io.github.ramattr.jmh.bench.ReplayBenchmark;
import io.github.ramattr.jmh.bench.SplitMergeBenchmark;
import io.github.ramattr.jmh.bench.SplitMergeElsewhereBenchmark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this module through JMH's Runner API for the report, one backend and
 * benchmark class at a time (so a progress bar can follow), and collects ns/op with their 99.9%
 * errors. A benchmark that throws (in setup or in the op) fails the whole run: JMH runs with {@code
 * shouldFailOnError(true)}, so a table never shows a silent gap.
 */
public final class SpeedRuns {

  /** The secondary result JMH's {@code -prof gc} reports as bytes allocated per op. */
  public static final String ALLOC_NORM = "gc.alloc.rate.norm";

  /** How long to measure. */
  public enum Profile {
    /**
     * In-process (no fork), no warm-up, three 5 ms iterations (three ops, for single-shot
     * benchmarks; JMH gives no error below three), 1 GiB blocks (2 GiB regions for the multi-source
     * benchmarks): for tests; the numbers mean nothing, but each has an error.
     */
    TINY,
    /**
     * One fork, one 100 ms warm-up and three 100 ms measurements per benchmark: a smoke run that
     * keeps {@code report --quick} under 5 minutes on 2 cores (the JVM fork and the block's setup,
     * not the iterations, take most of each benchmark's time); its figures are not claims.
     */
    QUICK,
    /**
     * Two forks, five 1 s warm-up iterations and five 1 s measurements: long enough for the largest
     * methods to be compiled (a doubled warm-up changes nothing beyond the error), and the
     * fork-to-fork variance enters the 99.9% error.
     */
    FULL;

    /** The profile the commands' {@code --tiny} and {@code --quick} options choose (tiny first). */
    public static Profile of(boolean tiny, boolean quick) {
      return tiny ? TINY : quick ? QUICK : FULL;
    }

    /** The option that chooses this profile, with a leading space ({@code ""} for FULL). */
    public String flag() {
      return switch (this) {
        case TINY -> " --tiny";
        case QUICK -> " --quick";
        case FULL -> "";
      };
    }
  }

  /** The report's benchmark classes and shapes, in the order it runs them. */
  public static List<Plan> plans() {
    return PLANS;
  }

  /**
   * One result.
   *
   * @param operation benchmark method with its parameters other than backend (and block size when
   *     it is the profile's standard one), e.g. {@code splitThenMerge(runs=1000)}
   * @param backend provider name
   * @param nsPerOp JMH's score
   * @param error JMH's 99.9% half-interval (NaN with one iteration)
   * @param bytesPerOp {@code gc.alloc.rate.norm} with {@code -prof gc}, else NaN
   * @param bytesError its 99.9% half-interval, NaN when unknown
   */
  public record Measurement(
      String operation,
      String backend,
      double nsPerOp,
      double error,
      double bytesPerOp,
      double bytesError) {

    /** The time as an estimate for {@link GoalCheck}. */
    public GoalCheck.Estimate time() {
      return new GoalCheck.Estimate(nsPerOp, error);
    }

    /** The allocation as an estimate for {@link GoalCheck}. */
    public GoalCheck.Estimate allocation() {
      return new GoalCheck.Estimate(bytesPerOp, bytesError);
    }
  }

  /**
   * A benchmark class and the parameters each profile overrides.
   *
   * @param type the benchmark class
   * @param reportParams the report's shapes in QUICK and FULL (empty: the class's defaults)
   * @param tinyParams the shapes in TINY, small enough for 1 GiB blocks
   */
  public record Plan(
      Class<?> type, Map<String, String[]> reportParams, Map<String, String[]> tinyParams) {}

  private static final Map<String, String[]> TINY_BLOCK = Map.of("blockGiB", new String[] {"1"});

  /** The shapes tests run in TINY: every op, on 1 GiB blocks (2 GiB for the growing block). */
  public static final Map<String, String[]> TINY_SHAPES =
      Map.of(
          "blockGiB", new String[] {"1"},
          "runs", new String[] {"1000", "10000"},
          "layout", new String[] {"boot-tdx", "fragment-10000"},
          "scaledBlockGiB", new String[] {"1", "2"});

  private static final List<Plan> PLANS =
      List.of(
          new Plan(
              SplitMergeBenchmark.class,
              Map.of("runs", new String[] {"1000", "1000000"}, "blockGiB", new String[] {"64"}),
              Map.of("runs", new String[] {"1000", "10000"}, "blockGiB", new String[] {"1"})),
          new Plan(
              SplitMergeElsewhereBenchmark.class,
              Map.of("runs", new String[] {"1000", "1000000"}, "blockGiB", new String[] {"64"}),
              Map.of("runs", new String[] {"1000", "10000"}, "blockGiB", new String[] {"1"})),
          new Plan(BulkBenchmark.class, Map.of(), TINY_BLOCK),
          new Plan(
              BulkScalingBenchmark.class,
              Map.of("scaledBlockGiB", new String[] {"64", "1024"}),
              Map.of("scaledBlockGiB", new String[] {"1", "2"})),
          // Lookups on a realistic guest (the TDX guest the answer reads them on) and on the
          // densest fragment.
          new Plan(
              LookupBenchmark.class,
              Map.of("layout", new String[] {Answer.LOOKUP_GUEST.workload(), "fragment-1000000"}),
              Map.of(
                  "layout", new String[] {Answer.LOOKUP_GUEST.workload(), "fragment-10000"},
                  "blockGiB", new String[] {"1"})),
          new Plan(
              ReplayBenchmark.class,
              Map.of("layout", new String[] {"boot-tdx", "fragment-1000000"}),
              Map.of(
                  "layout", new String[] {"boot-tdx", "fragment-10000"},
                  "blockGiB", new String[] {"1"})),
          new Plan(FacadeConversionBenchmark.class, Map.of(), TINY_BLOCK),
          // The multi-source manager against QEMU 11's per-chunk walk (the report's own section).
          new Plan(
              ManagerReplayBenchmark.class,
              Map.of(),
              Map.of("regionGiB", new String[] {"2"}, "qemuWalkGiB", new String[] {"1"})),
          new Plan(
              ManagerConversionBenchmark.class, Map.of(), Map.of("regionGiB", new String[] {"2"})),
          new Plan(AttachBenchmark.class, Map.of(), Map.of("regionGiB", new String[] {"2"})));

  private SpeedRuns() {}

  /** The block size every benchmark runs on in this profile, in GiB. */
  public static long blockGiB(Profile profile) {
    return profile == Profile.TINY ? 1 : 64;
  }

  /** Number of steps {@link #run} reports, for a progress bar. */
  public static int steps(List<String> backends) {
    return PLANS.size() * backends.size();
  }

  /**
   * JMH options for a profile: iterations, forks, ns/op, fail on any benchmark error, silent.
   * {@code doubleWarmup} doubles the warm-up iterations (to show the measurement is steady).
   */
  public static ChainedOptionsBuilder options(Profile profile, boolean doubleWarmup) {
    int warmupFactor = doubleWarmup ? 2 : 1;
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .shouldFailOnError(true)
            .timeUnit(TimeUnit.NANOSECONDS)
            .verbosity(VerboseMode.SILENT);
    switch (profile) {
      case TINY ->
          options
              .forks(0)
              .warmupIterations(0)
              .measurementIterations(3)
              .measurementTime(TimeValue.milliseconds(5));
      case QUICK ->
          options
              .forks(1)
              .warmupIterations(warmupFactor)
              .warmupTime(TimeValue.milliseconds(100))
              .measurementIterations(3)
              .measurementTime(TimeValue.milliseconds(100));
      case FULL ->
          options
              .forks(2)
              .warmupIterations(5 * warmupFactor)
              .warmupTime(TimeValue.seconds(1))
              .measurementIterations(5)
              .measurementTime(TimeValue.seconds(1));
    }
    return options;
  }

  /**
   * The settings of {@link #options} in words, e.g. {@code forks 2, warm-up 5 x 1 s, measurement 5
   * x 1 s}, for the headers of generated files.
   */
  public static String describe(Profile profile, boolean doubleWarmup) {
    Options options = options(profile, doubleWarmup).build();
    return String.format(
        Locale.ROOT,
        "forks %d, warm-up %d x %s, measurement %d x %s",
        options.getForkCount().orElse(-1),
        options.getWarmupIterations().orElse(-1),
        options.getWarmupTime().orElse(TimeValue.milliseconds(0)),
        options.getMeasurementIterations().orElse(-1),
        options.getMeasurementTime().orElse(TimeValue.milliseconds(0)));
  }

  /** A regular expression JMH's include matches against every benchmark of {@code type}. */
  public static String include(Class<?> type) {
    return "^" + type.getName().replace(".", "\\.") + "\\.";
  }

  /**
   * Runs JMH with {@code options} and no console output.
   *
   * @throws RunnerException if JMH cannot run, or any benchmark threw
   */
  public static Collection<RunResult> runSilently(Options options) throws RunnerException {
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    return new Runner(options, OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT))
        .run();
  }

  /**
   * Runs every benchmark for every backend; {@code step} is called after each (class, backend).
   *
   * @throws RunnerException if JMH fails to run at all, or a benchmark throws
   */
  public static List<Measurement> run(Profile profile, List<String> backends, Runnable step)
      throws RunnerException {
    return run(profile, backends, PLANS, step);
  }

  /**
   * Runs {@code plans} for every backend; {@code step} is called after each (class, backend).
   *
   * @throws RunnerException if JMH fails to run at all, or a benchmark throws
   */
  public static List<Measurement> run(
      Profile profile, List<String> backends, List<Plan> plans, Runnable step)
      throws RunnerException {
    List<Measurement> results = new ArrayList<>();
    for (Plan plan : plans) {
      for (String backend : backends) {
        ChainedOptionsBuilder options =
            options(profile, false).include(include(plan.type())).param("backend", backend);
        (profile == Profile.TINY ? plan.tinyParams() : plan.reportParams()).forEach(options::param);
        for (RunResult result : runSilently(options.build())) {
          results.add(toMeasurement(result, String.valueOf(blockGiB(profile))));
        }
        step.run();
      }
    }
    return results;
  }

  /**
   * A result as a measurement labelled with its method and parameters, leaving out the backend and
   * a {@code blockGiB} equal to {@code standardBlockGiB} (the report's header names that one).
   */
  public static Measurement toMeasurement(RunResult result, String standardBlockGiB) {
    var params = result.getParams();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Map<String, String> shown = new TreeMap<>();
    for (String key : params.getParamsKeys()) {
      boolean standardBlock =
          key.equals("blockGiB") && params.getParam(key).equals(standardBlockGiB);
      if (!key.equals("backend") && !standardBlock) {
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
    Result<?> primary = result.getPrimaryResult();
    Result<?> alloc = result.getSecondaryResults().get(ALLOC_NORM);
    return new Measurement(
        label.toString(),
        params.getParam("backend"),
        primary.getScore(),
        primary.getScoreError(),
        alloc == null ? Double.NaN : alloc.getScore(),
        alloc == null ? Double.NaN : alloc.getScoreError());
  }
}
