/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The backend SPI: {@link io.github.ramattr.spi.SharedStateStore}, the per-page shared/private
 * state a backend keeps, the {@link io.github.ramattr.spi.SharedStateStoreProvider} that
 * ServiceLoader finds, and what backends share: {@link
 * io.github.ramattr.spi.AbstractSharedStateStore}, the skeleton that checks every argument once
 * with {@link io.github.ramattr.spi.Checks} before its unchecked primitives run; {@link
 * io.github.ramattr.spi.AbstractSharedStateStoreProvider}, the provider as a name, a limit and a
 * constructor; {@link io.github.ramattr.spi.Runs}, the one run walk, which can stop early; {@link
 * io.github.ramattr.spi.RunList}, a growable list of runs. Nothing in this package accepts or
 * returns null unless the parameter or return type is annotated {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.ramattr.spi;

import org.jspecify.annotations.NullMarked;
