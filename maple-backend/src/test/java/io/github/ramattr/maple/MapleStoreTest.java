/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.tck.ReferenceModel;
import io.github.ramattr.tck.SharedStateStoreDifferentialTest;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workloads;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targeted cases of the kind the kernel's maple tree tests use: each builds a shape, applies one
 * store case, and checks the structure (invariant checker), the content (reference model) and the
 * shape change the case is about.
 */
class MapleStoreTest {
  private static final Limits TINY = MapleDifferentialTest.TINY;

  /**
   * Runs of the comb that the step-by-step tests below take apart, checking the whole tree after
   * every step (so their cost grows with its square): 2000, or as few as 400 (still at least three
   * internal levels under tiny limits) when -Dramattr.tck.scale shortens runs.
   */
  private static final int STEPPED_COMB =
      Math.max(400, SharedStateStoreDifferentialTest.scaled(2000));

  /** A store and its model, changed together and checked after every change. */
  private static final class Pair {
    final MapleStore store;
    final ReferenceModel model;
    final SplittableRandom rnd = new SplittableRandom(7);

    Pair(long pages, Limits limits) {
      store = new MapleStore(pages, limits);
      model = new ReferenceModel(pages);
    }

    /** Changes both, then checks the structure and compares the content. */
    MapleInvariants.Shape set(long a, long b, boolean shared) {
      MapleInvariants.Shape shape = setQuietly(a, b, shared);
      compare((shared ? "setShared(" : "setPrivate(") + a + ", " + b + ")");
      return shape;
    }

    /** Changes both, then checks the structure only (cheap enough for every step of a loop). */
    MapleInvariants.Shape setQuietly(long a, long b, boolean shared) {
      if (shared) {
        store.setShared(a, b);
        model.setShared(a, b);
      } else {
        store.setPrivate(a, b);
        model.setPrivate(a, b);
      }
      return MapleInvariants.check(store);
    }

    void compare(String context) {
      MapleDifferentialTest.assertSameContent(store, model, rnd, context);
    }

    /** Runs [10i, 10i+4) for i < n: 2n toggles, a deep tree under tiny limits. */
    MapleInvariants.Shape comb(int n) {
      for (int i = 0; i < n; i++) {
        store.setShared(10L * i, 10L * i + 4);
        model.setShared(10L * i, 10L * i + 4);
      }
      compare("comb");
      return MapleInvariants.check(store);
    }
  }

  // ---------------------------------------------------------------- split and overwrite

  @Test
  void setPrivate_insideRun_splitsIt() {
    Pair p = new Pair(1000, Limits.DEFAULT);
    p.set(100, 200, true);
    p.set(150, 151, false);
    assertEquals(2, p.store.sharedRunCount());
    p.set(150, 151, true);
    assertEquals(1, p.store.sharedRunCount());
  }

  @Test
  void set_overwritingStartEndAndWholeOfRun_reshapesIt() {
    Pair p = new Pair(1000, Limits.DEFAULT);
    p.set(100, 200, true);
    p.set(90, 120, false); // the start
    assertEquals(120, p.store.nextShared(0));
    p.set(180, 250, false); // the end
    assertEquals(180, p.store.nextPrivate(120));
    p.set(110, 190, false); // the whole run and more
    assertEquals(1000, p.store.nextShared(0));
    assertSame(Leaves.ALL_PRIVATE, p.store.root());
  }

  @Test
  void setShared_touchingRuns_coalesce() {
    Pair p = new Pair(1000, Limits.DEFAULT);
    p.set(2, 5, true);
    p.set(5, 8, true);
    p.set(0, 2, true);
    assertEquals(1, p.store.sharedRunCount());
    assertEquals(8, p.store.nextPrivate(0));
  }

  // ---------------------------------------------------------------- spanning stores

