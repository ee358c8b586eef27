/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The two leaf representations, their size formulas, and the packer that chooses between them.
 *
 * <p>A leaf covers pages {@code [lo, hi)}; it does not store {@code lo} or {@code hi} (its parent's
 * separators do). It is one of:
 *
 * <ul>
 *   <li><b>sparse</b>, a {@code byte[]}: byte 0 is the state at {@code lo} (1 = shared), then one
 *       unsigned LEB128 varint per toggle: the distance from the previous toggle (from {@code lo}
 *       for the first). Distances are at least 1, so no toggle sits at {@code lo} and no two
 *       coincide. Toggles lie below {@code hi}; the state after the last one runs to {@code hi}.
 *       The two toggle-free leaves are the shared constants {@link #ALL_PRIVATE} and {@link
 *       #ALL_SHARED}.
 *   <li><b>dense</b>, a {@code long[]} of at most {@link Limits#denseWords()} words: bit {@code i}
 *       is the state of page {@code lo + i}. Bits past {@code hi - lo} in the last word repeat the
 *       state of page {@code hi - 1}, and pages past the bitmap (a leaf's range may grow to the
 *       right when its neighbours are dropped) have the state of the last bit.
 * </ul>
 *
 * All methods take positions as absolute page indexes and never add two of them, so page counts up
 * to {@link Long#MAX_VALUE} work.
 */
final class Leaves {
  private Leaves() {}

  static final byte[] ALL_PRIVATE = SparseLeaf.ALL_PRIVATE;
  static final byte[] ALL_SHARED = SparseLeaf.ALL_SHARED;

  // ---------------------------------------------------------------- size formulas (JOL layout)

  /** Heap bytes of a sparse leaf of {@code bytes} bytes: 16-byte array header, 8-byte alignment. */
  static long sparseHeapSize(int bytes) {
    return align(16L + bytes);
  }

  /** Heap bytes of a dense leaf array of {@code length} elements (bitmap words and the count). */
  static long denseHeapSize(int length) {
    return 16L + 8L * length;
  }

  /** Payload bytes of a bitmap over {@code span} pages (at most a dense span). */
  static int bitmapBytes(long span) {
    return (int) (8 * ((span + 63) >>> 6));
  }

  /** Bytes of the varint of {@code v >= 1}. */
  static int varintSize(long v) {
    return SparseLeaf.varintSize(v);
  }

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** Payload bytes of a leaf: its weight for the fill rule. */
  static int weight(Object leaf) {
    return leaf instanceof byte[] b ? SparseLeaf.weight(b) : 8 * words((long[]) leaf);
  }

  /** Bitmap words of a dense leaf: its array's last element is its toggle count. */
  static int words(long[] w) {
    return w.length - 1;
  }

  /** A dense leaf of {@code words} zero words (all private; toggle count 0). */
  static long[] newDense(int words) {
    return new long[words + 1];
  }

  static boolean isDense(Object leaf) {
    return leaf instanceof long[];
  }

  // ---------------------------------------------------------------- reading

  /** State at the leaf's first page. */
  static boolean firstState(Object leaf) {
    return leaf instanceof byte[] b ? SparseLeaf.firstState(b) : (((long[]) leaf)[0] & 1) != 0;
  }

  /** Number of toggles in the leaf. */
  static int toggleCount(Object leaf) {
    if (leaf instanceof byte[] b) {
      return SparseLeaf.toggleCount(b);
    }
    long[] w = (long[]) leaf;
    return (int) w[words(w)];
  }

  /**
   * Toggles of a dense leaf at bit positions {@code [from, to]} (a toggle at {@code i} means bits
   * {@code i - 1} and {@code i} differ; bit 0 has none), {@code 0 <= from}, {@code to < 64 *
   * words}. O(words in the range).
   */
  static int togglesIn(long[] w, long from, long to) {
    if (from > to) {
      return 0;
    }
    int a = (int) (from >>> 6);
    int b = (int) (to >>> 6);
    int n = 0;
    for (int k = a; k <= b; k++) {
      long x = w[k];
      long carry = k == 0 ? x & 1 : w[k - 1] >>> 63;
      long t = x ^ ((x << 1) | carry);
      if (k == a) {
        t &= -1L << from;
      }
      if (k == b) {
        t &= -1L >>> (63 - (to & 63));
      }
      n += Long.bitCount(t);
    }
    return n;
  }

  /** Recounts a dense leaf's toggles into its count element (after it is built bit by bit). */
  static void recount(long[] w) {
    w[words(w)] = togglesIn(w, 0, 64L * words(w) - 1);
  }

  /**
   * Sets bits {@code [from, to)} of dense leaf {@code w} to {@code st} and keeps its toggle count:
   * only toggles at positions {@code from..to} can change, so the cost stays that of the fill.
   */
  static void fillDense(long[] w, long from, long to, boolean st) {
    long last = Math.min(to, 64L * words(w) - 1);
    int before = togglesIn(w, from, last);
    fill(w, from, to, st);
    w[words(w)] += togglesIn(w, from, last) - before;
  }

  /**
   * Appends the absolute positions of the leaf's toggles, ascending, to {@code out} from index
   * {@code n}; returns the new count.
   */
  static int decode(Object leaf, long lo, long[] out, int n) {
    if (leaf instanceof byte[] b) {
      return SparseLeaf.decode(b, lo, out, n);
    }
    long[] w = (long[]) leaf;
    long carry = w[0] & 1;
    for (int k = 0; k < words(w); k++) {
      long x = w[k];
      long t = x ^ ((x << 1) | carry);
      carry = x >>> 63;
      while (t != 0) {
        out[n++] = lo + 64L * k + Long.numberOfTrailingZeros(t);
        t &= t - 1;
      }
    }
    return n;
  }

  /** State of page {@code p} in {@code [lo, hi)}. */
  static boolean stateAt(Object leaf, long lo, long p) {
    if (leaf instanceof byte[] b) {
      return SparseLeaf.stateAt(b, lo, p);
    }
    long[] w = (long[]) leaf;
    long off = p - lo;
    if (off >= 64L * words(w)) {
      return w[words(w) - 1] < 0;
    }
    return (w[(int) (off >>> 6)] >>> off & 1) != 0;
  }

  /**
   * First page {@code >= from} in {@code [from, hi)} whose state is {@code want}, or -1 if none.
   * {@code lo <= from < hi}.
   */
  static long next(Object leaf, long lo, long hi, long from, boolean want) {
    if (leaf instanceof byte[] b) {
      return SparseLeaf.next(b, lo, from, want);
    }
    long[] w = (long[]) leaf;
    long off = from - lo;
    long cover = 64L * words(w);
    if (off >= cover) {
      return (w[words(w) - 1] < 0) == want ? from : -1;
    }
    long q = nextBitNot(w, (int) off, !want);
    // Canonical fill: bits past hi - lo repeat page hi - 1, so a hit past it cannot happen.
    return q < cover ? lo + q : -1;
  }

  /** First bit index {@code >= from} whose value differs from {@code st}, or 64 * words(w). */
  static int nextBitNot(long[] w, int from, boolean st) {
    int k = from >>> 6;
    long x = (st ? ~w[k] : w[k]) & (-1L << (from & 63));
    while (x == 0) {
      if (++k == words(w)) {
        return 64 * words(w);
      }
      x = st ? ~w[k] : w[k];
    }
    return 64 * k + Long.numberOfTrailingZeros(x);
  }

  /** Sets bits {@code [from, to)} to {@code st}. */
  static void fill(long[] w, long from, long to, boolean st) {
    if (from >= to) {
      return;
    }
    int a = (int) (from >>> 6);
    int b = (int) ((to - 1) >>> 6);
    long first = -1L << from;
    long last = -1L >>> (-to & 63);
    if (a == b) {
      long m = first & last;
      w[a] = st ? w[a] | m : w[a] & ~m;
      return;
    }
    w[a] = st ? w[a] | first : w[a] & ~first;
    for (int k = a + 1; k < b; k++) {
      w[k] = st ? -1L : 0L;
    }
    w[b] = st ? w[b] | last : w[b] & ~last;
  }

  /**
   * Sparse bytes this dense leaf would need by the representation rule's measure ({@link
   * #sparseBound}: its toggles' varint chain plus the largest directory that chain gets), counting
   * only until the result exceeds {@code stopAbove}.
   */
  static int sparseBytesOfDense(long[] w, int stopAbove, Limits limits) {
    int chain = 0;
    long prev = 0;
    long carry = w[0] & 1;
    for (int k = 0; k < words(w) && sparseBound(chain, limits) <= stopAbove; k++) {
      long x = w[k];
      long t = x ^ ((x << 1) | carry);
      carry = x >>> 63;
      while (t != 0) {
        long pos = 64L * k + Long.numberOfTrailingZeros(t);
        chain += varintSize(pos - prev);
        prev = pos;
        t &= t - 1;
      }
    }
    return sparseBound(chain, limits);
  }

  /** Whether a dense leaf still pays for itself: the back-switch rule (see package doc). */
  static boolean keepsDense(long[] w, Limits limits) {
    int threshold = stayDenseBytes(8 * words(w));
    // Every toggle takes at least one byte: the kept count settles the common case in O(1)
    // without walking the toggles.
    return SparseLeaf.HEADER + toggleCount(w) >= threshold
        || sparseBytesOfDense(w, threshold, limits) >= threshold;
  }

  /** The largest sparse payload that {@link #denseWins} leaves sparse. */
  static int sparseLimit(int bitmapBytes, boolean preferDense) {
    if (preferDense) {
      return stayDenseBytes(bitmapBytes) - 1;
    }
    int x = (bitmapBytes + LEAF_OVERHEAD) * 8 / 9 + 2;
    while (denseWins(x, bitmapBytes, false)) {
      x--;
    }
    return x;
  }

  /** A dense leaf stays dense while its sparse form needs at least 3/4 of its bitmap. */
  static int stayDenseBytes(int bitmapBytes) {
    return bitmapBytes * 3 / 4;
  }

  /**
   * Per-leaf cost beyond the payload: array header and average padding (20 bytes) plus the parent's
   * reference and separator (12 bytes).
   */
  static final int LEAF_OVERHEAD = 32;

  /**
   * The representation rule: whether {@code sparseBytes} of sparse payload over some span cost more
   * than a bitmap of {@code bitmapBytes} over it. Sparse payload is spread over leaves of at most
   * {@code maxSparseBytes} (512 by default), each with {@link #LEAF_OVERHEAD} bytes beside its
   * payload, and as leaves are at least half full on average it is charged 1/8 extra; a bitmap is
   * one leaf. With {@code preferDense} (the span is dense now) the back-switch threshold applies
   * instead: stay dense while the sparse form needs at least 3/4 of the bitmap. The gap between the
   * two is the hysteresis.
   */
  static boolean denseWins(int sparseBytes, int bitmapBytes, boolean preferDense) {
    return preferDense
        ? sparseBytes >= stayDenseBytes(bitmapBytes)
        : sparseBytes + sparseBytes / 8 > bitmapBytes + LEAF_OVERHEAD;
  }

  // ---------------------------------------------------------------- content edits

  /**
   * Returns the toggles of content {@code (s0, tg[0..n))} over {@code [lo, hi)} after {@code [a, b)
   * := t}, into {@code out} (capacity {@code n + 2}); the new first state goes to {@code state[0]}.
   * Returns the new count. {@code lo <= a < b <= hi}.
   */
  static int override(
      long lo, long hi, long[] tg, int n, long a, long b, boolean t, long[] out, boolean[] state) {
    boolean st = state[0];
    int i = 0;
    int m = 0;
    while (i < n && tg[i] < a) {
      out[m++] = tg[i++];
      st = !st;
    }
    if (a == lo) {
      state[0] = t;
    } else if (st != t) {
      out[m++] = a;
    }
    while (i < n && tg[i] <= b) {
      st = !st;
      i++;
    }
    if (b < hi && st != t) {
      out[m++] = b;
    }
    while (i < n) {
      out[m++] = tg[i++];
    }
    return m;
  }

  /**
   * The sparse fast path: {@code [a, b) := t} on sparse leaf {@code src} over {@code [lo, hi)},
   * edited in place where its capacity allows (see {@link SparseLeaf#edit}). Returns the leaf now
   * holding the content, or null when it must be repacked (it outgrows the leaf, a bitmap would be
   * smaller, or its directory needs more buckets).
   */
  static byte @Nullable [] editSparse(
      byte[] src, long lo, long hi, long a, long b, boolean t, Limits limits) {
    return SparseLeaf.edit(
        src,
        lo,
        hi,
        a,
        b,
        t,
        limits.maxSparseBytes,
        bitmapBytes(Math.min(limits.denseSpan, hi - lo)),
        limits.bucketBytes);
  }

  // ---------------------------------------------------------------- packing

  /** Subtrees (leaves from {@link #pack}, or nodes from a split) with the page each starts at. */
  static final class Packed {
    Object[] leaves = new Object[4];
    long[] starts = new long[4];
    int n;

    void add(long start, Object leaf) {
      if (n == leaves.length) {
        leaves = Arrays.copyOf(leaves, 2 * n);
        starts = Arrays.copyOf(starts, 2 * n);
      }
      starts[n] = start;
      leaves[n++] = leaf;
    }
  }

  /**
   * Packs content {@code (s0, tg[0..n))} over {@code [lo, hi)} into leaves, appended to {@code
   * out}. Greedy from the left: where the next {@link Limits#denseSpan} pages would cost more
   * sparse than as a bitmap ({@link #denseWins}: with {@code preferDense}, the back-switch line,
   * which is the hysteresis), one dense leaf covers them; otherwise a sparse leaf takes every
   * toggle left if they fit {@link Limits#maxSparseBytes}, else toggles up to {@link
   * Limits#mergeBytes} (7/8 of that) and ends at the first toggle it cannot hold, which becomes the
   * next leaf's first state. Every leaf but the last is full (a full dense span, or a sparse leaf
   * that could not take one more toggle below the merge line), and has an eighth of a leaf to spare
   * for inserts.
   */
  static void pack(
      long lo,
      long hi,
      boolean s0,
      long[] tg,
      int n,
      boolean preferDense,
      Limits limits,
      Packed out) {
    long s = lo;
    boolean st = s0;
    int i = 0;
    while (true) {
      long d = Math.min(limits.denseSpan, hi - s);
      long end = s + d;
      int bitmap = bitmapBytes(d);
      int limit = sparseLimit(bitmap, preferDense);
      // Measured as sparseBytesOfDense measures a bitmap, and never below what the sparse leaf
      // will take (the bound counts the largest directory), so a leaf packed sparse here is not
      // judged dense by the next edit, nor a bitmap packed here sparse by keepsDense.
      int bytes = SparseLeaf.HEADER;
      // A varint takes at most 10 bytes: with few toggles left the span cannot be dense, and
      // the common sparse repack skips this scan.
      if (sparseBound((int) Math.min(Integer.MAX_VALUE / 2, 10L * (n - i)), limits) > limit) {
        int chain = 0;
        long prev = s;
        for (int j = i; j < n && tg[j] < end && sparseBound(chain, limits) <= limit; j++) {
          chain += varintSize(tg[j] - prev);
          prev = tg[j];
        }
        bytes = sparseBound(chain, limits);
      }
      if (bytes > limit) {
        long[] w = newDense(bitmap / 8);
        boolean cur = st;
        long from = s;
        while (i < n && tg[i] < end) {
          if (cur) {
            fill(w, from - s, tg[i] - s, true);
          }
          cur = !cur;
          from = tg[i++];
        }
        if (cur) {
          fill(w, from - s, 64L * words(w), true);
        }
        recount(w);
        out.add(s, w);
        if (end == hi) {
          return;
        }
        st = cur;
        if (i < n && tg[i] == end) {
          st = !st;
          i++;
        }
        s = end;
        continue;
      }
      // Chained varints bound the bucketed payload from above, so a leaf filled to this bound
      // encodes within the limit.
      // When the rest does not fit one leaf, this leaf stops at 7/8 of the largest (the merge
      // line): a leaf filled to the brim would overflow again at the next insertion near its end
      // and be repacked on every one; with an eighth to spare, inserts fill it in place.
      int chain = 0;
      long prev = s;
      int j = i;
      int filled = -1; // the first toggle past the merge line, once seen
      while (j < n) {
        int v = varintSize(tg[j] - prev);
        int bound = sparseBound(chain + v, limits);
        if (bound > limits.maxSparseBytes) {
          break;
        }
        if (filled < 0 && bound > limits.mergeBytes()) {
          filled = j;
        }
        chain += v;
        prev = tg[j++];
      }
      if (j < n && filled > i) {
        j = filled;
      }
      out.add(s, SparseLeaf.encode(st, s, tg, i, j, limits.bucketBytes));
      if (j == n) {
        return;
      }
      boolean odd = ((j - i) & 1) == 1;
      st = !(st ^ odd); // toggles i..j-1, then the one at tg[j] that starts the next leaf
      s = tg[j];
      i = j + 1;
    }
  }

  /** Largest encoded size of a sparse leaf whose toggles chain to {@code chain} bytes. */
  static int sparseBound(int chain, Limits limits) {
    return SparseLeaf.HEADER
        + SparseLeaf.directoryBytes(SparseLeaf.maxBuckets(chain, limits.bucketBytes) - 1)
        + chain;
  }
}
