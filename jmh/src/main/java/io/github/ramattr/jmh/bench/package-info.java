/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The JMH benchmarks and the state they build: one class per benchmarked concern (split+merge,
 * lookups, bulk range writes, run walks, facade conversions, the multi-source manager against QEMU
 * 11, attaching), plus the shared setup ({@link io.github.ramattr.jmh.bench.BenchmarkBlocks} for a
 * block laid out by a workload, {@link io.github.ramattr.jmh.bench.MultiSourceBlocks} for two
 * attached attributes, {@link io.github.ramattr.jmh.bench.RangeRestore}) and {@link
 * io.github.ramattr.jmh.bench.CountingVfioListener}, a listener cheap enough to measure through.
 * Every benchmark takes its JMH run settings from {@link
 * io.github.ramattr.jmh.bench.BenchmarkSettings}; those run on every backend take the backend list
 * from {@link io.github.ramattr.jmh.bench.EveryBackendBenchmark}, the multi-source ones from {@link
 * io.github.ramattr.jmh.bench.MultiSourceBenchmark}.
 *
 * <p>They are a package of their own because JMH's annotation processor generates code next to them
 * and lists them by class name in {@code META-INF/BenchmarkList}: {@code ramattr-bench.jar jmh -l}
 * shows them as {@code io.github.ramattr.jmh.bench.*}, and a benchmark can be chosen by its simple
 * name ({@code jmh SplitMergeBenchmark}). Nothing here knows about reports; {@code
 * io.github.ramattr.jmh.report.SpeedRuns} runs these classes and collects their scores.
 */
@NullMarked
package io.github.ramattr.jmh.bench;

import org.jspecify.annotations.NullMarked;