  @Test
  void set_spanningSeveralLeavesAndLevels_dropsWholeSubtrees() {
    Pair p = new Pair(100_000, TINY);
    MapleInvariants.Shape before = p.comb(2000);
    assertTrue(before.height >= 3, "comb too shallow: " + before);
    // A store from the middle of one leaf to the middle of a leaf many subtrees further.
    MapleInvariants.Shape after = p.set(1002, 18_007, true);
    assertTrue(after.leaves < before.leaves / 2, before + " -> " + after);
    assertEquals(1, countRunsIn(p, 1000, 18_010));
    // And back: private over a span cuts the run and removes the runs it covers.
    p.set(503, 19_506, false);
    assertEquals(503, p.store.nextPrivate(500));
    assertEquals(19_510, p.store.nextShared(503)); // the first run past the cleared span
  }

  @Test
  void setShared_wholeStore_collapsesTreeIntoOneRun() {
    Pair p = new Pair(100_000, TINY);
    assertTrue(p.comb(2000).height >= 3);
    MapleInvariants.Shape shape = p.set(0, 100_000, true);
    assertEquals(0, shape.height);
    assertSame(Leaves.ALL_SHARED, p.store.root());
    assertEquals(1, p.store.sharedRunCount());
  }

  @Test
  void setShared_overEverythingButTheEdges_leavesOneSmallLeaf() {
    Pair p = new Pair(100_000, TINY);
    p.comb(2000);
    MapleInvariants.Shape shape = p.set(1, 99_999, true);
    assertEquals(0, shape.height, shape.toString());
    assertEquals(1, p.store.sharedRunCount());
  }

  @Test
  void setPrivate_emptyingTheTreeRunByRun_shrinksHeightToZero() {
    Pair p = new Pair(100_000, TINY);
    int maxHeight = p.comb(STEPPED_COMB).height;
    assertTrue(maxHeight >= 3);
    int last = maxHeight;
    for (int i = 0; i < STEPPED_COMB; i++) {
      int h = p.setQuietly(10L * i, 10L * i + 4, false).height;
      if (i % 250 == 0) {
        p.compare("emptying, run " + i);
      }
      assertTrue(h <= last, "height grew while emptying: " + last + " -> " + h + " at " + i);
      last = h;
    }
    assertEquals(0, last);
    assertSame(Leaves.ALL_PRIVATE, p.store.root());
  }

  @Test
  void setPrivate_emptyingFromTheRight_shrinksHeightToZero() {
    Pair p = new Pair(100_000, TINY);
    assertTrue(p.comb(STEPPED_COMB).height >= 3);
    for (int i = STEPPED_COMB - 1; i >= 0; i--) {
      p.setQuietly(10L * i, 10L * i + 4, false);
    }
    p.compare("emptied");
    assertEquals(0, p.store.height());
  }

  @Test
  void randomRangeOverwrites_onDeepTree_keepInvariants() {
    Pair p = new Pair(100_000, TINY);
    p.comb(2000);
    SplittableRandom rnd = new SplittableRandom(11);
    int ops = SharedStateStoreDifferentialTest.scaled(300);
    for (int op = 0; op < ops; op++) {
      long a = rnd.nextLong(100_000);
      long b = a + 1 + rnd.nextLong(Math.min(30_000, 100_000 - a));
      p.setQuietly(a, b, rnd.nextBoolean());
      for (int k = 0; k < 20; k++) {
        long c = rnd.nextLong(99_000);
        p.setQuietly(c, c + 1 + rnd.nextInt(8), rnd.nextBoolean()); // refill with small runs
      }
      if (op % 20 == 0) {
        p.compare("op " + op);
      }
    }
    p.compare("end");
  }

  // ---------------------------------------------------------------- dense leaves

