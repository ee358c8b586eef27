/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.DefaultBackendCheck;
import io.github.ramattr.tck.NotificationLog;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.VfioModelListener;
import java.util.List;
import java.util.Map;
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
    DefaultBackendCheck.assertBuilderPicks("maple");
  }

  /**
   * The README's "Several sources on one region" example, line by line, with the default backend.
   */
  @Test
  void readme_severalSourcesExample_behavesAsDocumented() {
    NotificationLog log = new NotificationLog();
    VfioModelListener vfio = new VfioModelListener("vfio", log, 4096);
    MultiSourceDiscardManager region =
        new MultiSourceDiscardManager(16L << 30, ConversionSemantics.ATOMIC);
    RamBlockAttribute memfd = RamBlockAttribute.builder().manager(region).build();
    RamBlockAttribute plugged =
        RamBlockAttribute.builder().blockSize(2 << 20).manager(region).build();
    region.registerListener(vfio, MemoryRegionSection.of(0, 16L << 30));
    plugged.convert(0, 1L << 30, PageState.SHARED);
    assertEquals(List.of(), log.events());
    memfd.convert(0x10_0000, 0x20_0000, PageState.SHARED);
    plugged.convert(0, 2 << 20, PageState.PRIVATE);
    assertTrue(region.isPopulated(MemoryRegionSection.of(0x20_0000, 0x10_0000)));
    assertEquals(
        List.of(
            Event.populate("vfio", MemoryRegionSection.of(0x10_0000, 0x20_0000)),
            Event.discard("vfio", MemoryRegionSection.of(0x10_0000, 0x10_0000))),
        log.events());
    assertEquals(Map.of(0x20_0000L, 0x30_0000L), vfio.mappedRanges());
    assertEquals("maple", memfd.backendName());
    assertEquals(List.of(plugged, memfd), region.sources());
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
