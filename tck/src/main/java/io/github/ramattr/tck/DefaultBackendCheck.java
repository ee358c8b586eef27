/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;

/**
 * For a backend module's own tests, which know what else is on their class path: which backend a
 * builder picks when none is named, and that the attribute it builds works.
 */
public final class DefaultBackendCheck {
  private DefaultBackendCheck() {}

  /**
   * Asserts that a builder given no backend builds a 1 GiB attribute of backend {@code expected},
   * and that its store then counts the 512 pages of a 2 MiB conversion to shared.
   *
   * @param expected the backend's provider name
   */
  public static void assertBuilderPicks(String expected) {
    RamBlockAttribute attribute = RamBlockAttribute.builder().regionSize(1L << 30).build();
    assertEquals(expected, attribute.backendName());
    attribute.convert(0, 1L << 21, PageState.SHARED);
    assertEquals(512, attribute.store().sharedCount());
  }
}
