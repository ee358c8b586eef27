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

  Node(long[] keys, Object[] kids) {
    this.keys = keys;
    this.kids = kids;
  }

  int count() {
    return kids.length;
  }

  /** Index of the child holding page {@code p}: the number of separators {@code <= p}. */
  int childIndex(long p) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] <= p) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
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
