/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.SnapshotFormatException;
import io.github.ramattr.tck.ReferenceModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The snapshot format: round trips, and every way a damaged snapshot must be refused. */
class SnapshotTest {
  private static final long BLOCK = 4096;

  /** The store size the attribute asks for: {@code ceil(regionSize / blockSize)} blocks. */
  private static long pageCount(long regionSize, long blockSize) {
    return regionSize / blockSize + (regionSize % blockSize == 0 ? 0 : 1);
  }

  private static RamBlockAttribute attribute(long regionSize, long blockSize) {
    return RamBlockAttribute.builder()
        .regionSize(regionSize)
        .blockSize(blockSize)
        .store(new ReferenceModel(pageCount(regionSize, blockSize)))
        .build();
  }

  private static byte[] snapshot(RamBlockAttribute attribute) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    attribute.writeSnapshot(out);
    return out.toByteArray();
  }

  private static RamBlockAttribute restore(byte[] bytes) throws IOException {
    return RamBlockAttribute.builder()
        .fromSnapshot(new ByteArrayInputStream(bytes))
        .store(newStoreFor(bytes))
        .build();
  }

  /** A store of the page count the snapshot's header announces (fields at offsets 8 and 16). */
  private static ReferenceModel newStoreFor(byte[] bytes) {
    long block = readLong(bytes, 8);
    long region = readLong(bytes, 16);
    return new ReferenceModel(pageCount(region, block));
  }

  private static long readLong(byte[] bytes, int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[at + i] & 0xFF);
    }
    return value;
  }

  private static RamBlockAttribute smallSample() {
    RamBlockAttribute attribute = attribute(64 * BLOCK + 100, BLOCK);
    attribute.convert(0, BLOCK, PageState.SHARED);
    attribute.convert(5 * BLOCK, 3 * BLOCK, PageState.SHARED);
    attribute.convert(40 * BLOCK, 24 * BLOCK, PageState.SHARED);
    return attribute;
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void roundTrip_restoresSizesAndRuns() throws IOException {
    RamBlockAttribute original = smallSample();
    RamBlockAttribute restored = restore(snapshot(original));
    assertEquals(original.regionSize(), restored.regionSize());
    assertEquals(original.blockSize(), restored.blockSize());
    assertEquals(runs(original), runs(restored));
  }

  @Test
  void roundTrip_randomStates_identical() throws IOException {
    long seed = 77;
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      long pages = 1L + random.nextInt(3000);
      RamBlockAttribute attribute = attribute(pages * BLOCK, BLOCK);
      for (int i = random.nextInt(40); i > 0; i--) {
        long from = random.nextLong(pages);
        long length = 1 + random.nextLong(Math.min(pages - from, 300));
        attribute.convert(
            from * BLOCK,
            length * BLOCK,
            random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE);
      }
      assertEquals(
          runs(attribute), runs(restore(snapshot(attribute))), "seed " + seed + " round " + round);
    }
  }

  @Test
  void roundTrip_emptyAndHuge() throws IOException {
    RamBlockAttribute empty = attribute(BLOCK, BLOCK);
    assertEquals("", runs(restore(snapshot(empty))));
    RamBlockAttribute huge = attribute(Long.MAX_VALUE, 1L << 12);
    huge.convert(Long.MAX_VALUE - (Long.MAX_VALUE % BLOCK) - BLOCK, BLOCK, PageState.SHARED);
    assertEquals(runs(huge), runs(restore(snapshot(huge))));
  }

  @Test
  void restore_intoNonEmptyStore_replacesContent() throws IOException {
    byte[] bytes = snapshot(smallSample());
    ReferenceModel store = newStoreFor(bytes);
    store.setShared(10, 30);
    RamBlockAttribute restored =
        RamBlockAttribute.builder()
            .fromSnapshot(new ByteArrayInputStream(bytes))
            .store(store)
            .build();
    assertEquals(runs(smallSample()), runs(restored));
  }

  // ---------------------------------------------------------------- damaged snapshots

  @Test
  void everyBitFlip_rejected() throws IOException {
    byte[] good = snapshot(smallSample());
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertRejected(bad, "bit " + bit);
    }
  }

  @Test
  void everyTruncation_rejected() throws IOException {
    byte[] good = snapshot(smallSample());
    for (int length = 0; length < good.length; length++) {
      assertRejected(Arrays.copyOf(good, length), "length " + length);
    }
  }

  @Test
  void wrongVersion_rejectedNamingVersion() throws IOException {
    byte[] bad = snapshot(smallSample());
    bad[4] = 2;
    SnapshotFormatException e = assertRejected(bad, "version 2");
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void sizeDifferentFromBuilder_rejectedBuilderUnchanged() throws IOException {
    byte[] bytes = snapshot(smallSample());
    RamBlockAttribute.Builder builder = RamBlockAttribute.builder().regionSize(128 * BLOCK);
    assertThrows(
        SnapshotFormatException.class, () -> builder.fromSnapshot(new ByteArrayInputStream(bytes)));
    RamBlockAttribute.Builder blockFirst = RamBlockAttribute.builder().blockSize(2 * BLOCK);
    assertThrows(
        SnapshotFormatException.class,
        () -> blockFirst.fromSnapshot(new ByteArrayInputStream(bytes)));
    // Unchanged: the builder still builds its own 128-block region, all private.
    RamBlockAttribute built = builder.store(new ReferenceModel(128)).build();
    assertEquals(128 * BLOCK, built.regionSize());
    assertEquals(0, built.store().sharedCount());
  }

  @Test
  void sizeSetAfterSnapshot_mustAgree() throws IOException {
    byte[] bytes = snapshot(smallSample());
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder().fromSnapshot(new ByteArrayInputStream(bytes));
    assertThrows(IllegalArgumentException.class, () -> builder.regionSize(4096));
    assertThrows(IllegalArgumentException.class, () -> builder.blockSize(8192));
    builder.regionSize(64 * BLOCK + 100).blockSize(BLOCK);
    assertEquals(runs(smallSample()), runs(builder.store(newStoreFor(bytes)).build()));
  }

  private static SnapshotFormatException assertRejected(byte[] bytes, String what) {
    try {
      RamBlockAttribute.builder().fromSnapshot(new ByteArrayInputStream(bytes));
    } catch (SnapshotFormatException e) {
      return e;
    } catch (IOException | RuntimeException e) {
      fail(what + ": expected SnapshotFormatException, got " + e, e);
    }
    return fail(what + ": damaged snapshot accepted");
  }

  private static String runs(RamBlockAttribute attribute) {
    StringBuilder text = new StringBuilder();
    attribute
        .store()
        .forEachSharedRun(
            0,
            attribute.store().pageCount(),
            (from, to) -> text.append('[').append(from).append(',').append(to).append(')'));
    return text.toString();
  }
}
