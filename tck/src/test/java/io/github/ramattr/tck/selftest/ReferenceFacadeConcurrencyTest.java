/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.selftest;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.FacadeConcurrencyTest;
import io.github.ramattr.tck.ReferenceModelProvider;

/**
 * Runs {@link FacadeConcurrencyTest} over the reference model, from another package, as a backend
 * would.
 */
class ReferenceFacadeConcurrencyTest extends FacadeConcurrencyTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
