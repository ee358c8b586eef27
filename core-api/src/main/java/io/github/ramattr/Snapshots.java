/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import io.github.ramattr.spi.SharedStateStore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot format: the state as shared runs, independent of the backend.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "RAMA" (0x52414D41)
 *      4     1  version, 1
 *      5     3  reserved, zero
 *      8     8  block size in bytes (a power of two)
 *     16     8  region size in bytes (positive)
 *     24     8  run count R, at most ceil(pages / 2)
 *     32     *  R runs, each two unsigned LEB128 varints: the gap from the end of the previous
 *               run (from page 0 for the first; at least 1 after the first, as runs never
 *               touch) and the length in pages (at least 1); every run ends within the pages
 *      *     4  CRC32C of every byte before it
 * </pre>
 *
 * All fixed-size fields are big-endian. A reader rejects anything else with {@link
 * SnapshotFormatException} before any attribute exists.
 */
final class Snapshots {
  static final int MAGIC = 0x52414D41;
  static final int VERSION = 1;
  private static final int MAX_VARINT_BYTES = 10;

  private Snapshots() {}

  /** A snapshot read and checked, its runs kept in their compact encoded form until applied. */
  // ArrayRecordComponent warns that equals/hashCode compare the array by reference. A Snapshot is
  // built once by read(), applied by the builder and never compared, hashed or exposed.
  @SuppressWarnings("ArrayRecordComponent")
  record Snapshot(long blockSize, long regionSize, long runCount, byte[] encodedRuns) {

    /** Makes {@code store} hold exactly this snapshot's shared runs. */
    void applyTo(SharedStateStore store) {
      if (store.nextShared(0) < store.pageCount()) {
        store.setPrivate(0, store.pageCount());
      }
      int[] position = {0};
      long end = 0;
      for (long i = 0; i < runCount; i++) {
        long start = end + decode(encodedRuns, position);
        end = start + decode(encodedRuns, position);
        store.setShared(start, end);
      }
    }
  }

  static void write(SharedStateStore store, long blockSize, long regionSize, OutputStream out)
      throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
    data.writeInt(MAGIC);
    data.writeByte(VERSION);
    data.write(new byte[3]);
    data.writeLong(blockSize);
    data.writeLong(regionSize);
    data.writeLong(store.sharedRunCount());
    long[] previousEnd = {0};
    try {
      store.forEachSharedRun(
          0,
          store.pageCount(),
          (from, to) -> {
            try {
              writeVarint(data, from - previousEnd[0]);
              writeVarint(data, to - from);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            previousEnd[0] = to;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    data.flush();
    // The trailer is outside the checksum it carries: write it past the checked stream.
    new DataOutputStream(out).writeInt((int) crc.getValue());
    out.flush();
  }

  static Snapshot read(InputStream in) throws IOException {
    CRC32C crc = new CRC32C();
    DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
    try {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw new SnapshotFormatException(
            "not a ramattr snapshot: magic 0x" + Integer.toHexString(magic));
      }
      int version = data.readUnsignedByte();
      if (version != VERSION) {
        throw new SnapshotFormatException(
            "unsupported snapshot version " + version + " (this reader knows " + VERSION + ")");
      }
      for (int i = 0; i < 3; i++) {
        if (data.readUnsignedByte() != 0) {
          throw new SnapshotFormatException("corrupt snapshot: reserved header byte " + i + " set");
        }
      }
      long blockSize = data.readLong();
      long regionSize = data.readLong();
      long runCount = data.readLong();
      if (blockSize <= 0 || Long.bitCount(blockSize) != 1) {
        throw new SnapshotFormatException(
            "corrupt snapshot: block size " + blockSize + " is not a power of two");
      }
      if (regionSize <= 0) {
        throw new SnapshotFormatException(
            "corrupt snapshot: region size " + regionSize + " is not positive");
      }
      long pages = RamBlockAttribute.pageCount(regionSize, blockSize);
      if (runCount < 0 || runCount > pages / 2 + pages % 2) {
        throw new SnapshotFormatException(
            "corrupt snapshot: " + runCount + " runs cannot fit in " + pages + " pages");
      }
      ByteArrayOutputStream runs = new ByteArrayOutputStream();
      long end = 0;
      for (long i = 0; i < runCount; i++) {
        long gap = readVarint(data, runs);
        long length = readVarint(data, runs);
        if ((i > 0 && gap == 0) || length == 0) {
          throw new SnapshotFormatException(
              "corrupt snapshot: run " + i + " is empty or touches the previous run");
        }
        if (gap > pages - end || length > pages - end - gap) {
          throw new SnapshotFormatException(
              "corrupt snapshot: run " + i + " ends past page count " + pages);
        }
        end += gap + length;
      }
      long computed = crc.getValue();
      long stored = Integer.toUnsignedLong(new DataInputStream(in).readInt());
      if (computed != stored) {
        throw new SnapshotFormatException(
            "corrupt snapshot: CRC32C 0x"
                + Long.toHexString(stored)
                + " stored, 0x"
                + Long.toHexString(computed)
                + " computed");
      }
      return new Snapshot(blockSize, regionSize, runCount, runs.toByteArray());
    } catch (EOFException e) {
      throw new SnapshotFormatException("truncated snapshot", e);
    }
  }

  private static void writeVarint(DataOutputStream out, long value) throws IOException {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.writeByte((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.writeByte((int) rest);
  }

  /** Reads one varint, copying its bytes to {@code copy}; rejects overlong or negative values. */
  private static long readVarint(DataInputStream in, ByteArrayOutputStream copy)
      throws IOException {
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      int b = in.readUnsignedByte();
      copy.write(b);
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value < 0 || (i > 0 && b == 0)) {
          throw new SnapshotFormatException("corrupt snapshot: malformed varint");
        }
        return value;
      }
    }
    throw new SnapshotFormatException("corrupt snapshot: varint longer than 10 bytes");
  }

  /** Decodes a varint already checked by {@link #readVarint}. */
  private static long decode(byte[] bytes, int[] position) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = bytes[position[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
