/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunListTest {

  @Test
  void add_pastInitialCapacity_keepsEveryRunInOrder() {
    RunList runs = new RunList();
    int count = 1000;
    for (int i = 0; i < count; i++) {
      runs.add(3L * i, 3L * i + 2);
    }
    assertEquals(count, runs.size());
    long[] array = runs.toArray();
    assertEquals(2 * count, array.length);
    for (int i = 0; i < count; i++) {
      assertEquals(3L * i, runs.from(i));
      assertEquals(3L * i + 2, runs.to(i));
      assertEquals(runs.from(i), array[2 * i]);
      assertEquals(runs.to(i), array[2 * i + 1]);
    }
  }

  @Test
  void from_indexOutsideSize_rejected() {
    RunList runs = new RunList();
    assertArrayEquals(new long[0], runs.toArray());
    runs.add(1, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> runs.from(1));
    assertThrows(IndexOutOfBoundsException.class, () -> runs.to(-1));
    assertEquals("RunList[[1, 2)]", runs.toString());
  }

  @Test
  void methodReference_isARunVisitor() {
    RunList runs = new RunList();
    RunVisitor visitor = runs::add;
    visitor.visit(4, 9);
    assertEquals(1, runs.size());
    assertEquals(9, runs.to(0));
  }
}
