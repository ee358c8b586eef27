/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import io.github.ramattr.spi.AbstractSharedStateStore;
import io.github.ramattr.spi.RunVisitor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The maple store: a B-tree of {@link Node}s over leaves of {@link Leaves}. See the package
 * documentation for the layout, the store cases and the fill rules.
 */
final class MapleStore extends AbstractSharedStateStore {
  /**
   * Heap bytes of a store object: 12-byte header, a long (the page count, in the superclass), two
   * references and an int.
   */
  static final long STORE_OBJECT_BYTES = 32;

  /**
   * Writes over more pages than this that span more than one leaf first ask whether anything
   * changes (a {@code next} probe), so that a no-op range write drops no subtree and allocates
   * nothing. Other writes skip the probe: a no-op edit of one leaf rewrites the same bytes in
   * place, and a write of a few pages over two leaves costs less than the probe's extra leaf scan.
   */
  static final long PROBED_WRITE = 64;

  private final Limits limits;

  /** A leaf ({@code byte[]} or {@code long[]}) when {@link #height} is 0, else a {@link Node}. */
  private Object root = Leaves.ALL_PRIVATE;

  /** Number of internal levels: leaves sit at depth {@code height}. */
  private int height;

  MapleStore(long pageCount) {
    this(pageCount, Limits.DEFAULT);
  }

  MapleStore(long pageCount, Limits limits) {
    super(pageCount, MapleStoreProvider.MAX_PAGE_COUNT, MapleStoreProvider.NAME);
    this.limits = limits;
  }

  Limits limits() {
    return limits;
  }

  Object root() {
    return root;
  }

  int height() {
    return height;
  }

  // ---------------------------------------------------------------- queries

  @Override
  protected boolean doIsShared(long page) {
    Object node = root;
    long lo = 0;
    for (int h = height; h > 0; h--) {
      Node n = (Node) node;
      int k = n.childIndex(page);
      lo = n.childLo(k, lo);
      node = n.kids[k];
    }
    return Leaves.stateAt(node, lo, page);
  }

  /** First page {@code >= from} in state {@code want}, or the page count; {@code from < it}. */
  @Override
  protected long doNext(long from, boolean want) {
    // Most answers lie in the leaf holding from: descend to it without recursion first.
    Object node = root;
    long lo = 0;
    long hi = pageCount();
    for (int h = height; h > 0; h--) {
      Node n = (Node) node;
      int k = n.childIndex(from);
      long clo = n.childLo(k, lo);
      hi = n.childHi(k, hi);
      lo = clo;
      node = n.kids[k];
    }
    long r = Leaves.next(node, lo, hi, from, want);
    if (r < 0 && hi < pageCount()) {
      r = find(root, height, 0, pageCount(), hi, want); // from the next leaf on
    }
    return r < 0 ? pageCount() : r;
  }

  /**
   * First page {@code >= from} with state {@code want} in a subtree, or -1. Visits O(1) leaves past
   * the first: every leaf but a toggle-free root holds both states or borders one that does.
   */
  private static long find(Object node, int h, long lo, long hi, long from, boolean want) {
    if (h == 0) {
      return Leaves.next(node, lo, hi, from, want);
    }
    Node n = (Node) node;
    for (int k = n.childIndex(from); k < n.count(); k++) {
      long clo = n.childLo(k, lo);
      long r = find(n.kids[k], h - 1, clo, n.childHi(k, hi), Math.max(from, clo), want);
      if (r >= 0) {
        return r;
      }
    }
    return -1;
  }

  /** The runs of state {@code want} in {@code [from, to)}, {@code from < to}. */
  @Override
  protected void doForEachRun(long from, long to, boolean want, RunVisitor visitor) {
    RunJoiner joiner = new RunJoiner(want, visitor);
    walk(root, height, 0, pageCount(), from, to, joiner);
    joiner.finish(to);
  }

