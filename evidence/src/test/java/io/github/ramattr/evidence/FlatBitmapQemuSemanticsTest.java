/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.QemuSemanticsTest;

/** Runs the TCK's {@link QemuSemanticsTest} against provider {@code "flat-bitmap"}. */
class FlatBitmapQemuSemanticsTest extends QemuSemanticsTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new FlatBitmapProvider();
  }
}
