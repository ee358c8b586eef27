/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.selftest;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.MultiSourceManagerTest;
import io.github.ramattr.tck.ReferenceModelProvider;

/** Runs {@link MultiSourceManagerTest} over the reference model, as a backend would. */
class ReferenceMultiSourceManagerTest extends MultiSourceManagerTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
