/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The leaf layer on its own, against oracles written here from the layout in {@link SparseLeaf}'s
 * and {@link Leaves}' documentation (an independent LEB128 encoder and decoder of the bucketed
 * sparse format, a bit-by-bit bitmap, toggles as a sorted list): the readers on both
 * representations, the edits, the size formulas and the packer's choices. The store tests reach
 * these only through whole trees, where a leaf that is larger or sparser than the rules say still
 * holds the right content; here every rule is checked exactly. Seeds are fixed and named in every
 * failure. {@link SparseLeafTest} uses the same oracles for the sparse format's own tests.
 */
class LeavesTest {
  /** Tiny directory buckets (3 payload bytes each): leaves with many directory entries. */
  static final Limits TINY_BUCKETS = MapleDifferentialTest.TINY_BUCKETS;

  private static final Limits[] LIMITS = {
    MapleDifferentialTest.TINY,
    MapleDifferentialTest.SMALL,
    new Limits(12, 64, 4),
    new Limits(256, 64, 4), // a bitmap is smaller than a full sparse leaf
    TINY_BUCKETS,
    new Limits(512, 1 << 12, 4, 2), // the largest leaves with the finest grid
    Limits.DEFAULT
  };

  // ---------------------------------------------------------------- oracles

  /** A leaf's content over {@code [lo, hi)}: its first state and its toggles, in (lo, hi). */
  // Never compared or hashed as a record: the array is only read through the accessor.
  @SuppressWarnings("ArrayRecordComponent")
  record Content(long lo, long hi, boolean first, long[] toggles) {
    boolean stateAt(long p) {
      int at = Arrays.binarySearch(toggles, p);
      int togglesUpToP = at >= 0 ? at + 1 : -at - 1;
      return first ^ (togglesUpToP % 2 == 1);
    }

    /** First page in {@code [from, hi)} in state {@code want}, or -1. */
    long next(long from, boolean want) {
      if (stateAt(from) == want) {
        return from;
      }
      for (long t : toggles) {
        if (t > from) {
          return t;
        }
      }
      return -1;
    }

    /** The content after {@code [a, b) := t}, with no redundant toggle. */
    Content assign(long a, long b, boolean t) {
      TreeSet<Long> out = new TreeSet<>();
      boolean newFirst = a == lo ? t : first;
      // Walk every page where the state may change: old toggles, a and b.
      TreeSet<Long> edges = new TreeSet<>();
      for (long x : toggles) {
        edges.add(x);
      }
      edges.add(a);
      if (b < hi) {
        edges.add(b);
      }
      boolean prev = newFirst;
      for (long x : edges) {
        if (x == lo) {
          continue;
        }
        boolean s = (x >= a && x < b) ? t : stateAt(x);
        if (s != prev) {
          out.add(x);
          prev = s;
        }
      }
      return new Content(lo, hi, newFirst, out.stream().mapToLong(Long::longValue).toArray());
    }

    boolean lastState() {
      return first ^ (toggles.length % 2 == 1);
    }

    long lastToggle() {
      return toggles.length == 0 ? -1 : toggles[toggles.length - 1];
    }

    @Override
    public String toString() {
      return "[" + lo + ", " + hi + ") from " + first + ", toggles " + Arrays.toString(toggles);
    }
  }

  static Content randomContent(SplittableRandom rnd, long lo, long span, int maxToggles) {
    TreeSet<Long> toggles = new TreeSet<>();
    int k = (int) Math.min(span - 1, rnd.nextInt(maxToggles + 1));
    // Mostly clustered (short distances), sometimes spread (long varints).
    long window = rnd.nextBoolean() ? Math.min(span - 1, 4L * k + 8) : span - 1;
    long start = rnd.nextLong(span - window);
    while (toggles.size() < k) {
      toggles.add(lo + 1 + Math.min(span - 2, start + rnd.nextLong(window)));
    }
    return new Content(
        lo, lo + span, rnd.nextBoolean(), toggles.stream().mapToLong(Long::longValue).toArray());
  }

