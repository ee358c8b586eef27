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
  static final Limits DEFAULT = new Limits(512, 1 << 15, 16);

  /** Heap bytes of a limits object: 12-byte header and five ints. */
  static final long HEAP_BYTES = 32;

  /**
   * Largest sparse leaf, in bytes (at most 512: its directory's offsets have 9 bits). Larger leaves
   * spread their fixed cost (array header, parent slot: about 32 bytes) over more runs; the
   * directory keeps lookups in them short, and edits shift at most this many bytes.
   */
  final int maxSparseBytes;

  /**
   * Sparse payload bytes per directory bucket (see {@link SparseLeaf}): a lookup scans about this
   * many bytes, and the directory costs about 1/this of the payload.
   */
  final int bucketBytes;

  /** Pages a dense leaf's bitmap covers at most (a multiple of 64), bounding dense work. */
  final int denseSpan;

  /** Internal nodes hold at most this many children. */
  final int maxFanout;

  /** Non-root internal nodes hold at least this many children: half of {@link #maxFanout}. */
  final int minFanout;

  Limits(int maxSparseBytes, int denseSpan, int maxFanout) {
    this(maxSparseBytes, denseSpan, maxFanout, 16);
  }

  Limits(int maxSparseBytes, int denseSpan, int maxFanout, int bucketBytes) {
    if (maxSparseBytes < 12
        || maxSparseBytes > 512
        || denseSpan < 64
        || denseSpan % 64 != 0
        || maxFanout < 4
        || bucketBytes < 2) {
      throw new IllegalArgumentException(
          "limits " + maxSparseBytes + ", " + denseSpan + ", " + maxFanout + ", " + bucketBytes);
    }
    this.maxSparseBytes = maxSparseBytes;
    this.bucketBytes = bucketBytes;
    this.denseSpan = denseSpan;
    this.maxFanout = maxFanout;
    this.minFanout = maxFanout / 2;
  }

  int denseWords() {
    return denseSpan / 64;
  }

  /**
   * Two sibling leaves spanning more than a dense span are merged only when their weights add up to
   * at most this: 7/8 of the largest sparse leaf. The 1/8 gap is hysteresis: a leaf that a split
   * just made overflow is not merged back by the merge that undoes it, so a split and merge at a
   * full leaf edit in place instead of splitting and joining leaves every time.
   */
  int mergeBytes() {
    return maxSparseBytes - maxSparseBytes / 8;
  }
}
