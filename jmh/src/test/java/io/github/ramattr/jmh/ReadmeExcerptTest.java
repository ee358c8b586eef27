/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.render.Figures;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md quotes an excerpt of what {@code report --quick} writes: the census rows of {@code
 * boot-tdx} on a 1 TiB block. JOL's bytes are deterministic for an object layout, so this test
 * measures those cells again, as the report does ({@link Census#measure} with the quick limits),
 * and fails when the README's excerpt is not what the command would write today.
 */
class ReadmeExcerptTest {
  /** {@code | 1 TiB | backend | runs | bytes | bytes/run | x flat |}, as the README quotes it. */
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| 1 TiB \\| ([a-z-]+) \\| (\\d+) \\| (\\d+) \\| ([0-9.e+-]+) \\| ([0-9.e+-]+) \\|$");

  /** The repository root: this module's parent directory (surefire runs in the module). */
  private static Path readme() {
    Path root =
        Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    Path readme = root.resolve("README.md");
    assertTrue(Files.isRegularFile(readme), "no README.md under " + root);
    return readme;
  }

  /** The excerpt's rows, as written in the README, in order. */
  private static List<Matcher> excerptRows() throws IOException {
    List<Matcher> rows = new ArrayList<>();
    for (String line : Files.readAllLines(readme(), StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(m);
      }
    }
    return rows;
  }

  @Test
  void reportQuickExcerpt_bootTdx1TiB_isWhatTheCensusMeasuresToday() throws IOException {
    List<Matcher> rows = excerptRows();
    assertEquals(6, rows.size(), "the README's report --quick excerpt: one row per backend");
    Workload bootTdx = Workloads.byName("boot-tdx");
    for (Matcher quoted : rows) {
      String backend = quoted.group(1);
      Census.Row row = Census.measure(backend, bootTdx, Sizes.TIB, Census.Limits.QUICK);
      assertTrue(row.measured() && row.byJol(), backend + ": " + row.skipped());
      String now =
          String.join(
              " | ",
              backend,
              Long.toString(row.runs()),
              Long.toString(row.bytes()),
              Figures.num(row.bytesPerRun()),
              Figures.num(row.ratioToFlatBitmap()));
      String inReadme =
          String.join(
              " | ", backend, quoted.group(2), quoted.group(3), quoted.group(4), quoted.group(5));
      assertEquals(now, inReadme, "README.md's report --quick excerpt, boot-tdx at 1 TiB");
    }
  }
}
