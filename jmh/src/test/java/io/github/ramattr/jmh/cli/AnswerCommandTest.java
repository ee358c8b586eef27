/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.render.AnswerMarkdown;
import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.RowsCsv;
import io.github.ramattr.jmh.report.SpeedRuns;
import io.github.ramattr.workloads.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code answer --tiny} once (1 GiB guests, in-process JMH of milliseconds) and checks what it
 * wrote: both row files, ANSWER.md as the rendering of those rows, and {@code --from} rendering the
 * same page again without measuring.
 */
class AnswerCommandTest {
  @TempDir static Path dir;
  private static List<Census.Row> census;
  private static List<SpeedRuns.Measurement> speed;

  @BeforeAll
  static void runAnswer() throws IOException {
    assertEquals(0, BenchCli.run("answer", "--tiny", "--out", dir.toString()));
    Path rows = dir.resolve(BenchCli.AnswerCommand.ROWS_DIR);
    census = RowsCsv.readCensus(Files.readString(rows.resolve(RowsCsv.CENSUS_FILE)));
    speed = RowsCsv.readSpeed(Files.readString(rows.resolve(RowsCsv.SPEED_FILE)));
  }

  @Test
  void rows_holdEveryGuestForEveryBackend_andTheFragmentRows() {
    for (Answer.Guest g : Answer.GUESTS) {
      for (String backend : Answer.BACKENDS) {
        assertTrue(
            census.stream()
                .anyMatch(
                    r ->
                        r.measured()
                            && r.workload().equals(g.workload())
                            && r.regionSize() == Sizes.GIB
                            && r.backend().equals(backend)),
            g.workload() + " " + backend);
      }
    }
    assertTrue(census.stream().anyMatch(r -> r.workload().equals("fragment-10000")));
    for (String backend : Answer.BACKENDS) {
      assertEquals(3, speed.stream().filter(m -> m.backend().equals(backend)).count(), backend);
    }
  }

  @Test
  void answerMd_isTheRenderingOfTheRowsItWrote() throws IOException {
    String page = Files.readString(dir.resolve("ANSWER.md"));
    String run =
        Files.readString(
                dir.resolve(BenchCli.AnswerCommand.ROWS_DIR)
                    .resolve(BenchCli.AnswerCommand.RUN_FILE))
            .strip();
    assertTrue(
        run.matches(
            "This run: `answer --tiny` on \\d{4}-\\d{2}-\\d{2}, in \\d+ s on JDK .*, \\d+ cores;"
                + " JMH forks 0, warm-up 0 x .*, measurement 3 x 5 ms\\."),
        run);
    assertEquals(AnswerMarkdown.render(Answer.of(census, speed), run), page);
    assertTrue(page.contains("\n" + run + "\n\n"), page);
    assertTrue(page.contains("| ramattr's maple, measured |"), page);
  }

  @Test
  void from_rendersTheSamePageWithoutMeasuring() throws IOException {
    Path again = dir.resolve("again");
    assertEquals(0, BenchCli.run("answer", "--from", dir.toString(), "--out", again.toString()));
    assertEquals(
        Files.readString(dir.resolve("ANSWER.md")), Files.readString(again.resolve("ANSWER.md")));
    assertTrue(Files.notExists(again.resolve(BenchCli.AnswerCommand.ROWS_DIR)));
    assertEquals(2, BenchCli.run("answer", "--from", dir.toString(), "--tiny"));
  }
}
