/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
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
import io.github.ramattr.jmh.trace.QemuLogTraceReader;
import io.github.ramattr.spi.SharedStateStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jmh}, {@code generate} and {@code replay} commands through {@link BenchCli#run}: JMH's
 * own runner gets its arguments and finds the benchmarks, a trace written by {@code generate}
 * replays to agreement, and a malformed trace exits 2 unless {@code --lenient}.
 */
class BenchCliTest {
  @TempDir Path dir;

  @Test
  void jmhCommand_passesArgumentsToJmh() {
    String out = captureOut(() -> assertEquals(0, BenchCli.run("jmh", "-l", "SplitMerge")));
    assertTrue(out.contains("io.github.ramattr.jmh.bench.SplitMergeBenchmark.splitThenMerge"), out);
    assertFalse(out.contains("LookupBenchmark"), "the pattern selects: " + out);
  }

  /** JMH's annotation processor listed every benchmark class, under its package. */
  @Test
  void jmhList_findsEveryBenchmarkClass() {
    String out = captureOut(() -> assertEquals(0, BenchCli.run("jmh", "-l")));
    for (Class<?> type :
        List.of(
            AttachBenchmark.class,
            BulkBenchmark.class,
            BulkScalingBenchmark.class,
            FacadeConversionBenchmark.class,
            LookupBenchmark.class,
            ManagerConversionBenchmark.class,
            ManagerReplayBenchmark.class,
            ReplayBenchmark.class,
            SplitMergeBenchmark.class,
            SplitMergeElsewhereBenchmark.class)) {
      assertTrue(out.contains(type.getName() + "."), type.getName() + " not in\n" + out);
    }
  }

  @Test
  void replayCommand_printsAgreementAndExitsZero() throws IOException {
    Path trace = dir.resolve("boot.trace");
    assertEquals(
        0, BenchCli.run("generate", "boot-tdx", "--size", "8GiB", "--out", trace.toString()));
    String out = captureOut(() -> assertEquals(0, BenchCli.run("replay", trace.toString())));
    assertTrue(out.contains("region 8 GiB"), out);
    assertTrue(out.contains("all digests agree"), out);
    for (String backend : SharedStateStores.available()) {
      assertTrue(out.contains(backend), out);
    }
  }

  @Test
  void replayCommand_malformedLine_exitsTwo_lenientSkips() throws IOException {
    Path trace = dir.resolve("bad.trace");
    Files.writeString(
        trace,
        QemuLogTraceReader.format(0, 0x1000, "discarded", PageState.SHARED)
            + "\nram_block_attributes_state_change offset 0x1000 size\n");
    String err = captureErr(() -> assertEquals(2, BenchCli.run("replay", trace.toString())));
    assertTrue(err.contains("line 2") && err.contains("offset 0x1000 size"), err);
    String out =
        captureOut(() -> assertEquals(0, BenchCli.run("replay", trace.toString(), "--lenient")));
    assertTrue(out.contains("malformed lines skipped: 1"), out);
  }

  private static String captureOut(Runnable action) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String captureErr(Runnable action) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
