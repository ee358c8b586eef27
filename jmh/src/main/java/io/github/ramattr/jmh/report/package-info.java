/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The analysis behind REPORT.md and GOALS.md: running the benchmarks for a report ({@link
 * io.github.ramattr.jmh.report.SpeedRuns}, which fails on any benchmark error), deciding a goal
 * from scores and their 99.9% errors ({@link io.github.ramattr.jmh.report.GoalCheck}), maple's goal
 * table ({@link io.github.ramattr.jmh.report.Goals}) and the report's findings ({@link
 * io.github.ramattr.jmh.report.ReportAnalysis}: crossovers, split+merge scaling, multi-source
 * comparisons, the recommendation's subjects).
 *
 * <p>Everything here is a value computed from measured rows and tested on synthetic rows; nothing
 * here writes text for a reader. The wording lives in {@code io.github.ramattr.jmh.render}, so a
 * finding can be tested without parsing Markdown and the Markdown without measuring anything.
 */
@NullMarked
package io.github.ramattr.jmh.report;

import org.jspecify.annotations.NullMarked;
