/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static io.github.ramattr.maple.LeavesTest.HEADER;
import static io.github.ramattr.maple.LeavesTest.assertConstantsIntact;
import static io.github.ramattr.maple.LeavesTest.assertSparse;
import static io.github.ramattr.maple.LeavesTest.checkEdit;
import static io.github.ramattr.maple.LeavesTest.decodeSparse;
import static io.github.ramattr.maple.LeavesTest.directoryBytes;
import static io.github.ramattr.maple.LeavesTest.gridOf;
import static io.github.ramattr.maple.LeavesTest.randomContent;
import static io.github.ramattr.maple.LeavesTest.sparse;
import static io.github.ramattr.maple.LeavesTest.sparseInRandomGrid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.maple.LeavesTest.Content;
import io.github.ramattr.maple.LeavesTest.Edit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bucketed sparse leaf format of {@link SparseLeaf} on its own, against the oracles of {@link
 * LeavesTest} (an encoder and decoder of the format written from its documentation, toggles as a
 * sorted list): encoding, every reader at every page near a toggle or a bucket edge, and edits,
 * including their capacity rules (in place, shrink, zeroed tail), the shared constants, the ninth
 * offset bit and the directory repack trigger. Seeds are fixed and named in every failure.
 */
class SparseLeafTest {

  private static final int[] BUCKET_BYTES = {2, 3, 4, 8, 16, 32};

  /** Content with at most {@code maxToggles} toggles, over spans from a few pages to 2^50. */
  private static Content someContent(SplittableRandom rnd, int maxToggles) {
    long lo = rnd.nextBoolean() ? 0 : rnd.nextLong(1L << 40);
    long span =
        switch (rnd.nextInt(3)) {
          case 0 -> 2 + rnd.nextInt(600);
          case 1 -> 2 + rnd.nextInt(1 << 16);
          default -> 2 + rnd.nextLong(1L << 50);
        };
    return randomContent(rnd, lo, span, maxToggles);
  }

  /** Whether the leaf of {@code c} in grid {@code g} fits the 512 bytes a leaf may have. */
  private static boolean fits(Content c, int[] g) {
    return sparse(c, g[0], g[1]).length <= 512;
  }

  // ---------------------------------------------------------------- encoding

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void encode_isTheDocumentedLayout_andDecodesBack(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int encoded = 0;
    for (int round = 0; round < 300; round++) {
      Content c = someContent(rnd, rnd.nextInt(4) == 0 ? 3 : 300);
      int bucketBytes = BUCKET_BYTES[rnd.nextInt(BUCKET_BYTES.length)];
      byte[] expected = sparse(c, bucketBytes);
      if (expected.length > 512) {
        continue; // longer than any leaf
      }
      String what = "seed " + seed + " round " + round + " bucketBytes " + bucketBytes + " " + c;
      // The toggles as a slice of a larger array, as the packer passes them.
      int from = rnd.nextInt(3);
      long[] tg = new long[from + c.toggles().length + rnd.nextInt(3)];
      Arrays.fill(tg, -1);
      System.arraycopy(c.toggles(), 0, tg, from, c.toggles().length);
      int to = from + c.toggles().length;
      byte[] leaf = SparseLeaf.encode(c.first(), c.lo(), tg, from, to, bucketBytes);
      assertArrayEquals(expected, leaf, what);
      assertSparse(c, leaf, what);
      int size =
          c.toggles().length == 0 ? HEADER : sparse(c, gridOf(leaf)[0], gridOf(leaf)[1]).length;
      assertEquals(
          size, SparseLeaf.encodedSize(c.lo(), tg, from, to, bucketBytes), what + ": encodedSize");
      assertEquals(c.toString(), decodeSparse(leaf, c.lo(), c.hi()).toString(), what);
      encoded++;
    }
    assertTrue(encoded > 200, "seed " + seed + ": " + encoded + " encoded");
  }

