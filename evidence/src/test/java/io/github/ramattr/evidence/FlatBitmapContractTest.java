/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SharedStateStoreContractTest;
import org.junit.jupiter.api.Test;

/** Runs the TCK's {@link SharedStateStoreContractTest} against provider {@code "flat-bitmap"}. */
class FlatBitmapContractTest extends SharedStateStoreContractTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new FlatBitmapProvider();
  }

  /**
   * The TCK's version allocates {@link #LARGE_PAGE_COUNT} = 2^36+5 pages, an eager 8 GiB array:
   * more than a test JVM has. The flat bitmap's page indexes past 2^31 (where an int index would
   * overflow) are checked on 2^31+5 pages (256 MiB) with the TCK's differential run against the
   * reference model.
   */
  @Override
  @Test
  public void largePageCount_opsNearBothEnds_matchReferenceModel() {
    new FlatBitmapDifferentialTest().runDifferential((1L << 31) + 5, 150, 0x5EED);
  }
}
