/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.AbstractSharedStateStore;

/**
 * One bit per page (set = shared) in one eagerly allocated {@code long[]}, bit {@code p & 63} of
 * word {@code p >>> 6}: QEMU's {@code RamBlockAttributes} bitmap. Bits past {@code pageCount} in
 * the last word stay clear, so whole-word scans need no end mask.
 */
final class FlatBitmapStore extends AbstractSharedStateStore {
  /** Longest long[] HotSpot allocates (a few words under Integer.MAX_VALUE for the header). */
  static final int MAX_WORDS = Integer.MAX_VALUE - 8;

  private static final long OBJECT_BYTES =
      24; // 12-byte header, long pageCount (super), long[] reference
  private static final long ARRAY_HEADER_BYTES = 16;

  private final long[] words;

  FlatBitmapStore(long pageCount) {
    super(pageCount, FlatBitmapProvider.MAX_PAGES, FlatBitmapProvider.NAME);
    this.words = new long[Math.toIntExact((pageCount + 63) >>> 6)];
  }

  /** Retained bytes of a flat bitmap of {@code pageCount} pages: object, array header, words. */
  static long sizeInBytes(long pageCount) {
    return OBJECT_BYTES + ARRAY_HEADER_BYTES + 8 * ((pageCount + 63) >>> 6);
  }

  @Override
  protected boolean doIsShared(long page) {
    return (words[(int) (page >>> 6)] & (1L << page)) != 0;
  }

  @Override
  protected long doNext(long fromPage, boolean shared) {
    return next(fromPage, shared ? 0 : -1L);
  }

  /** First page >= fromPage whose bit differs from {@code invert}'s, or pageCount. */
  private long next(long fromPage, long invert) {
    int index = (int) (fromPage >>> 6);
    long word = (words[index] ^ invert) & (-1L << fromPage);
    while (word == 0) {
      if (++index == words.length) {
        return pageCount();
      }
      word = words[index] ^ invert;
    }
    return Math.min(pageCount(), ((long) index << 6) + Long.numberOfTrailingZeros(word));
  }

  @Override
  protected void doSet(long fromPage, long toPage, boolean shared) {
    int first = (int) (fromPage >>> 6);
    int last = (int) ((toPage - 1) >>> 6);
    long firstMask = -1L << fromPage;
    long lastMask = -1L >>> -toPage; // shifts by 64 - (toPage & 63), all ones when toPage % 64 == 0
    if (first == last) {
      apply(first, firstMask & lastMask, shared);
      return;
    }
    apply(first, firstMask, shared);
    java.util.Arrays.fill(words, first + 1, last, shared ? -1L : 0L);
    apply(last, lastMask, shared);
  }

  private void apply(int index, long mask, boolean shared) {
    words[index] = shared ? words[index] | mask : words[index] & ~mask;
  }

  @Override
  public long sharedCount() {
    long count = 0;
    for (long word : words) {
      count += Long.bitCount(word);
    }
    return count;
  }

  /** Counts run starts: set bits whose lower neighbour (across word edges) is clear. */
  @Override
  public long sharedRunCount() {
    long count = 0;
    long carry = 0; // top bit of the previous word, moved to bit 0
    for (long word : words) {
      count += Long.bitCount(word & ~((word << 1) | carry));
      carry = word >>> 63;
    }
    return count;
  }

  @Override
  public long estimatedSizeInBytes() {
    return sizeInBytes(pageCount());
  }

  @Override
  public String toString() {
    return "FlatBitmapStore{pageCount=" + pageCount() + ", shared=" + sharedCount() + '}';
  }
}
