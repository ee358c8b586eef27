/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConversionRejectedExceptionTest {
  private static final RamDiscardListener VFIO =
      new RamDiscardListener() {
        @Override
        public void onPopulate(MemoryRegionSection section) {}

        @Override
        public void onDiscard(MemoryRegionSection section) {}

        @Override
        public String toString() {
          return "vfio-0";
        }
      };

  private static final MemoryRegionSection REFUSED =
      new MemoryRegionSection(0x3000, 0x2000, 0x1_0000_3000L);

  @Test
  void accessorsAndMessage_nameSectionAndListener() {
    IllegalStateException cause = new IllegalStateException("DMA map failed");
    ConversionRejectedException e =
        new ConversionRejectedException(
            "convert(offset 0, size 65536, SHARED)", cause, REFUSED, VFIO);
    assertEquals(REFUSED, e.refusedSection());
    assertSame(VFIO, e.listener());
    assertSame(cause, e.getCause());
    String message = e.getMessage();
    for (String part :
        new String[] {
          "convert(offset 0, size 65536, SHARED)", "vfio-0", "12288", "0x3000", "8192"
        }) {
      assertTrue(message.contains(part), () -> message + " does not name " + part);
    }
  }

  @Test
  void serialised_keepsSectionDropsListener() throws Exception {
    ConversionRejectedException e =
        new ConversionRejectedException("call", new IllegalStateException("x"), REFUSED, VFIO);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    ConversionRejectedException read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (ConversionRejectedException) in.readObject();
    }
    assertEquals(REFUSED, read.refusedSection());
    assertNull(read.listener());
    assertEquals(e.getMessage(), read.getMessage());
  }

  @Test
  @SuppressWarnings("NullAway")
  void nulls_rejected() {
    Throwable cause = new IllegalStateException();
    assertThrows(
        NullPointerException.class,
        () -> new ConversionRejectedException(null, cause, REFUSED, VFIO));
    assertThrows(
        NullPointerException.class,
        () -> new ConversionRejectedException("m", null, REFUSED, VFIO));
    assertThrows(
        NullPointerException.class, () -> new ConversionRejectedException("m", cause, null, VFIO));
    assertThrows(
        NullPointerException.class,
        () -> new ConversionRejectedException("m", cause, REFUSED, null));
  }
}
