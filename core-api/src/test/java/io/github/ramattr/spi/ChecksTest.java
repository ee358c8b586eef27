/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void checkPage_bounds() {
    assertEquals(0, Checks.checkPage(0, 1));
    assertEquals(9, Checks.checkPage(9, 10));
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkPage(10, 10));
    assertTrue(e.getMessage().contains("10"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkPage(-1, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkPage(0, 0));
  }

  @Test
  void checkPosition_endIsLegal() {
    assertEquals(10, Checks.checkPosition(10, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkPosition(11, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkPosition(Long.MIN_VALUE, 10));
  }

  @Test
  void checkRange_boundsBeforeOrder() {
    Checks.checkRange(3, 3, 10);
    Checks.checkRange(0, 10, 10);
    IllegalArgumentException order =
        assertThrows(IllegalArgumentException.class, () -> Checks.checkRange(7, 3, 10));
    assertTrue(order.getMessage().contains("7") && order.getMessage().contains("3"));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkRange(11, 3, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkRange(0, 11, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> Checks.checkRange(-1, 3, 10));
  }

  @Test
  void checkPageCount_namesBackendAndLimit() {
    assertEquals(0, Checks.checkPageCount(0, 5, "x"));
    assertEquals(5, Checks.checkPageCount(5, 5, "x"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.checkPageCount(6, 5, "tiny"));
    assertTrue(e.getMessage().contains("tiny") && e.getMessage().contains("6"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Checks.checkPageCount(-1, 5, "x"));
  }

  @Test
  void sharedStateStores_unknownName_listsAvailable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SharedStateStores.create("no-such", 1));
    assertTrue(e.getMessage().contains("no-such"), e.getMessage());
    assertTrue(e.getMessage().contains(SharedStateStores.available().toString()), e.getMessage());
  }
}
