/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The memory evidence: {@link io.github.ramattr.evidence.Census} builds a workload of {@code
 * io.github.ramattr.workloads} in a backend's store and measures its retained heap with JOL, one
 * row per cell; {@link io.github.ramattr.evidence.CensusBaseline} freezes a backend's rows so that
 * no row can silently grow; {@link io.github.ramattr.evidence.InformationBound} is the lower bound
 * the rows are compared with; {@link io.github.ramattr.evidence.FlatBitmapProvider} and {@link
 * io.github.ramattr.evidence.RoaringProvider} are the baselines (QEMU's flat bitmap and
 * RoaringBitmap), registered through ServiceLoader. The report and the backends' memory tests both
 * take their figures from here, so a figure has one source.
 */
@NullMarked
package io.github.ramattr.evidence;

import org.jspecify.annotations.NullMarked;
