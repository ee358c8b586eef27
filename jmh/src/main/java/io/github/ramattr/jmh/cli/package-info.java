/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The command line of {@code ramattr-bench.jar} ({@link io.github.ramattr.jmh.cli.BenchCli}, the
 * jar's Main-Class): {@code report}, {@code goals}, {@code census-baseline}, {@code replay}, {@code
 * generate} and {@code jmh}. It only parses options and wires the other packages together, so it is
 * the one package that depends on all of them and none depends on it.
 */
@NullMarked
package io.github.ramattr.jmh.cli;

import org.jspecify.annotations.NullMarked;
