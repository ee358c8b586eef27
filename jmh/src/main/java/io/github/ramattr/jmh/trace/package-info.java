/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * QEMU traces of {@code ram_block_attributes_state_change}: reading QEMU's {@code log} trace
 * backend output ({@link io.github.ramattr.jmh.trace.QemuLogTraceReader}, one {@link
 * io.github.ramattr.jmh.trace.TraceEvent} per line, {@link
 * io.github.ramattr.jmh.trace.MalformedTraceException} naming the line that is not one), writing a
 * workload as such a trace ({@link io.github.ramattr.jmh.trace.TraceWriter}), and replaying a trace
 * through every backend, compared by {@link io.github.ramattr.jmh.trace.StateDigest} ({@link
 * io.github.ramattr.jmh.trace.TraceReplay}). The text format is the only thing these classes share,
 * hence one package.
 */
@NullMarked
package io.github.ramattr.jmh.trace;

import org.jspecify.annotations.NullMarked;