  /** Unsigned LEB128, written here from the format description. */
  static void leb128(ByteArrayOutputStream out, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  static int lebSize(long v) {
    int bytes = 1;
    for (long rest = v >>> 7; rest != 0; rest >>>= 7) {
      bytes++;
    }
    return bytes;
  }

  /** Bytes before a sparse leaf's directory: the state/shift byte and the entry count. */
  static final int HEADER = 2;

  /** Bytes of a directory of {@code d} entries: a low offset byte each, two bit arrays. */
  static int directoryBytes(int d) {
    return d + 2 * ((d + 7) / 8);
  }

  /** Directory buckets the encoder gives {@code payload} bytes: one per bucketBytes, 1 to 255. */
  static int maxBuckets(int payload, int bucketBytes) {
    return Math.max(1, Math.min(255, payload / bucketBytes));
  }

  /**
   * The grid the encoder picks for toggles up to {@code lo + lastOffset}: the smallest shift s with
   * {@code lastOffset >> s < buckets}, that is {@code lastOffset < buckets * 2^s}, which is the bit
   * length of {@code lastOffset / buckets}.
   */
  static int shiftFor(long lastOffset, int buckets) {
    return 64 - Long.numberOfLeadingZeros(lastOffset / buckets);
  }

  /** Bytes of the toggles of {@code c} in {@code (s, end)} as one varint chain from {@code s}. */
  static int chainBytes(Content c, long s, long end) {
    int bytes = 0;
    long prev = s;
    for (long t : c.toggles) {
      if (t > s && t < end) {
        bytes += lebSize(t - prev);
        prev = t;
      }
    }
    return bytes;
  }

  /**
   * The sparse size the dense-leaf rule measures over {@code (s, end)}: the header, the toggles
   * chained, and the largest directory a chain that long gets with {@code bucketBytes} (one entry
   * per {@code bucketBytes} of chain, at most 255; 1 byte and 2 bits each).
   */
  static int sparseBytes(Content c, long s, long end, int bucketBytes) {
    int chain = chainBytes(c, s, end);
    int d = Math.max(1, Math.min(255, chain / bucketBytes)) - 1;
    return HEADER + d + 2 * ((d + 7) / 8) + chain;
  }

  /** The bucket of a toggle at {@code t} in grid {@code (shift, d)}: the last runs on. */
  static int bucketOf(long lo, int shift, int d, long t) {
    long k = (t - lo) >>> shift;
    return (int) Math.min(k, d);
  }

  /**
   * The content bytes of a sparse leaf of {@code c} with the grid {@code (shift, d)}: header,
   * directory, then per bucket its toggles as distances, the first from the bucket's base (lo for
   * bucket 0, the page before the bucket's first page for the others). No padding.
   */
  static byte[] sparse(Content c, int shift, int d) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int[] starts = new int[d + 1];
    int j = 0;
    for (int k = 0; k <= d; k++) {
      starts[k] = payload.size();
      long prev = k == 0 ? c.lo : c.lo + ((long) k << shift) - 1;
      while (j < c.toggles.length && bucketOf(c.lo, shift, d, c.toggles[j]) == k) {
        leb128(payload, c.toggles[j] - prev);
        prev = c.toggles[j++];
      }
    }
    assertEquals(c.toggles.length, j, "toggles outside the grid");
    int bits = (d + 7) / 8;
    byte[] dir = new byte[directoryBytes(d)];
    for (int k = 1; k <= d; k++) {
      dir[k - 1] = (byte) starts[k];
      if (c.stateAt(c.lo + ((long) k << shift) - 1)) {
        dir[d + (k - 1) / 8] |= (byte) (1 << ((k - 1) % 8));
      }
      if (starts[k] >= 256) {
        dir[d + bits + (k - 1) / 8] |= (byte) (1 << ((k - 1) % 8));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((c.first ? 1 : 0) | shift << 1);
    out.write(d);
    out.writeBytes(dir);
    out.writeBytes(payload.toByteArray());
    return out.toByteArray();
  }

  /** The grid the encoder picks for content {@code c} (with toggles): {shift, d}. */
  static int[] grid(Content c, int bucketBytes) {
    int buckets = maxBuckets(chainBytes(c, c.lo, c.hi), bucketBytes);
    long last = c.lastToggle() - c.lo;
    int shift = shiftFor(last, buckets);
    return new int[] {shift, (int) (last >>> shift)};
  }

  /** Array length for {@code size} content bytes: the next multiple of 8. */
  static int capacity(int size) {
    return (size + 7) / 8 * 8;
  }

  /**
   * The sparse leaf the encoder gives {@code c}: the grid {@link #grid} picks, in an array rounded
   * up to 8 bytes; a toggle-free content is the 2-byte constant of its state.
   */
  static byte[] sparse(Content c, int bucketBytes) {
    if (c.toggles.length == 0) {
      return new byte[] {(byte) (c.first ? 1 : 0), 0};
    }
    int[] g = grid(c, bucketBytes);
    byte[] b = sparse(c, g[0], g[1]);
    return Arrays.copyOf(b, capacity(b.length));
  }

  /**
   * A sparse leaf of {@code c} in a random grid, as edits leave them (buckets may be empty, the
   * last may start past the last toggle, but no bucket starts past the leaf's last page), with 0 or
   * {@link SparseLeaf#MAX_SLACK} bytes of unused capacity.
   */
  static byte[] sparseInRandomGrid(SplittableRandom rnd, Content c) {
    if (c.toggles.length == 0) {
      return c.first ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE;
    }
    long span = c.hi - 1 - c.lo;
    int shift = rnd.nextInt(64 - Long.numberOfLeadingZeros(span) + 1);
    int d = (int) Math.min(254, rnd.nextLong((span >>> shift) + 1));
    byte[] b = sparse(c, shift, d);
    if (b.length - HEADER - directoryBytes(d) >= 512) {
      // Bucket offsets have 9 bits: a payload this long gets one bucket.
      b = sparse(c, 64 - Long.numberOfLeadingZeros(span), 0);
    }
    return Arrays.copyOf(b, capacity(b.length) + (rnd.nextBoolean() ? 0 : SparseLeaf.MAX_SLACK));
  }

  /** The content of sparse leaf {@code b} over {@code [lo, hi)}, decoded here from the layout. */
  static Content decodeSparse(byte[] b, long lo, long hi) {
    boolean first = (b[0] & 1) != 0;
    int shift = (b[0] & 0xff) >>> 1;
    int d = b[1] & 0xff;
    int bits = (d + 7) / 8;
    int payload = HEADER + directoryBytes(d);
    int end = b.length;
    while (end > payload && b[end - 1] == 0) {
      end--;
    }
    int[] starts = new int[d + 2];
    starts[0] = payload;
    starts[d + 1] = end;
    for (int k = 1; k <= d; k++) {
      int ninth = b[HEADER + d + bits + (k - 1) / 8] >> ((k - 1) % 8) & 1;
      starts[k] = payload + (b[HEADER + k - 1] & 0xff) + 256 * ninth;
    }
    List<Long> toggles = new ArrayList<>();
    for (int k = 0; k <= d; k++) {
      long pos = k == 0 ? lo : lo + ((long) k << shift) - 1;
      int i = starts[k];
      while (i < starts[k + 1]) {
        long v = 0;
        int at = 0;
        byte x;
        do {
          x = b[i++];
          v |= (long) (x & 0x7f) << (7 * at++);
        } while (x < 0);
        pos += v;
        toggles.add(pos);
      }
    }
    return new Content(lo, hi, first, toggles.stream().mapToLong(Long::longValue).toArray());
  }

  /** The grid {shift, d} a sparse leaf's header names. */
  static int[] gridOf(byte[] b) {
    return new int[] {(b[0] & 0xff) >>> 1, b[1] & 0xff};
  }

  /**
   * Asserts that sparse leaf {@code leaf} holds {@code expected} in the format: a toggle-free leaf
   * is its shared constant; any other is the exact bytes of its content in its own grid (which
   * fixes the directory, the bucket of every toggle and every distance), followed by zero bytes, in
   * an array of a multiple of 8 bytes with at most {@link SparseLeaf#MAX_SLACK} bytes beyond the
   * 8-byte boundary its content needs.
   */
  static void assertSparse(Content expected, byte[] leaf, String what) {
    if (expected.toggles.length == 0) {
      assertSame(
          expected.first ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE, leaf, what + ": constant");
      return;
    }
    assertEquals(
        expected.toString(), decodeSparse(leaf, expected.lo, expected.hi).toString(), what);
    int[] g = gridOf(leaf);
    byte[] bytes = sparse(expected, g[0], g[1]);
    assertArrayEquals(bytes, Arrays.copyOf(leaf, bytes.length), what + ": bytes, grid " + g[0]);
    for (int i = bytes.length; i < leaf.length; i++) {
      assertEquals(0, leaf[i], what + ": unused byte " + i + " of " + leaf.length);
    }
    assertEquals(0, leaf.length % 8, what + ": capacity " + leaf.length);
    assertTrue(
        leaf.length - capacity(bytes.length) <= Math.max(SparseLeaf.MAX_SLACK, room(bytes.length)),
        what + ": " + leaf.length + " bytes for " + bytes.length);
  }

  /** The shared constants still hold what they stand for (an edit wrote into neither). */
  static void assertConstantsIntact() {
    assertArrayEquals(new byte[] {0, 0}, Leaves.ALL_PRIVATE, "ALL_PRIVATE was written");
    assertArrayEquals(new byte[] {1, 0}, Leaves.ALL_SHARED, "ALL_SHARED was written");
  }

  /**
   * The dense leaf of a content: bit i is page lo + i, bits past hi repeat page hi - 1, and one
   * last element counts the toggles between the bits.
   */
  static long[] dense(Content c, int words) {
    long[] w = new long[words + 1];
    boolean state = c.first;
    boolean prevBit = c.first;
    int next = 0; // index of the next toggle
    for (int i = 0; i < 64 * words; i++) {
      long page = Math.min(c.lo + i, c.hi - 1);
      while (next < c.toggles.length && c.toggles[next] <= page) {
        state = !state;
        next++;
      }
      if (state) {
        w[i >>> 6] |= 1L << i;
      }
      if (state != prevBit) {
        w[words]++;
      }
      prevBit = state;
    }
    return w;
  }

  /**
   * Pages past the dense span of a leaf that covers more: the content runs on in its last state.
   */
  private static Content clip(Content c, long cover) {
    return new Content(
        c.lo, c.hi, c.first, Arrays.stream(c.toggles).filter(t -> t < c.lo + cover).toArray());
  }

  /** The largest sparse payload the switch-to-dense rule leaves sparse, from the package doc. */
  static int sparseLimit(int bitmapBytes, boolean preferDense) {
    if (preferDense) {
      return bitmapBytes * 3 / 4 - 1;
    }
    int x = 0;
    while ((x + 1) + (x + 1) / 8 <= bitmapBytes + 32) {
      x++;
    }
    return x;
  }

  /** Largest size a sparse leaf whose toggles chain to {@code chain} bytes can encode to. */
  static int sparseBound(int chain, int bucketBytes) {
    return HEADER + directoryBytes(maxBuckets(chain, bucketBytes) - 1) + chain;
  }

  /** The merge rule's weight of a leaf: a sparse array's length, a bitmap's bytes. */
  private static int weight(Object leaf) {
    return leaf instanceof byte[] b ? b.length : 8 * (((long[]) leaf).length - 1);
  }

  // ---------------------------------------------------------------- varints

  @Test
  void varints_sizeReadWriteAndEnd_matchLeb128() {
    for (int bits = 1; bits <= 63; bits++) {
      for (long v : new long[] {1L << (bits - 1), (1L << bits) - 1, (1L << (bits - 1)) + 1}) {
        if (v <= 0) {
          continue;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x55); // the varint starts at index 1
        leb128(out, v);
        byte[] bytes = out.toByteArray();
        assertEquals(bytes.length - 1, Leaves.varintSize(v), "varintSize(" + v + ")");
        assertEquals(lebSize(v), Leaves.varintSize(v), "varintSize(" + v + ")");
        assertEquals(v, SparseLeaf.readVarint(bytes, 1), "readVarint of " + v);
        assertEquals(bytes.length, SparseLeaf.varintEnd(bytes, 1), "varintEnd of " + v);
        byte[] written = new byte[bytes.length];
        written[0] = 0x55;
        assertEquals(bytes.length, SparseLeaf.writeVarint(written, 1, v), "writeVarint end " + v);
        assertArrayEquals(bytes, written, "writeVarint of " + v);
        // And the packer writes the same leaf as the oracle.
        Content c = new Content(0, v + 1, false, new long[] {v});
        Leaves.Packed p = new Leaves.Packed();
        Leaves.pack(0, v + 1, false, new long[] {v}, 1, false, Limits.DEFAULT, p);
        assertEquals(1, p.n, "one leaf for " + v);
        assertArrayEquals(sparse(c, Limits.DEFAULT.bucketBytes), (byte[]) p.leaves[0], "leaf " + v);
      }
    }
    assertEquals(9, Leaves.varintSize(Long.MAX_VALUE));
  }

  // ---------------------------------------------------------------- reading

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void readers_onBothRepresentations_matchTheContent(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 40; round++) {
      long lo = rnd.nextBoolean() ? 0 : rnd.nextLong(1L << 40);
      int words = 1 + rnd.nextInt(4);
      // A dense leaf's span may end inside its bitmap or run on past it.
      long span =
          rnd.nextBoolean() ? 2 + rnd.nextInt(64 * words - 1) : 64L * words + rnd.nextInt(300);
      Content c = randomContent(rnd, lo, span, 20 + rnd.nextInt(200));
      Content denseContent = clip(c, 64L * words);
      int bucketBytes = 2 + rnd.nextInt(16);
      String what = "seed " + seed + " round " + round + " " + c;
      check(sparse(c, bucketBytes), c, what + " sparse, bucketBytes " + bucketBytes);
      check(sparseInRandomGrid(rnd, c), c, what + " sparse in a random grid");
      check(dense(denseContent, words), denseContent, what + " dense, " + words + " words");
    }
  }

  private static void check(Object leaf, Content c, String what) {
    assertEquals(c.first, Leaves.firstState(leaf), what);
    assertEquals(c.toggles.length, Leaves.toggleCount(leaf), what + ": toggleCount");
    long[] out = new long[c.toggles.length + 3];
    Arrays.fill(out, -7);
    assertEquals(c.toggles.length + 2, Leaves.decode(leaf, c.lo, out, 2), what + ": decode");
    assertArrayEquals(c.toggles, Arrays.copyOfRange(out, 2, 2 + c.toggles.length), what);
    assertEquals(-7, out[c.toggles.length + 2], what + ": decode wrote past its toggles");
    // Every page near a toggle or an end, and a few others.
    TreeSet<Long> pages = new TreeSet<>();
    for (long t : c.toggles) {
      pages.add(t - 1);
      pages.add(t);
    }
    pages.add(c.lo);
    pages.add(c.hi - 1);
    pages.add((c.lo + c.hi) >>> 1);
    for (long p : pages) {
      if (p < c.lo || p >= c.hi) {
        continue;
      }
      assertEquals(c.stateAt(p), Leaves.stateAt(leaf, c.lo, p), what + ": stateAt(" + p + ")");
      for (boolean want : new boolean[] {false, true}) {
        assertEquals(
            c.next(p, want),
            Leaves.next(leaf, c.lo, c.hi, p, want),
            what + ": next(" + p + ", " + want + ")");
      }
    }
  }

  // ---------------------------------------------------------------- bitmaps

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void fillNextBitNotAndTheToggleCount_matchBitByBit(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      int words = 1 + rnd.nextInt(4);
      long[] w = Leaves.newDense(words);
      assertEquals(words + 1, w.length, "a bitmap and its toggle count");
      for (int k = 0; k < words; k++) {
        w[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) == 0 ? -1 : rnd.nextLong();
      }
      int bits = 64 * words;
      boolean[] model = new boolean[bits];
      for (int i = 0; i < bits; i++) {
        model[i] = (w[i >>> 6] >>> i & 1) != 0;
      }
      String what = "seed " + seed + " round " + round;
      Leaves.recount(w);
      assertEquals(toggles(model), w[words], what + ": recount");
      assertEquals(toggles(model), Leaves.toggleCount(w), what + ": toggleCount");
      int from = rnd.nextInt(bits + 1);
      int to = from + rnd.nextInt(bits - from + 1);
      assertEquals(
          toggles(Arrays.copyOfRange(model, Math.max(0, from - 1), to)),
          Leaves.togglesIn(w, from, to - 1),
          what + ": togglesIn(" + from + ", " + (to - 1) + ")");
      boolean st = rnd.nextBoolean();
      Leaves.fillDense(w, from, to, st);
      Arrays.fill(model, from, to, st);
      for (int i = 0; i < bits; i++) {
        assertEquals(model[i], (w[i >>> 6] >>> i & 1) != 0, what + ": bit " + i + " after fill");
      }
      assertEquals(toggles(model), w[words], what + ": toggle count kept by fillDense");
      for (int start = 0; start < bits; start += 1 + rnd.nextInt(9)) {
        for (boolean s : new boolean[] {false, true}) {
          int expected = start;
          while (expected < bits && model[expected] == s) {
            expected++;
          }
          assertEquals(
              expected, Leaves.nextBitNot(w, start, s), what + ": nextBitNot(" + start + ", " + s);
        }
      }
    }
  }

