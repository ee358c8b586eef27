/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import org.junit.jupiter.api.Test;

/** The provider is found by ServiceLoader, is the default backend, and holds huge blocks. */
class MapleDefaultBackendTest {

  @Test
  void available_listsMaple() {
    assertTrue(
        SharedStateStores.available().contains("maple"), SharedStateStores.available().toString());
  }

  @Test
  void build_withoutBackend_usesMaple() {
    RamBlockAttribute attribute = RamBlockAttribute.builder().regionSize(1L << 30).build();
    assertEquals("maple", attribute.backendName());
    attribute.convert(0, 1L << 21, PageState.SHARED);
    assertEquals(512, attribute.store().sharedCount());
  }

  @Test
  void create_pageCountBeyond2to52_works() {
    long pages = Long.MAX_VALUE;
    SharedStateStore store = SharedStateStores.create("maple", pages);
    store.setShared(pages - 3, pages);
    store.setShared(1L << 52, (1L << 52) + 1);
    assertEquals(pages - 3, store.nextShared(1L << 53));
    assertEquals(1L << 52, store.nextShared(0));
    assertEquals(4, store.sharedCount());
    assertTrue(new MapleStoreProvider().maxPageCount() >= 1L << 52);
  }

  @Test
  void create_negativePageCount_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new MapleStoreProvider().create(-1));
  }
}
