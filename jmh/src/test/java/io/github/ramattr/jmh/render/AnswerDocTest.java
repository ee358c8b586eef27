/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.RowsCsv;
import io.github.ramattr.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/ANSWER.md is exactly what its committed rows (docs/answer/census.csv and speed.csv) render
 * to: a change to the analysis, the wording or the rows that is not regenerated fails here. And the
 * rows' bytes are what the census measures today: JOL's bytes are deterministic, so a change to a
 * store or a guest workload that moves a figure of the page fails here too.
 */
class AnswerDocTest {
  private static final Path DOCS =
      Path.of(System.getProperty("basedir", "."))
          .toAbsolutePath()
          .normalize()
          .getParent()
          .resolve("docs");

  @Test
  void committedGuestRows_areWhatTheCensusMeasuresToday() throws IOException {
    List<Census.Row> committed =
        RowsCsv.readCensus(Files.readString(DOCS.resolve("answer").resolve(RowsCsv.CENSUS_FILE)));
    int checked = 0;
    for (Census.Row row : committed) {
      boolean guest =
          Answer.GUESTS.stream()
              .anyMatch(
                  g -> g.workload().equals(row.workload()) && g.regionSize() == row.regionSize());
      if (!guest) {
        continue; // the fragment-K rows are the report's census cells, measured by its tests
      }
      Census.Row now =
          Census.measure(
              row.backend(),
              Workloads.byName(row.workload()),
              row.regionSize(),
              Answer.CENSUS_LIMITS);
      String cell = row.workload() + " " + row.regionSize() + " " + row.backend();
      assertEquals(row.runs(), now.runs(), cell);
      assertEquals(row.sharedPages(), now.sharedPages(), cell);
      assertEquals(row.bytes(), now.bytes(), cell);
      assertTrue(now.byJol(), cell + " measured by JOL");
      checked++;
    }
    assertEquals(Answer.GUESTS.size() * Answer.BACKENDS.size(), checked, "every guest cell");
  }

  @Test
  void committedAnswer_isTheRenderingOfTheCommittedRows() throws IOException {
    Path docs = DOCS;
    Path rows = docs.resolve("answer");
    Answer answer =
        Answer.of(
            RowsCsv.readCensus(Files.readString(rows.resolve(RowsCsv.CENSUS_FILE))),
            RowsCsv.readSpeed(Files.readString(rows.resolve(RowsCsv.SPEED_FILE))));
    assertEquals(
        Files.readString(docs.resolve("ANSWER.md")),
        AnswerMarkdown.render(answer, Files.readString(rows.resolve("run.txt")).strip()),
        "docs/ANSWER.md differs from its rows; regenerate: " + AnswerMarkdown.FROM_COMMAND);
  }
}
