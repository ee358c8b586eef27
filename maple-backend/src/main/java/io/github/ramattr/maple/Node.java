/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

/**
 * An internal node: {@code kids.length} children and {@code kids.length - 1} separators. Child
 * {@code k} covers {@code [keys[k-1], keys[k])}, where {@code keys[-1]} and {@code keys[n-1]} are
 * the node's own bounds, which its parent holds. Both arrays are sized exactly to the content.
 */
final class Node {
  long[] keys;
  Object[] kids;

  /**
   * The child the last write descended to, a hint that may be stale (any value is safe). Writes
   * come in rows of nearby pages (a range restored run by run, memory converted in ascending order,
   * a split and the merge that undoes it), and checking that child first costs two comparisons
   * instead of a search. Only writes read and set it, so concurrent readers never write a node; the
   * field fills the object's alignment padding (12-byte header, two references), so it costs no
   * memory.
   */
  private int lastChild;

  Node(long[] keys, Object[] kids) {
    this.keys = keys;
    this.kids = kids;
  }

  int count() {
    return kids.length;
  }

  /** Index of the child holding page {@code p}: the number of separators {@code <= p}. */
  int childIndex(long p) {
    // A node holds at most a few dozen keys: counting the ones <= p has no data-dependent branch,
    // which beats a binary search's mispredictions at this size.
    long[] k = keys;
    int n = 0;
    for (int i = 0; i < k.length; i++) {
      n += k[i] <= p ? 1 : 0;
    }
    return n;
  }

  /** {@link #childIndex}, for a write: tries the child the last write went to first. */
  int childIndexForWrite(long p) {
    long[] k = keys;
    int c = lastChild;
    if (c <= k.length && (c == 0 || k[c - 1] <= p) && (c == k.length || p < k[c])) {
      return c;
    }
    c = childIndex(p);
    lastChild = c;
    return c;
  }

  long childLo(int k, long lo) {
    return k == 0 ? lo : keys[k - 1];
  }

  long childHi(int k, long hi) {
    return k == keys.length ? hi : keys[k];
  }

  /** Heap bytes of this node object and its two arrays (JOL layout, compressed oops). */
  long shallowSize() {
    return 24 + 16 + 8L * keys.length + Leaves.align(16 + 4L * kids.length);
  }
}
