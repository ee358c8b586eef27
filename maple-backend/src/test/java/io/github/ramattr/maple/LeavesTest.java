/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The leaf layer on its own, against oracles written here from the layout in {@link Leaves}'s and
 * the package's documentation (an independent LEB128 encoder, a bit-by-bit bitmap, toggles as a
 * sorted list): the readers on both representations, the edits, the size formulas and the packer's
 * choices. The store tests reach these only through whole trees, where a leaf that is larger or
 * sparser than the rules say still holds the right content; here every rule is checked exactly.
 * Seeds are fixed and named in every failure.
 */
class LeavesTest {
  private static final Limits[] LIMITS = {
    MapleDifferentialTest.TINY,
    MapleDifferentialTest.SMALL,
    new Limits(12, 64, 4),
    new Limits(256, 64, 4), // a bitmap is smaller than a full sparse leaf
    Limits.DEFAULT
  };

  // ---------------------------------------------------------------- oracles

  /** A leaf's content over {@code [lo, hi)}: its first state and its toggles, in (lo, hi). */
  // Never compared or hashed as a record: the array is only read through the accessor.
  @SuppressWarnings("ArrayRecordComponent")
  private record Content(long lo, long hi, boolean first, long[] toggles) {
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

    @Override
    public String toString() {
      return "[" + lo + ", " + hi + ") from " + first + ", toggles " + Arrays.toString(toggles);
    }
  }