  @Test
  void denseLeaf_switchesToBitmapAndBack() {
    long pages = 1 << 16;
    Pair p = new Pair(pages, Limits.DEFAULT);
    for (long q = 1; q < pages; q += 2) {
      store(p.store, q, q + 1, true);
      p.model.setShared(q, q + 1);
    }
    MapleInvariants.Shape shape = MapleInvariants.check(p.store);
    p.compare("alternate");
    // Bitmaps of at most 2^15 pages each, and nothing else: where their edges fall depends on
    // how the sparse leaves that grew into them were cut.
    long denseAtStart = shape.denseLeaves;
    assertTrue(
        denseAtStart >= 2 && denseAtStart == shape.leaves,
        "alternate over 2^16 pages: only 2^15-page bitmaps " + shape);
    long denseBytes = p.store.estimatedSizeInBytes();
    assertTrue(denseBytes <= 1.05 * pages / 8, "dense: " + denseBytes);
    // Thin the first bitmap out evenly, halving its runs each round: shared pages 4k+1, then
    // 8k+3, then 16k+7 go private (every 16th page still shared: the sparse form is as large as
    // the bitmap, so it stays a bitmap).
    long half = pages / 2;
    for (int round = 1; round <= 3; round++) {
      thin(p, half, round);
    }
    shape = MapleInvariants.check(p.store);
    p.compare("thinned to every 16th page");
    assertEquals(denseAtStart, shape.denseLeaves, shape.toString());
    // Round 4 (pages 32k+15): the bitmap stays while its sparse form, though already cheaper
    // than the bitmap by the switch-to-dense formula, needs 3/4 of it (hysteresis) ...
    boolean heldByHysteresis = false;
    boolean switched = false;
    for (long q = 15; q < half; q += 32) {
      Object first = ((Node) p.store.root()).kids[0];
      int sparse = -1;
      if (!switched) {
        long[] w = (long[]) first;
        sparse = Leaves.sparseBytesOfDense(w, Integer.MAX_VALUE, Limits.DEFAULT);
        heldByHysteresis |= !Leaves.denseWins(sparse, 8 * Leaves.words(w), false);
      }
      store(p.store, q, q + 1, false);
      p.model.setPrivate(q, q + 1);
      if (!switched && !Leaves.isDense(((Node) p.store.root()).kids[0])) {
        // ... and goes sparse exactly when it falls below that line. (The pages right of q are
        // still every 16th page: they may stay a smaller bitmap until thinned too.)
        assertTrue(sparse - 2 < Leaves.stayDenseBytes(4096), "switched early: " + sparse);
        switched = true;
      }
    }
    assertTrue(heldByHysteresis, "no step where only the hysteresis kept the bitmap");
    assertTrue(switched, "the thinned bitmap never went sparse");
    shape = MapleInvariants.check(p.store);
    p.compare("thinned to every 32nd page");
    assertEquals(denseAtStart - 1, shape.denseLeaves, shape.toString());
    // Fill it again: it switches to a bitmap once more.
    for (long r = 1; r < half; r += 2) {
      store(p.store, r, r + 1, true);
      p.model.setShared(r, r + 1);
    }
    shape = MapleInvariants.check(p.store);
    p.compare("refilled");
    assertEquals(denseAtStart, shape.denseLeaves, shape.toString());
  }

  @Test
  void denseLeaf_rangeWrites_stayInPlace() {
    long pages = 1 << 16;
    Pair p = new Pair(pages, Limits.DEFAULT);
    for (long q = 1; q < pages; q += 2) {
      store(p.store, q, q + 1, true);
      p.model.setShared(q, q + 1);
    }
    Object before = ((Node) p.store.root()).kids[0];
    assertTrue(Leaves.isDense(before));
    p.set(101, 104, true); // inside the first bitmap
    assertSame(before, ((Node) p.store.root()).kids[0], "edited in place");
    p.set(0, 1 << 15, true); // the whole first bitmap: it becomes one run
    assertFalse(Leaves.isDense(((Node) p.store.root()).kids[0]));
  }

