/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.selftest;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.MultiSourceModelTest;
import io.github.ramattr.tck.ReferenceModelProvider;

/** Runs {@link MultiSourceModelTest} over the reference model, as a backend would. */
class ReferenceMultiSourceModelTest extends MultiSourceModelTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
