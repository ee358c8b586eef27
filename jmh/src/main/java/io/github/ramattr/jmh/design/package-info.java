/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Store designs measured against the maple store but not shipped: each is a point on the maple
 * store's size/speed trade-off curve (see {@code docs/maple-goals.md}).
 */
@NullMarked
package io.github.ramattr.jmh.design;

import org.jspecify.annotations.NullMarked;
