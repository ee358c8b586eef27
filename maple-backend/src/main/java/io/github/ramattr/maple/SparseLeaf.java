/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * The sparse leaf format: varint toggle distances behind a small page-bucket directory, so that a
 * lookup decodes one bucket (about {@link Limits#bucketBytes} bytes) instead of the whole leaf.
 *
 * <pre>
 *   byte 0        bit 0: state at lo; bits 1-6: bucket shift s (a bucket covers 2^s pages)
 *   byte 1        D, the number of directory entries (buckets 1..D; bucket 0 needs none)
 *   D bytes       low 8 bits of bucket k's start (k = 1..D), relative to the payload start P
 *   ceil(D/8)     bit k-1: the state entering bucket k (that of page lo + k*2^s - 1)
 *   ceil(D/8)     bit k-1: the 9th bit of bucket k's start (leaves hold up to 512 bytes)
 *   P ...         payload: per bucket, its toggles ascending, each a LEB128 varint distance from
 *                 the previous toggle of the bucket, the first one from the bucket's base
 *                 (lo for bucket 0, lo + k*2^s - 1 for bucket k)
 *   ... 0 0       unused capacity: zero bytes (a varint never starts with 0: distances are >= 1)
 * </pre>
 *
 * Page {@code p} lies in bucket {@code min((p - lo) >>> s, D)}: the last bucket runs on to the
 * leaf's end, whatever the leaf's span becomes later. Distances being at least 1, no toggle sits at
 * {@code lo} and no two coincide. A directory entry costs 1 byte and 2 bits per {@link
 * Limits#bucketBytes} payload bytes (16 by default: 3.5% to 7%); the first distance of each bucket,
 * measured from the bucket's base instead of the previous toggle, is never longer than before.
 *
 * <p>The array may be longer than its content (capacity up to the next 8-byte boundary is free: the
 * JVM pads every array to it), so most edits shift bytes in place and allocate nothing. The content
 * ends at the first zero byte where a varint would start, or at the array's end.
 */
final class SparseLeaf {
  private SparseLeaf() {}

  /** Bytes before the directory: the state/shift byte and the entry count. */
  static final int HEADER = 2;

  /** The toggle-free leaves, shared by every store; never edited in place. */
  static final byte[] ALL_PRIVATE = {0, 0};

  static final byte[] ALL_SHARED = {1, 0};

  // ---------------------------------------------------------------- layout accessors

  static boolean firstState(byte[] b) {
    return (b[0] & 1) != 0;
  }

  static int shift(byte[] b) {
    return (b[0] >>> 1) & 63;
  }

  static int dirCount(byte[] b) {
    return b[1] & 0xff;
  }

  /** Index of the payload's first byte for a directory of {@code d} entries. */
  static int payloadStart(int d) {
    return HEADER + directoryBytes(d);
  }

  /** Index of bucket {@code k}'s first byte. */
  static int bucketStart(byte[] b, int d, int k) {
    int p = payloadStart(d);
    return k == 0 ? p : p + offset(b, d, k);
  }

  /** Bucket {@code k}'s start relative to the payload: a low byte and a ninth bit. */
  static int offset(byte[] b, int d, int k) {
    int hi = b[HEADER + d + ((d + 7) >>> 3) + ((k - 1) >>> 3)] >>> ((k - 1) & 7) & 1;
    return (b[HEADER + k - 1] & 0xff) | hi << 8;
  }

  /** Sets bucket {@code k}'s start relative to the payload, {@code 0 <= off < 512}. */
  static void setOffset(byte[] b, int d, int k, int off) {
    b[HEADER + k - 1] = (byte) off;
    setBit(b, HEADER + d + ((d + 7) >>> 3), k, (off & 0x100) != 0);
  }

  /** Sets bucket {@code k}'s bit in the bit array at {@code at} (bit {@code k - 1}). */
  static void setBit(byte[] b, int at, int k, boolean on) {
    int i = at + ((k - 1) >>> 3);
    int bit = 1 << ((k - 1) & 7);
    b[i] = (byte) (on ? b[i] | bit : b[i] & ~bit);
  }

  /** The state entering bucket {@code k}. */
  static boolean bucketState(byte[] b, int d, int k) {
    if (k == 0) {
      return firstState(b);
    }
    return (b[HEADER + d + ((k - 1) >>> 3)] >>> ((k - 1) & 7) & 1) != 0;
  }

  /** The page bucket {@code k}'s first distance is measured from. */
  static long bucketBase(long lo, int shift, int k) {
    return k == 0 ? lo : lo + ((long) k << shift) - 1;
  }

  /** The bucket holding page {@code p >= lo}. */
  static int bucketOf(long lo, int shift, int d, long p) {
    long q = (p - lo) >>> shift;
    return q >= d ? d : (int) q;
  }

  /** One past the last content byte: trailing zero bytes are unused capacity. */
  static int contentEnd(byte[] b) {
    int d = dirCount(b);
    int p = payloadStart(d);
    int e = b.length;
    if ((e & 7) == 0) {
      // Eight bytes at a time over the room an append left; in the last word that is not zero,
      // its leading zero bits (little-endian: the bytes at the end) are unused capacity.
      for (; e - 8 >= p; e -= 8) {
        long w = (long) LONGS.get(b, e - 8);
        if (w != 0) {
          return e - (Long.numberOfLeadingZeros(w) >>> 3);
        }
      }
    }
    while (e > p && b[e - 1] == 0) {
      e--;
    }
    return e;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Bytes of the leaf's varints, its content past the header and directory. */
  static int payloadBytes(byte[] b) {
    return contentEnd(b) - payloadStart(dirCount(b));
  }

  /**
   * The leaf's weight for the fill rules: its array length, which is its content plus at most the
   * slack an edit may leave ({@link #MAX_SLACK} or an append's {@link #room}, and alignment), read
   * in O(1).
   */
  static int weight(byte[] b) {
    return b.length;
  }

  // ---------------------------------------------------------------- varints

  /** Bytes of the varint of {@code v >= 1}. */
  static int varintSize(long v) {
    return (70 - Long.numberOfLeadingZeros(v)) / 7;
  }

  /** Index just past the varint that starts at {@code b[i]}. */
  static int varintEnd(byte[] b, int i) {
    while (b[i] < 0) {
      i++;
    }
    return i + 1;
  }

  /** The varint that starts at {@code b[i]}. */
  static long readVarint(byte[] b, int i) {
    long v = 0;
    int shift = 0;
    byte x;
    do {
      x = b[i++];
      v |= (long) (x & 0x7f) << shift;
      shift += 7;
    } while (x < 0);
    return v;
  }

  static int writeVarint(byte[] b, int k, long v) {
    while ((v & ~0x7fL) != 0) {
      b[k++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[k++] = (byte) v;
    return k;
  }

  // ---------------------------------------------------------------- reading

  /** State of page {@code p >= lo}. */
  static boolean stateAt(byte[] b, long lo, long p) {
    int d = dirCount(b);
    int sh = shift(b);
    int k = bucketOf(lo, sh, d, p);
    int i = bucketStart(b, d, k);
    int end = k < d ? bucketStart(b, d, k + 1) : b.length;
    long pos = bucketBase(lo, sh, k);
    boolean st = bucketState(b, d, k);
    while (i < end) {
      int x = b[i++];
      if (x > 0) {
        pos += x;
      } else if (x == 0) {
        break;
      } else {
        int y = b[i++];
        if (y >= 0) {
          pos += (x & 0x7f) | y << 7; // two bytes: distances below 2^14
        } else {
          int z = b[i++];
          if (z >= 0) {
            pos += (x & 0x7f) | (y & 0x7f) << 7 | (long) z << 14; // three: below 2^21
          } else {
            pos += readVarint(b, i - 3);
            i = varintEnd(b, i);
          }
        }
      }
      if (pos > p) {
        break;
      }
      st = !st;
    }
    return st;
  }

  /**
   * First page {@code >= from} whose state is {@code want} (before the leaf's end), or -1 when the
   * leaf has none. {@code from >= lo}.
   */
  static long next(byte[] b, long lo, long from, boolean want) {
    int d = dirCount(b);
    int sh = shift(b);
    int k = bucketOf(lo, sh, d, from);
    int i = bucketStart(b, d, k);
    int end = k < d ? bucketStart(b, d, k + 1) : b.length;
    long pos = bucketBase(lo, sh, k);
    boolean st = bucketState(b, d, k);
    while (i < end) {
      int x = b[i++];
      if (x > 0) {
        pos += x;
      } else if (x == 0) {
        break;
      } else {
        int y = b[i++];
        if (y >= 0) {
          pos += (x & 0x7f) | y << 7; // two bytes: distances below 2^14
        } else {
          int z = b[i++];
          if (z >= 0) {
            pos += (x & 0x7f) | (y & 0x7f) << 7 | (long) z << 14; // three: below 2^21
          } else {
            pos += readVarint(b, i - 3);
            i = varintEnd(b, i);
          }
        }
      }
      if (pos > from) {
        return st == want ? from : pos;
      }
      st = !st;
    }
    if (st == want) {
      return from;
    }
    // The next toggle, if any, opens the next non-empty bucket.
    for (int j = k + 1; j <= d; j++) {
      int s = bucketStart(b, d, j);
      if (s < b.length && b[s] != 0 && (j == d || s < bucketStart(b, d, j + 1))) {
        return bucketBase(lo, sh, j) + readVarint(b, s);
      }
    }
    return -1;
  }

  /** Number of toggles: one per varint, and a varint ends at its one byte above zero. */
  static int toggleCount(byte[] b) {
    int n = 0;
    for (int i = payloadStart(dirCount(b)); i < b.length; i++) {
      n += b[i] > 0 ? 1 : 0;
    }
    return n;
  }

  /**
   * Appends the absolute positions of the toggles, ascending, to {@code out} from index {@code n};
   * returns the new count.
   */
  static int decode(byte[] b, long lo, long[] out, int n) {
    int d = dirCount(b);
    int sh = shift(b);
    int i = payloadStart(d);
    for (int k = 0; k <= d; k++) {
      int end = k < d ? bucketStart(b, d, k + 1) : b.length;
      long pos = bucketBase(lo, sh, k);
      while (i < end && b[i] != 0) {
        pos += readVarint(b, i);
        i = varintEnd(b, i);
        out[n++] = pos;
      }
    }
    return n;
  }

  /** Receives the constant-state segments of a leaf, in order. */
  interface SegmentSink {
    /** Pages from {@code from} on have {@code state}, until the next segment starts. */
    void segment(long from, boolean state);
  }

  /**
   * Feeds the constant-state segments of the leaf over pages from {@code lo}, clipped to {@code
   * [x0, x1)}, to {@code sink}; starts at the bucket holding {@code x0}.
   */
  static void segments(byte[] b, long lo, long x0, long x1, SegmentSink sink) {
    int d = dirCount(b);
    int sh = shift(b);
    int k = bucketOf(lo, sh, d, x0);
    int i = bucketStart(b, d, k);
    long cur = bucketBase(lo, sh, k);
    boolean st = bucketState(b, d, k);
    if (k > 0) {
      cur++; // the state entering bucket k holds from its first page on
    }
    for (; k <= d && cur < x1; k++) {
      int end = k < d ? bucketStart(b, d, k + 1) : b.length;
      long pos = bucketBase(lo, sh, k);
      while (i < end && b[i] != 0 && cur < x1) {
        pos += readVarint(b, i);
        i = varintEnd(b, i);
        if (pos > x0) {
          sink.segment(Math.max(cur, x0), st);
        }
        cur = pos;
        st = !st;
      }
    }
    if (cur < x1) {
      sink.segment(Math.max(cur, x0), st);
    }
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Most buckets a payload of {@code payloadBytes} is given: one per {@code bucketBytes}, and since
   * grids double, the grid chosen has between half this and this many, so a bucket holds between
   * {@code bucketBytes} and twice that on average.
   */
  static int maxBuckets(int payloadBytes, int bucketBytes) {
    return Math.max(1, Math.min(255, payloadBytes / bucketBytes));
  }

  /** Directory bytes for {@code d} entries. */
  static int directoryBytes(int d) {
    return d + 2 * ((d + 7) >>> 3);
  }

  /**
   * The smallest bucket shift that puts the toggles {@code lo < t <= last} into at most {@code
   * buckets} buckets.
   */
  static int shiftFor(long lo, long last, int buckets) {
    int s = 0;
    while (((last - lo) >>> s) >= buckets) {
      s++;
    }
    return s;
  }

  /** Payload bytes of toggles {@code tg[from..to)} chained from {@code lo}, without a directory. */
  static int chainBytes(long lo, long[] tg, int from, int to) {
    int bytes = 0;
    long prev = lo;
    for (int i = from; i < to; i++) {
      bytes += varintSize(tg[i] - prev);
      prev = tg[i];
    }
    return bytes;
  }

  /**
   * Encodes content {@code (st, tg[from..to))} over pages from {@code lo} with the directory its
   * size calls for. Toggle-free content gives a shared constant.
   */
  static byte[] encode(boolean st, long lo, long[] tg, int from, int to, int bucketBytes) {
    if (from == to) {
      return st ? ALL_SHARED : ALL_PRIVATE;
    }
    int buckets = maxBuckets(chainBytes(lo, tg, from, to), bucketBytes);
    int sh = shiftFor(lo, tg[to - 1], buckets);
    int d = (int) ((tg[to - 1] - lo) >>> sh);
    int size = encodedSize(lo, tg, from, to, sh, d);
    byte[] b = new byte[capacityFor(size)];
    int p = payloadStart(d);
    b[0] = (byte) ((st ? 1 : 0) | sh << 1);
    b[1] = (byte) d;
    int k = 0;
    long prev = lo;
    int i = p;
    boolean cur = st;
    for (int j = from; j < to; j++) {
      long t = tg[j];
      int kt = bucketOf(lo, sh, d, t);
      while (k < kt) {
        k++;
        setOffset(b, d, k, i - p);
        setBit(b, HEADER + d, k, cur);
        prev = bucketBase(lo, sh, k);
      }
      i = writeVarint(b, i, t - prev);
      prev = t;
      cur = !cur;
    }
    while (k < d) {
      k++;
      setOffset(b, d, k, i - p);
      setBit(b, HEADER + d, k, cur);
    }
    if (i != size) {
      throw new AssertionError("sparse leaf size " + i + " != " + size);
    }
    return b;
  }

  /** Content bytes of {@link #encode} with bucket shift {@code sh} and {@code d} entries. */
  static int encodedSize(long lo, long[] tg, int from, int to, int sh, int d) {
    int bytes = payloadStart(d);
    int k = 0;
    long prev = lo;
    for (int j = from; j < to; j++) {
      int kt = bucketOf(lo, sh, d, tg[j]);
      if (kt != k) {
        k = kt;
        prev = bucketBase(lo, sh, k);
      }
      bytes += varintSize(tg[j] - prev);
      prev = tg[j];
    }
    return bytes;
  }

  /**
   * Content bytes {@link #encode} gives toggles {@code tg[from..to)}: the sizing rule the packer
   * fills leaves by.
   */
  static int encodedSize(long lo, long[] tg, int from, int to, int bucketBytes) {
    if (from == to) {
      return HEADER;
    }
    int buckets = maxBuckets(chainBytes(lo, tg, from, to), bucketBytes);
    int sh = shiftFor(lo, tg[to - 1], buckets);
    return encodedSize(lo, tg, from, to, sh, (int) ((tg[to - 1] - lo) >>> sh));
  }

  /** Array length for {@code size} content bytes: up to the 8-byte boundary the JVM pads to. */
  static int capacityFor(int size) {
    return (size + 7) & ~7;
  }

  /**
   * Unused capacity an edit may leave in place: beyond it the leaf is copied into a smaller array,
   * so churn cannot leave much slack behind, while a split and the merge that undoes it (a few
   * bytes either way) reuse the same array.
   */
  static final int MAX_SLACK = 8;

  /** Content size from which a growing append is given {@link #room} to grow into. */
  static final int ROOMY_BYTES = 128;

  /**
   * Spare capacity a new array for {@code len} content bytes is given when an append grew the leaf
   * (an edit that leaves no byte after it to move: no toggle after it, or only the leaf's last
   * toggle, in the same bucket, which the edit rewrites): an eighth of the content, in 8-byte
   * steps, from {@link #ROOMY_BYTES} on. Appends come in rows (a range restored run by run, memory
   * converted in ascending order), and without room every second one would copy the leaf into a new
   * array; smaller leaves get none, so that a store of a few runs stays as small as it was. The
   * packer gives none.
   */
  static int room(int len) {
    return len >= ROOMY_BYTES ? (len >>> 3) & ~7 : 0;
  }

  /**
   * Whether a leaf array of {@code capacity} bytes may hold {@code len} content bytes: it is large
   * enough, and its unused capacity past the 8-byte boundary is at most {@link #MAX_SLACK} or the
   * {@link #room} of that content. A leaf that fails it is copied into a fitting array.
   */
  static boolean fits(int capacity, int len) {
    return len <= capacity && capacity - capacityFor(len) <= Math.max(MAX_SLACK, room(len));
  }

  // ---------------------------------------------------------------- editing

  /**
   * {@code [a, b) := t} on leaf {@code src} over {@code [lo, hi)}, {@code lo <= a < b <= hi}: edits
   * the array in place when the result fits its capacity, else into a new array. Returns the leaf
   * that now holds the content (the same array, a new one, or a shared constant), or null when the
   * content must be repacked: it outgrows {@code maxBytes}, a bitmap would be smaller ({@code
   * denseBytes} is that bitmap's payload), or the edited bucket grew past twice {@code bucketBytes}
   * and a new directory would split it.
   *
   * <pre>
   *   bucket ka                              bucket kb
   *   [ ..toggles < a | toggles >= a.. ] ... [ ..toggles <= b | q, toggles > q.. ]
   *                   ^cut1                                       ^cut2  ^tail
   *   becomes         [a?]                   [b?] [q re-based]
   * </pre>
   *
   * Only the bytes between {@code cut1} and {@code tail} change: at most three varints are written
   * (the toggles at {@code a} and {@code b}, and the first kept toggle {@code q} after {@code b},
   * whose distance base may have moved); buckets between become empty and enter in state {@code t}.
   */
  static byte @Nullable [] edit(
      byte[] src,
      long lo,
      long hi,
      long a,
      long b,
      boolean t,
      int maxBytes,
      int denseBytes,
      int bucketBytes) {
    int d = dirCount(src);
    int sh = shift(src);
    int len = contentEnd(src);
    int ka = bucketOf(lo, sh, d, a);
    int kb = bucketOf(lo, sh, d, b);

    // Toggles of bucket ka before a.
    int i = bucketStart(src, d, ka);
    int endA = ka < d ? bucketStart(src, d, ka + 1) : len;
    long last = bucketBase(lo, sh, ka);
    boolean st = bucketState(src, d, ka);
    while (i < endA) {
      int j = i;
      int x = src[j++];
      long v = x;
      if (x < 0) {
        int y = src[j++];
        v = (x & 0x7f) | (y & 0x7f) << 7;
        if (y < 0) {
          int z = src[j++];
          v |= (long) (z & 0x7f) << 14;
          if (z < 0) {
            v = readVarint(src, i);
            j = varintEnd(src, j);
          }
        }
      }
      long p = last + v;
      if (p >= a) {
        break;
      }
      last = p;
      st = !st;
      i = j;
    }
    final int cut1 = i;
    final long lastBefore = last;
    final boolean stBefore = st;
    if (cut1 == len && a > lo && stBefore != t) {
      int grown = gridPastAppend(lo, hi, a, b, d, sh, lastBefore, len, bucketBytes);
      if (grown > d) {
        return appendPastGrid(
            src, lo, hi, a, b, t, ka, grown, lastBefore, len, maxBytes, denseBytes);
      }
    }

    // Toggles up to b, in bucket kb (from where ka's scan stopped when kb == ka).
    int endB = kb < d ? bucketStart(src, d, kb + 1) : len;
    if (kb != ka) {
      i = bucketStart(src, d, kb);
      last = bucketBase(lo, sh, kb);
      st = bucketState(src, d, kb);
    }
    while (i < endB) {
      int j = i;
      int x = src[j++];
      long v = x;
      if (x < 0) {
        int y = src[j++];
        v = (x & 0x7f) | (y & 0x7f) << 7;
        if (y < 0) {
          int z = src[j++];
          v |= (long) (z & 0x7f) << 14;
          if (z < 0) {
            v = readVarint(src, i);
            j = varintEnd(src, j);
          }
        }
      }
      long p = last + v;
      if (p > b) {
        break;
      }
      last = p;
      st = !st;
      i = j;
    }
    final int cut2 = i;

    boolean first = a == lo ? t : firstState(src);
    boolean toggleA = a > lo && stBefore != t;
    boolean toggleB = b < hi && st != t;
    long prevA = toggleA ? a : lastBefore;
    long baseB = ka == kb ? prevA : bucketBase(lo, sh, kb);
    int vA = toggleA ? varintSize(a - lastBefore) : 0;
    int vB = toggleB ? varintSize(b - baseB) : 0;
    long prevQ = toggleB ? b : baseB;
    boolean hasQ = cut2 < endB;
    long q = hasQ ? last + readVarint(src, cut2) : 0;
    int vQ = hasQ ? varintSize(q - prevQ) : 0;
    int tail = hasQ ? varintEnd(src, cut2) : endB;
    int delta = vA + vB + vQ - (tail - cut1);
    int newLen = len + delta;
    int p0 = payloadStart(d);
    if (newLen > maxBytes || denseWinsOver(newLen, denseBytes)) {
      return null;
    }
    if (newLen == p0) {
      return first ? ALL_SHARED : ALL_PRIVATE; // no toggle left
    }
    int editedBytes =
        (kb < d ? bucketStart(src, d, kb + 1) + delta : newLen)
            - (ka == kb ? bucketStart(src, d, kb) : cut1 + vA);
    if (editedBytes > 2 * bucketBytes
        && 2 * (d + 1) <= maxBuckets(newLen - p0, bucketBytes)
        && betterDirectory(src, lo, d, sh, newLen, bucketBytes)) {
      return null;
    }
    boolean shared = src == ALL_PRIVATE || src == ALL_SHARED;
    byte[] out;
    if (!shared && fits(src.length, newLen)) {
      out = src;
      System.arraycopy(src, tail, out, tail + delta, len - tail);
      for (int z = newLen; z < len; z++) {
        out[z] = 0; // the freed tail becomes unused capacity again
      }
    } else {
      boolean append = tail == len && newLen > len; // grows, and no byte after the edit moves
      out = new byte[capacityFor(newLen) + (append ? room(newLen) : 0)];
      System.arraycopy(src, 0, out, 0, cut1);
      System.arraycopy(src, tail, out, tail + delta, len - tail);
    }
    out[0] = (byte) ((first ? 1 : 0) | sh << 1);
    int k = cut1;
    if (toggleA) {
      k = writeVarint(out, k, a - lastBefore);
    }
    int kbStart = k;
    if (toggleB) {
      k = writeVarint(out, k, b - baseB);
    }
    if (hasQ) {
      k = writeVarint(out, k, q - prevQ);
    }
    if (k != tail + delta) {
      throw new AssertionError("edited bucket ends at " + k + ", tail at " + (tail + delta));
    }
    // Buckets after ka up to kb now start where kb's bytes do, and enter in state t; later ones
    // moved by delta.
    for (int m = ka + 1; m <= kb; m++) {
      setOffset(out, d, m, kbStart - p0);
      setBit(out, HEADER + d, m, t);
    }
    shiftOffsets(out, d, kb + 1, delta);
    return out;
  }

  /**
   * Adds {@code delta} to the starts of buckets {@code from..d}, which stay within 0..511. Only the
   * low bytes are read; a ninth bit changes only where a low byte wraps (up past 255 or down past
   * 0), so the loop is one byte load, add and store per bucket.
   */
  static void shiftOffsets(byte[] b, int d, int from, int delta) {
    if (delta == 0) {
      return;
    }
    int ninth = HEADER + d + ((d + 7) >>> 3);
    for (int m = from; m <= d; m++) {
      int at = HEADER + m - 1;
      int v = (b[at] & 0xff) + delta;
      b[at] = (byte) v;
      if ((v & ~0xff) != 0) {
        setBit(b, ninth, m, delta > 0); // wrapped: the start crossed 256
      }
    }
  }

  /**
   * The directory an append past every toggle is given, or {@code d} to keep the one it has. An
   * append whose toggles lie past the grid's last bucket would otherwise land in that clamped
   * bucket, which then grows with every append (restoring a range run by run, or a VMM converting
   * memory in ascending order) and every later append decodes it all. Instead the grid is extended
   * with the leaf's own shift until the appended toggles have buckets of their own, as a fresh
   * encode of the same toggles on this grid would lay them out. Declined (keeping {@code d}) when
   * the last bucket already holds toggles past its grid cell, or when the longer directory would
   * pass 255 entries or have twice the entries a fresh encode may give the new payload ({@link
   * #maxBuckets}): 2.5 bytes per 16 payload bytes at most, where the grid's cells are sparser than
   * the content the encoder chose it for.
   */
  private static int gridPastAppend(
      long lo, long hi, long a, long b, int d, int sh, long lastBefore, int len, int bucketBytes) {
    long lastNew = b < hi ? b : a;
    long cell = (lastNew - lo) >>> sh;
    if (cell <= d || cell > 255 || ((lastBefore - lo) >>> sh) > d) {
      return d;
    }
    int grown = (int) cell;
    long ca = (a - lo) >>> sh;
    int payload =
        len
            - payloadStart(d)
            + varintSize(a - (ca > d ? bucketBase(lo, sh, (int) ca) : lastBefore));
    if (b < hi) {
      payload += varintSize(b - (cell > ca ? bucketBase(lo, sh, grown) : a));
    }
    return grown < 2 * maxBuckets(payload, bucketBytes) ? grown : d;
  }

  /**
   * Appends {@code [a, b) := t} past every toggle of {@code src} (whose state there is {@code !t}),
   * extending its directory from {@code d} to {@code grown > d} entries of the same shift; {@code
   * ka} is the bucket of {@code a} in the old grid. Buckets up to {@code a}'s are empty past the
   * payload's end and enter in state {@code !t}, later ones start behind {@code a}'s toggle. Edits
   * in place when the result fits, else into a new array; null when the result must be repacked
   * (see {@link #edit}).
   */
  private static byte @Nullable [] appendPastGrid(
      byte[] src,
      long lo,
      long hi,
      long a,
      long b,
      boolean t,
      int ka,
      int grown,
      long lastBefore,
      int len,
      int maxBytes,
      int denseBytes) {
    int d = dirCount(src);
    int sh = shift(src);
    int ba = bucketOf(lo, sh, grown, a);
    boolean toggleB = b < hi;
    int bb = toggleB ? bucketOf(lo, sh, grown, b) : ba;
    long baseA = ba > d ? bucketBase(lo, sh, ba) : lastBefore;
    long baseB = bb > ba ? bucketBase(lo, sh, bb) : a;
    int vA = varintSize(a - baseA);
    int vB = toggleB ? varintSize(b - baseB) : 0;
    int p0 = payloadStart(d);
    int p1 = payloadStart(grown);
    int payload = len - p0;
    int newLen = p1 + payload + vA + vB;
    if (newLen > maxBytes || denseWinsOver(newLen, denseBytes)) {
      return null;
    }
    byte[] out = fits(src.length, newLen) ? src : new byte[capacityFor(newLen) + room(newLen)];
    int bits0 = (d + 7) >>> 3;
    int bits1 = (grown + 7) >>> 3;
    // Right to left, so that moving in place never overwrites bytes still to be moved.
    System.arraycopy(src, p0, out, p1, payload);
    System.arraycopy(src, HEADER + d + bits0, out, HEADER + grown + bits1, bits0);
    System.arraycopy(src, HEADER + d, out, HEADER + grown, bits0);
    if (out != src) {
      System.arraycopy(src, 0, out, 0, HEADER + d);
    }
    for (int z = bits0; z < bits1; z++) {
      out[HEADER + grown + z] = 0;
      out[HEADER + grown + bits1 + z] = 0;
    }
    out[1] = (byte) grown;
    int at = writeVarint(out, p1 + payload, a - baseA);
    int afterA = at - p1;
    if (toggleB) {
      at = writeVarint(out, at, b - baseB);
    }
    if (at != newLen) {
      throw new AssertionError("appended leaf ends at " + at + ", not " + newLen);
    }
    // Buckets after a's start behind it and enter in state t; new ones before it, empty, in !t.
    for (int m = ka + 1; m <= grown; m++) {
      boolean pastA = m > ba;
      setOffset(out, grown, m, pastA ? afterA : payload);
      setBit(out, HEADER + grown, m, pastA ? t : !t);
    }
    return out;
  }

  /** The representation rule for a sparse result: see {@link Leaves#denseWins}. */
  private static boolean denseWinsOver(int sparseBytes, int denseBytes) {
    return Leaves.denseWins(sparseBytes, denseBytes, false);
  }

  /**
   * Whether re-encoding the edited content would choose a finer bucket grid than the leaf has (its
   * content grew since it was encoded). Only asked when an edited bucket is long, and it allocates
   * nothing; the grid a re-encode picks answers no to it, so edits do not repack over and over.
   */
  private static boolean betterDirectory(
      byte[] src, long lo, int d, int sh, int newLen, int bucketBytes) {
    int buckets = maxBuckets(newLen - payloadStart(d), bucketBytes);
    if (buckets <= d + 1) {
      return false;
    }
    long last = lastToggle(src, lo);
    if (last < 0) {
      return false;
    }
    int s2 = shiftFor(lo, last, buckets);
    return s2 < sh || (int) ((last - lo) >>> s2) > d;
  }

  /** Position of the last toggle, or -1 for a toggle-free leaf: scans the last non-empty bucket. */
  static long lastToggle(byte[] b, long lo) {
    int d = dirCount(b);
    int sh = shift(b);
    int end = contentEnd(b);
    for (int k = d; k >= 0; k--) {
      int i = bucketStart(b, d, k);
      if (i < end) {
        long pos = bucketBase(lo, sh, k);
        while (i < end) {
          pos += readVarint(b, i);
          i = varintEnd(b, i);
        }
        return pos;
      }
      end = i;
    }
    return -1;
  }
}
