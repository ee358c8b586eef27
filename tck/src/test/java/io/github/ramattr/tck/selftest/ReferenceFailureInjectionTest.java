/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.selftest;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.FailureInjectionTest;
import io.github.ramattr.tck.ReferenceModelProvider;

/** Runs the TCK's {@link FailureInjectionTest} against the reference model, as a backend would. */
class ReferenceFailureInjectionTest extends FailureInjectionTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new ReferenceModelProvider();
  }
}
