/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The workloads of docs/workloads.md: {@link io.github.ramattr.workloads.Workloads#byName} gives a
 * {@link io.github.ramattr.workloads.Workload}, a seeded, deterministic, lazy stream of {@link
 * io.github.ramattr.workloads.Conversion}s on a block of 4 KiB pages, among them the realistic SNP
 * and TDX guests of {@link io.github.ramattr.workloads.Workloads#guests}; {@link
 * io.github.ramattr.workloads.SplitMix64} is the generator of the {@code fragment-K} layout and
 * {@link io.github.ramattr.workloads.Sizes} the byte sizes they are written in.
 */
@NullMarked
package io.github.ramattr.workloads;

import org.jspecify.annotations.NullMarked;
