/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's benchmarks and measurement tools. The workloads come from {@code
 * io.github.ramattr.workloads}, the JOL memory census and the flat-bitmap and RoaringBitmap
 * baselines from {@code io.github.ramattr.evidence}. This module is split by concern:
 *
 * <ul>
 *   <li>{@code io.github.ramattr.jmh.bench}: the JMH benchmarks and their state;
 *   <li>{@code io.github.ramattr.jmh.design}: store designs measured against maple, not shipped;
 *   <li>{@code io.github.ramattr.jmh.qemu}: models of QEMU 11 code the benchmarks compare with;
 *   <li>{@code io.github.ramattr.jmh.trace}: QEMU trace reading, writing and replay;
 *   <li>{@code io.github.ramattr.jmh.report}: the analysis of census rows and JMH scores;
 *   <li>{@code io.github.ramattr.jmh.render}: REPORT.md, GOALS.md and the charts written from it;
 *   <li>{@code io.github.ramattr.jmh.cli}: the {@code ramattr-bench.jar} command line.
 * </ul>
 *
 * Dependencies point one way: cli uses render, report and trace; render uses report; report uses
 * bench (the classes it runs); bench uses qemu.
 */
@NullMarked
package io.github.ramattr.jmh;

import org.jspecify.annotations.NullMarked;
