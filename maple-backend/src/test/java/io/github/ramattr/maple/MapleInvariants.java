/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import io.github.ramattr.spi.SharedStateStore;

/**
 * The structural invariant checker: every test that mutates a {@link MapleStore} runs it. It walks
 * the whole tree and throws {@link AssertionError} naming the first broken rule and where.
 *
 * <ul>
 *   <li>balance: every leaf at depth {@code height}; separators strictly increasing inside the
 *       node's bounds (so subtree bounds nest and no child is empty);
 *   <li>fan-out: an internal root has 2..MAX children, other internal nodes MIN..MAX;
 *   <li>sparse leaves: header 0/1, canonical varints, distances >= 1 (so no toggle at the leaf's
 *       first page and no duplicates: runs are coalesced), toggles below the leaf's end, at most
 *       MAX_SPARSE_BYTES, toggle-free leaves are the shared constants;
 *   <li>dense leaves: 1..DENSE_WORDS words, no word wholly past the leaf's end, bits past the end
 *       repeat the last page, and the back-switch rule (sparse form >= 3/4 of the bitmap) holds;
 *   <li>fill: two sibling leaves never pack into one leaf.
 * </ul>
 */
final class MapleInvariants {
  private MapleInvariants() {}

  /** Shape figures gathered by {@link #check}. */
  static final class Shape {
    int height;
    long leaves;
    long denseLeaves;
    long nodes;
    long toggles;

    @Override
    public String toString() {
      return "height="
          + height
          + " leaves="
          + leaves
          + " dense="
          + denseLeaves
          + " nodes="
          + nodes
          + " toggles="
          + toggles;
    }
  }

  static Shape check(SharedStateStore store) {
    MapleStore s = (MapleStore) store;
    Shape shape = new Shape();
    shape.height = s.height();
    if (s.pageCount() == 0) {
      require(s.height() == 0 && s.root() == Leaves.ALL_PRIVATE, "empty store must be one leaf");
      return shape;
    }
    check(s.root(), s.height(), 0, s.pageCount(), true, s.limits(), shape, "root");
    return shape;
  }

  private static void check(
      Object node,
      int h,
      long lo,
      long hi,
      boolean isRoot,
      Limits limits,
      Shape shape,
      String where) {
    require(lo < hi, where + ": empty range [" + lo + ", " + hi + ")");
    if (h == 0) {
      shape.leaves++;
      checkLeaf(node, lo, hi, limits, shape, where);
      return;
    }
    require(node instanceof Node, where + ": expected a node at height " + h);
    Node n = (Node) node;
    shape.nodes++;
    int c = n.count();
    require(n.keys.length == c - 1, where + ": " + n.keys.length + " keys for " + c + " kids");
    require(c <= limits.maxFanout, where + ": overfull, " + c + " children");
    require(c >= (isRoot ? 2 : limits.minFanout), where + ": underfull, " + c + " children");
    long prev = lo;
    for (int k = 0; k < c; k++) {
      long chi = n.childHi(k, hi);
      require(chi > prev, where + ": separator " + k + " not increasing: " + prev + ", " + chi);
      check(n.kids[k], h - 1, prev, chi, false, limits, shape, where + "/" + k + "@" + prev);
      prev = chi;
    }
    if (h == 1) {
      for (int k = 0; k + 1 < c; k++) {
        Leaves.Packed p =
            MapleStore.packPair(
                n.kids[k],
                n.kids[k + 1],
                n.childLo(k, lo),
                n.keys[k],
                n.childHi(k + 1, hi),
                limits);
        require(
            p == null || p.n > 1,
            where + ": sibling leaves " + k + " and " + (k + 1) + " fit in one leaf");
      }
    }
  }

  private static void checkLeaf(
      Object leaf, long lo, long hi, Limits limits, Shape shape, String where) {
    if (leaf instanceof byte[] b) {
      checkSparse(b, lo, hi, limits, shape, where);
      return;
    }
    require(leaf instanceof long[], where + ": unknown leaf " + leaf);
    long[] w = (long[]) leaf;
    shape.denseLeaves++;
    long span = hi - lo;
    int words = w.length - 1; // the last element is the toggle count
    require(words >= 1 && words <= limits.denseWords(), where + ": dense words " + words);
    require(64L * (words - 1) < span, where + ": dense word past the end, span " + span);
    if (span < 64L * words) {
      boolean last = (w[(int) ((span - 1) >>> 6)] >>> (span - 1) & 1) != 0;
      for (long o = span; o < 64L * words; o++) {
        require(((w[(int) (o >>> 6)] >>> o & 1) != 0) == last, where + ": non-canonical bit " + o);
      }
    }
    long toggles = 0;
    for (long o = 1; o < 64L * words; o++) {
      boolean prev = (w[(int) ((o - 1) >>> 6)] >>> (o - 1) & 1) != 0;
      boolean cur = (w[(int) (o >>> 6)] >>> o & 1) != 0;
      toggles += prev != cur ? 1 : 0;
    }
    require(w[words] == toggles, where + ": toggle count " + w[words] + ", bits say " + toggles);
    int threshold = Leaves.stayDenseBytes(8 * words);
    require(
        Leaves.sparseBytesOfDense(w, threshold, limits) >= threshold,
        where + ": dense leaf below the back-switch threshold " + threshold);
    shape.toggles += toggles;
  }