  private static Content randomContent(SplittableRandom rnd, long lo, long span, int maxToggles) {
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
  private static void leb128(ByteArrayOutputStream out, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static int lebSize(long v) {
    int bytes = 1;
    for (long rest = v >>> 7; rest != 0; rest >>>= 7) {
      bytes++;
    }
    return bytes;
  }

  /** The sparse leaf of a content: first state, then distances from the previous toggle. */
  private static byte[] sparse(Content c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(c.first ? 1 : 0);
    long prev = c.lo;
    for (long t : c.toggles) {
      leb128(out, t - prev);
      prev = t;
    }
    return out.toByteArray();
  }

  /** Bytes of {@link #sparse} of the toggles of {@code c} in {@code (s, end)}. */
  private static int sparseBytes(Content c, long s, long end) {
    int bytes = 1;
    long prev = s;
    for (long t : c.toggles) {
      if (t > s && t < end) {
        bytes += lebSize(t - prev);
        prev = t;
      }
    }
    return bytes;
  }

  /** The dense leaf of a content: bit i is page lo + i, bits past hi repeat page hi - 1. */
  private static long[] dense(Content c, int words) {
    long[] w = new long[words];
    boolean state = c.first;
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
  private static int sparseLimit(int bitmapBytes, boolean preferDense) {
    if (preferDense) {
      return bitmapBytes * 3 / 4 - 1;
    }
    int x = 0;
    while ((x + 1) + (x + 1) / 8 <= bitmapBytes + 32) {
      x++;
    }
    return x;
  }

  // ---------------------------------------------------------------- varints

  @Test
  void varints_sizeReadAndEnd_matchLeb128() {
    for (int bits = 1; bits <= 63; bits++) {
      for (long v : new long[] {1L << (bits - 1), (1L << bits) - 1, (1L << (bits - 1)) + 1}) {
        if (v <= 0) {
          continue;
        }
        Content c = new Content(0, Long.MAX_VALUE, false, new long[] {v});
        byte[] leaf = sparse(c);
        assertEquals(leaf.length - 1, Leaves.varintSize(v), "varintSize(" + v + ")");
        assertEquals(v, SparseLeaf.readVarint(leaf, 1), "readVarint of " + v);
        assertEquals(leaf.length, SparseLeaf.varintEnd(leaf, 1), "varintEnd of " + v);
        // And the packer writes the same bytes.
        Leaves.Packed p = new Leaves.Packed();
        Leaves.pack(0, v + 1, false, new long[] {v}, 1, false, Limits.DEFAULT, p);
        assertEquals(1, p.n, "one leaf for " + v);
        assertArrayEquals(leaf, (byte[]) p.leaves[0], "encoding of " + v);
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
      Content c = randomContent(rnd, lo, span, 20);
      Content denseContent = clip(c, 64L * words);
      String what = "seed " + seed + " round " + round + " " + c;
      check(sparse(c), c, what + " sparse");
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
  void fillAndNextBitNot_matchBitByBit(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      long[] w = new long[1 + rnd.nextInt(4)];
      for (int k = 0; k < w.length; k++) {
        w[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) == 0 ? -1 : rnd.nextLong();
      }
      int bits = 64 * w.length;
      boolean[] model = new boolean[bits];
      for (int i = 0; i < bits; i++) {
        model[i] = (w[i >>> 6] >>> i & 1) != 0;
      }
      String what = "seed " + seed + " round " + round;
      int from = rnd.nextInt(bits + 1);
      int to = from + rnd.nextInt(bits - from + 1);
      boolean st = rnd.nextBoolean();
      Leaves.fill(w, from, to, st);
      Arrays.fill(model, from, to, st);
      for (int i = 0; i < bits; i++) {
        assertEquals(model[i], (w[i >>> 6] >>> i & 1) != 0, what + ": bit " + i + " after fill");
      }
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

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void sparseBytesOfDense_andTheBackSwitch(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 60; round++) {
      int words = 1 + rnd.nextInt(8);
      Content c = randomContent(rnd, 1000, 64L * words, 12 * words);
      long[] w = dense(c, words);
      int exact = sparseBytes(c, c.lo, c.hi);
      String what = "seed " + seed + " round " + round + ", exact " + exact;
      assertEquals(exact, Leaves.sparseBytesOfDense(w, Integer.MAX_VALUE), what);
      int stop = rnd.nextInt(exact + 3);
      int counted = Leaves.sparseBytesOfDense(w, stop);
      assertTrue(
          exact <= stop ? counted == exact : counted > stop && counted <= exact,
          what + ": counted " + counted + " stopping above " + stop);
      assertEquals(exact >= 8 * words * 3 / 4, Leaves.keepsDense(w), what + ": keepsDense");
    }
  }

  @Test
  void keepsDense_exactlyAtTheBackSwitchLine() {
    // 8 words: the line is 3/4 of 64 bytes, 48. A 2-byte varint then 1-byte ones: 46 toggles make
    // 48 bytes (stays dense), 45 make 47 (goes sparse), though either count alone is below 48.
    for (int toggles : new int[] {45, 46}) {
      long[] t = new long[toggles];
      for (int k = 0; k < toggles; k++) {
        t[k] = 200L + k;
      }
      Content c = new Content(0, 512, false, t);
      assertEquals(toggles + 2, sparseBytes(c, 0, 512));
      assertEquals(toggles == 46, Leaves.keepsDense(dense(c, 8)), toggles + " toggles");
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

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void editSparse_givesThePackedLeafOrNullWhenItMustBeRepacked(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int edited = 0;
    int repacked = 0;
    for (int round = 0; round < 300; round++) {
      Limits limits = LIMITS[rnd.nextInt(LIMITS.length)];
      long lo = rnd.nextLong(1L << 30);
      long span = 2 + (rnd.nextBoolean() ? rnd.nextInt(limits.denseSpan) : rnd.nextLong(1L << 24));
      Content c = randomContent(rnd, lo, span, limits.maxSparseBytes / 2);
      byte[] src = sparse(c);
      if (src.length > limits.maxSparseBytes) {
        continue;
      }
      long a = lo + rnd.nextLong(span);
      long b = a + 1 + (rnd.nextBoolean() ? rnd.nextInt(4) : rnd.nextLong(c.hi - a));
      b = Math.min(b, c.hi);
      boolean t = rnd.nextBoolean();
      Content after = c.assign(a, b, t);
      byte[] expected = sparse(after);
      int bitmap = Leaves.bitmapBytes(Math.min(limits.denseSpan, span));
      boolean fits =
          expected.length <= limits.maxSparseBytes && expected.length <= sparseLimit(bitmap, false);
      byte[] got = Leaves.editSparse(src, lo, c.hi, a, b, t, limits);
      String what =
          "seed " + seed + " round " + round + " [" + a + ", " + b + ") := " + t + " on " + c;
      if (fits) {
        assertNotNull(got, what + ": fits, yet not edited in place");
        assertArrayEquals(expected, got, what);
        if (after.toggles.length == 0) {
          assertSame(t ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE, got, what + ": the constant");
        }
        edited++;
      } else {
        assertNull(got, what + ": " + expected.length + " bytes, bitmap " + bitmap);
        repacked++;
      }
    }
    assertTrue(edited > 50 && repacked > 5, "seed " + seed + ": " + edited + ", " + repacked);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void mergedSparseSize_isTheSizeOfTheJoinedLeaf(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      long xlo = rnd.nextLong(1L << 20);
      Content x = randomContent(rnd, xlo, 2 + rnd.nextInt(3000), 10);
      Content y = randomContent(rnd, x.hi, 2 + rnd.nextInt(3000), 10);
      Content merged = join(x, y);
      assertEquals(
          sparse(merged).length,
          0,
          "seed " + seed + " round " + round + ": " + x + " + " + y);
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
        boolean shouldBeDense = sparseBytes(c, s, s + d) > sparseLimit(bitmap, preferDense);
        assertEquals(shouldBeDense, Leaves.isDense(leaf), at + ": representation");
        if (Leaves.isDense(leaf)) {
          denseLeaves++;
          long[] w = (long[]) leaf;
          assertEquals(bitmap / 8, w.length, at + ": bitmap words");
          assertArrayEquals(
              dense(new Content(s, s + d, c.stateAt(s), inside(c, s, s + d)), w.length), w, at);
          if (k + 1 < p.n) {
            assertEquals(limits.denseSpan, e - s, at + ": a dense leaf but the last is full");
          }
        } else {
          sparseLeaves++;
          byte[] b = (byte[]) leaf;
          assertTrue(b.length <= limits.maxSparseBytes, at + ": " + b.length + " bytes");
          assertArrayEquals(sparse(new Content(s, e, c.stateAt(s), inside(c, s, e))), b, at);
          if (b.length == 1) {
            assertSame(b[0] == 1 ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE, b, at);
          }
          if (k + 1 < p.n) {
            // It ends at the first toggle it could not hold.
            long last = tg.length == 0 ? s : tg[tg.length - 1];
            assertTrue(
                b.length + lebSize(e - last) > limits.maxSparseBytes,
                at + ": a sparse leaf ended before it was full");
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
      int line = preferDense ? 5 : 36; // the largest sparse payload left sparse
      for (int bytes : new int[] {line, line + 1}) {
        long[] t = new long[bytes - 1];
        for (int k = 0; k < t.length; k++) {
          t[k] = 1L + k;
        }
        Leaves.Packed p = new Leaves.Packed();
        Leaves.pack(0, 64, false, t, t.length, preferDense, limits, p);
        assertEquals(1, p.n);
        assertEquals(
            bytes > line,
            Leaves.isDense(p.leaves[0]),
            bytes + " bytes, preferDense " + preferDense);
      }
      // A toggle at the window's end belongs to the next window: this one stays at the line.
      long[] t = new long[line];
      for (int k = 0; k < line - 1; k++) {
        t[k] = 1L + k;
      }
      t[line - 1] = 64;
      Leaves.Packed p = new Leaves.Packed();
      Leaves.pack(0, 128, false, t, t.length, preferDense, limits, p);
      assertFalse(Leaves.isDense(p.leaves[0]), "window at the line, preferDense " + preferDense);
    }
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
   * {@link MapleStore#packPair} merges two sibling leaves exactly when their joined content packs
   * into one leaf, by the back-switch line when either of them is a bitmap (the span is dense now);
   * otherwise it returns null or more than one leaf.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void packPair_mergesExactlyWhenTheJoinedContentFitsOneLeaf(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int merged = 0;
    int kept = 0;
    for (int round = 0; round < 400; round++) {
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
      Object expected = leaf(join(x, y), Leaves.isDense(xl) || Leaves.isDense(yl), limits);
      Leaves.Packed p = MapleStore.packPair(xl, yl, x.lo, x.hi, y.hi, limits);
      String what = "seed " + seed + " round " + round + ": " + x + " + " + y;
      // The weight shortcut skips a pair whose payloads add up to more than a full sparse leaf
      // (over more than a dense span). A bitmap's payload is its bitmap, which may be up to 4/3 of
      // its sparse form, so a pair with a short bitmap can be skipped though it would fit one
      // sparse leaf: a known gap in the fill rule, left to the backend's owners.
      boolean shortcut =
          Leaves.weight(xl) + Leaves.weight(yl) > limits.mergeBytes()
              && y.hi - x.lo > limits.denseSpan;
      if (expected != null && !shortcut) {
        assertTrue(p != null && p.n == 1, what + ": fits one leaf, not merged");
        assertSameLeaf(expected, p.leaves[0], what);
        merged++;
      } else if (expected == null) {
        assertTrue(p == null || p.n > 1, what);
        kept++;
      }
    }
    assertTrue(merged > 20 && kept > 20, "seed " + seed + ": " + merged + " merged, " + kept);
  }

  @Test
  void packPair_atItsLimits() {
    // Both sparse, joined exactly a full sparse leaf (12 bytes) over more than a dense span.
    Limits small = new Limits(12, 64, 4);
    Content x = new Content(0, 100, false, new long[] {1, 2, 3, 4, 5});
    Content y = new Content(100, 200, true, new long[] {101, 102, 103, 104, 105, 106});
    assertEquals(12, sparse(join(x, y)).length);
    Leaves.Packed p = MapleStore.packPair(sparse(x), sparse(y), 0, 100, 200, small);
    assertTrue(p != null && p.n == 1, "a full sparse leaf");
    assertArrayEquals(sparse(join(x, y)), (byte[]) p.leaves[0]);
    // Both sparse and full, joined over exactly one dense span: one bitmap holds them.
    Limits full = new Limits(24, 64, 4);
    long[] xt = new long[23];
    long[] yt = new long[23];
    for (int k = 0; k < 23; k++) {
      xt[k] = 1L + k;
      yt[k] = 33L + k;
    }
    x = new Content(0, 32, false, xt);
    y = new Content(32, 64, true, yt);
    p = MapleStore.packPair(sparse(x), sparse(y), 0, 32, 64, full);
    assertTrue(p != null && p.n == 1 && Leaves.isDense(p.leaves[0]), "one bitmap");
    assertArrayEquals(dense(join(x, y), 1), (long[]) p.leaves[0]);
    // Between the two lines (over 128 pages: 16-byte bitmap, lines 12 and 43 bytes), a pair with
    // a bitmap stays a bitmap and a sparse pair stays sparse, whichever side the bitmap is on.
    Limits lines = new Limits(256, 128, 4);
    Content many = new Content(0, 64, false, new long[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20});
    Content few = new Content(64, 128, false, new long[] {70, 72, 74});
    assertEquals(14, sparse(join(many, few)).length);
    Object manyDense = dense(many, 1);
    Object fewDense = dense(few, 1);
    assertTrue(Leaves.keepsDense((long[]) manyDense));
    assertTrue(
        Leaves.isDense(MapleStore.packPair(manyDense, sparse(few), 0, 64, 128, lines).leaves[0]));
    assertTrue(
        Leaves.isDense(MapleStore.packPair(sparse(many), fewDense, 0, 64, 128, lines).leaves[0]));
    assertFalse(
        Leaves.isDense(
            MapleStore.packPair(sparse(many), sparse(few), 0, 64, 128, lines).leaves[0]));
    Content manyRight =
        new Content(64, 128, false, Arrays.stream(many.toggles).map(t -> t + 64).toArray());
    Content fewLeft = new Content(0, 64, false, new long[] {6, 8, 10});
    assertTrue(
        Leaves.isDense(
            MapleStore.packPair(sparse(fewLeft), dense(manyRight, 1), 0, 64, 128, lines)
                .leaves[0]));
  }

  private static long[] inside(Content c, long s, long e) {
    return Arrays.stream(c.toggles).filter(t -> t > s && t < e).toArray();
  }
}
