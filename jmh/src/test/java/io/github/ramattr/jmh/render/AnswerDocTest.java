/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ramattr.jmh.report.Answer;
import io.github.ramattr.jmh.report.RowsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/ANSWER.md is exactly what its committed rows (docs/answer/census.csv and speed.csv) render
 * to: a change to the analysis, the wording or the rows that is not regenerated fails here.
 */
class AnswerDocTest {
  @Test
  void committedAnswer_isTheRenderingOfTheCommittedRows() throws IOException {
    Path docs =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent()
            .resolve("docs");
    Path rows = docs.resolve("answer");
    Answer answer =
        Answer.of(
            RowsCsv.readCensus(Files.readString(rows.resolve(RowsCsv.CENSUS_FILE))),
            RowsCsv.readSpeed(Files.readString(rows.resolve(RowsCsv.SPEED_FILE))));
    assertEquals(
        Files.readString(docs.resolve("ANSWER.md")),
        AnswerMarkdown.render(answer),
        "docs/ANSWER.md differs from its rows; regenerate: " + AnswerMarkdown.FROM_COMMAND);
  }
}