  @Test
  void denseAndSparseLeaves_liveSideBySide() {
    long pages = 1 << 20;
    Pair p = new Pair(pages, Limits.DEFAULT);
    for (long q = 1; q < 1 << 16; q += 2) {
      store(p.store, q, q + 1, true);
      p.model.setShared(q, q + 1);
    }
    for (long q = 1 << 17; q < pages; q += 5000) {
      p.setQuietly(q, q + 7, true); // the content is compared once, below: each compare is O(runs)
    }
    MapleInvariants.Shape shape = MapleInvariants.check(p.store);
    assertTrue(shape.denseLeaves >= 2 && shape.leaves > shape.denseLeaves, shape.toString());
    p.compare("mixed");
  }

  /** Pages the first (dense) leaf's bitmap was built over in {@link #grownDenseLeaf}. */
  private static final long BUILT = 1 << 15;

  /** Pages the first leaf's bitmap covers: where its edge falls depends on how it was cut. */
  private static long cover(Pair p) {
    return 64L * Leaves.words((long[]) ((Node) p.store.root()).kids[0]);
  }

  /**
   * A store whose first leaf is a bitmap over 2^15 alternating pages that has grown to cover pages
   * past it (up to the returned store's first separator), which take {@code grownState}.
   */
  private static Pair grownDenseLeaf(boolean grownState) {
    Pair p = new Pair(1 << 17, Limits.DEFAULT);
    for (long q = 1; q < BUILT; q += 2) {
      store(p.store, q, q + 1, true);
      p.model.setShared(q, q + 1);
    }
    for (long q = BUILT + 300; q < 100_000; q += 40) {
      store(p.store, q, q + 10, true); // several sparse leaves right of the bitmap
      p.model.setShared(q, q + 10);
    }
    // From inside the bitmap to a later leaf: the leaves between are dropped and the dense leaf's
    // range grows over them, edited in place (its bitmap stays 2^15 pages).
    p.set(30_001, 70_005, grownState);
    Node root = (Node) p.store.root();
    assertTrue(Leaves.isDense(root.kids[0]), "first leaf dense");
    long cover = cover(p);
    assertTrue(cover > 30_001 && cover <= BUILT, "bitmap over " + cover + " pages");
    assertTrue(root.keys[0] > cover + 1000, "did not grow past its bitmap: " + root.keys[0]);
    return p;
  }

  @ParameterizedTest(name = "grown {0}")
  @ValueSource(booleans = {true, false})
  void denseLeaf_grownPastItsBitmap_pagesBeyondTakeItsLastBit(boolean grown) {
    Pair p = grownDenseLeaf(grown);
    long end = ((Node) p.store.root()).keys[0];
    long cover = cover(p);
    for (long page : new long[] {cover - 1, cover, cover + 1, end - 1, end}) {
      assertEquals(p.model.isShared(page), p.store.isShared(page), "isShared(" + page + ")");
      assertEquals(p.model.nextShared(page), p.store.nextShared(page), "nextShared(" + page + ")");
      assertEquals(
          p.model.nextPrivate(page), p.store.nextPrivate(page), "nextPrivate(" + page + ")");
      for (long to : new long[] {page + 1, end, end + 5000}) {
        assertSameRuns(p, page, to);
      }
    }
  }

  @ParameterizedTest(name = "grown {0}")
  @ValueSource(booleans = {true, false})
  void denseLeaf_grownPastItsBitmap_writesAtTheBitmapEdge(boolean grown) {
    // The bitmap's last bit also stands for the pages past it: changing it must not change them.
    Pair g = grownDenseLeaf(grown);
    g.set(cover(g) - 10, cover(g), !grown);
    // A change from the bitmap's end to the leaf's end, then one just past the bitmap.
    Pair p = grownDenseLeaf(grown);
    long end = ((Node) p.store.root()).keys[0];
    long cover = cover(p);
    p.set(cover, end, !grown);
    p.set(cover + 5, cover + 6, grown);
  }

