/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.RowsCsv;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code report --tiny} once (census at 1 GiB and in-process JMH runs of a few milliseconds)
 * and checks what it wrote: the tables, the charts, and that the table's figures are the census'
 * (rebuilt here independently and measured with JOL).
 */
class ReportCommandTest {
  @TempDir static Path dir;
  private static String report;

  @BeforeAll
  static void runReport() throws IOException {
    assertEquals(0, BenchCli.run("report", "--tiny", "--out", dir.toString()));
    report = Files.readString(dir.resolve("REPORT.md"));
  }

  @Test
  void report_hasATablePerWorkload_withEveryBackend() {
    for (Workload w : Workloads.census()) {
      assertTrue(report.contains("### " + w.name() + "\n"), w.name());
      for (String backend : BenchCli.reportedBackends()) {
        assertTrue(
            report.contains("| 1 GiB | " + backend + " | " + w.defaultSeed(Sizes.GIB) + " |"),
            w.name() + " " + backend);
      }
    }
    // Design points are registered (the benchmarks find them by name) but not reported.
    assertTrue(SharedStateStores.available().contains("fixed-width"));
    assertFalse(BenchCli.reportedBackends().contains("fixed-width"));
    assertFalse(report.contains("| fixed-width |"), "a design point in the report");
    assertTrue(BenchCli.reportedBackends().containsAll(List.of("maple", "roaring", "flat-bitmap")));
    assertTrue(report.contains("## Crossover"));
    assertTrue(report.contains("## Recommendation"));
    // The tiny rows hold what the answer needs (a guest, the fragments, split+merge, lookups on
    // the answer's guest layout), so the recommendation is computed, not refused.
    assertFalse(report.contains("These rows give no answer"), report);
    assertTrue(report.contains("QEMU should "), report);
    assertTrue(report.contains("skipped: K = 100000 > pages/4 = 65536"));
  }

  @Test
  void report_speedTable_everyBenchmarkForEveryBackend() {
    for (String op :
        List.of(
            "splitThenMerge(",
            "splitThenMergeElsewhere(",
            "sharedThenRestore(",
            "privateThenRestore(",
            "sharedThenRestoreScaled(",
            "privateThenRestoreScaled(",
            "isShared(",
            "isPopulated2MiB(",
            "replayPopulated(",
            "forEachSharedRun(",
            "forEachPrivateRun(",
            "convertSharedAndBack(",
            "managerReplay(",
            "qemuWalkReplay(",
            "managerConvert(",
            "qemuConvert(",
            "attachedConvert(",
            "standaloneConvert(")) {
      Matcher row =
          Pattern.compile("\\| " + Pattern.quote(op) + "[^|]*\\|([^\\n]*)\\|\\n").matcher(report);
      assertTrue(row.find(), op + " row missing");
      String[] cells = row.group(1).split("\\|", -1);
      assertEquals(BenchCli.reportedBackends().size(), cells.length, op + ": " + row.group());
      for (String cell : cells) {
        // "mean ± error": both measured (TINY runs three iterations, so the error is known)
        String[] parts = cell.trim().split(" ± ", -1);
        assertEquals(2, parts.length, op + ": " + row.group());
        assertTrue(Double.parseDouble(parts[0]) > 0, op + ": " + row.group());
        assertTrue(Double.parseDouble(parts[1]) >= 0, op + ": " + row.group());
      }
    }
  }

  /** Between the figures of "mean ± error" and "ratio [low, high]" cells. */
  private static final Pattern FIGURE_SEPARATORS = Pattern.compile(" ± | \\[|, |\\]");

  @Test
  void report_multiSourceSection_everyComparisonForEveryBackend() {
    assertTrue(report.contains("## Multi-source manager against QEMU 11\n"));
    for (String comparison :
        List.of(
            "replay of 2 GiB, 2 sources",
            "1 GiB conversion, 1 listener(s)",
            "1 GiB conversion, 4 listener(s)",
            "attached vs standalone, 2 MiB conversion",
            "attached vs standalone, 1024 MiB conversion")) {
      for (String backend : BenchCli.reportedBackends()) {
        Matcher row =
            Pattern.compile(
                    "\\| "
                        + Pattern.quote(comparison)
                        + " \\| "
                        + Pattern.quote(backend)
                        + " \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|")
                .matcher(report);
        assertTrue(row.find(), comparison + " " + backend + " row missing");
        // "mean ± error", "mean ± error", "ratio [low, high]": every figure positive.
        for (int cell = 1; cell <= 3; cell++) {
          List<String> figures =
              FIGURE_SEPARATORS
                  .splitAsStream(row.group(cell).trim())
                  .filter(f -> !f.isEmpty())
                  .toList();
          for (String figure : figures) {
            assertTrue(Double.parseDouble(figure) >= 0, row.group());
          }
          assertTrue(Double.parseDouble(figures.get(0)) > 0, row.group());
        }
      }
    }
  }