  @Test
  void encode_givesEveryBucketAboutBucketBytes() {
    // 200 toggles 5 pages apart: 200 one-byte distances, so 200 / 8 = 25 buckets at most; the
    // grid that fits the last toggle (offset 1000) in 25 buckets has 64-page buckets: 16 entries,
    // each bucket 64 / 5 ~ 13 toggles, the first measured from the bucket's base.
    long[] t = new long[200];
    for (int k = 0; k < t.length; k++) {
      t[k] = 100 + 5L * (k + 1);
    }
    Content c = new Content(100, 5000, true, t);
    byte[] leaf = SparseLeaf.encode(true, 100, t, 0, t.length, 8);
    assertArrayEquals(new int[] {6, 15}, gridOf(leaf));
    assertEquals(HEADER + directoryBytes(15) + 200, sparse(c, 6, 15).length);
    assertArrayEquals(sparse(c, 8), leaf);
    assertTrue(SparseLeaf.firstState(leaf));
    assertEquals(6, SparseLeaf.shift(leaf));
    assertEquals(15, SparseLeaf.dirCount(leaf));
  }

  @Test
  void encode_toggleFree_givesTheSharedConstants() {
    assertSame(Leaves.ALL_SHARED, SparseLeaf.encode(true, 5, new long[3], 1, 1, 16));
    assertSame(Leaves.ALL_PRIVATE, SparseLeaf.encode(false, 5, new long[3], 2, 2, 16));
    assertEquals(HEADER, SparseLeaf.encodedSize(5, new long[0], 0, 0, 16));
    assertConstantsIntact();
  }

