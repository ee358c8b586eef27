/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class AbstractSharedStateStoreProviderTest {

  private static SharedStateStoreProvider provider(
      String name, long maxPageCount, LongFunction<SharedStateStore> factory) {
    return new AbstractSharedStateStoreProvider(name, maxPageCount, factory) {};
  }

  @Test
  void nameLimitAndCreate_areWhatTheConstructorWasGiven() {
    SharedStateStoreProvider p = provider("recording", 1000, RecordingStore::new);
    assertEquals("recording", p.name());
    assertEquals(1000, p.maxPageCount());
    SharedStateStore store = p.create(64);
    assertInstanceOf(RecordingStore.class, store);
    assertEquals(64, store.pageCount());
    // The store checks the count against its own limit, in its constructor.
    assertThrows(IllegalArgumentException.class, () -> p.create(RecordingStore.MAX_PAGES + 1));
  }

  @Test
  void withoutLimit_holdsAnyNonNegativePageCount() {
    SharedStateStoreProvider p =
        new AbstractSharedStateStoreProvider("recording", RecordingStore::new) {};
    assertEquals(Long.MAX_VALUE, p.maxPageCount());
  }

  @Test
  void create_passesThePageCountToTheFactory() {
    long[] asked = {-1};
    SharedStateStoreProvider p =
        provider(
            "recording",
            10,
            pageCount -> {
              asked[0] = pageCount;
              return new RecordingStore(pageCount);
            });
    p.create(7);
    assertEquals(7, asked[0]);
  }

  @Test
  void constructor_badArguments_rejectedWithTheNumbers() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> provider("x", -5, RecordingStore::new));
    assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> provider("", 5, RecordingStore::new));
    assertThrows(NullPointerException.class, () -> provider("x", 5, null));
  }
}
