/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Models of QEMU 11 code that the benchmarks compare ramattr with, written from QEMU's behaviour
 * and kept apart from ramattr's own code so that a comparison never measures one implementation
 * against itself: {@link io.github.ramattr.jmh.qemu.QemuMultiSourceManager}, QEMU 11's multi-source
 * RamDiscardManager that walks every {@code min_granularity} chunk and asks every source about
 * each, and {@link io.github.ramattr.jmh.qemu.QemuBitmapSource}, a source holding its state in a
 * bitmap as QEMU's RamBlockAttributes does.
 */
@NullMarked
package io.github.ramattr.jmh.qemu;

import org.jspecify.annotations.NullMarked;
