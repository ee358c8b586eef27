/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.cli;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.CensusBaseline;
import io.github.ramattr.jmh.bench.BulkScalingBenchmark;
import io.github.ramattr.jmh.bench.LookupBenchmark;
import io.github.ramattr.jmh.bench.MultiSourceBenchmark;
import io.github.ramattr.jmh.bench.SplitMergeBenchmark;
import io.github.ramattr.jmh.design.FixedWidthProvider;
import io.github.ramattr.jmh.render.AnswerMarkdown;
import io.github.ramattr.jmh.render.Charts;
import io.github.ramattr.jmh.render.GoalsMarkdown;
import io.github.ramattr.jmh.render.ReportMarkdown;
import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.Goals;
import io.github.ramattr.jmh.report.ReportAnalysis;
import io.github.ramattr.jmh.report.RowsCsv;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.jmh.trace.MalformedTraceException;
import io.github.ramattr.jmh.trace.TraceReplay;
import io.github.ramattr.jmh.trace.TraceWriter;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The benchmark jar's command line: {@code report}, {@code goals}, {@code census-baseline}, {@code
 * replay}, {@code generate}, {@code jmh} (JMH's own runner, arguments passed through) and {@code
 * answer} (docs/ANSWER.md).
 */
@Command(
    name = "ramattr-bench",
    mixinStandardHelpOptions = true,
    description = "Memory census, JMH benchmarks and QEMU trace replay for ramattr backends.",
    subcommands = {
      BenchCli.ReportCommand.class,
      BenchCli.GoalsCommand.class,
      BenchCli.CensusBaselineCommand.class,
      BenchCli.ReplayCommand.class,
      BenchCli.GenerateCommand.class,
      BenchCli.JmhCommand.class,
      BenchCli.AnswerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCli implements Callable<Integer> {

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  /**
   * Runs the CLI without exiting and returns the exit status (tests call this). {@code jmh} hands
   * everything after it to JMH's own runner before picocli parses anything, so JMH's options (such
   * as {@code -l} or {@code -prof gc}) need no escaping.
   *
   * @throws IllegalStateException if JMH's runner fails (its exception is the cause)
   */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length > 0 && args[0].equals("jmh")) {
      try {
        org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
      }
      return 0;
    }
    return new CommandLine(new BenchCli()).execute(args);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  // ---------------------------------------------------------------- report

  /** Census plus short JMH runs, written as REPORT.md and PNG charts. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Measure every backend (JOL census + JMH) and write REPORT.md and PNG charts.")
  static final class ReportCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Short JMH runs and sizes up to 16 TiB (minutes).")
    boolean quick;

    @Option(names = "--tiny", description = "1 GiB only, in-process JMH (seconds; for tests).")
    boolean tiny;

    @Option(
        names = "--sizes",
        split = ",",
        description = "Block sizes, e.g. 1GiB,64GiB,1TiB (default: 1GiB..16TiB and 64TiB).")
    @Nullable List<String> sizes;

    @Option(names = "--backends", split = ",", description = "Subset of the available backends.")
    @Nullable List<String> backends;

    @Option(names = "--no-jmh", description = "Census only.")
    boolean noJmh;

    @Option(names = "--out", description = "Output directory (default: report).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
      SpeedRuns.Profile profile = SpeedRuns.Profile.of(tiny, quick);
      List<Long> blockSizes = new ArrayList<>();
      List<String> sizeNames =
          sizes != null
              ? sizes
              : tiny
                  ? List.of("1GiB")
                  : quick ? List.of("1GiB", "64GiB", "1TiB", "16TiB") : Census.SIZES;
      for (String size : sizeNames) {
        blockSizes.add(Sizes.parse(size));
      }
      List<String> names = backends != null ? backends : reportedBackends();
      for (String name : names) {
        SharedStateStores.provider(name); // unknown names fail here, listing the available ones
      }
      Census.Limits limits =
          tiny
              ? new Census.Limits(20_000, 1_000_000)
              : quick ? Census.Limits.QUICK : new Census.Limits(Long.MAX_VALUE, 2_000_000);
      List<Workload> workloads = Workloads.census();
      List<Long> guestSizes = tiny ? List.of(GUEST_SIZES.get(0)) : GUEST_SIZES;
      List<GuestCell> guestCells = guestCells(guestSizes, !tiny);
      Files.createDirectories(out);
      int censusSteps = (blockSizes.size() * workloads.size() + guestCells.size()) * names.size();
      int speedSteps = noJmh ? 0 : SpeedRuns.steps(names);
      long started = System.nanoTime();
      List<Census.Row> rows = new ArrayList<>();
      List<Census.Row> guestRows = new ArrayList<>();
      List<SpeedRuns.Measurement> speed = new ArrayList<>();
      try (ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName("report")
              .setInitialMax(censusSteps + speedSteps)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build()) {
        for (long size : blockSizes) {
          for (Workload workload : workloads) {
            for (String backend : names) {
              bar.setExtraMessage(workload.name() + " " + Sizes.format(size) + " " + backend);
              rows.add(Census.measure(backend, workload, size, limits));
              bar.step();
            }
          }
        }
        for (GuestCell cell : guestCells) {
          for (String backend : names) {
            bar.setExtraMessage(cell.guest() + " " + Sizes.format(cell.ram()) + " " + backend);
            guestRows.add(
                Census.measure(backend, Workloads.byName(cell.guest()), cell.ram(), limits));
            bar.step();
          }
        }
        if (!noJmh) {
          bar.setExtraMessage("JMH");
          speed.addAll(SpeedRuns.run(profile, names, bar::step));
        }
      }
      // Before any file is written: an incomplete measurement fails the report here.
      ReportAnalysis analysis = ReportAnalysis.of(rows, speed);
      List<String> charts = new ArrayList<>();
      List<@Nullable Path> written = new ArrayList<>();
      // Bytes against guest size, one chart per realistic guest, with the structures known only by
      // formula dashed next to the measured ones.
      for (String guest : Workloads.GUESTS) {
        written.add(Charts.writeGuestBytes(guestRows, guest, guestFormulas(), out));
      }
      for (long size : blockSizes) {
        written.add(Charts.writeFragmentBytes(rows, analysis.crossovers(), size, out));
      }
      written.add(Charts.writeRelativeTime(storeOperations(speed), out));
      for (@Nullable Path chart : written) {
        if (chart != null) {
          charts.add(chart.getFileName().toString());
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String header =
          String.format(
              Locale.ROOT,
              "Generated by `report%s` in %.0f s on JDK %s (%s), %d cores, max heap %s. Backends"
                  + " (ServiceLoader): %s. Census block sizes: %s. JMH blocks: %d GiB (the"
                  + " multi-source benchmarks: their regionGiB parameter). Pages are 4 KiB.",
              profile.flag(),
              seconds,
              System.getProperty("java.version"),
              System.getProperty("java.vm.name"),
              Runtime.getRuntime().availableProcessors(),
              Sizes.human(Runtime.getRuntime().maxMemory()),
              names,
              String.join(", ", sizeNames),
              SpeedRuns.blockGiB(profile));
      Path report = out.resolve("REPORT.md");
      List<Census.Row> allRows = new ArrayList<>(rows);
      allRows.addAll(guestRows);
      Answer.Attempt answer = Answer.Attempt.of(allRows, speed);
      Files.writeString(report, ReportMarkdown.render(header, analysis, answer, guestRows, charts));
      Files.writeString(out.resolve(RowsCsv.CENSUS_FILE), RowsCsv.census(allRows));
      Files.writeString(out.resolve(RowsCsv.SPEED_FILE), RowsCsv.speed(speed));
      System.out.printf(
          Locale.ROOT, "wrote %s and %d charts in %.0f s%n", report, charts.size(), seconds);
      return 0;
    }
  }

  /**
   * The structures the guest charts draw by formula: the kernel's maple tree and QEMU's interval
   * tree at the middle of their ranges ({@link Answer.Formula}). Cloud Hypervisor's tracker is left
   * out: a bit per page, its line would lie on the flat bitmap's.
   */
  static Map<String, Charts.BytesFormula> guestFormulas() {
    Map<String, Charts.BytesFormula> formulas = new LinkedHashMap<>();
    for (Answer.Formula f :
        List.of(Answer.Formula.KERNEL_MAPLE, Answer.Formula.QEMU_INTERVAL_TREE)) {
      formulas.put(
          f.structure() + " (formula)",
          (ram, runs) -> {
            Answer.FormulaBytes bytes = f.bytes(runs, ram / Sizes.PAGE);
            return (bytes.low() + bytes.high()) / 2;
          });
    }
    return formulas;
  }

  /**
   * The operations of one store behind the facade, which the time chart compares with the flat
   * bitmap: the multi-source manager's operations (which the report sets against QEMU 11's walk in
   * a section of their own) and the scaled range writes (the same operation at other block sizes)
   * would double the chart's groups without answering its question.
   */
  static List<SpeedRuns.Measurement> storeOperations(List<SpeedRuns.Measurement> speed) {
    Set<String> left = new HashSet<>();
    for (SpeedRuns.Plan plan : SpeedRuns.plans()) {
      Class<?> type = plan.type();
      if (MultiSourceBenchmark.class.isAssignableFrom(type) || type == BulkScalingBenchmark.class) {
        for (Method method : type.getMethods()) {
          if (method.isAnnotationPresent(Benchmark.class)) {
            left.add(method.getName());
          }
        }
      }
    }
    List<SpeedRuns.Measurement> store = new ArrayList<>();
    for (SpeedRuns.Measurement m : speed) {
      String method = m.operation().substring(0, m.operation().indexOf('('));
      if (!left.contains(method)) {
        store.add(m);
      }
    }
    return store;
  }

  /** The guest RAM sizes the report measures the realistic guests at. */
  static final List<Long> GUEST_SIZES =
      List.of(16 * Sizes.GIB, 256 * Sizes.GIB, Sizes.TIB, 4 * Sizes.TIB);

  /** The vCPU counts of the report's sweep, on the booted guests at {@link #SWEEP_RAM}. */
  static final List<Integer> SWEEP_VCPUS = List.of(2, 16, 64, 256);

  /** The RAM of the vCPU sweep: 1 TiB, where every count of the sweep is a plausible shape. */
  static final long SWEEP_RAM = Sizes.TIB;

  /** One realistic guest at one RAM size: a census cell per backend. */
  record GuestCell(String guest, long ram) {}

  /**
   * Every guest of {@link Workloads#GUESTS} at every size, then (with {@code sweep}) the booted
   * guests at {@link #SWEEP_RAM} with each vCPU count of {@link #SWEEP_VCPUS}.
   */
  static List<GuestCell> guestCells(List<Long> sizes, boolean sweep) {
    List<GuestCell> cells = new ArrayList<>();
    for (String guest : Workloads.GUESTS) {
      for (long ram : sizes) {
        cells.add(new GuestCell(guest, ram));
      }
    }
    if (sweep) {
      for (String guest : List.of("snp-boot", "tdx-boot")) {
        for (int vcpus : SWEEP_VCPUS) {
          cells.add(new GuestCell(guest + "-v" + vcpus, SWEEP_RAM));
        }
      }
    }
    return cells;
  }

  // ---------------------------------------------------------------- census-baseline

  /** Writes a backend's census baseline file ({@link CensusBaseline}). */
  @Command(
      name = "census-baseline",
      mixinStandardHelpOptions = true,
      description =
          "Measure a backend's census cells (JOL) and write them as the baseline file its memory"
              + " test checks against.")
  static final class CensusBaselineCommand implements Callable<Integer> {
    @Option(names = "--backend", description = "Backend (default: maple).")
    String backend = "maple";

    @Option(names = "--out", description = "Output file (default: standard output).")
    @Nullable Path out;

    @Override
    public Integer call() throws IOException {
      SharedStateStores.provider(backend); // an unknown name fails here, listing the available ones
      long started = System.nanoTime();
      List<CensusBaseline.Row> rows = CensusBaseline.measureAll(backend);
      String text = CensusBaseline.format(backend, CensusBaseline.layout(), rows);
      if (out != null) {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } else {
        System.out.print(text);
        System.out.flush();
      }
      System.err.printf(
          Locale.ROOT,
          "%s: %d rows in %.1f s%n",
          backend,
          rows.size(),
          (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }

  // ---------------------------------------------------------------- goals

  /**
   * maple's goal benchmarks (docs/maple-goals.md), maple against roaring, in one JMH run; writes
   * GOALS.md.
   */
  @Command(
      name = "goals",
      mixinStandardHelpOptions = true,
      description =
          "Run maple's goal benchmarks (docs/maple-goals.md) for maple and roaring in one JMH run (-prof gc) and"
              + " write the verdict table (GOALS.md). Full settings take about 40 minutes.")
  static final class GoalsCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "One fork, short iterations: a smoke run.")
    boolean quick;

    @Option(names = "--tiny", hidden = true, description = "In-process, 1 GiB: for tests.")
    boolean tiny;

    @Option(
        names = "--double-warmup",
        description = "Twice the warm-up iterations, to show the measurement is steady.")
    boolean doubleWarmup;

    @Option(names = "--out", description = "Output directory (default: goals).")
    Path out = Path.of("goals");

    @Override
    public Integer call() throws Exception {
      SpeedRuns.Profile profile = SpeedRuns.Profile.of(tiny, quick);
      for (String name : List.of(Goals.MAPLE, Goals.ROARING)) {
        SharedStateStores.provider(name); // fails at once, listing the available ones
      }
      Files.createDirectories(out);
      long started = System.nanoTime();
      List<SpeedRuns.Measurement> measurements = Goals.run(profile, doubleWarmup);
      double seconds = (System.nanoTime() - started) / 1e9;
      String header =
          String.format(
              Locale.ROOT,
              "Generated by `goals%s%s` in %.0f s on JDK %s (%s), %d cores. One JMH run with"
                  + " -prof gc: %s. Blocks are %d GiB unless an operation names another.",
              profile.flag(),
              doubleWarmup ? " --double-warmup" : "",
              seconds,
              System.getProperty("java.version"),
              System.getProperty("java.vm.name"),
              Runtime.getRuntime().availableProcessors(),
              SpeedRuns.describe(profile, doubleWarmup),
              SpeedRuns.blockGiB(profile));
      String markdown = GoalsMarkdown.render(header, measurements);
      Path file = out.resolve("GOALS.md");
      Files.writeString(file, markdown);
      System.out.print(markdown);
      System.out.println("wrote " + file);
      return 0;
    }
  }

  // ---------------------------------------------------------------- replay

  /** Replays a QEMU trace through every backend and compares the final states. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Replay a QEMU log trace of ram_block_attributes_state_change through each backend.")
  static final class ReplayCommand implements Callable<Integer> {
    // NullAway.Init: picocli sets this required parameter before call().
    @SuppressWarnings("NullAway.Init")
    @Parameters(index = "0", description = "Trace file (QEMU 'log' trace backend output).")
    Path file;

    @Option(names = "--backend", split = ",", description = "Backends (default: all available).")
    @Nullable List<String> backends;

    @Option(
        names = "--region-size",
        description = "Region size (default: highest end offset, rounded up to 1 GiB).")
    @Nullable String regionSize;

    @Option(names = "--block-size", description = "Block size (default: 4096).")
    String blockSize = "4096";

    @Option(
        names = "--lenient",
        description = "Count and skip malformed lines instead of stopping.")
    boolean lenient;

    @Override
    public Integer call() throws IOException {
      PrintStream out = System.out;
      TraceReplay.Source source = () -> Files.newBufferedReader(file, StandardCharsets.UTF_8);
      TraceReplay.Summary summary;
      try {
        long region =
            regionSize != null
                ? Sizes.parse(regionSize)
                : TraceReplay.defaultRegionSize(source, lenient);
        summary =
            TraceReplay.replay(
                source,
                backends != null ? backends : SharedStateStores.available(),
                region,
                Sizes.parse(blockSize),
                lenient);
      } catch (MalformedTraceException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      out.printf(
          Locale.ROOT,
          "region %s (%d bytes), block size %d%s%n",
          Sizes.format(summary.regionSize()),
          summary.regionSize(),
          summary.blockSize(),
          lenient ? ", malformed lines skipped: " + summary.malformedLines() : "");
      out.printf(
          Locale.ROOT,
          "%-18s %-16s %14s %10s %12s %10s %8s %13s %8s%n",
          "backend",
          "digest",
          "shared pages",
          "runs",
          "bytes",
          "ms",
          "events",
          "contradicting",
          "rejected");
      for (TraceReplay.Result r : summary.results()) {
        out.printf(
            Locale.ROOT,
            "%-18s %-16s %14d %10d %12d %10.1f %8d %13d %8d%n",
            r.backend(),
            r.digest().substring(0, 16),
            r.sharedPages(),
            r.runs(),
            r.bytes(),
            r.millis(),
            r.events(),
            r.contradictions(),
            r.rejected());
      }
      if (!summary.digestsAgree()) {
        out.println("DIGESTS DIFFER: the backends disagree on the final state");
        return 1;
      }
      out.println("all digests agree: " + summary.results().get(0).digest());
      return 0;
    }
  }

  // ---------------------------------------------------------------- generate

  /** Writes a workload as a QEMU log trace. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Write a workload of docs/workloads.md as a QEMU log trace.")
  static final class GenerateCommand implements Callable<Integer> {
    // NullAway.Init: picocli sets the required parameter and option before call().
    @SuppressWarnings("NullAway.Init")
    @Parameters(
        index = "0",
        description =
            "boot-tdx, boot-snp, churn-R, fragment-K, alternate, bulk, split-merge[-K], or a"
                + " realistic guest: snp-boot, tdx-boot, snp-io, tdx-io, snp-share, tdx-share"
                + " [-vN]")
    String workload;

    @SuppressWarnings("NullAway.Init")
    @Option(names = "--size", required = true, description = "Block size, e.g. 64GiB.")
    String size;

    @Option(names = "--seed", description = "Seed (default: the one docs/workloads.md fixes).")
    @Nullable Long seed;

    @Option(names = "--out", description = "Output file (default: standard output).")
    @Nullable Path out;

    @Option(names = "--prefix", description = "Prefix lines with PID@SEC.USEC: as QEMU's log does.")
    boolean prefix;

    @Override
    public Integer call() throws IOException {
      Workload w = Workloads.byName(workload);
      long region = Sizes.parse(size);
      long s = seed != null ? seed : w.defaultSeed(region);
      long lines;
      if (out != null) {
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          lines = TraceWriter.write(w.conversions(region, s), region, prefix, writer);
        }
      } else {
        // Not closed, as that would close System.out for the rest of the JVM (a test's, too);
        // TraceWriter.write flushes.
        Writer writer =
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        lines = TraceWriter.write(w.conversions(region, s), region, prefix, writer);
      }
      System.err.printf(
          Locale.ROOT, "%s on %s, seed %d: %d lines%n", w.name(), Sizes.format(region), s, lines);
      return 0;
    }
  }

  // ---------------------------------------------------------------- jmh

  /**
   * Help entry for {@code jmh}; {@link BenchCli#main} hands the arguments to JMH before picocli.
   */
  @Command(
      name = "jmh",
      description = "JMH's own runner: everything after 'jmh' goes to org.openjdk.jmh.Main.")
  static final class JmhCommand implements Callable<Integer> {
    @Parameters(
        arity = "0..*",
        description = "JMH arguments, e.g. SplitMergeBenchmark -p backend=maple")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(new String[0]));
      return 0;
    }
  }

  /**
   * The backends the report measures when none are named: every registered one except the design
   * points of {@code io.github.ramattr.jmh.design}, which exist to be measured against maple by
   * name ({@code scripts/maple-tradeoff.sh}), not to be reported as candidates. (A trace replay
   * still runs every registered store: there it is one more check that they all agree.)
   */
  static List<String> reportedBackends() {
    String designs = FixedWidthProvider.class.getPackageName();
    List<String> names = new ArrayList<>();
    for (String name : SharedStateStores.available()) {
      if (!SharedStateStores.provider(name).getClass().getPackageName().equals(designs)) {
        names.add(name);
      }
    }
    return names;
  }

  // ---------------------------------------------------------------- answer

  /**
   * The answer to the QEMU reviewer: measures what {@link Answer} needs (the census of its guests
   * and the fragment-K rows of the break-even; split+merge and lookups by JMH), writes the rows as
   * {@code answer/census.csv} and {@code answer/speed.csv} under {@code --out}, and ANSWER.md into
   * {@code --out}; with {@code --from} it renders ANSWER.md from existing rows, measuring nothing.
   */
  @Command(
      name = "answer",
      mixinStandardHelpOptions = true,
      description =
          "Measure the guests of the answer to the QEMU reviewer (JOL census + JMH) and write"
              + " ANSWER.md with its rows in answer/census.csv and answer/speed.csv.")
  static final class AnswerCommand implements Callable<Integer> {
    /** The rows' directory under {@code --out} (and under {@code --from}). */
    static final String ROWS_DIR = "answer";

    /**
     * The file under {@link #ROWS_DIR} that says how the rows were measured (date, run time, JDK,
     * cores, JMH settings), one line, which the page prints; {@code --from} reads it back.
     */
    static final String RUN_FILE = "run.txt";

    /**
     * The JMH shapes: split+merge on fragment-10^6 of 1 TiB (977 runs per GiB, more than any
     * realistic guest makes) and lookups on {@link Answer#LOOKUP_GUEST}'s block (1 TiB); in TINY,
     * the same on 1 GiB with 10^4 runs. The blocks are not SpeedRuns' standard 64 GiB, so every
     * FULL and QUICK label names its block (a TINY label names none: 1 GiB, as ANSWER.md says). Two
     * forks of 10 s per shape, 12 shapes: about 5 minutes in FULL.
     */
    static final List<SpeedRuns.Plan> PLANS =
        List.of(
            new SpeedRuns.Plan(
                SplitMergeBenchmark.class,
                Map.of("runs", new String[] {"1000000"}, "blockGiB", new String[] {"1024"}),
                Map.of("runs", new String[] {"10000"}, "blockGiB", new String[] {"1"})),
            new SpeedRuns.Plan(
                LookupBenchmark.class,
                Map.of(
                    "layout", new String[] {Answer.LOOKUP_GUEST.workload()},
                    "blockGiB",
                        new String[] {
                          String.valueOf(Answer.LOOKUP_GUEST.regionSize() / Sizes.GIB)
                        }),
                Map.of(
                    "layout", new String[] {Answer.LOOKUP_GUEST.workload()},
                    "blockGiB", new String[] {"1"})));

    @Option(names = "--quick", description = "Short JMH runs (one fork, 200 ms iterations).")
    boolean quick;

    @Option(names = "--tiny", description = "1 GiB blocks, in-process JMH (seconds; for tests).")
    boolean tiny;

    @Option(
        names = "--from",
        description = "Render ANSWER.md from DIR/answer/*.csv instead of measuring.")
    @Nullable Path from;

    @Option(names = "--out", description = "Output directory (default: docs).")
    Path out = Path.of("docs");

    @Override
    public Integer call() throws Exception {
      if (from != null && (quick || tiny)) {
        System.err.println("--from renders existing rows: it takes neither --quick nor --tiny");
        return 2;
      }
      long started = System.nanoTime();
      List<Census.Row> census;
      List<SpeedRuns.Measurement> speed;
      SpeedRuns.Profile profile = SpeedRuns.Profile.of(tiny, quick);
      String run = "";
      if (from != null) {
        Path rows = from.resolve(ROWS_DIR);
        census = RowsCsv.readCensus(Files.readString(rows.resolve(RowsCsv.CENSUS_FILE)));
        speed = RowsCsv.readSpeed(Files.readString(rows.resolve(RowsCsv.SPEED_FILE)));
        Path runFile = rows.resolve(RUN_FILE);
        run = Files.exists(runFile) ? Files.readString(runFile).strip() : "";
      } else {
        for (String name : Answer.BACKENDS) {
          SharedStateStores.provider(name); // an unknown name fails here, listing the available
        }
        census = census();
        int[] done = {0};
        int steps = PLANS.size() * Answer.BACKENDS.size();
        speed =
            SpeedRuns.run(
                profile,
                Answer.BACKENDS,
                PLANS,
                () -> System.err.printf(Locale.ROOT, "JMH %d/%d%n", ++done[0], steps));
      }
      // Before any file is written: missing or skipped rows fail here, naming what is missing.
      Answer answer = Answer.of(census, speed);
      Files.createDirectories(out);
      if (from == null) {
        run =
            String.format(
                Locale.ROOT,
                "This run: `answer%s` on %s, in %.0f s on JDK %s (%s), %d cores; JMH %s.",
                profile.flag(),
                LocalDate.now(ZoneOffset.UTC),
                (System.nanoTime() - started) / 1e9,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                SpeedRuns.describe(profile, false));
        Path rows = Files.createDirectories(out.resolve(ROWS_DIR));
        Files.writeString(rows.resolve(RowsCsv.CENSUS_FILE), RowsCsv.census(census));
        Files.writeString(rows.resolve(RowsCsv.SPEED_FILE), RowsCsv.speed(speed));
        Files.writeString(rows.resolve(RUN_FILE), run + "\n");
      }
      Path file = out.resolve("ANSWER.md");
      Files.writeString(file, AnswerMarkdown.render(answer, run), StandardCharsets.UTF_8);
      System.out.printf(
          Locale.ROOT,
          "wrote %s in %.0f s (%s)%n",
          file,
          (System.nanoTime() - started) / 1e9,
          from != null
              ? "from " + from.resolve(ROWS_DIR)
              : profile == SpeedRuns.Profile.FULL ? "full" : profile.flag().strip());
      return 0;
    }

    /**
     * The guests of {@link Answer#GUESTS} (at 1 GiB in {@code --tiny}) for every backend, then the
     * fragment-K rows of every non-flat backend at {@link Answer#BREAK_EVEN_SIZES} (1 GiB only in
     * {@code --tiny}); cells above 10^6 runs are skipped, with the reason in the row.
     */
    private List<Census.Row> census() {
      Census.Limits limits = tiny ? new Census.Limits(20_000, 1_000_000) : Answer.CENSUS_LIMITS;
      List<Census.Row> rows = new ArrayList<>();
      for (Answer.Guest g : Answer.GUESTS) {
        Answer.Guest guest = tiny ? g.at(Sizes.GIB) : g;
        for (String backend : Answer.BACKENDS) {
          System.err.printf(
              Locale.ROOT,
              "census %s %s %s%n",
              guest.workload(),
              Sizes.format(guest.regionSize()),
              backend);
          rows.add(
              Census.measure(
                  backend, Workloads.byName(guest.workload()), guest.regionSize(), limits));
        }
      }
      for (long size : tiny ? List.of(Sizes.GIB) : Answer.BREAK_EVEN_SIZES) {
        for (String k : Workloads.FRAGMENT_KS) {
          Workload fragment = Workloads.byName("fragment-" + k);
          for (String backend : Answer.BACKENDS.subList(1, Answer.BACKENDS.size())) {
            rows.add(Census.measure(backend, fragment, size, limits));
          }
        }
      }
      return rows;
    }
  }
}
