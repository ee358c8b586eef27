/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.interval;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.FuzzTargets;

/**
 * Runs the TCK's Jazzer {@link FuzzTargets} against provider {@code "interval"}; its seeds are in
 * {@code src/test/resources/io/github/ramattr/interval/IntervalFuzzTestInputs/}.
 */
class IntervalFuzzTest extends FuzzTargets {
  @Override
  protected SharedStateStoreProvider provider() {
    return new IntervalProvider();
  }
}
