/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The report's output: REPORT.md ({@link io.github.ramattr.jmh.render.ReportMarkdown}) and GOALS.md
 * ({@link io.github.ramattr.jmh.render.GoalsMarkdown}) written from the analyses of {@code
 * io.github.ramattr.jmh.report}, their number format ({@link io.github.ramattr.jmh.render.Figures})
 * and the PNG charts ({@link io.github.ramattr.jmh.render.Charts}, XChart, headless, in the colours
 * of {@link io.github.ramattr.jmh.render.BackendColors}). Renderers decide nothing: a subject, a
 * verdict or a crossover is read from the analysis, and a gap in what they are given is an error,
 * never a "-" in a table.
 */
@NullMarked
package io.github.ramattr.jmh.render;

import org.jspecify.annotations.NullMarked;
