/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void parseBlockSize_decimalAndHex() {
    assertEquals(4096, Config.parseBlockSize("4096"));
    assertEquals(0x20_0000, Config.parseBlockSize("0x200000"));
    assertEquals(0x20_0000, Config.parseBlockSize(" 0X200000 "));
  }

  @Test
  void parseBlockSize_notPowerOfTwo_rejectedWithValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Config.parseBlockSize("12288"));
    assertTrue(e.getMessage().contains("12288"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Config.parseBlockSize("0"));
    assertThrows(IllegalArgumentException.class, () -> Config.parseBlockSize("-4096"));
    assertThrows(IllegalArgumentException.class, () -> Config.parseBlockSize("4k"));
  }

  @Test
  void parseSemantics_caseInsensitive() {
    assertEquals(ConversionSemantics.QEMU, Config.parseSemantics("qemu"));
    assertEquals(ConversionSemantics.ATOMIC, Config.parseSemantics("Atomic"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Config.parseSemantics("eager"));
    assertTrue(e.getMessage().contains("eager"), e.getMessage());
  }

  @Test
  void readFrom_malformedValue_changesNothing() {
    Config config = new Config();
    config.readFrom(Map.of(RamBlockAttribute.BACKEND_PROPERTY, "bitmap")::get);
    Map<String, String> bad =
        Map.of(
            RamBlockAttribute.BACKEND_PROPERTY,
            "maple",
            RamBlockAttribute.BLOCK_SIZE_PROPERTY,
            "3");
    assertThrows(IllegalArgumentException.class, () -> config.readFrom(bad::get));
    assertEquals("bitmap", config.backend);
    assertNull(config.blockSize);
  }

  @Test
  void readFrom_absentKeys_keepEarlierValues() {
    Config config = new Config();
    config.readFrom(Map.of(RamBlockAttribute.SEMANTICS_PROPERTY, "qemu")::get);
    config.readFrom(Map.of(RamBlockAttribute.BLOCK_SIZE_PROPERTY, "8192")::get);
    assertEquals(ConversionSemantics.QEMU, config.semantics);
    assertEquals(8192L, config.blockSize);
  }
}
