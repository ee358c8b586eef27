/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;

/**
 * Runs the TCK's {@link SharedStateStoreDifferentialTest} against provider {@code "flat-bitmap"}.
 */
class FlatBitmapDifferentialTest extends SharedStateStoreDifferentialTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new FlatBitmapProvider();
  }

  /** One eager bit per page: sizes whose array would take more than a quarter of the heap. */
  @Override
  protected long maxTestedPageCount() {
    return Math.min(super.maxTestedPageCount(), Runtime.getRuntime().maxMemory() / 4 * Byte.SIZE);
  }
}
