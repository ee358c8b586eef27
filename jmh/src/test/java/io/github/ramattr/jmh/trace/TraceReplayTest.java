/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
import io.github.ramattr.jmh.cli.BenchCli;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReplayTest {
  @TempDir Path dir;

  private static TraceReplay.Source text(String trace) {
    return () -> new BufferedReader(new StringReader(trace));
  }

  private static List<TraceEvent> read(String trace, boolean lenient) {
    return new QemuLogTraceReader(lenient)
        .events(new BufferedReader(new StringReader(trace)))
        .collect(Collectors.toList());
  }

  // ================================================================ reader

  @Test
  void reader_withAndWithoutPrefix_parses() {
    List<TraceEvent> events =
        read(
            "ram_block_attributes_state_change offset 0x200000 size 0x1000 from 'discarded' to"
                + " 'populated'\n"
                + "12345@1700000000.123456:ram_block_attributes_state_change offset 0x0 size"
                + " 0x200000 from 'mixture' to 'discarded'\n"
                + "12345@1700000000.123457: ram_block_attributes_state_change offset 0xABC000 size"
                + " 0x1000 from 'populated' to 'discarded'\n",
            false);
    assertEquals(
        List.of(
            new TraceEvent(1, 0x200000, 0x1000, "discarded", PageState.SHARED),
            new TraceEvent(2, 0, 0x200000, "mixture", PageState.PRIVATE),
            new TraceEvent(3, 0xABC000, 0x1000, "populated", PageState.PRIVATE)),
        events);
  }

  @Test
  void reader_otherEvents_ignored() {
    List<TraceEvent> events =
        read(
            "kvm_set_user_memory Slot#0 flags=0x4 gpa=0x0 size=0x80000000\n"
                + "12@1.000001:kvm_convert_memory start 0x0 size 0x1000 to_private 0\n"
                + "ram_block_attributes_state_change_other offset 0x0\n"
                + "\n"
                + "ram_block_attributes_state_change offset 0x1000 size 0x1000 from 'discarded'"
                + " to 'populated'\n",
            false);
    assertEquals(1, events.size());
    assertEquals(5, events.get(0).lineNumber());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ram_block_attributes_state_change offset 0x1000 size 0x1000 from 'shared' to 'populated'",
        "ram_block_attributes_state_change offset 0x1000 size 0x1000 from 'discarded' to 'mixture'",
        "ram_block_attributes_state_change offset 4096 size 0x1000 from 'discarded' to 'populated'",
        "ram_block_attributes_state_change offset 0x1000 size 0x1000",
        "7@1.5:ram_block_attributes_state_change offset 0xZZ size 0x1000 from 'discarded' to"
            + " 'populated'"
      })
  void reader_malformedLine_stopsWithNumberAndText(String bad) {
    String trace =
        "ram_block_attributes_state_change offset 0x0 size 0x1000 from 'discarded' to"
            + " 'populated'\nnoise\n"
            + bad
            + "\n";
    MalformedTraceException e =
        assertThrows(MalformedTraceException.class, () -> read(trace, false));
    assertEquals(3, e.lineNumber());
    assertEquals(bad, e.line());
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains(bad), e.getMessage());
  }

  @Test
  void reader_lenient_countsAndSkips() {
    QemuLogTraceReader reader = new QemuLogTraceReader(true);
    List<TraceEvent> events =
        reader
            .events(
                new BufferedReader(
                    new StringReader(
                        "ram_block_attributes_state_change offset 0x0 size 0x1000 from 'x' to"
                            + " 'populated'\n"
                            + "ram_block_attributes_state_change offset 0x0 size 0x1000 from"
                            + " 'discarded' to 'populated'\n")))
            .collect(Collectors.toList());
    assertEquals(1, events.size());
    assertEquals(1, reader.malformedLines());
  }

  // ================================================================ replay

  @Test
  void replay_contradictingFrom_countedPerBackend() throws IOException {
    String trace =
        String.join(
            "\n",
            // correct: all private before
            QemuLogTraceReader.format(0, 0x2000, "discarded", PageState.SHARED),
            // wrong: [0x1000, 0x3000) is mixture (one shared, one private page)
            QemuLogTraceReader.format(0x1000, 0x2000, "populated", PageState.SHARED),
            // wrong: wholly shared now, the trace says discarded
            QemuLogTraceReader.format(0, 0x3000, "discarded", PageState.PRIVATE),
            // correct
            QemuLogTraceReader.format(0, 0x3000, "discarded", PageState.SHARED),
            // rejected by QEMU's validation: unaligned
            QemuLogTraceReader.format(0x800, 0x1000, "discarded", PageState.SHARED));
    TraceReplay.Summary summary =
        TraceReplay.replay(text(trace), SharedStateStores.available(), Sizes.GIB, 4096, false);
    for (TraceReplay.Result r : summary.results()) {
      assertEquals(5, r.events(), r.backend());
      assertEquals(2, r.contradictions(), r.backend());
      assertEquals(1, r.rejected(), r.backend());
      assertEquals(3, r.sharedPages(), r.backend());
    }
    assertTrue(summary.digestsAgree());
  }

  @Test
  void defaultRegionSize_highestEndRoundedUpToGiB() throws IOException {
    String trace =
        QemuLogTraceReader.format(0x40000000, 0x1000, "discarded", PageState.SHARED)
            + "\n"
            + QemuLogTraceReader.format(0x1000, 0x1000, "discarded", PageState.SHARED)
            + "\n";
    assertEquals(2 * Sizes.GIB, TraceReplay.defaultRegionSize(text(trace), false));
    assertEquals(Sizes.GIB, TraceReplay.defaultRegionSize(text(""), false));
  }

  @ParameterizedTest
  @CsvSource({
    "churn-1000, 1GiB, false",
    "boot-snp, 1GiB, true",
    "split-merge, 1GiB, true",
    "bulk, 2GiB, false"
  })
  void generateThenReplay_allBackendsAgreeWithReferenceModel(
      String workload, String size, boolean prefix) throws IOException {
    Path trace = dir.resolve(workload + ".trace");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "generate", workload, "--size", size, "--seed", "42", "--out", trace.toString()));
    if (prefix) {
      args.add("--prefix");
    }
    assertEquals(0, BenchCli.run(args.toArray(new String[0])));
    long region = Sizes.parse(size);
    ReferenceModel model = new ReferenceModel(region / Sizes.PAGE);
    Workloads.byName(workload).applyTo(model, region, 42);
    String expected = StateDigest.of(model);

    TraceReplay.Summary summary =
        TraceReplay.replay(
            () -> Files.newBufferedReader(trace),
            SharedStateStores.available(),
            region,
            4096,
            false);
    assertTrue(summary.results().size() >= 2, "at least the two baselines");
    for (TraceReplay.Result r : summary.results()) {
      assertEquals(expected, r.digest(), r.backend());
      assertEquals(0, r.contradictions(), r.backend() + ": generate wrote the true 'from'");
      assertEquals(model.sharedCount(), r.sharedPages(), r.backend());
      assertEquals(model.sharedRunCount(), r.runs(), r.backend());
    }
  }
}