  /** The sparse format of {@link SparseLeaf}, decoded here independently of its readers. */
  private static void checkSparse(
      byte[] b, long lo, long hi, Limits limits, Shape shape, String where) {
    require(b.length >= SparseLeaf.HEADER, where + ": sparse length " + b.length);
    require(b[0] >= 0, where + ": header " + b[0]);
    int shift = b[0] >> 1;
    int d = b[1] & 0xff;
    int bitBytes = (d + 7) / 8;
    int p = SparseLeaf.HEADER + d + 2 * bitBytes;
    int end = b.length;
    while (end > p && b[end - 1] == 0) {
      end--;
    }
    require(end <= limits.maxSparseBytes, where + ": sparse content " + end + " bytes");
    if (end == p) {
      require(
          b == Leaves.ALL_PRIVATE || b == Leaves.ALL_SHARED,
          where + ": toggle-free leaf is not a shared constant");
      return;
    }
    require(b.length % 8 == 0, where + ": capacity " + b.length + " wastes alignment padding");
    require(
        b.length - ((end + 7) & ~7) <= Math.max(SparseLeaf.MAX_SLACK, LeavesTest.room(end)),
        where + ": " + b.length + " bytes for " + end + " of content");
    boolean state = (b[0] & 1) != 0;
    long prevToggle = lo;
    int i = p;
    for (int k = 0; k <= d; k++) {
      int start = k == 0 ? p : p + startOffset(b, d, k);
      int stop = k < d ? p + startOffset(b, d, k + 1) : end;
      require(start == i, where + ": bucket " + k + " starts at " + start + ", not " + i);
      require(stop >= start && stop <= end, where + ": bucket " + k + " ends at " + stop);
      if (k > 0) {
        boolean parity = (b[SparseLeaf.HEADER + d + (k - 1) / 8] >> ((k - 1) % 8) & 1) != 0;
        require(parity == state, where + ": bucket " + k + " enters in the wrong state");
      }
      long bucketLo = k == 0 ? lo : lo + ((long) k << shift);
      long pos = k == 0 ? lo : bucketLo - 1;
      while (i < stop) {
        long v = 0;
        int sh = 0;
        int at = i;
        byte x;
        do {
          require(i < stop, where + ": varint crosses the end of bucket " + k);
          x = b[i++];
          v |= (long) (x & 0x7f) << sh;
          sh += 7;
        } while (x < 0);
        require(v >= 1, where + ": distance " + v + " (duplicate toggle or toggle at lo)");
        require(Leaves.varintSize(v) == i - at, where + ": overlong varint");
        pos += v;
        require(pos > prevToggle, where + ": toggle " + pos + " not increasing");
        require(pos > lo && pos < hi, where + ": toggle " + pos + " outside (" + lo + ", " + hi);
        require(
            k == d || ((pos - lo) >>> shift) == k,
            where + ": toggle " + pos + " in bucket " + k + " of shift " + shift);
        require(pos >= bucketLo, where + ": toggle " + pos + " before bucket " + k);
        prevToggle = pos;
        state = !state;
        shape.toggles++;
      }
    }
    for (int bit = d; bit < 8 * bitBytes; bit++) {
      require(
          (b[SparseLeaf.HEADER + d + bit / 8] >> (bit % 8) & 1) == 0,
          where + ": unused parity bit " + bit + " set");
      require(
          (b[SparseLeaf.HEADER + d + bitBytes + bit / 8] >> (bit % 8) & 1) == 0,
          where + ": unused offset bit " + bit + " set");
    }
  }

  /** Bucket k's start relative to the payload: its low byte and its 9th bit. */
  private static int startOffset(byte[] b, int d, int k) {
    int hiBit = b[SparseLeaf.HEADER + d + (d + 7) / 8 + (k - 1) / 8] >> ((k - 1) % 8) & 1;
    return (b[SparseLeaf.HEADER + k - 1] & 0xff) + 256 * hiBit;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