  @Test
  void report_writesRawRowsAsCsv_theSameRowsTheTablesShow() throws IOException {
    List<Census.Row> census =
        RowsCsv.readCensus(Files.readString(dir.resolve(RowsCsv.CENSUS_FILE)));
    List<SpeedRuns.Measurement> speed =
        RowsCsv.readSpeed(Files.readString(dir.resolve(RowsCsv.SPEED_FILE)));
    int backends = BenchCli.reportedBackends().size();
    assertEquals(
        (Workloads.census().size() + Workloads.GUESTS.size()) * backends,
        census.size(),
        "one row per backend for each workload at 1 GiB and each guest at 16 GiB");
    for (Census.Row row : census) {
      if (Workloads.GUESTS.contains(row.workload())) {
        assertEquals(16 * Sizes.GIB, row.regionSize(), row.toString());
        assertTrue(
            report.contains("| " + row.workload() + " | 16 GiB | 4 | " + row.runs() + " |"),
            row.toString());
      } else if (row.measured()) {
        assertTrue(
            report.contains(
                "| 1 GiB | " + row.backend() + " | " + row.seed() + " | " + row.runs() + " | "),
            row.toString());
      }
    }
    assertFalse(speed.isEmpty());
    for (SpeedRuns.Measurement m : speed) {
      assertTrue(report.contains("| " + m.operation() + " |"), m.operation());
      assertTrue(m.nsPerOp() > 0, m.toString());
    }
  }

  @Test
  void timeChart_leavesOutTheMultiSourceAndScaledOperations() throws IOException {
    List<SpeedRuns.Measurement> speed =
        RowsCsv.readSpeed(Files.readString(dir.resolve(RowsCsv.SPEED_FILE)));
    List<String> kept =
        BenchCli.storeOperations(speed).stream().map(SpeedRuns.Measurement::operation).toList();
    assertTrue(kept.stream().anyMatch(op -> op.startsWith("splitThenMerge(")), kept.toString());
    assertTrue(kept.stream().anyMatch(op -> op.startsWith("isShared(")), kept.toString());
    assertTrue(
        kept.stream().noneMatch(op -> op.startsWith("manager") || op.contains("Scaled(")),
        kept.toString());
    assertTrue(
        speed.stream().anyMatch(m -> m.operation().startsWith("managerReplay(")),
        "the report itself still measures the manager");
  }

  @Test
  void report_charts_existAndAreNonEmptyPngs() throws IOException {
    List<String> charts = new ArrayList<>();
    Workloads.GUESTS.forEach(guest -> charts.add("bytes-vs-guest-" + guest + ".png"));
    charts.add("bytes-vs-runs-per-GiB-1GiB.png");
    charts.add("time-relative-to-flat-bitmap.png");
    for (String chart : charts) {
      Path file = dir.resolve(chart);
      assertTrue(Files.size(file) > 1000, chart);
      byte[] head = Files.readAllBytes(file);
      assertEquals((byte) 0x89, head[0], chart);
      assertEquals('P', head[1], chart);
      assertTrue(report.contains("](" + chart + ")"), chart + " linked from the report");
    }
    for (String replaced : List.of("ns-per-op.png", "bytes-vs-runs-1GiB.png")) {
      assertFalse(Files.exists(dir.resolve(replaced)), replaced + " is no longer drawn");
    }
  }

  @Test
  void report_bytesAndRuns_areTheCensus() {
    for (String workload : List.of("boot-tdx", "fragment-100", "churn-1000")) {
      for (String backend : BenchCli.reportedBackends()) {
        Workload w = Workloads.byName(workload);
        SharedStateStore store = SharedStateStores.create(backend, Sizes.GIB / Sizes.PAGE);
        w.applyTo(store, Sizes.GIB, w.defaultSeed(Sizes.GIB));
        long runs = store.sharedRunCount();
        store.estimatedSizeInBytes(); // the census reads it first (roaring compacts then)
        long bytes = Census.jolBytes(store);
        String row =
            "| 1 GiB | "
                + backend
                + " | "
                + w.defaultSeed(Sizes.GIB)
                + " | "
                + runs
                + " | "
                + store.sharedCount()
                + " | "
                + bytes
                + " |";
        assertTrue(report.contains(row), "missing " + row + " in section " + workload);
      }
    }
  }
}
