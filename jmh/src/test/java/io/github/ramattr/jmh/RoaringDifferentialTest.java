package io.github.ramattr.jmh;

import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;

class RoaringDifferentialTest extends SharedStateStoreDifferentialTest {
  @Override
  protected SharedStateStoreProvider provider() {
    return new RoaringProvider();
  }
}
