/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Interval backends: the shared pages of a block as maximal half-open runs {@code [start, end)} in
 * a balanced search tree, so memory grows with the number of runs, not with the block size.
 *
 * <ul>
 *   <li>{@link io.github.ramattr.interval.IntervalProvider} ({@code "interval"}): Guava's {@code
 *       TreeRangeSet<Long>}, the structure a reader of the QEMU review would reach for first.
 *   <li>{@link io.github.ramattr.interval.PrimitiveIntervalProvider} ({@code
 *       "interval-primitive"}): the same runs in a fastutil {@code Long2LongRBTreeMap} (start to
 *       end), one 40-byte tree node per run instead of six objects.
 * </ul>
 *
 * Every range operation costs O(log n + k) for n runs in the store and k runs it touches (amortised
 * for {@code "interval-primitive"}, whose tree deletes each node from the root); every search
 * ({@code nextShared}, {@code nextPrivate}, the start of a run walk) costs O(log n).
 */
@NullMarked
package io.github.ramattr.interval;

import org.jspecify.annotations.NullMarked;
