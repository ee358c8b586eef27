/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * ramattr's benchmarks and measurement tools: the JMH benchmarks, the JOL memory census, QEMU trace
 * reading and replay, the report CLI ({@link io.github.ramattr.jmh.BenchCli}) and the flat-bitmap
 * and RoaringBitmap baseline stores.
 */
@NullMarked
package io.github.ramattr.jmh;

import org.jspecify.annotations.NullMarked;
