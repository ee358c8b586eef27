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
      require(b.length >= 1 && b.length <= limits.maxSparseBytes, where + ": sparse length");
      require(b[0] == 0 || b[0] == 1, where + ": header " + b[0]);
      if (b.length == 1) {
        require(
            b == Leaves.ALL_PRIVATE || b == Leaves.ALL_SHARED,
            where + ": toggle-free leaf is not a shared constant");
      }
      long pos = lo;
      int i = 1;
      while (i < b.length) {
        long v = 0;
        int shift = 0;
        int start = i;
        byte x;
        do {
          require(i < b.length, where + ": truncated varint");
          x = b[i++];
          v |= (long) (x & 0x7f) << shift;
          shift += 7;
        } while (x < 0);
        require(v >= 1, where + ": distance " + v + " (duplicate toggle or toggle at lo)");
        require(Leaves.varintSize(v) == i - start, where + ": overlong varint");
        pos += v;
        require(pos > lo && pos < hi, where + ": toggle " + pos + " outside (" + lo + ", " + hi);
        shape.toggles++;
      }
      return;
    }
    require(leaf instanceof long[], where + ": unknown leaf " + leaf);
    long[] w = (long[]) leaf;
    shape.denseLeaves++;
    long span = hi - lo;
    require(w.length >= 1 && w.length <= limits.denseWords(), where + ": dense words " + w.length);
    require(64L * (w.length - 1) < span, where + ": dense word past the end, span " + span);
    if (span < 64L * w.length) {
      boolean last = (w[(int) ((span - 1) >>> 6)] >>> (span - 1) & 1) != 0;
      for (long o = span; o < 64L * w.length; o++) {
        require(((w[(int) (o >>> 6)] >>> o & 1) != 0) == last, where + ": non-canonical bit " + o);
      }
    }
    int threshold = Leaves.stayDenseBytes(8 * w.length);
    require(
        Leaves.sparseBytesOfDense(w, threshold) >= threshold,
        where + ": dense leaf below the back-switch threshold " + threshold);
    shape.toggles += Leaves.toggleCount(w);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