  /** In-order walk of the leaves meeting {@code [from, to)}: O(height) to seek, O(1) per leaf. */
  private static void walk(
      Object node, int h, long lo, long hi, long from, long to, RunJoiner joiner) {
    if (h == 0) {
      segments(node, lo, Math.max(lo, from), Math.min(hi, to), joiner);
      return;
    }
    Node n = (Node) node;
    for (int k = n.childIndex(from); k < n.count(); k++) {
      long clo = n.childLo(k, lo);
      if (clo >= to) {
        return;
      }
      walk(n.kids[k], h - 1, clo, n.childHi(k, hi), from, to, joiner);
    }
  }

  /**
   * Feeds the constant-state segments of a leaf starting at page {@code lo}, clipped to {@code [x0,
   * x1)}, to the joiner.
   */
  private static void segments(Object leaf, long lo, long x0, long x1, RunJoiner j) {
    if (leaf instanceof byte[] b) {
      SparseLeaf.segments(b, lo, x0, x1, j);
      return;
    }
    long[] w = (long[]) leaf;
    long cover = 64L * Leaves.words(w);
    long o = x0 - lo;
    long e = x1 - lo;
    if (o >= cover) {
      j.segment(x0, w[Leaves.words(w) - 1] < 0);
      return;
    }
    boolean st = (w[(int) (o >>> 6)] >>> o & 1) != 0;
    while (true) {
      int q = Leaves.nextBitNot(w, (int) o, st);
      if (q >= cover || q >= e) {
        j.segment(lo + o, st); // past the bitmap the last bit's state runs on
        return;
      }
      j.segment(lo + o, st);
      o = q;
      st = !st;
    }
  }

  /** Joins the segments of consecutive leaves into maximal runs of one state. */
  private static final class RunJoiner implements SparseLeaf.SegmentSink {
    private final boolean want;
    private final RunVisitor visitor;
    private long start = -1;

    RunJoiner(boolean want, RunVisitor visitor) {
      this.want = want;
      this.visitor = visitor;
    }

    /**
     * A segment of pages in {@code state} starting at {@code from}; it ends where the next segment
     * starts, or at {@link #finish}, since segments arrive in order and without gaps.
     */
    @Override
    public void segment(long from, boolean state) {
      if (state == want) {
        if (start < 0) {
          start = from;
        }
      } else if (start >= 0) {
        visitor.visit(start, from);
        start = -1;
      }
    }

    void finish(long to) {
      if (start >= 0) {
        visitor.visit(start, to);
      }
    }
  }

  @Override
  public long estimatedSizeInBytes() {
    boolean[] constants = new boolean[2];
    return STORE_OBJECT_BYTES + Limits.HEAP_BYTES + sizeOf(root, height, constants);
  }

  private static long sizeOf(Object node, int h, boolean[] constants) {
    if (h == 0) {
      if (node == Leaves.ALL_PRIVATE || node == Leaves.ALL_SHARED) {
        int c = node == Leaves.ALL_SHARED ? 1 : 0;
        if (constants[c]) {
          return 0; // one shared instance, measured once
        }
        constants[c] = true;
      }
      return node instanceof byte[] b
          ? Leaves.sparseHeapSize(b.length)
          : Leaves.denseHeapSize(((long[]) node).length);
    }
    Node n = (Node) node;
    long size = n.shallowSize();
    for (Object kid : n.kids) {
      size += sizeOf(kid, h - 1, constants);
    }
    return size;
  }

  // ---------------------------------------------------------------- mutations