  /** Adjacent bits that differ. */
  private static int toggles(boolean[] bits) {
    int n = 0;
    for (int i = 1; i < bits.length; i++) {
      n += bits[i] != bits[i - 1] ? 1 : 0;
    }
    return n;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void sparseBytesOfDense_andTheBackSwitch(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 60; round++) {
      int words = 1 + rnd.nextInt(8);
      Content c = randomContent(rnd, 1000, 64L * words, 12 * words);
      long[] w = dense(c, words);
      int exact = sparseBytes(c, c.lo, c.hi, Limits.DEFAULT.bucketBytes);
      String what = "seed " + seed + " round " + round + ", exact " + exact;
      assertEquals(exact, Leaves.sparseBytesOfDense(w, Integer.MAX_VALUE, Limits.DEFAULT), what);
      int stop = rnd.nextInt(exact + 3);
      int counted = Leaves.sparseBytesOfDense(w, stop, Limits.DEFAULT);
      assertTrue(
          exact <= stop ? counted == exact : counted > stop && counted <= exact,
          what + ": counted " + counted + " stopping above " + stop);
      assertEquals(
          exact >= 8 * words * 3 / 4, Leaves.keepsDense(w, Limits.DEFAULT), what + ": keepsDense");
    }
  }

  @Test
  void keepsDense_exactlyAtTheBackSwitchLine() {
    // 8 words: the line is 3/4 of 64 bytes, 48. The 2-byte header, a 2-byte varint then 1-byte
    // ones (a chain of toggles + 1 bytes, from 32 bytes on with a 1-entry directory of 3 bytes):
    // 42 toggles make 48 bytes (stays dense), 41 make 47 (goes sparse), though the header and
    // one byte per toggle (the O(1) shortcut) is below 48 for either.
    for (int toggles : new int[] {41, 42}) {
      long[] t = new long[toggles];
      for (int k = 0; k < toggles; k++) {
        t[k] = 200L + k;
      }
      Content c = new Content(0, 512, false, t);
      assertEquals(toggles + 6, sparseBytes(c, 0, 512, Limits.DEFAULT.bucketBytes));
      assertEquals(
          toggles == 42, Leaves.keepsDense(dense(c, 8), Limits.DEFAULT), toggles + " toggles");
    }
  }

