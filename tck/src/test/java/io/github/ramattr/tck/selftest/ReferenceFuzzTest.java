/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.selftest;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.FuzzTargets;
import io.github.ramattr.tck.ReferenceModelProvider;

/**
 * Runs the TCK's Jazzer {@link FuzzTargets} against the reference model, from another package, as a
 * backend would; its seeds are in {@code
 * src/test/resources/io/github/ramattr/tck/selftest/ReferenceFuzzTestInputs/}.
 */
class ReferenceFuzzTest extends FuzzTargets {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