  /** Sets {@code [a, b) := t}, {@code a < b}. */
  @Override
  protected void doSet(long a, long b, boolean t) {
    // Most writes fall inside one leaf: one descent, and when the leaf's edit leaves it without a
    // sibling it could merge with, nothing else to repair. Otherwise the general path below runs;
    // it may apply an edit made here again, which is harmless: assignment is idempotent.
    Node parent = null;
    int k = 0;
    Object node = root;
    long lo = 0;
    long hi = pageCount();
    long parentLo = 0;
    long parentHi = pageCount();
    for (int h = height; h > 0; h--) {
      Node n = (Node) node;
      k = n.childIndexForWrite(a);
      long chi = n.childHi(k, hi);
      if (b > chi) {
        node = null; // the write spans leaves
        break;
      }
      parent = n;
      parentLo = lo;
      parentHi = hi;
      lo = n.childLo(k, lo);
      hi = chi;
      node = n.kids[k];
    }
    if (node != null) {
      Object edited = editInPlace(node, lo, hi, a, b, t);
      if (edited != null) {
        if (parent == null) {
          root = edited;
          return;
        }
        parent.kids[k] = edited;
        if (!mayMerge(parent, k, parentLo, parentHi)) {
          return;
        }
      }
    } else if (b - a > PROBED_WRITE && doNext(a, !t) >= b) {
      return; // nothing changes: no rewrite, no allocation
    }
    if (height == 0) {
      Leaves.Packed p = new Leaves.Packed();
      rewriteLeaf(root, 0, pageCount(), a, b, t, p);
      if (p.n == 1) {
        root = p.leaves[0];
      } else {
        Node n = nodeOf(p, 0, p.n);
        normalize(n, 1, 0, pageCount(), 0, n.count() - 1);
        root = n;
        height = 1;
      }
    } else {
      update((Node) root, height, 0, pageCount(), a, b, t);
    }
    fixRoot();
  }

  /**
   * Whether leaf {@code k} of leaf parent {@code n} (over {@code [lo, hi)}) might merge with a
   * sibling: the O(1) test of {@link #packPair} that rejects pairs too heavy and too wide, for both
   * neighbours. When it rejects both, the tree needs no repair after the leaf's edit.
   */
  private boolean mayMerge(Node n, int k, long lo, long hi) {
    return (k > 0 && !tooHeavyToMerge(n, k - 1, lo, hi))
        || (k + 1 < n.count() && !tooHeavyToMerge(n, k, lo, hi));
  }

  private boolean tooHeavyToMerge(Node n, int k, long lo, long hi) {
    return tooHeavyToMerge(
        n.kids[k], n.kids[k + 1], n.childHi(k + 1, hi) - n.childLo(k, lo), limits);
  }

  /**
   * Whether sibling leaves {@code x} and {@code y} spanning {@code span} pages are not to be
   * merged, told in O(1) without decoding them: past the merge line (7/8 of the largest sparse
   * leaf) by weight, and either too wide for one bitmap or, both sparse, not surely dense. Their
   * joined chain of varints is at least their two payloads (a bucket's first distance, measured
   * from the bucket's start, is never longer than from the toggle before); a pair is decoded for a
   * bitmap only when even that is past the line where the packer makes the span a bitmap. Without
   * this, a pair of full sparse leaves within one bitmap span (4 * 10^5 to 10^6 runs in 64 GiB) was
   * decoded and packed, in vain, on every edit of either; the cost is that a pair whose joined
   * chain would only just pass the line stays two sparse leaves.
   */
  static boolean tooHeavyToMerge(Object x, Object y, long span, Limits limits) {
    if (Leaves.weight(x) + Leaves.weight(y) <= limits.mergeBytes()) {
      return false;
    }
    if (span > limits.denseSpan) {
      return true;
    }
    if (!(x instanceof byte[] bx) || !(y instanceof byte[] by)) {
      return false; // a bitmap's sparse size is not read in O(1)
    }
    int chain = SparseLeaf.payloadBytes(bx) + SparseLeaf.payloadBytes(by);
    return Leaves.sparseBound(chain, limits) <= Leaves.sparseLimit(Leaves.bitmapBytes(span), false);
  }

  /** Collapses single-child roots and splits an overfull root, changing the height. */
  private void fixRoot() {
    while (height > 0) {
      Node r = (Node) root;
      if (r.count() == 1) {
        root = r.kids[0];
        height--;
      } else if (r.count() > limits.maxFanout) {
        Leaves.Packed p = new Leaves.Packed();
        splitNode(r, 0, p);
        root = nodeOf(p, 0, p.n);
        height++;
      } else {
        return;
      }
    }
  }

