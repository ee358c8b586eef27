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
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The snapshot format: round trips, and every way a damaged snapshot must be refused. */
class SnapshotTest {
  private static final long BLOCK = 4096;

  private static RamBlockAttribute attribute(long regionSize, long blockSize) {
    return RamBlockAttribute.builder()
        .regionSize(regionSize)
        .blockSize(blockSize)
        .store(new ReferenceModel(RamBlockAttribute.pageCount(regionSize, blockSize)))
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
    return new ReferenceModel(RamBlockAttribute.pageCount(region, block));
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

  @Test
  void writeSnapshot_flushesTheStream() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    smallSample().writeSnapshot(new BufferedOutputStream(bytes, 1 << 16));
    assertEquals(runs(smallSample()), runs(restore(bytes.toByteArray())));
  }

  // ---------------------------------------------------------------- crafted snapshots

  /**
   * A snapshot written from the format description (not by the writer), with a correct CRC32C, so
   * that a reader's checks of the content itself are reached: header fields, then {@code varints}
   * (gap, length pairs) as unsigned LEB128.
   */
  private static byte[] craft(long blockSize, long regionSize, long runCount, long... varints)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    data.writeInt(0x52414D41);
    data.writeInt(1 << 24); // version 1, reserved bytes zero
    data.writeLong(blockSize);
    data.writeLong(regionSize);
    data.writeLong(runCount);
    for (long v : varints) {
      for (; (v & ~0x7FL) != 0; v >>>= 7) {
        data.writeByte((int) (v & 0x7F) | 0x80);
      }
      data.writeByte((int) v);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    data.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  @Test
  void crafted_mostRunsAPageCountHolds_accepted() throws IOException {
    // 5 pages hold at most ceil(5 / 2) = 3 runs, the last one ending on the last page.
    byte[] bytes = craft(BLOCK, 5 * BLOCK, 3, 0, 1, 1, 1, 1, 1);
    assertEquals("[0,1)[2,3)[4,5)", runs(restore(bytes)));
    assertEquals("[0,5)", runs(restore(craft(BLOCK, 5 * BLOCK, 1, 0, 5))));
    assertEquals("[1,2)[6,10)", runs(restore(craft(BLOCK, 10 * BLOCK, 2, 1, 1, 4, 4))));
  }

  @Test
  void crafted_moreRunsThanPagesHold_rejectedNamingBoth() throws IOException {
    SnapshotFormatException e =
        assertRejected(craft(BLOCK, 5 * BLOCK, 4, 0, 1, 1, 1, 1, 1, 1, 1), "4 runs in 5 pages");
    assertTrue(
        e.getMessage().contains("4 runs") && e.getMessage().contains("5 pages"), e.getMessage());
    e = assertRejected(craft(BLOCK, 6 * BLOCK, 4, 0, 1, 1, 1, 1, 1, 1, 1), "4 runs in 6 pages");
    assertTrue(
        e.getMessage().contains("4 runs") && e.getMessage().contains("6 pages"), e.getMessage());
  }

  @Test
  void crafted_runPastTheEnd_rejected() throws IOException {
    // The second run, [6, 11), ends one page past the 10 pages: rejected whatever came before.
    SnapshotFormatException e =
        assertRejected(craft(BLOCK, 10 * BLOCK, 2, 0, 5, 1, 5), "[0,5)[6,11) in 10 pages");
    assertTrue(e.getMessage().contains("run 1"), e.getMessage());
    assertRejected(craft(BLOCK, 10 * BLOCK, 1, 10, 1), "[10,11) in 10 pages");
    assertRejected(craft(BLOCK, 10 * BLOCK, 1, 0, 11), "[0,11) in 10 pages");
  }

  @Test
  void crafted_regionSizeZero_rejectedNamingIt() throws IOException {
    SnapshotFormatException e = assertRejected(craft(BLOCK, 0, 0), "region size 0");
    assertTrue(e.getMessage().contains("region size 0"), e.getMessage());
  }

  @Test
  void crafted_varintOfElevenBytes_rejected() throws IOException {
    byte[] good = craft(BLOCK, 1L << 40, 1, 0, 1);
    // Replace the gap varint (one byte, 0) by ten continuation bytes and a final 1: 11 bytes.
    byte[] bad = new byte[good.length + 10];
    System.arraycopy(good, 0, bad, 0, 32);
    Arrays.fill(bad, 32, 42, (byte) 0x80);
    bad[42] = 1;
    bad[43] = 1; // the length varint
    CRC32C crc = new CRC32C();
    crc.update(bad, 0, 44);
    ByteBuffer.wrap(bad, 44, 4).putInt((int) crc.getValue());
    SnapshotFormatException e = assertRejected(bad, "11-byte varint");
    assertTrue(e.getMessage().contains("longer than 10 bytes"), e.getMessage());
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
