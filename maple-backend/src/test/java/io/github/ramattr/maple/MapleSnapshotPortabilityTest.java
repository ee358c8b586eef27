/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SnapshotPortabilityTest;

/** Runs the TCK's {@link SnapshotPortabilityTest} against provider {@code "maple"}. */
class MapleSnapshotPortabilityTest extends SnapshotPortabilityTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new MapleStoreProvider();
  }
}