  /**
   * Under the smallest limits (12-byte leaves, 2 to 4 children, even seeds) or tiny ones (odd
   * seeds) a few hundred runs make a tree of four or more levels. Random changes around them, most
   * removing content and a few spanning many leaves, merge underfull nodes with a sibling or share
   * children with it at every level; the children that meet at such a junction were in different
   * nodes before and must be repaired too. The structure is checked after every step. (Seeds 52 and
   * 67 reach a rarer case: a repair that leaves two children of one node underfull.)
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 52, 67})
  void randomRemovals_smallLimits_keepInvariantsAtEveryLevel(long seed) {
    Limits limits = seed % 2 == 0 ? new Limits(12, 64, 4) : TINY;
    Pair p = new Pair(10_000, limits);
    int runs = 300;
    for (int i = 0; i < runs; i++) {
      store(p.store, 10L * i, 10L * i + 1 + i % 5, true);
      p.model.setShared(10L * i, 10L * i + 1 + i % 5);
    }
    assertTrue(MapleInvariants.check(p.store).height >= 4, "too shallow");
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int step = 0; step < 600; step++) {
      long run = rnd.nextInt(runs);
      boolean shared = rnd.nextInt(3) == 0;
      long a = 10 * run + rnd.nextInt(10);
      long b = Math.min(10_000, a + 1 + (rnd.nextInt(20) == 0 ? rnd.nextInt(500) : rnd.nextInt(9)));
      try {
        p.setQuietly(a, b, shared);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ", step " + step, e);
      }
    }
    p.compare("seed " + seed);
  }

  @Test
  void walks_endingAtEveryLeafEdgeOrToggle_reportNoEmptyRun() {
    long pages = 1 << 16;
    Pair p = new Pair(pages, Limits.DEFAULT);
    for (long q = 1; q < pages; q += 2) {
      store(p.store, q, q + 1, true);
      p.model.setShared(q, q + 1);
    }
    p.set(40_000, 40_100, false);
    Node root = (Node) p.store.root();
    for (long edge : root.keys) {
      for (long to = edge - 3; to <= edge + 3; to++) {
        assertSameRuns(p, 0, to);
        assertSameRuns(p, edge - 70, to);
      }
    }
    for (long to = 0; to < 200; to++) {
      assertSameRuns(p, 0, to); // inside the first bitmap, ending on every toggle
    }
  }

  @Test
  void runFromPageZero_acrossLeaves_isOneRun() {
    // The run [0, b) must cross a leaf edge: try ends b = 10m + 5 (inside a comb gap) until the
    // write leaves the leftmost leaf ending before b.
    for (long b = 1205; b < 10_000; b += 10) {
      Pair p = new Pair(100_000, TINY);
      p.comb(2000);
      p.set(0, b, true);
      Object node = p.store.root();
      long firstLeafEnd = Long.MAX_VALUE;
      for (int h = p.store.height(); h > 0; h--) {
        firstLeafEnd = Math.min(firstLeafEnd, ((Node) node).keys[0]);
        node = ((Node) node).kids[0];
      }
      if (firstLeafEnd >= b) {
        continue; // the write left [0, b) in one leaf: no edge to cross
      }
      assertEquals(
          "[0," + b + "[" + (b + 5) + "," + (b + 9),
          MapleDifferentialTest.runs(p.store, 0, b + 9, true));
      assertEquals(
          "[" + b + "," + (b + 5) + "[" + (b + 9) + "," + (b + 15),
          MapleDifferentialTest.runs(p.store, 0, b + 15, false));
      return;
    }
    throw new AssertionError("no write left a run from page 0 across a leaf edge");
  }

  @Test
  void toString_namesPageCountAndHeight() {
    MapleStore store = new MapleStore(100_000, TINY);
    for (int i = 0; i < 500; i++) {
      store.setShared(10L * i, 10L * i + 4);
    }
    String text = store.toString();
    assertTrue(
        text.contains("100000")
            && text.contains("height=" + store.height())
            && text.contains(Long.toString(store.estimatedSizeInBytes())),
        text);
  }

  private static void assertSameRuns(Pair p, long from, long to) {
    for (boolean shared : new boolean[] {true, false}) {
      assertEquals(
          MapleDifferentialTest.runs(p.model, from, to, shared),
          MapleDifferentialTest.runs(p.store, from, to, shared),
          (shared ? "shared" : "private") + " runs in [" + from + ", " + to + ")");
    }
  }

  // ---------------------------------------------------------------- cost

  /**
   * A split plus a merge in a store of 10^6 runs rebuilds at most a small multiple of the height in
   * internal nodes (most rebuild none: the leaf is edited in place), the same bound as in a store
   * of 10^3 runs of the same height. Counted by comparing the internal nodes before and after, by
   * identity of the node and of its arrays.
   */
  @Test
  void splitAndMerge_at1e6Runs_rebuildsOrderHeightNodes() {
    long pages = 1L << 28;
    MapleStore store = new MapleStore(pages);
    Workloads.byName("fragment-1000000").applyTo(store, pages * Sizes.PAGE, 1);
    int height = store.height();
    assertTrue(height >= 3, "10^6 runs: height " + height);
    SplittableRandom rnd = new SplittableRandom(3);
    long worst = 0;
    for (int i = 0; i < 2000; i++) {
      long run = store.nextShared(rnd.nextLong(pages - 1_000));
      long page = run + 1;
      if (page >= pages || !store.isShared(page)) {
        continue;
      }
      IdentityHashMap<Node, List<Object>> before = internalNodes(store);
      store.setPrivate(page, page + 1);
      store.setShared(page, page + 1);
      worst = Math.max(worst, rebuilt(before, internalNodes(store)));
    }
    System.out.println(
        "10^6 runs: height " + height + ", worst nodes rebuilt per split+merge " + worst);
    assertEquals(1_000_000, store.sharedRunCount());
    assertTrue(worst <= 4L * height, "split+merge rebuilt " + worst + " nodes, height " + height);
    // And the count is real: a write dropping many leaves rebuilds the nodes on its path.
    IdentityHashMap<Node, List<Object>> before = internalNodes(store);
    store.setPrivate(pages / 4, pages / 2);
    assertTrue(rebuilt(before, internalNodes(store)) >= height - 1, "a wide write rebuilt nothing");
  }

