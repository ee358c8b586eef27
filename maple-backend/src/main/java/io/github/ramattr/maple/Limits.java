/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

/**
 * The size limits of one store's nodes and leaves. Production stores share {@link #DEFAULT}; tests
 * build stores with tiny limits so that a few hundred runs already make a deep tree with dense
 * leaves.
 */
final class Limits {
  /** The limits every store from {@link MapleStoreProvider} uses. */
  static final Limits DEFAULT = new Limits(256, 1 << 15, 16);

  /** Heap bytes of a limits object: 12-byte header and four ints. */
  static final long HEAP_BYTES = 32;

  /** Largest sparse leaf, in bytes: small enough that a linear varint scan stays cheap. */
  final int maxSparseBytes;

  /** Pages a dense leaf's bitmap covers at most (a multiple of 64), bounding dense work. */
  final int denseSpan;

  /** Internal nodes hold at most this many children. */
  final int maxFanout;

  /** Non-root internal nodes hold at least this many children: half of {@link #maxFanout}. */
  final int minFanout;

  Limits(int maxSparseBytes, int denseSpan, int maxFanout) {
    if (maxSparseBytes < 12 || denseSpan < 64 || denseSpan % 64 != 0 || maxFanout < 4) {
      throw new IllegalArgumentException(
          "limits " + maxSparseBytes + ", " + denseSpan + ", " + maxFanout);
    }
    this.maxSparseBytes = maxSparseBytes;
    this.denseSpan = denseSpan;
    this.maxFanout = maxFanout;
    this.minFanout = maxFanout / 2;
  }

  int denseWords() {
    return denseSpan / 64;
  }

  /**
   * Two sibling leaves whose payloads add up to at most this many bytes are tried for a merge: the
   * largest sparse leaf, plus the boundary toggle's varint (at most 10 bytes) and the second header
   * byte.
   */
  int mergeTryBytes() {
    return maxSparseBytes + 11;
  }
}
