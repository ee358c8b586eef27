package io.github.ramattr.jmh;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;

class FlatBitmapDifferentialTest extends SharedStateStoreDifferentialTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new FlatBitmapProvider();
  }
}