  // ---------------------------------------------------------------- the dense-leaf rule

  @Test
  void denseRule_thresholdsAsDocumented() {
    for (int bitmap : new int[] {8, 16, 64, 512, 1024, 4096}) {
      int toDense = sparseLimit(bitmap, false);
      assertEquals(toDense, Leaves.sparseLimit(bitmap, false), "switch line, bitmap " + bitmap);
      assertFalse(Leaves.denseWins(toDense, bitmap, false), "bitmap " + bitmap);
      assertTrue(Leaves.denseWins(toDense + 1, bitmap, false), "bitmap " + bitmap);
      int stay = bitmap * 3 / 4;
      assertEquals(stay, Leaves.stayDenseBytes(bitmap));
      assertEquals(stay - 1, Leaves.sparseLimit(bitmap, true), "back-switch line " + bitmap);
      assertTrue(Leaves.denseWins(stay, bitmap, true), "bitmap " + bitmap);
      assertFalse(Leaves.denseWins(stay - 1, bitmap, true), "bitmap " + bitmap);
      assertTrue(stay - 1 < toDense, "hysteresis: back-switch below the switch, bitmap " + bitmap);
    }
    // 4 KiB bitmap: sparse x costs x + x/8 against 4096 + 32, so 3670 bytes stay sparse.
    assertEquals(3670, Leaves.sparseLimit(4096, false));
    assertEquals(4104, Leaves.bitmapBytes(32_769));
    assertEquals(8, Leaves.bitmapBytes(1));
    assertEquals(8, Leaves.bitmapBytes(64));
    assertEquals(16, Leaves.bitmapBytes(65));
  }