  // ---------------------------------------------------------------- reading

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void readers_matchTheContent_nearEveryToggleAndBucketEdge(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 150; round++) {
      Content c = someContent(rnd, rnd.nextInt(4) == 0 ? 3 : 200);
      int bucketBytes = BUCKET_BYTES[rnd.nextInt(BUCKET_BYTES.length)];
      byte[] leaf = rnd.nextBoolean() ? sparse(c, bucketBytes) : sparseInRandomGrid(rnd, c);
      if (!fits(c, gridOf(leaf))) {
        continue;
      }
      String what =
          "seed "
              + seed
              + " round "
              + round
              + " "
              + c
              + " in grid "
              + Arrays.toString(gridOf(leaf));
      checkReaders(leaf, c, rnd, what);
    }
  }

  /** Every reader of {@link SparseLeaf} against the content, at the pages where errors hide. */
  static void checkReaders(byte[] leaf, Content c, SplittableRandom rnd, String what) {
    assertEquals(c.first(), SparseLeaf.firstState(leaf), what + ": firstState");
    assertEquals(c.toggles().length, SparseLeaf.toggleCount(leaf), what + ": toggleCount");
    assertEquals(c.lastToggle(), SparseLeaf.lastToggle(leaf, c.lo()), what + ": lastToggle");
    long[] out = new long[c.toggles().length + 3];
    Arrays.fill(out, -7);
    assertEquals(
        c.toggles().length + 2, SparseLeaf.decode(leaf, c.lo(), out, 2), what + ": decode");
    assertArrayEquals(c.toggles(), Arrays.copyOfRange(out, 2, 2 + c.toggles().length), what);
    assertEquals(-7, out[c.toggles().length + 2], what + ": decode wrote past its toggles");
    List<Long> pages = new ArrayList<>(interestingPages(leaf, c));
    for (long p : pages) {
      assertEquals(
          c.stateAt(p), SparseLeaf.stateAt(leaf, c.lo(), p), what + ": stateAt(" + p + ")");
      for (boolean want : new boolean[] {false, true}) {
        assertEquals(
            c.next(p, want),
            SparseLeaf.next(leaf, c.lo(), p, want),
            what + ": next(" + p + ", " + want + ")");
      }
    }
    // Segments from some of those pages (the first ones, then a random sample) to another one, or
    // to the end.
    for (int k = 0; k < pages.size(); k += k < 8 ? 1 : 1 + rnd.nextInt(pages.size() / 16 + 1)) {
      long x0 = pages.get(k);
      long x1 =
          rnd.nextBoolean() || k + 1 == pages.size()
              ? c.hi()
              : pages.get(k + 1 + rnd.nextInt(pages.size() - k - 1));
      if (x1 <= x0) {
        continue;
      }
      List<String> got = new ArrayList<>();
      SparseLeaf.segments(leaf, c.lo(), x0, x1, (from, state) -> got.add(from + ":" + state));
      assertEquals(segments(c, x0, x1), got, what + ": segments in [" + x0 + ", " + x1 + ")");
    }
  }

  /** The constant-state segments of {@code c} in {@code [x0, x1)}: where each starts, its state. */
  private static List<String> segments(Content c, long x0, long x1) {
    List<String> out = new ArrayList<>();
    out.add(x0 + ":" + c.stateAt(x0));
    for (long t : c.toggles()) {
      if (t > x0 && t < x1) {
        out.add(t + ":" + c.stateAt(t));
      }
    }
    return out;
  }

  /**
   * The leaf's ends and middle, the pages around every toggle, and the pages around every bucket
   * edge of its grid (the base of each bucket and its first page), in {@code [lo, hi)}.
   */
  private static NavigableSet<Long> interestingPages(byte[] leaf, Content c) {
    TreeSet<Long> pages = new TreeSet<>();
    for (long t : c.toggles()) {
      pages.add(t - 1);
      pages.add(t);
      pages.add(t + 1);
    }
    int[] g = gridOf(leaf);
    for (long k = 1; k <= g[1] + 1; k++) {
      long first = c.lo() + (k << g[0]);
      pages.add(first - 2);
      pages.add(first - 1);
      pages.add(first);
      pages.add(first + 1);
    }
    pages.add(c.lo());
    pages.add(c.lo() + 1);
    pages.add(c.hi() - 1);
    pages.add(c.lo() + (c.hi() - c.lo()) / 2);
    return new TreeSet<>(pages.subSet(c.lo(), true, c.hi() - 1, true));
  }

  // ---------------------------------------------------------------- editing

  /**
   * A random edit of content {@code c}, of the shapes that stress the directory: at the leaf's
   * first page, to its end, around a bucket edge, over several buckets, or a page or two.
   */
  private static long[] randomEdit(SplittableRandom rnd, Content c, int[] grid) {
    long lo = c.lo();
    long span = c.hi() - lo;
    long a;
    long b;
    switch (rnd.nextInt(6)) {
      case 0 -> {
        a = lo;
        b = lo + 1 + rnd.nextLong(span);
      }
      case 1 -> {
        a = lo + rnd.nextLong(span);
        b = c.hi();
      }
      case 2 -> {
        // Around the edge of a bucket of the grid.
        long k = 1L + rnd.nextInt(grid[1] + 1);
        long edge = lo + (k > ((span - 1) >>> grid[0]) ? span - 1 : k << grid[0]);
        a = Math.max(lo, edge - rnd.nextInt(3));
        b = Math.min(c.hi(), edge + 1 + rnd.nextInt(3));
      }
      case 3 -> {
        a = lo + rnd.nextLong(span);
        b = a + 1 + rnd.nextLong(c.hi() - a);
      }
      default -> {
        // Near a toggle, if any.
        long t =
            c.toggles().length == 0
                ? lo + rnd.nextLong(span)
                : c.toggles()[rnd.nextInt(c.toggles().length)];
        a = Math.max(lo, t - rnd.nextInt(3));
        b = Math.min(c.hi(), a + 1 + rnd.nextInt(3));
      }
    }
    return new long[] {a, b};
  }

  /**
   * Sequences of edits on one leaf, each checked by {@link LeavesTest#checkEdit} (the content by
   * assignment on the toggle list, the bytes, in place or not, the constants never written). Where
   * an edit asks for a repack, the edited content is encoded afresh and the sequence goes on from
   * there; one that asks for a better directory must then take the same edit (a no-op now) without
   * asking again, so a leaf is never repacked over and over for its directory.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void edit_sequences_matchAssignment(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    EnumMap<Edit, Integer> seen = new EnumMap<>(Edit.class);
    for (int sequence = 0; sequence < 20; sequence++) {
      int bucketBytes = BUCKET_BYTES[rnd.nextInt(3)]; // 2 to 4: many buckets
      int maxBytes = new int[] {96, 256, 512}[rnd.nextInt(3)];
      Limits limits = new Limits(maxBytes, 1 << 15, 4, bucketBytes);
      Content c = someContent(rnd, 1 + rnd.nextInt(maxBytes / 2));
      byte[] leaf = rnd.nextBoolean() ? sparse(c, bucketBytes) : sparseInRandomGrid(rnd, c);
      if (sparse(c, gridOf(leaf)[0], gridOf(leaf)[1]).length > maxBytes) {
        continue;
      }
      for (int step = 0; step < 100; step++) {
        long[] e = randomEdit(rnd, c, gridOf(leaf));
        boolean t = rnd.nextBoolean();
        String what = "seed " + seed + " sequence " + sequence + " step " + step;
        Edit outcome = checkEdit(leaf, c, e[0], e[1], t, limits, what);
        seen.merge(outcome, 1, Integer::sum);
        Content after = c.assign(e[0], e[1], t);
        switch (outcome) {
          case IN_PLACE, NEW_ARRAY, CONSTANT -> {
            leaf = Leaves.editSparse(leaf, c.lo(), c.hi(), e[0], e[1], t, limits);
            assertNotNull(leaf, what);
          }
          case BETTER_DIRECTORY -> {
            leaf = sparse(after, bucketBytes);
            if (leaf.length > maxBytes) {
              after = freshContent(rnd, limits); // the store would split it
              leaf = sparse(after, bucketBytes);
            } else {
              Edit again = checkEdit(leaf, after, e[0], e[1], t, limits, what + ", re-encoded");
              // Never for its directory again. (The finer directory may push the leaf over the
              // dense line: see packedLeaf_takesANoOpEditWithoutARepack.)
              assertTrue(
                  again == Edit.IN_PLACE || again == Edit.DENSE_WINS,
                  what + ": after a re-encode for its directory, " + again);
              if (again == Edit.DENSE_WINS) {
                after = freshContent(rnd, limits);
                leaf = sparse(after, bucketBytes);
              } else {
                checkReaders(leaf, after, rnd, what + ", re-encoded");
              }
            }
          }
          case TOO_LARGE, DENSE_WINS -> {
            // The store would split the content or make it a bitmap: start afresh.
            after = freshContent(rnd, limits);
            leaf = sparse(after, bucketBytes);
          }
        }
        c = after;
        if (step % 10 == 0) {
          checkReaders(leaf, c, rnd, what);
        }
      }
    }
    for (Edit e : new Edit[] {Edit.IN_PLACE, Edit.NEW_ARRAY, Edit.CONSTANT}) {
      assertTrue(seen.getOrDefault(e, 0) >= 100, "seed " + seed + ": " + seen);
    }
    assertTrue(seen.getOrDefault(Edit.BETTER_DIRECTORY, 0) >= 20, "seed " + seed + ": " + seen);
  }

  /** Random content whose encoder's leaf fits {@code limits}. */
  private static Content freshContent(SplittableRandom rnd, Limits limits) {
    while (true) {
      Content c = someContent(rnd, 1 + rnd.nextInt(limits.maxSparseBytes / 4));
      if (sparse(c, limits.bucketBytes).length <= limits.maxSparseBytes) {
        return c;
      }
    }
  }

  @Test
  void edit_onTheSharedConstants_neverWritesThem() {
    SplittableRandom rnd = new SplittableRandom(17);
    for (int round = 0; round < 400; round++) {
      boolean first = rnd.nextBoolean();
      long lo = rnd.nextLong(1L << 40);
      long span = 2 + rnd.nextLong(rnd.nextBoolean() ? 1000 : 1L << 40);
      Content c = new Content(lo, lo + span, first, new long[0]);
      byte[] leaf = first ? Leaves.ALL_SHARED : Leaves.ALL_PRIVATE;
      long[] e = randomEdit(rnd, c, new int[] {0, 0});
      Edit outcome =
          checkEdit(leaf, c, e[0], e[1], rnd.nextBoolean(), Limits.DEFAULT, "round " + round);
      assertNotEquals(Edit.IN_PLACE, outcome, "round " + round);
    }
    assertConstantsIntact();
  }

  @Test
  void edit_capacity_inPlaceWithinSlack_elseAnExactArray() {
    Limits limits = new Limits(512, 1 << 15, 4, 16);
    // 11 one-byte toggles: 13 bytes of content, one bucket, in 16 bytes.
    long[] t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    Content c = new Content(0, 100_000, false, t);
    byte[] fresh = sparse(c, 16);
    assertEquals(16, fresh.length);
    assertEquals(13, sparse(c, 4, 0).length);
    // With 8 bytes of slack, as a split may leave it: removing the last toggle edits in place and
    // zeroes the freed byte.
    byte[] slack = Arrays.copyOf(fresh, 24);
    assertSame(Edit.IN_PLACE, checkEdit(slack, c, 11, 100_000, false, limits, "one toggle less"));
    assertEquals(0, slack[12], "the freed byte is unused capacity again");
    // Removing seven leaves 6 bytes: 24 is more than 8 bytes past their 8-byte boundary.
    slack = Arrays.copyOf(fresh, 24);
    assertSame(
        Edit.NEW_ARRAY, checkEdit(slack, c, 5, 100_000, false, limits, "seven toggles less"));
    // Growing past the capacity (a 3-byte and a 1-byte distance): a new array of 24 bytes.
    assertSame(
        Edit.NEW_ARRAY,
        checkEdit(fresh.clone(), c, 50_000, 50_001, false, limits, "four bytes more"));
    // Growing within it (two 1-byte distances, 3 bytes of room; in the grid's one cell).
    assertSame(Edit.IN_PLACE, checkEdit(fresh.clone(), c, 12, 13, false, limits, "two bytes more"));
    byte[] leaf = fresh.clone();
    byte[] got = SparseLeaf.edit(leaf, 0, 100_000, 12, 13, false, 512, 4096, 16);
    assertSame(leaf, got);
    assertSparse(c.assign(12, 13, false), leaf, "edited in place");
    // Past the grid's cell, an append extends the directory by one entry: 18 bytes, a new array.
    assertSame(Edit.NEW_ARRAY, checkEdit(fresh.clone(), c, 20, 21, false, limits, "past the cell"));
    assertArrayEquals(
        new int[] {4, 1},
        gridOf(SparseLeaf.edit(fresh.clone(), 0, 100_000, 20, 21, false, 512, 4096, 16)));
  }

  @Test
  void edit_ninthOffsetBit_whenBucketsStartPast256() {
    SplittableRandom rnd = new SplittableRandom(23);
    // 420 toggles 1 to 100 pages apart: one byte each, 26 buckets, the later ones 256 or more
    // bytes into the payload.
    long[] t = new long[420];
    long pos = 1_000_000;
    for (int k = 0; k < t.length; k++) {
      pos += 1 + rnd.nextInt(100);
      t[k] = pos;
    }
    Content c = new Content(1_000_000, pos + 5000, false, t);
    Limits limits = new Limits(512, 1 << 15, 4, 16);
    byte[] leaf = SparseLeaf.encode(false, c.lo(), t, 0, t.length, 16);
    assertArrayEquals(sparse(c, 16), leaf);
    int d = gridOf(leaf)[1];
    assertTrue(ninthBits(leaf, d).contains("1"), "no bucket starts past 256: " + d + " buckets");
    checkReaders(leaf, c, rnd, "encoded");
    // Runs added and removed in the first bucket move the later buckets' starts back and forth
    // across 256.
    boolean crossed = false;
    for (int step = 0; step < 200; step++) {
      long firstEdge = c.lo() + (1L << gridOf(leaf)[0]);
      long a = c.lo() + 1 + rnd.nextLong(firstEdge - c.lo() - 3);
      long b = a + 1 + rnd.nextInt(2);
      boolean st = rnd.nextBoolean();
      String bitsBefore = ninthBits(leaf, d);
      Edit outcome = checkEdit(leaf, c, a, b, st, limits, "step " + step);
      if (outcome != Edit.IN_PLACE && outcome != Edit.NEW_ARRAY) {
        assertSame(Edit.TOO_LARGE, outcome, "step " + step);
        continue; // the store would split the leaf
      }
      leaf = Leaves.editSparse(leaf, c.lo(), c.hi(), a, b, st, limits);
      assertNotNull(leaf);
      crossed |= !ninthBits(leaf, d).equals(bitsBefore);
      c = c.assign(a, b, st);
      if (step % 20 == 0) {
        checkReaders(leaf, c, rnd, "step " + step);
      }
    }
    assertTrue(crossed, "no edit moved a bucket start across 256");
  }

  /** The ninth offset bits of the directory, bucket 1 first. */
  private static String ninthBits(byte[] leaf, int d) {
    StringBuilder bits = new StringBuilder();
    for (int k = 1; k <= d; k++) {
      bits.append(leaf[HEADER + d + (d + 7) / 8 + (k - 1) / 8] >> ((k - 1) % 8) & 1);
    }
    return bits.toString();
  }

  /**
   * A leaf encoded for a few toggles has one bucket. Runs added into it lengthen that bucket until
   * an edit asks for a repack to a finer grid; re-encoded, the leaf takes the same edit in place,
   * and later edits go on in place until the bucket they edit is long again.
   */
  @Test
  void edit_aLongBucket_asksOnceForABetterDirectory() {
    Limits limits = new Limits(512, 1 << 15, 4, 4);
    long lo = 5_000;
    Content c = new Content(lo, lo + 100_000, false, new long[] {lo + 1000, lo + 2000, lo + 3000});
    byte[] leaf = SparseLeaf.encode(false, lo, c.toggles(), 0, 3, 4);
    assertArrayEquals(new int[] {12, 0}, gridOf(leaf));
    int edited = 0;
    int repacks = 0;
    for (long p = lo + 10; p < lo + 990; p += 7) {
      Edit outcome = checkEdit(leaf, c, p, p + 2, true, limits, "run at " + p);
      Content after = c.assign(p, p + 2, true);
      if (outcome == Edit.BETTER_DIRECTORY) {
        repacks++;
        int[] before = gridOf(leaf);
        leaf = SparseLeaf.encode(after.first(), lo, after.toggles(), 0, after.toggles().length, 4);
        int[] finer = gridOf(leaf);
        assertTrue(
            finer[0] < before[0] || finer[1] > before[1],
            "re-encoded in grid " + Arrays.toString(finer) + ", was " + Arrays.toString(before));
        assertSame(Edit.IN_PLACE, checkEdit(leaf, after, p, p + 2, true, limits, "again at " + p));
      } else {
        assertTrue(outcome == Edit.IN_PLACE || outcome == Edit.NEW_ARRAY, "run at " + p);
        leaf = Leaves.editSparse(leaf, lo, c.hi(), p, p + 2, true, limits);
        assertNotNull(leaf);
        edited++;
      }
      c = after;
    }
    assertTrue(repacks >= 2 && edited > 10 * repacks, repacks + " repacks, " + edited + " edits");
  }

  /**
   * A leaf the packer has just built takes an edit that changes nothing without asking to be
   * repacked: otherwise every edit of it would decode and re-pack it into the same leaf.
   *
   * <p>The packer keeps a span sparse while its measure (header, toggle chain and the largest
   * directory that chain gets) is within {@link Leaves#sparseLimit} of the span's bitmap; the edit
   * measures the leaf as encoded, which is never more. Toggles at pages 1..n, n the most the packer
   * leaves sparse: over 1000 pages with the default limits (a 128-byte bitmap) and over 64 pages
   * (an 8-byte bitmap). (Before the packer counted the directory, such leaves were repacked into
   * themselves by every edit.)
   */
  @ParameterizedTest(name = "{0} pages, maxSparseBytes {1}")
  @CsvSource({"1000, 512, 32768", "64, 256, 64"})
  void packedLeaf_takesANoOpEditWithoutARepack(long pages, int maxSparseBytes, int denseSpan) {
    Limits limits = new Limits(maxSparseBytes, denseSpan, 4);
    int bitmap = (int) (8 * ((pages + 63) / 64));
    int limit = LeavesTest.sparseLimit(bitmap, false);
    int n = 0;
    while (LeavesTest.sparseBytes(firstPages(pages, n + 1), 0, pages, limits.bucketBytes)
        <= limit) {
      n++;
    }
    Content c = firstPages(pages, n);
    Leaves.Packed p = new Leaves.Packed();
    Leaves.pack(0, pages, false, c.toggles(), n, false, limits, p);
    assertEquals(1, p.n);
    byte[] leaf = (byte[]) p.leaves[0];
    // The last page keeps its state: an edit that changes nothing.
    boolean last = n % 2 == 1;
    assertNotNull(
        Leaves.editSparse(leaf, 0, pages, pages - 1, pages, last, limits),
        "a no-op edit of a " + n + "-toggle leaf over " + pages + " pages asks for a repack");
    // One toggle more crosses the line: the packer makes a bitmap.
    Content more = firstPages(pages, n + 1);
    Leaves.Packed q = new Leaves.Packed();
    Leaves.pack(0, pages, false, more.toggles(), n + 1, false, limits, q);
    assertTrue(Leaves.isDense(q.leaves[0]), (n + 1) + " toggles over " + pages + " pages");
  }

  /** Content over {@code [0, pages)} with toggles at pages {@code 1..n}, starting private. */
  private static Content firstPages(long pages, int n) {
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = 1L + k;
    }
    return new Content(0, pages, false, t);
  }

  /**
   * The same property over random content and limits: content the packer makes one sparse leaf of,
   * over that leaf's own span (as the store repacks a leaf an edit declined), takes an edit that
   * changes nothing.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void packedLeaves_takeNoOpEditsWithoutARepack(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int checked = 0;
    for (int round = 0; round < 400; round++) {
      int bucketBytes = BUCKET_BYTES[rnd.nextInt(BUCKET_BYTES.length)];
      Limits limits =
          new Limits(
              new int[] {24, 96, 512}[rnd.nextInt(3)], 64 << rnd.nextInt(10), 4, bucketBytes);
      if (LeavesTest.sparseLimit(limits.denseSpan / 8, false) < limits.maxSparseBytes) {
        // A leaf over more than a dense span may then hold more than a dense span's bitmap would
        // take: the edit compares the whole leaf with that bitmap, the packer only the first
        // dense span's toggles. No production limits are like that.
        continue;
      }
      Content c = someContent(rnd, rnd.nextInt(300));
      Leaves.Packed p = new Leaves.Packed();
      Leaves.pack(c.lo(), c.hi(), c.first(), c.toggles(), c.toggles().length, false, limits, p);
      if (p.n != 1 || !(p.leaves[0] instanceof byte[] leaf) || leaf.length == HEADER) {
        continue;
      }
      long page = c.lo() + rnd.nextLong(c.hi() - c.lo());
      assertNotNull(
          Leaves.editSparse(leaf, c.lo(), c.hi(), page, page + 1, c.stateAt(page), limits),
          "seed " + seed + " round " + round + ": " + c);
      checked++;
    }
    assertTrue(checked > 50, "seed " + seed + ": " + checked + " leaves");
  }
}
