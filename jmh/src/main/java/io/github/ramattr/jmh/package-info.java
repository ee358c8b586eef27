/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's benchmarks and measurement tools: the JMH benchmarks, QEMU trace reading and replay and
 * the report CLI ({@link io.github.ramattr.jmh.BenchCli}). The workloads come from {@code
 * io.github.ramattr.workloads}, the memory census and the flat-bitmap and RoaringBitmap baselines
 * from {@code io.github.ramattr.evidence}.
 */
@NullMarked
package io.github.ramattr.jmh;

import org.jspecify.annotations.NullMarked;