  // ---------------------------------------------------------------- edits

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void override_isAssignment(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 300; round++) {
      long lo = rnd.nextLong(1000);
      Content c = randomContent(rnd, lo, 2 + rnd.nextInt(200), 12);
      long a = lo + rnd.nextLong(c.hi - lo);
      long b = a + 1 + rnd.nextLong(c.hi - a);
      boolean t = rnd.nextBoolean();
      Content expected = c.assign(a, b, t);
      long[] out = new long[c.toggles.length + 2];
      boolean[] first = {c.first};
      int m = Leaves.override(lo, c.hi, c.toggles, c.toggles.length, a, b, t, out, first);
      String what =
          "seed " + seed + " round " + round + " [" + a + ", " + b + ") := " + t + " on " + c;
      assertEquals(expected.first, first[0], what);
      assertArrayEquals(expected.toggles, Arrays.copyOf(out, m), what);
    }
  }

  /** What {@link Leaves#editSparse} does with a leaf, by the rules {@link #checkEdit} states. */
  enum Edit {
    IN_PLACE,
    NEW_ARRAY,
    CONSTANT,
    TOO_LARGE,
    DENSE_WINS,
    BETTER_DIRECTORY
  }

  /**
   * Applies {@code [a, b) := t} to sparse leaf {@code src} holding {@code c} and checks the result
   * against the rules of {@link SparseLeaf#edit}, derived here: the content keeps the leaf's grid
   * (so its size is that of {@link #sparse(Content, int, int)} in that grid); it is repacked (null)
   * when that size exceeds the largest leaf, when a bitmap over the leaf's span (up to a dense
   * span) is cheaper by {@link Leaves#denseWins}, or when the bucket holding {@code b} grew past
   * twice {@code bucketBytes} and a grid for the new payload would be finer; a toggle-free result
   * is a shared constant; otherwise the leaf array is edited in place when the content fits its
   * capacity with at most {@link SparseLeaf#MAX_SLACK} bytes to spare beyond the 8-byte boundary
   * (never a shared constant), else copied into an array of exactly that boundary. A leaf that is
   * not edited in place is not written. Returns what happened.
   */
  static Edit checkEdit(
      byte[] src, Content c, long a, long b, boolean t, Limits limits, String what) {
    byte[] before = src.clone();
    boolean constant = src == Leaves.ALL_PRIVATE || src == Leaves.ALL_SHARED;
    Content after = c.assign(a, b, t);
    int[] g = gridOf(src);
    int grown = appendGrid(c, a, b, t, g[0], g[1], limits.bucketBytes);
    boolean gridGrows = grown > g[1];
    if (gridGrows) {
      g = new int[] {g[0], grown};
    }
    byte[] bytes = sparse(after, g[0], g[1]);
    int size = bytes.length;
    // An append that grows the leaf gets room: no toggle after b, or only the last one, in b's
    // bucket (the edit rewrites its distance, and no byte after it moves).
    boolean grows = endEdit(c, b, g) && size > oldSize(src, c);
    long span = Math.min(limits.denseSpan, c.hi - c.lo);
    int bitmap = (int) (8 * ((span + 63) / 64));
    Edit expected;
    if (size > limits.maxSparseBytes) {
      expected = Edit.TOO_LARGE;
    } else if (size > sparseLimit(bitmap, false)) {
      expected = Edit.DENSE_WINS;
    } else if (after.toggles.length == 0) {
      expected = Edit.CONSTANT;
    } else if (!gridGrows && betterDirectory(c, bytes, g[0], g[1], b, limits.bucketBytes)) {
      expected = Edit.BETTER_DIRECTORY;
    } else if (!constant
        && size <= src.length
        && src.length - capacity(size) <= Math.max(SparseLeaf.MAX_SLACK, room(size))) {
      expected = Edit.IN_PLACE;
    } else {
      expected = Edit.NEW_ARRAY;
    }
    String at =
        what + ": [" + a + ", " + b + ") := " + t + " on " + c + " in grid " + g[0] + "/" + g[1];
    byte[] got = Leaves.editSparse(src, c.lo, c.hi, a, b, t, limits);
    assertConstantsIntact();
    switch (expected) {
      case TOO_LARGE, DENSE_WINS, BETTER_DIRECTORY ->
          assertNull(got, at + ": expected " + expected);
      case IN_PLACE -> assertSame(src, got, at + ": not edited in place, " + size + " bytes");
      case NEW_ARRAY -> {
        assertNotNull(got, at + ": expected " + expected);
        assertNotSame(src, got, at + ": edited in place, " + size + " bytes");
        assertEquals(
            capacity(size) + (grows ? room(size) : 0),
            got.length,
            at + ": new array for " + size + " bytes");
      }
      case CONSTANT ->
          assertSame(after.first ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE, got, at + ": constant");
    }
    if (got != null) {
      assertSparse(after, got, at);
      if (got.length > HEADER) {
        assertArrayEquals(g, gridOf(got), at + ": the grid changed");
      }
    }
    if (expected != Edit.IN_PLACE) {
      assertArrayEquals(before, src, at + ": " + expected + ", yet the leaf was written");
    }
    return expected;
  }

  /**
   * Spare capacity for the new array of an append that grows a leaf: an eighth of the content in
   * 8-byte steps, from 128 content bytes on.
   */
  static int room(int size) {
    return size >= 128 ? size / 64 * 8 : 0;
  }

  /**
   * Whether an edit ending at {@code b} reaches the end of content {@code c} in grid {@code g}: no
   * toggle lies after {@code b}, or only one, in the same bucket as {@code b}.
   */
  private static boolean endEdit(Content c, long b, int[] g) {
    long after = Arrays.stream(c.toggles).filter(x -> x > b).count();
    return after == 0
        || (after == 1
            && bucketOf(c.lo, g[0], g[1], c.lastToggle()) == bucketOf(c.lo, g[0], g[1], b));
  }

  /** Content bytes of leaf {@code src} holding {@code c}: its own grid's encoding. */
  private static int oldSize(byte[] src, Content c) {
    int[] g = gridOf(src);
    return sparse(c, g[0], g[1]).length;
  }

  /**
   * The directory an append is given: when every toggle lies before {@code a > lo}, the state there
   * is not {@code t}, and the last new toggle ({@code b}, or {@code a} when {@code b} is the leaf's
   * end) lies in a grid cell past {@code d} (at most 255) while the old toggles all lie in cells up
   * to {@code d}, the grid is extended to that cell, if its entries are at most twice those a fresh
   * encoding gives the new payload ({@code cell + 1 <= 2 * maxBuckets}). Returns {@code d}
   * otherwise.
   */
  private static int appendGrid(
      Content c, long a, long b, boolean t, int shift, int d, int bucketBytes) {
    boolean past = c.toggles.length == 0 || c.lastToggle() < a;
    if (!past || a == c.lo || c.stateAt(a) == t) {
      return d;
    }
    long cell = ((b < c.hi ? b : a) - c.lo) >>> shift;
    if (cell <= d || cell > 255) {
      return d;
    }
    if (c.toggles.length > 0 && ((c.lastToggle() - c.lo) >>> shift) > d) {
      return d;
    }
    byte[] extended = sparse(c.assign(a, b, t), shift, (int) cell);
    int payload = extended.length - HEADER - directoryBytes((int) cell);
    return cell < 2L * maxBuckets(payload, bucketBytes) ? (int) cell : d;
  }

  /**
   * The repack trigger: the bucket holding {@code b}, in the edited content's bytes {@code bytes}
   * (grid {@code (shift, d)}), is longer than twice {@code bucketBytes}, the new payload calls for
   * at least twice the leaf's buckets, and the grid it calls for (over the leaf's old last toggle)
   * is finer than the leaf's.
   */
  private static boolean betterDirectory(
      Content c, byte[] bytes, int shift, int d, long b, int bucketBytes) {
    int payload = HEADER + directoryBytes(d);
    int kb = bucketOf(c.lo, shift, d, b);
    int start = kb == 0 ? payload : payload + offsetIn(bytes, d, kb);
    int end = kb < d ? payload + offsetIn(bytes, d, kb + 1) : bytes.length;
    int buckets = maxBuckets(bytes.length - payload, bucketBytes);
    if (end - start <= 2 * bucketBytes || 2 * (d + 1) > buckets || c.toggles.length == 0) {
      return false;
    }
    long last = c.lastToggle() - c.lo;
    int finer = shiftFor(last, buckets);
    return finer < shift || (last >>> finer) > d;
  }

  /** Bucket k's start relative to the payload, read from the directory of {@code b}. */
  private static int offsetIn(byte[] b, int d, int k) {
    int ninth = b[HEADER + d + (d + 7) / 8 + (k - 1) / 8] >> ((k - 1) % 8) & 1;
    return (b[HEADER + k - 1] & 0xff) + 256 * ninth;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void editSparse_editsInPlaceCopiesOrAsksForARepack(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    EnumMap<Edit, Integer> seen = new EnumMap<>(Edit.class);
    for (int round = 0; round < 600; round++) {
      Limits limits = LIMITS[rnd.nextInt(LIMITS.length)];
      long lo = rnd.nextLong(1L << 30);
      long span = 2 + (rnd.nextBoolean() ? rnd.nextInt(limits.denseSpan) : rnd.nextLong(1L << 24));
      Content c = randomContent(rnd, lo, span, limits.maxSparseBytes / (1 + rnd.nextInt(4)));
      // As the packer leaves it, or as earlier edits left it (any grid, slack).
      byte[] src = rnd.nextBoolean() ? sparse(c, limits.bucketBytes) : sparseInRandomGrid(rnd, c);
      int[] g = gridOf(src);
      if (sparse(c, g[0], g[1]).length > limits.maxSparseBytes) {
        continue; // not a leaf of these limits
      }
      long a = lo + (rnd.nextInt(8) == 0 ? 0 : rnd.nextLong(span));
      long b = a + 1 + (rnd.nextBoolean() ? rnd.nextInt(4) : rnd.nextLong(c.hi - a));
      b = rnd.nextInt(8) == 0 ? c.hi : Math.min(b, c.hi);
      Edit e =
          checkEdit(
              src,
              c,
              a,
              b,
              rnd.nextBoolean(),
              limits,
              "seed " + seed + " round " + round + " limits " + limits.maxSparseBytes);
      seen.merge(e, 1, Integer::sum);
    }
    for (Edit e : Edit.values()) {
      assertTrue(
          seen.getOrDefault(e, 0) >= (e == Edit.TOO_LARGE ? 2 : 10), "seed " + seed + ": " + seen);
    }
  }

  // ---------------------------------------------------------------- packing

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void pack_keepsTheContentAndFollowsTheRules(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int denseLeaves = 0;
    int sparseLeaves = 0;
    for (int round = 0; round < 40; round++) {
      Limits limits = LIMITS[rnd.nextInt(LIMITS.length)];
      long lo = rnd.nextLong(1L << 30);
      long span = 2 + rnd.nextLong(rnd.nextBoolean() ? 4L * limits.denseSpan : 1L << 30);
      int density = rnd.nextInt(3);
      Content c =
          density == 0
              ? randomContent(rnd, lo, span, 8)
              : randomContent(rnd, lo, span, density == 1 ? 300 : limits.denseSpan / 3);
      boolean preferDense = rnd.nextBoolean();
      Leaves.Packed p = new Leaves.Packed();
      Leaves.pack(lo, c.hi, c.first, c.toggles, c.toggles.length, preferDense, limits, p);
      String what = "seed " + seed + " round " + round + " (" + limits.maxSparseBytes + ")";
      assertEquals(lo, p.starts[0], what);
      TreeSet<Long> rebuilt = new TreeSet<>();
      for (int k = 0; k < p.n; k++) {
        long s = p.starts[k];
        long e = k + 1 < p.n ? p.starts[k + 1] : c.hi;
        assertTrue(s < e, what + ": leaf " + k + " empty");
        Object leaf = p.leaves[k];
        String at = what + ", leaf " + k + " at " + s;
        if (s > lo && Leaves.firstState(leaf) != c.stateAt(s - 1)) {
          rebuilt.add(s);
        }
        long[] tg = new long[Leaves.toggleCount(leaf)];
        Leaves.decode(leaf, s, tg, 0);
        Arrays.stream(tg).forEach(rebuilt::add);
        long d = Math.min(limits.denseSpan, c.hi - s);
        int bitmap = Leaves.bitmapBytes(d);
        boolean shouldBeDense =
            sparseBytes(c, s, s + d, limits.bucketBytes) > sparseLimit(bitmap, preferDense);
        assertEquals(shouldBeDense, Leaves.isDense(leaf), at + ": representation");
        if (Leaves.isDense(leaf)) {
          denseLeaves++;
          long[] w = (long[]) leaf;
          assertEquals(bitmap / 8 + 1, w.length, at + ": bitmap words and the toggle count");
          assertArrayEquals(
              dense(new Content(s, s + d, c.stateAt(s), inside(c, s, s + d)), bitmap / 8), w, at);
          if (k + 1 < p.n) {
            assertEquals(limits.denseSpan, e - s, at + ": a dense leaf but the last is full");
          }
        } else {
          sparseLeaves++;
          byte[] b = (byte[]) leaf;
          Content own = new Content(s, e, c.stateAt(s), inside(c, s, e));
          assertArrayEquals(sparse(own, limits.bucketBytes), b, at);
          assertSparse(own, b, at);
          int chain = chainBytes(own, s, e);
          // The packer fills a leaf while the largest encoding of its chain fits ...
          assertTrue(sparseBound(chain, limits.bucketBytes) <= limits.maxSparseBytes, at);
          if (own.toggles.length > 0) {
            int[] g = gridOf(b);
            int size = sparse(own, g[0], g[1]).length;
            assertTrue(size <= sparseBound(chain, limits.bucketBytes), at + ": " + size + " bytes");
          }
          if (k + 1 < p.n) {
            // ... and, since the rest did not fit one leaf, ends at the first toggle that would
            // take it past the merge line (7/8 of the largest leaf).
            long last = tg.length == 0 ? s : tg[tg.length - 1];
            assertTrue(
                sparseBound(chain + lebSize(e - last), limits.bucketBytes) > limits.mergeBytes(),
                at + ": a sparse leaf ended before it was full");
            assertTrue(
                tg.length == 0 || sparseBound(chain, limits.bucketBytes) <= limits.mergeBytes(),
                at + ": a leaf but the last filled past the merge line");
          }
        }
      }
      assertEquals(
          Arrays.toString(c.toggles),
          Arrays.toString(rebuilt.stream().mapToLong(Long::longValue).toArray()),
          what + ": content");
    }
    assertTrue(denseLeaves >= 3 && sparseLeaves >= 20, denseLeaves + " dense, " + sparseLeaves);
  }

  @Test
  void pack_exactlyAtTheLines() {
    Limits limits = new Limits(256, 64, 4); // one 8-byte bitmap per 64 pages
    for (boolean preferDense : new boolean[] {false, true}) {
      int line = preferDense ? 5 : 36; // the largest sparse measure left sparse
      assertEquals(line, sparseLimit(8, preferDense));
      // n toggles at pages 1..n: the most whose measure is at the line or below.
      int n = 0;
      while (sparseBytes(firstPages(64, n + 1), 0, 64, limits.bucketBytes) <= line) {
        n++;
      }
      for (int toggles : new int[] {n, n + 1}) {
        Content c = firstPages(64, toggles);
        Leaves.Packed p = new Leaves.Packed();
        Leaves.pack(0, 64, false, c.toggles, toggles, preferDense, limits, p);
        assertEquals(1, p.n);
        assertEquals(
            toggles > n,
            Leaves.isDense(p.leaves[0]),
            toggles + " toggles, preferDense " + preferDense);
      }
      // A toggle at the window's end belongs to the next window: this one stays at the line.
      long[] t = Arrays.copyOf(firstPages(64, n).toggles, n + 1);
      t[n] = 64;
      Leaves.Packed p = new Leaves.Packed();
      Leaves.pack(0, 128, false, t, t.length, preferDense, limits, p);
      assertFalse(Leaves.isDense(p.leaves[0]), "window at the line, preferDense " + preferDense);
    }
  }

  /** Content over {@code [0, pages)} with toggles at pages {@code 1..n}, starting private. */
  private static Content firstPages(long pages, int n) {
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = 1L + k;
    }
    return new Content(0, pages, false, t);
  }

  // ---------------------------------------------------------------- sibling pairs

  /** One leaf of content {@code c}, of the representation {@code dense} asks for, or null. */
  private static Object leaf(Content c, boolean dense, Limits limits) {
    Leaves.Packed p = new Leaves.Packed();
    Leaves.pack(c.lo, c.hi, c.first, c.toggles, c.toggles.length, dense, limits, p);
    return p.n == 1 ? p.leaves[0] : null;
  }

  private static Content join(Content x, Content y) {
    TreeSet<Long> joined = new TreeSet<>();
    Arrays.stream(x.toggles).forEach(joined::add);
    if (y.first != x.lastState()) {
      joined.add(x.hi);
    }
    Arrays.stream(y.toggles).forEach(joined::add);
    return new Content(x.lo, y.hi, x.first, joined.stream().mapToLong(Long::longValue).toArray());
  }

  private static void assertSameLeaf(Object expected, Object actual, String what) {
    if (expected instanceof byte[] bytes) {
      assertArrayEquals(bytes, (byte[]) actual, what);
    } else {
      assertArrayEquals((long[]) expected, (long[]) actual, what);
    }
  }

  /**
   * {@link MapleStore#packPair} packs two sibling leaves' joined content as the packer would, by
   * the back-switch line when either of them is a bitmap (the span is dense now), except that it
   * returns null, without decoding them, when their weights (a sparse leaf's array length, a
   * bitmap's bytes) add up to more than 7/8 of the largest sparse leaf (the merge hysteresis, so
   * that a leaf a split just cut in two is not joined again) and either the pair spans more than a
   * dense span or, both sparse, is too light for a bitmap to win ({@link #tooWideOrTooLight}).
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void packPair_packsTheJoinedContentUnlessTooHeavy(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int merged = 0;
    int kept = 0;
    int tooHeavy = 0;
    for (int round = 0; round < 800; round++) {
      Limits limits = LIMITS[rnd.nextInt(LIMITS.length)];
      long xlo = rnd.nextLong(1L << 20);
      long xSpan = 2L + rnd.nextInt(rnd.nextBoolean() ? limits.denseSpan : 4 * limits.denseSpan);
      long ySpan = 2L + rnd.nextInt(rnd.nextBoolean() ? limits.denseSpan : 4 * limits.denseSpan);
      Content x = randomContent(rnd, xlo, xSpan, 1 + rnd.nextInt(limits.maxSparseBytes));
      Content y = randomContent(rnd, x.hi, ySpan, 1 + rnd.nextInt(limits.maxSparseBytes));
      Object xl = leaf(x, rnd.nextBoolean(), limits);
      Object yl = leaf(y, rnd.nextBoolean(), limits);
      if (xl == null || yl == null) {
        continue; // not a single leaf
      }
      Leaves.Packed p = MapleStore.packPair(xl, yl, x.lo, x.hi, y.hi, limits);
      String what = "seed " + seed + " round " + round + ": " + x + " + " + y;
      int mergeBytes = limits.maxSparseBytes - limits.maxSparseBytes / 8;
      if (weight(xl) + weight(yl) > mergeBytes && tooWideOrTooLight(xl, yl, y.hi - x.lo, limits)) {
        assertNull(p, what + ": too heavy to merge, weights " + weight(xl) + " + " + weight(yl));
        tooHeavy++;
        continue;
      }
      assertNotNull(p, what + ": light enough to merge");
      Content joined = join(x, y);
      Leaves.Packed expected = new Leaves.Packed();
      boolean preferDense = Leaves.isDense(xl) || Leaves.isDense(yl);
      Leaves.pack(
          x.lo,
          y.hi,
          x.first,
          joined.toggles,
          joined.toggles.length,
          preferDense,
          limits,
          expected);
      assertEquals(expected.n, p.n, what + ": leaves");
      for (int k = 0; k < p.n; k++) {
        assertEquals(expected.starts[k], p.starts[k], what + ": start of leaf " + k);
        assertSameLeaf(expected.leaves[k], p.leaves[k], what + ": leaf " + k);
      }
      if (p.n == 1) {
        merged++;
      } else {
        kept++;
      }
    }
    assertTrue(
        merged > 20 && kept > 20 && tooHeavy > 20,
        "seed " + seed + ": " + merged + " merged, " + kept + " kept, " + tooHeavy + " too heavy");
  }

  /**
   * The rest of the O(1) test: the pair spans more than a dense span, or both leaves are sparse and
   * the bound of their two payloads (a lower bound of their joined chain) stays at or under the
   * line past which the packer makes a span a bitmap.
   */
  private static boolean tooWideOrTooLight(Object x, Object y, long span, Limits limits) {
    if (span > limits.denseSpan) {
      return true;
    }
    if (!(x instanceof byte[] bx) || !(y instanceof byte[] by)) {
      return false;
    }
    int chain = payload(bx) + payload(by);
    return sparseBound(chain, limits.bucketBytes) <= sparseLimit(Leaves.bitmapBytes(span), false);
  }

  /** The varint bytes of a sparse leaf: up to its last non-zero byte, past its directory. */
  private static int payload(byte[] b) {
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return Math.max(0, end - HEADER - directoryBytes(b[1] & 0xff));
  }

  @Test
  void packPair_hysteresis_atSevenEighthsOfALeaf() {
    // 64-byte leaves: pairs over more than a dense span merge up to weights of 56 bytes.
    Limits limits = new Limits(64, 64, 4);
    Content x = new Content(0, 1000, false, pages(1, 23)); // 25 bytes of content, array of 32
    assertEquals(32, sparse(x, limits.bucketBytes).length);
    // 23 toggles leave x shared: y starts shared, so no toggle at the junction.
    Content heavy = new Content(1000, 2000, true, pages(1001, 23)); // 32 bytes too
    Content light = new Content(1000, 2000, true, pages(1001, 15)); // 17 bytes, array of 24
    assertEquals(24, sparse(light, limits.bucketBytes).length);
    // The heavy pair would fit one leaf (a 47-byte chain, one directory entry: 52 bytes) ...
    assertEquals(52, sparse(join(x, heavy), limits.bucketBytes).length - 4);
    assertNull(
        MapleStore.packPair(
            sparse(x, limits.bucketBytes),
            sparse(heavy, limits.bucketBytes),
            0,
            1000,
            2000,
            limits),
        "64 bytes of weight, over 56: not merged");
    Leaves.Packed p =
        MapleStore.packPair(
            sparse(x, limits.bucketBytes),
            sparse(light, limits.bucketBytes),
            0,
            1000,
            2000,
            limits);
    assertTrue(p != null && p.n == 1, "56 bytes of weight: merged");
    assertArrayEquals(sparse(join(x, light), limits.bucketBytes), (byte[]) p.leaves[0]);
  }

  /** {@code n} consecutive pages from {@code from}. */
  private static long[] pages(long from, int n) {
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = from + k;
    }
    return t;
  }

  @Test
  void packPair_atItsLimits() {
    // Both sparse and full, joined over exactly one dense span: one bitmap holds them, whatever
    // their weights.
    Limits full = new Limits(24, 64, 4);
    Content x = new Content(0, 32, false, pages(1, 22));
    Content y = new Content(32, 64, true, pages(33, 22));
    assertEquals(24, sparse(x, full.bucketBytes).length);
    Leaves.Packed p =
        MapleStore.packPair(
            sparse(x, full.bucketBytes), sparse(y, full.bucketBytes), 0, 32, 64, full);
    assertTrue(p != null && p.n == 1 && Leaves.isDense(p.leaves[0]), "one bitmap");
    assertArrayEquals(dense(join(x, y), 1), (long[]) p.leaves[0]);
    // Between the two lines (over 128 pages: 16-byte bitmap, lines 12 and 43 bytes), a pair with
    // a bitmap stays a bitmap and a sparse pair stays sparse, whichever side the bitmap is on.
    Limits lines = new Limits(256, 128, 4);
    int bb = lines.bucketBytes;
    Content many = new Content(0, 64, false, new long[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20});
    Content few = new Content(64, 128, false, new long[] {70, 72, 74});
    assertEquals(15, sparseBytes(join(many, few), 0, 128, bb));
    Object manyDense = dense(many, 1);
    Object fewDense = dense(few, 1);
    assertTrue(Leaves.keepsDense((long[]) manyDense, lines));
    assertTrue(
        Leaves.isDense(
            MapleStore.packPair(manyDense, sparse(few, bb), 0, 64, 128, lines).leaves[0]));
    assertTrue(
        Leaves.isDense(
            MapleStore.packPair(sparse(many, bb), fewDense, 0, 64, 128, lines).leaves[0]));
    assertFalse(
        Leaves.isDense(
            MapleStore.packPair(sparse(many, bb), sparse(few, bb), 0, 64, 128, lines).leaves[0]));
    Content manyRight =
        new Content(64, 128, false, Arrays.stream(many.toggles).map(t -> t + 64).toArray());
    Content fewLeft = new Content(0, 64, false, new long[] {6, 8, 10});
    assertTrue(
        Leaves.isDense(
            MapleStore.packPair(sparse(fewLeft, bb), dense(manyRight, 1), 0, 64, 128, lines)
                .leaves[0]));
  }

  private static long[] inside(Content c, long s, long e) {
    return Arrays.stream(c.toggles).filter(t -> t > s && t < e).toArray();
  }
}
