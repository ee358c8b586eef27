/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.tck.ReferenceModel;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The builder's settings and their precedence: explicit setter, then {@code fromProperties}, then
 * system properties, then defaults. No backend is registered in this module, so the backend chosen
 * shows in the message of the {@link IllegalArgumentException} that names it.
 */
class BuilderTest {
  private static final long REGION = 1L << 20;

  @AfterEach
  void clearSystemProperties() {
    System.clearProperty(RamBlockAttribute.BACKEND_PROPERTY);
    System.clearProperty(RamBlockAttribute.BLOCK_SIZE_PROPERTY);
    System.clearProperty(RamBlockAttribute.SEMANTICS_PROPERTY);
  }

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private static String backendChosen(RamBlockAttribute.Builder builder) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    return e.getMessage();
  }

  // ---------------------------------------------------------------- required and exclusive

  @Test
  void build_withoutRegionSize_illegalState() {
    assertThrows(IllegalStateException.class, () -> RamBlockAttribute.builder().build());
  }

  @Test
  void backendAndStore_eitherOrder_illegalArgument() {
    ReferenceModel store = new ReferenceModel(REGION / 4096);
    assertThrows(
        IllegalArgumentException.class,
        () -> RamBlockAttribute.builder().backend("bitmap").store(store));
    assertThrows(
        IllegalArgumentException.class,
        () -> RamBlockAttribute.builder().store(store).backend("bitmap"));
  }

  @Test
  void setters_invalidValues_rejectedWithNumbers() {
    RamBlockAttribute.Builder builder = RamBlockAttribute.builder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.blockSize(3000));
    assertTrue(e.getMessage().contains("3000"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.regionSize(0));
    assertThrows(IllegalArgumentException.class, () -> builder.regionSize(-4096));
    assertThrows(NullPointerException.class, () -> builder.backend(null));
    assertThrows(NullPointerException.class, () -> builder.store(null));
    assertThrows(NullPointerException.class, () -> builder.semantics(null));
    assertThrows(NullPointerException.class, () -> builder.fromProperties(null));
  }

  @Test
  void store_wrongPageCount_rejectedWithCounts() {
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder().regionSize(REGION).store(new ReferenceModel(7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("7") && e.getMessage().contains("256"), e.getMessage());
  }

  @Test
  void store_given_backendNameCustomAndViewReadOnly() {
    ReferenceModel store = new ReferenceModel(REGION / 4096);
    RamBlockAttribute attribute =
        RamBlockAttribute.builder().regionSize(REGION).store(store).build();
    assertEquals("custom", attribute.backendName());
    assertEquals(4096, attribute.blockSize());
    assertEquals(REGION, attribute.regionSize());
    assertEquals(ConversionSemantics.ATOMIC, attribute.semantics());
    assertThrows(UnsupportedOperationException.class, () -> attribute.store().setShared(0, 1));
    attribute.convert(4096, 8192, PageState.SHARED);
    assertEquals(2, attribute.store().sharedCount());
    assertTrue(store.isShared(1) && store.isShared(2));
  }

  @Test
  void storeView_answersEveryQueryLikeTheStore() {
    ReferenceModel store = new ReferenceModel(100);
    RamBlockAttribute attribute =
        RamBlockAttribute.builder().regionSize(100 * 4096).store(store).build();
    attribute.convert(10 * 4096, 5 * 4096, PageState.SHARED);
    attribute.convert(40 * 4096, 20 * 4096, PageState.SHARED);
    SharedStateStore view = attribute.store();
    assertEquals(100, view.pageCount());
    assertEquals(25, view.sharedCount());
    assertEquals(2, view.sharedRunCount());
    assertEquals(10, view.nextShared(0));
    assertEquals(15, view.nextPrivate(10));
    assertTrue(view.isShared(59) && !view.isShared(60));
    StringBuilder runs = new StringBuilder();
    view.forEachSharedRun(
        0, 100, (from, to) -> runs.append(from).append('-').append(to).append(' '));
    view.forEachPrivateRun(
        12, 50, (from, to) -> runs.append(from).append('-').append(to).append(' '));
    assertEquals("10-15 40-60 15-40 ", runs.toString());
    assertEquals(store.estimatedSizeInBytes(), view.estimatedSizeInBytes());
    assertTrue(view.toString().contains(store.toString()), view.toString());
    assertThrows(UnsupportedOperationException.class, () -> view.setPrivate(10, 11));
    // Every read released its lock: a conversion (a write) still goes through.
    attribute.convert(0, 4096, PageState.SHARED);
    assertEquals(26, view.sharedCount());
  }

  @Test
  void toString_namesSizesBackendAndSemantics() {
    String text =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .blockSize(8192)
            .semantics(ConversionSemantics.QEMU)
            .store(new ReferenceModel(REGION / 8192))
            .build()
            .toString();
    for (String part : new String[] {Long.toString(REGION), "8192", "custom", "QEMU"}) {
      assertTrue(text.contains(part), text + " does not name " + part);
    }
  }

  @Test
  void pageCount_isCeilingOfRegionOverBlock() {
    RamBlockAttribute attribute =
        RamBlockAttribute.builder().regionSize(4096 * 5 + 1).store(new ReferenceModel(6)).build();
    assertEquals(6, attribute.store().pageCount());
  }

  // ---------------------------------------------------------------- precedence

  @Test
  void backend_defaultIsMapleWhenPresentElseBitmap() {
    String message = backendChosen(RamBlockAttribute.builder().regionSize(REGION));
    assertTrue(message.contains("'bitmap'"), message);
  }

  @Test
  void backend_systemPropertyOverDefault() {
    System.setProperty(RamBlockAttribute.BACKEND_PROPERTY, "from-system");
    String message = backendChosen(RamBlockAttribute.builder().regionSize(REGION));
    assertTrue(message.contains("'from-system'"), message);
  }

  @Test
  void backend_propertiesOverSystemProperty() {
    System.setProperty(RamBlockAttribute.BACKEND_PROPERTY, "from-system");
    String message =
        backendChosen(
            RamBlockAttribute.builder()
                .regionSize(REGION)
                .fromProperties(properties(RamBlockAttribute.BACKEND_PROPERTY, "from-props")));
    assertTrue(message.contains("'from-props'"), message);
  }

  @Test
  void backend_explicitOverProperties_inEitherCallOrder() {
    Properties props = properties(RamBlockAttribute.BACKEND_PROPERTY, "from-props");
    String before =
        backendChosen(
            RamBlockAttribute.builder()
                .regionSize(REGION)
                .backend("explicit")
                .fromProperties(props));
    String after =
        backendChosen(
            RamBlockAttribute.builder()
                .regionSize(REGION)
                .fromProperties(props)
                .backend("explicit"));
    assertTrue(before.contains("'explicit'"), before);
    assertTrue(after.contains("'explicit'"), after);
  }

  @Test
  void blockSizeAndSemantics_precedence() {
    System.setProperty(RamBlockAttribute.BLOCK_SIZE_PROPERTY, "0x2000");
    System.setProperty(RamBlockAttribute.SEMANTICS_PROPERTY, "qemu");
    RamBlockAttribute fromSystem =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .store(new ReferenceModel(REGION / 0x2000))
            .build();
    assertEquals(0x2000, fromSystem.blockSize());
    assertEquals(ConversionSemantics.QEMU, fromSystem.semantics());

    Properties props =
        properties(
            RamBlockAttribute.BLOCK_SIZE_PROPERTY, "16384",
            RamBlockAttribute.SEMANTICS_PROPERTY, "ATOMIC");
    RamBlockAttribute fromProps =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .fromProperties(props)
            .store(new ReferenceModel(REGION / 16384))
            .build();
    assertEquals(16384, fromProps.blockSize());
    assertEquals(ConversionSemantics.ATOMIC, fromProps.semantics());

    RamBlockAttribute explicit =
        RamBlockAttribute.builder()
            .blockSize(65536)
            .semantics(ConversionSemantics.QEMU)
            .fromProperties(props)
            .regionSize(REGION)
            .store(new ReferenceModel(REGION / 65536))
            .build();
    assertEquals(65536, explicit.blockSize());
    assertEquals(ConversionSemantics.QEMU, explicit.semantics());
  }

  @Test
  void defaults_blockSize4096Atomic() {
    RamBlockAttribute attribute =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .store(new ReferenceModel(REGION / 4096))
            .build();
    assertEquals(4096, attribute.blockSize());
    assertEquals(4096, attribute.minGranularity());
    assertEquals(ConversionSemantics.ATOMIC, attribute.semantics());
  }

  @Test
  void fromProperties_malformed_rejectedWithKeyAndValue() {
    RamBlockAttribute.Builder builder = RamBlockAttribute.builder();
    IllegalArgumentException block =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                builder.fromProperties(properties(RamBlockAttribute.BLOCK_SIZE_PROPERTY, "1000")));
    assertTrue(block.getMessage().contains(RamBlockAttribute.BLOCK_SIZE_PROPERTY));
    assertTrue(block.getMessage().contains("1000"));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.fromProperties(properties(RamBlockAttribute.SEMANTICS_PROPERTY, "lazy")));
  }

  @Test
  void systemProperty_malformed_rejectedAtBuild() {
    System.setProperty(RamBlockAttribute.BLOCK_SIZE_PROPERTY, "banana");
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder().regionSize(REGION).store(new ReferenceModel(REGION / 4096));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("banana"), e.getMessage());
  }

  @Test
  void builder_settersReturnSameBuilder() {
    RamBlockAttribute.Builder builder = RamBlockAttribute.builder();
    assertSame(builder, builder.regionSize(REGION));
    assertSame(builder, builder.blockSize(4096));
    assertSame(builder, builder.semantics(ConversionSemantics.QEMU));
    assertSame(builder, builder.fromProperties(new Properties()));
    assertSame(builder, builder.backend("bitmap"));
  }
}
