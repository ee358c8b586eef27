/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;

/** Runs the TCK's {@link SharedStateStoreDifferentialTest} against provider {@code "roaring"}. */
class RoaringDifferentialTest extends SharedStateStoreDifferentialTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new RoaringProvider();
  }
}
