/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import io.github.ramattr.PageState;

/**
 * One {@code ram_block_attributes_state_change} trace event.
 *
 * @param lineNumber 1-based line number in the trace
 * @param offset byte offset within the block (an unsigned 64-bit value as traced)
 * @param size byte count (unsigned 64-bit as traced)
 * @param from the state QEMU saw before: {@code discarded}, {@code populated} or {@code mixture}
 * @param to the requested state
 */
public record TraceEvent(long lineNumber, long offset, long size, String from, PageState to) {}