  /**
   * Sets {@code [a, b) := t} in the subtree {@code n} of height {@code h} over {@code [lo, hi)},
   * {@code lo <= a < b <= hi}. Children {@code i} (holding {@code a}) to {@code j} (holding {@code
   * b - 1}) are affected:
   *
   * <pre>
   *   before:   [ i: a..  ][ fully covered ... ][ j: ..b  ]
   *   after:    [ i: a.................................. ][ j: b.. ]
   * </pre>
   *
   * Child {@code j} is rewritten over {@code [lo_j, b)}, the children strictly between are dropped
   * whole (child {@code i}'s range grows over them, so this costs O(1) per level however many runs
   * they held), and child {@code i} is rewritten over {@code [a, new hi_i)}. Then the touched
   * children are brought back within the fill bounds. The node itself may be left over- or
   * underfull; its parent (or {@link #fixRoot}) repairs that.
   */
  private void update(Node n, int h, long lo, long hi, long a, long b, boolean t) {
    int count0 = n.count();
    int i = n.childIndexForWrite(a);
    int j = b <= n.childHi(i, hi) ? i : n.childIndex(b - 1);
    if (j > i) {
      long cjLo = n.childLo(j, lo);
      long cjHi = n.childHi(j, hi);
      int lastDropped = j;
      if (cjHi > b) {
        updateChild(n, h, j, cjLo, cjHi, cjLo, b, t);
        lastDropped = j - 1;
      }
      if (lastDropped > i) {
        removeChildren(n, i + 1, lastDropped);
      }
    }
    long ciHi = n.childHi(i, hi);
    updateChild(n, h, i, n.childLo(i, lo), ciHi, a, Math.min(b, ciHi), t);
    int touched = n.count() - (count0 - (j - i + 1));
    normalize(n, h, lo, hi, i, i + touched - 1);
  }

  /** Applies {@code [a, b) := t} to child {@code k} over {@code [clo, chi)}, splicing results. */
  private void updateChild(Node n, int h, int k, long clo, long chi, long a, long b, boolean t) {
    if (h == 1) {
      Object edited = editInPlace(n.kids[k], clo, chi, a, b, t);
      if (edited != null) {
        n.kids[k] = edited;
        return;
      }
      Leaves.Packed p = new Leaves.Packed();
      rewriteLeaf(n.kids[k], clo, chi, a, b, t, p);
      splice(n, k, 1, p);
      return;
    }
    Node c = (Node) n.kids[k];
    update(c, h - 1, clo, chi, a, b, t);
    if (c.count() > limits.maxFanout) {
      Leaves.Packed p = new Leaves.Packed();
      splitNode(c, clo, p);
      splice(n, k, 1, p);
    }
  }

  /**
   * The allocation-free edits of one leaf over {@code [lo, hi)}: a dense leaf whose bitmap holds
   * the change and keeps paying for itself, or a sparse leaf whose result fits one sparse leaf.
   * Returns the leaf now holding the content (often the same array), or null when the leaf must be
   * rewritten by {@link #rewriteLeaf}. A dense leaf it declines already holds the change, which the
   * rewrite applies again (filling is idempotent) before it repacks the leaf.
   */
  private @Nullable Object editInPlace(Object leaf, long lo, long hi, long a, long b, boolean t) {
    if (leaf instanceof byte[] sparse) {
      return Leaves.editSparse(sparse, lo, hi, a, b, t, limits);
    }
    long[] w = (long[]) leaf;
    long cover = 64L * Leaves.words(w);
    if (a - lo < cover && (b == hi || b - lo < cover)) {
      Leaves.fillDense(w, a - lo, b == hi ? cover : b - lo, t);
      return Leaves.keepsDense(w, limits) ? w : null;
    }
    return null;
  }

  /**
   * Rewrites one leaf over {@code [lo, hi)} with {@code [a, b) := t} into {@code out}, where {@link
   * #editInPlace} declined: decodes the leaf, applies the change (again, for a bitmap that already
   * holds it: assignment is idempotent) and repacks the content into as many leaves as it needs.
   */
  private void rewriteLeaf(
      Object leaf, long lo, long hi, long a, long b, boolean t, Leaves.Packed out) {
    long[] tg = new long[Leaves.toggleCount(leaf)];
    int n = Leaves.decode(leaf, lo, tg, 0);
    long[] edited = new long[n + 2];
    boolean[] first = {Leaves.firstState(leaf)};
    int m = Leaves.override(lo, hi, tg, n, a, b, t, edited, first);
    Leaves.pack(lo, hi, first[0], edited, m, Leaves.isDense(leaf), limits, out);
  }