  /** Every internal node of the store, with its separator and child arrays. */
  private static IdentityHashMap<Node, List<Object>> internalNodes(MapleStore store) {
    IdentityHashMap<Node, List<Object>> nodes = new IdentityHashMap<>();
    collect(store.root(), store.height(), nodes);
    return nodes;
  }

  private static void collect(Object node, int h, IdentityHashMap<Node, List<Object>> nodes) {
    if (h == 0) {
      return;
    }
    Node n = (Node) node;
    nodes.put(n, List.of(n.keys, n.kids));
    for (Object kid : n.kids) {
      collect(kid, h - 1, nodes);
    }
  }

  /** Internal nodes in {@code after} that are new, or whose arrays are not those of before. */
  private static long rebuilt(
      IdentityHashMap<Node, List<Object>> before, IdentityHashMap<Node, List<Object>> after) {
    long n = 0;
    for (Map.Entry<Node, List<Object>> e : after.entrySet()) {
      List<Object> old = before.get(e.getKey());
      boolean same =
          old != null && old.get(0) == e.getValue().get(0) && old.get(1) == e.getValue().get(1);
      n += same ? 0 : 1;
    }
    return n;
  }

  /** Makes shared pages {@code q = 2^round - 1 (mod 2^(round+1))} below {@code end} private. */
  private static void thin(Pair p, long end, int round) {
    for (long q = (1L << round) - 1; q < end; q += 1L << (round + 1)) {
      store(p.store, q, q + 1, false);
      p.model.setPrivate(q, q + 1);
    }
  }

  private static long countRunsIn(Pair p, long from, long to) {
    long[] n = {0};
    p.store.forEachSharedRun(from, to, (a, b) -> n[0]++);
    return n[0];
  }

  private static void store(MapleStore s, long a, long b, boolean shared) {
    if (shared) {
      s.setShared(a, b);
    } else {
      s.setPrivate(a, b);
    }
  }
}
