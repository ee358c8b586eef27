/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.spi.SharedStateStoreProvider;

/** Runs the contract suite against the reference model itself, which checks the suite. */
class ReferenceModelContractTest extends SharedStateStoreContractTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
