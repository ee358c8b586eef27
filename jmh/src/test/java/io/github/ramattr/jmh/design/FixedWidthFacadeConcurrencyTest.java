/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.design;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.FacadeConcurrencyTest;

class FixedWidthFacadeConcurrencyTest extends FacadeConcurrencyTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new FixedWidthProvider();
  }
}