  // ---------------------------------------------------------------- fill repairs

  /**
   * Repairs children {@code from..to} of {@code n} (height {@code h}, over {@code [lo, hi)}).
   * Leaves: merges sibling pairs that fit in one leaf. Internal children: splits overfull ones,
   * merges or redistributes underfull ones with a sibling.
   */
  private void normalize(Node n, int h, long lo, long hi, int from, int to) {
    if (h == 1) {
      int k = Math.max(0, from - 1);
      while (k < n.count() - 1 && k <= to) {
        if (tryMergeLeaves(n, k, lo, hi)) {
          // The merged leaf has new neighbours on both sides: check both pairs again.
          to = Math.max(to - 1, k);
          k = Math.max(0, k - 1);
        } else {
          k++;
        }
      }
      return;
    }
    int k = Math.max(0, from);
    while (k < n.count() && k <= to) {
      Node c = (Node) n.kids[k];
      if (c.count() > limits.maxFanout) {
        Leaves.Packed p = new Leaves.Packed();
        splitNode(c, n.childLo(k, lo), p);
        splice(n, k, 1, p);
        to += p.n - 1;
      } else if (c.count() < limits.minFanout && n.count() > 1) {
        int before = n.count();
        k = fixUnderfull(n, h, lo, hi, k);
        to -= before - n.count();
        to = Math.max(to, k + 1);
      } else {
        k++;
      }
    }
  }

  /**
   * Merges underfull child {@code k} with a sibling, or shares their children evenly if together
   * they overflow, then repairs the children that became neighbours at the junction. Returns the
   * index of the left one of the pair.
   *
   * <pre>
   *   [ L: x x ][ R: y y y y y y y y ]   ->   [ M: x x | y y y y y y y y ]   (fits)
   *   [ L: x x ][ R: y * 15          ]   ->   [ L': x x y*7 ][ R': y*8 ]      (overflows)
   * </pre>
   */
  private int fixUnderfull(Node n, int h, long lo, long hi, int k) {
    int left = k > 0 ? k - 1 : k;
    int right = left + 1;
    Node l = (Node) n.kids[left];
    Node r = (Node) n.kids[right];
    long llo = n.childLo(left, lo);
    long rhi = n.childHi(right, hi);
    int jn = l.count();
    int m = jn + r.count();
    Object[] kids = Arrays.copyOf(l.kids, m);
    System.arraycopy(r.kids, 0, kids, jn, r.count());
    long[] keys = Arrays.copyOf(l.keys, m - 1);
    keys[jn - 1] = n.keys[left];
    System.arraycopy(r.keys, 0, keys, jn, r.keys.length);
    if (m <= limits.maxFanout) {
      Node merged = new Node(keys, kids);
      n.kids[left] = merged;
      removeChildren(n, right, right);
      normalize(merged, h - 1, llo, rhi, jn - 1, jn);
      return left;
    }
    int mid = m / 2;
    long sep = keys[mid - 1];
    Node l2 = new Node(Arrays.copyOfRange(keys, 0, mid - 1), Arrays.copyOfRange(kids, 0, mid));
    Node r2 = new Node(Arrays.copyOfRange(keys, mid, m - 1), Arrays.copyOfRange(kids, mid, m));
    n.kids[left] = l2;
    n.kids[right] = r2;
    n.keys[left] = sep;
    normalize(l2, h - 1, llo, sep, jn - 1, Math.min(jn, mid - 1));
    normalize(r2, h - 1, sep, rhi, Math.max(0, jn - 1 - mid), jn - mid);
    return left;
  }

  /**
   * Merges leaves {@code k} and {@code k + 1} of leaf parent {@code n} when their content packs
   * into one leaf; returns whether it did. Pairs too heavy to fit are not decoded.
   */
  private boolean tryMergeLeaves(Node n, int k, long lo, long hi) {
    Leaves.Packed p =
        packPair(
            n.kids[k], n.kids[k + 1], n.childLo(k, lo), n.keys[k], n.childHi(k + 1, hi), limits);
    if (p == null || p.n != 1) {
      return false;
    }
    n.kids[k] = p.leaves[0];
    removeChildren(n, k + 1, k + 1);
    return true;
  }

