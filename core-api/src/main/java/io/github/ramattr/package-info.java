/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The ramattr facade: {@link io.github.ramattr.RamBlockAttribute}, QEMU's RamBlockAttributes for
 * one RAM block, with its {@link io.github.ramattr.RamDiscardManager} contract, the listeners it
 * notifies and its configuration; and {@link io.github.ramattr.MultiSourceDiscardManager}, QEMU
 * 11's manager that combines several {@link io.github.ramattr.RamDiscardSource}s on one region.
 * Nothing in this package accepts or returns null unless the parameter or return type is annotated
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.ramattr;

import org.jspecify.annotations.NullMarked;
