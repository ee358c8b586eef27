/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's measurement tools. This package holds what the benchmarks, the census and the tests of
 * every backend share: the workload generators ({@link io.github.ramattr.jmh.Workloads}), the JOL
 * memory census ({@link io.github.ramattr.jmh.Census}, {@link
 * io.github.ramattr.jmh.CensusBaseline}) and the flat-bitmap and RoaringBitmap baseline stores. The
 * rest is split by concern:
 *
 * <ul>
 *   <li>{@code io.github.ramattr.jmh.bench}: the JMH benchmarks and their state;
 *   <li>{@code io.github.ramattr.jmh.qemu}: models of QEMU 11 code the benchmarks compare with;
 *   <li>{@code io.github.ramattr.jmh.trace}: QEMU trace reading, writing and replay;
 *   <li>{@code io.github.ramattr.jmh.report}: the analysis of census rows and JMH scores;
 *   <li>{@code io.github.ramattr.jmh.render}: REPORT.md, GOALS.md and the charts written from it;
 *   <li>{@code io.github.ramattr.jmh.cli}: the {@code ramattr-bench.jar} command line.
 * </ul>
 *
 * Dependencies point one way: cli uses render, report and trace; render uses report; report uses
 * bench (the classes it runs); bench uses qemu. Any of them may use this package, which uses none
 * of them.
 */
@NullMarked
package io.github.ramattr.jmh;

import org.jspecify.annotations.NullMarked;