  /**
   * Packs sibling leaves {@code x} over {@code [xlo, mid)} and {@code y} over {@code [mid, yhi)}
   * together, or returns null when they are too heavy to fit one leaf in any representation.
   */
  static Leaves.@Nullable Packed packPair(
      Object x, Object y, long xlo, long mid, long yhi, Limits limits) {
    if (tooHeavyToMerge(x, y, yhi - xlo, limits)) {
      return null;
    }
    long[] tg = new long[Leaves.toggleCount(x) + Leaves.toggleCount(y) + 1];
    int m = Leaves.decode(x, xlo, tg, 0);
    boolean xLast = Leaves.firstState(x) ^ ((m & 1) == 1);
    if (Leaves.firstState(y) != xLast) {
      tg[m++] = mid;
    }
    m = Leaves.decode(y, mid, tg, m);
    Leaves.Packed p = new Leaves.Packed();
    Leaves.pack(
        xlo, yhi, Leaves.firstState(x), tg, m, Leaves.isDense(x) || Leaves.isDense(y), limits, p);
    return p;
  }

  // ---------------------------------------------------------------- array surgery

  /** Splits an overfull node into the fewest parts of at most {@code limits.maxFanout}, evenly. */
  private void splitNode(Node c, long lo, Leaves.Packed out) {
    int m = c.count();
    int parts = (m + limits.maxFanout - 1) / limits.maxFanout;
    int from = 0;
    for (int p = 1; p <= parts; p++) {
      int to = (int) ((long) m * p / parts);
      Node part =
          new Node(Arrays.copyOfRange(c.keys, from, to - 1), Arrays.copyOfRange(c.kids, from, to));
      out.add(from == 0 ? lo : c.keys[from - 1], part);
      from = to;
    }
  }

  private static Node nodeOf(Leaves.Packed p, int from, int to) {
    return new Node(
        Arrays.copyOfRange(p.starts, from + 1, to), Arrays.copyOfRange(p.leaves, from, to));
  }

  /** Replaces children {@code k .. k+removed-1} by the pieces of {@code p}. */
  private static void splice(Node n, int k, int removed, Leaves.Packed p) {
    if (removed == 1 && p.n == 1) {
      n.kids[k] = p.leaves[0];
      return;
    }
    int oldCount = n.count();
    int newCount = oldCount - removed + p.n;
    Object[] kids = new Object[newCount];
    System.arraycopy(n.kids, 0, kids, 0, k);
    System.arraycopy(p.leaves, 0, kids, k, p.n);
    System.arraycopy(n.kids, k + removed, kids, k + p.n, oldCount - k - removed);
    long[] keys = new long[newCount - 1];
    System.arraycopy(n.keys, 0, keys, 0, k);
    System.arraycopy(p.starts, 1, keys, k, p.n - 1);
    System.arraycopy(n.keys, k + removed - 1, keys, k + p.n - 1, oldCount - 1 - (k + removed - 1));
    n.kids = kids;
    n.keys = keys;
  }

  /**
   * Drops children {@code from..to} ({@code from >= 1}) with the separators left of them, so child
   * {@code from - 1} grows over their range.
   */
  private static void removeChildren(Node n, int from, int to) {
    int oldCount = n.count();
    int gone = to - from + 1;
    Object[] kids = new Object[oldCount - gone];
    System.arraycopy(n.kids, 0, kids, 0, from);
    System.arraycopy(n.kids, to + 1, kids, from, oldCount - to - 1);
    long[] keys = new long[oldCount - gone - 1];
    System.arraycopy(n.keys, 0, keys, 0, from - 1);
    System.arraycopy(n.keys, to, keys, from - 1, oldCount - 1 - to);
    n.kids = kids;
    n.keys = keys;
  }

  @Override
  public String toString() {
    return "MapleStore{pageCount="
        + pageCount()
        + ", height="
        + height
        + ", bytes="
        + estimatedSizeInBytes()
        + '}';
  }
}
