/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The {@code maple} backend: a B-tree over the pages where the shared/private state changes, with
 * compact leaves where those changes are sparse and bitmap leaves where they are dense. It is named
 * after Linux's maple tree and laid out in its spirit (bounded nodes over plain arrays, ranges
 * rather than keys), but it stores page-state <i>toggles</i> rather than entries, which is what
 * makes it small. {@link io.github.ramattr.maple.MapleStoreProvider} is the only public class.
 *
 * <h2>What is stored</h2>
 *
 * A block of {@code pageCount} pages is cut into contiguous spans, one per leaf. A leaf holds the
 * state of its first page and the sorted positions inside it where the state toggles. Leaf edges
 * are not state changes: a shared run that crosses three leaves is one run, and the run walks
 * report it once. "Adjacent equal runs are always coalesced" becomes two local rules: no toggle at
 * a leaf's first page (its first state says it) and no two toggles at one page. So the content has
 * exactly two toggles per maximal shared run, whatever the history of calls that produced it (the
 * kernel's maple tree does not coalesce; guest_memfd does it by hand).
 *
 * <h2>Node layout</h2>
 *
 * <pre>
 *   MapleStore { pageCount, root, height }                  32 bytes
 *     |
 *   Node { long[] keys; Object[] kids; int lastChild }       24 + 16 + 8(n-1) + 16 + 4n bytes
 *     keys:  s1   s2   ...  s(n-1)          separators, strictly increasing
 *     kids:  c0   c1   c2 ...  c(n-1)       child k covers [s(k), s(k+1)), s(0) and s(n) are the
 *                                           node's own bounds, held by its parent
 *     |
 *   leaf: byte[]  sparse: [state|shift][D][directory][varints][0 ...]  16 + capacity (8k bytes)
 *         long[]  dense:  one bit per page, at most 512 words, count   16 + 8 x (words + 1)
 * </pre>
 *
 * Internal nodes have 8 to 16 children (the root 2 to 16); all leaves are at depth {@code height};
 * no leaf or node stores its own bounds. {@code lastChild} is the child the last write descended
 * to: writes come in rows of nearby pages (a range restored run by run, memory converted in
 * ascending order, a split and the merge that undoes it), so a write checks that child with two
 * comparisons before it searches the node. It sits in the node object's alignment padding (a
 * 12-byte header and two references leave 4 bytes), so it costs no memory; readers never write it.
 * The two toggle-free leaves (all private, all shared) are shared constants, so an untouched 1 TiB
 * block, or one made wholly shared, is an 88-byte object graph.
 *
 * <h3>Edits in place</h3>
 *
 * A conversion edits the leaf it lands in without allocating: a sparse leaf's array may be longer
 * than its content, up to the 8-byte boundary the JVM pads every array to (free: the padding is
 * there anyway) plus at most 8 bytes ({@code SparseLeaf.MAX_SLACK}) that an earlier edit left; a
 * split and the merge that undoes it (a few bytes either way) shift bytes inside one array. An
 * append that outgrows a leaf of 128 content bytes or more (an edit at the content's end: nothing
 * after it but the one toggle it rewrites) gets a new array with an eighth of the content as room
 * ({@code SparseLeaf.room}), so that a row of appends copies the leaf once per eighth instead of
 * every second append. A leaf with more slack than the larger of the two is copied into a smaller
 * array, so churn cannot accumulate slack. A dense leaf flips its bits and adjusts its toggle count
 * (kept in the array's last element) from the words it touched, so deciding whether it still pays
 * for itself is O(1).
 *
 * <h3>Sparse leaves</h3>
 *
 * Toggle positions are stored as LEB128 varint distances: one byte below 128 pages, two below
 * 16384, three below 2^21. A run therefore costs 2 to 6 bytes, against 16 for two 64-bit keys, 4
 * for RoaringBitmap's run containers and 36.6 for the kernel's maple tree on the same layout. A
 * sparse leaf holds at most 512 bytes. So that a lookup does not decode the whole leaf, the leaf's
 * pages are cut into a power-of-two grid of buckets (about one per 16 payload bytes: 2^s pages
 * each, the last bucket running on to the leaf's end), and a small directory gives each bucket's
 * first byte (9 bits) and the state entering it (1 bit); the first distance of a bucket is measured
 * from the bucket's start, so a reader jumps to the bucket of its page and decodes only that
 * bucket, about 16 to 32 bytes. The directory costs 1 byte and 2 bits per bucket (about 4% to 8% of
 * the payload). An edit decodes the buckets of its two ends, rewrites at most three varints, shifts
 * the bytes after them and moves the later buckets' offsets; buckets it covers become empty. An
 * append past every toggle whose pages lie past the grid extends the directory with the same bucket
 * size until the new toggles have buckets of their own, as long as the directory stays within twice
 * the entries a fresh encode would give the payload (and 255); otherwise it lands in the last
 * bucket, which runs on to the leaf's end. When appends have made one bucket much longer than the
 * grid intends (the grid was cut for fewer toggles), the edit declines and the leaf is re-encoded
 * with a finer grid.
 *
 * <h3>Dense leaves</h3>
 *
 * A dense leaf is a bitmap over at most 2^15 pages (4 KiB), so its operations cost O(2^15/64), and
 * one more word holding its number of toggles. Its bits past the leaf's end repeat the leaf's last
 * page, and pages past the bitmap (the leaf's span may grow, see below) take the state of its last
 * bit.
 *
 * <h2>The dense-leaf rule</h2>
 *
 * Each representation has a size formula ({@code Leaves.denseWins}): a sparse payload of {@code s}
 * bytes costs about {@code s + s/8} (it is spread over leaves with ~32 bytes of array header and
 * parent slot each, and a directory), a bitmap over the same span costs its words plus one leaf's
 * overhead. When a leaf is packed, the next 2^15 pages (or what is left of the span being packed)
 * become one bitmap leaf if the sparse form would cost more; otherwise a sparse leaf takes the rest
 * of the content if it fits one leaf, else toggles up to 7/8 of a full leaf (448 bytes), so that
 * inserts near its end fill the spare eighth in place instead of overflowing it again at each one
 * (a range restored run by run just before a leaf boundary repacked the leaf per run when leaves
 * were packed to the brim). A bitmap leaf returns to sparse only once its sparse form needs less
 * than 3/4 of the bitmap: between the two lines a leaf keeps the representation it has, so a page
 * flipping back and forth at the threshold does not convert the leaf every time (hysteresis). The
 * pair rule below lets small sparse leaves full of dense content merge into bitmaps, so building
 * {@code alternate} page by page ends with 4 KiB bitmaps; they sit beside sparse leaves in one
 * tree, which is what lets a single store be O(runs) where the block is sparse and about a bitmap
 * where it is dense (1.3% more on {@code alternate} at 1 GiB, {@code MapleMemoryTest}).
 *
 * <h2>Store cases</h2>
 *
 * A write inside one leaf (the common case: a conversion of a few pages) descends once, edits the
 * leaf in place or into a new array, and stops there when neither sibling of the leaf could merge
 * with it (the O(1) weight test of the fill rules below); a no-op edit rewrites the same bytes.
 * {@code setShared(a, b)} and {@code setPrivate(a, b)} over more than 64 pages that span more than
 * one leaf first ask whether anything changes (a {@code nextPrivate}/{@code nextShared} probe,
 * O(height)); if not, they return without writing. Every other write (and a one-leaf write that the
 * edit declines or that leaves a mergeable pair, which the pass applies again: assignment is
 * idempotent) goes through one top-down pass that handles every case:
 *
 * <pre>
 *   within one leaf:            [ ..a....b.. ]          rewrite that leaf
 *
 *   spanning leaves/levels:     [ ..a.. ][ ][ ][ ][ ..b.. ]
 *                               [ ..a........... ][ b.. ]
 * </pre>
 *
 * At each node, child {@code j} (holding {@code b - 1}) is rewritten over {@code [its start, b)},
 * the children strictly between {@code i} (holding {@code a}) and {@code j} are dropped whole with
 * their separators, so child {@code i}'s range grows over them, and then child {@code i} is
 * rewritten over {@code [a, its new end)}. Dropping a subtree costs O(1) however many runs it held,
 * so a range write costs O(height x fan-out + leaf size); the runs it removes are freed, not
 * visited. A leaf rewrite either edits in place (a bitmap that keeps paying for itself, or a sparse
 * leaf whose result fits its array: the common case), edits a sparse leaf into a new array when it
 * outgrows its capacity, or decodes the leaf, applies the change and repacks the content into as
 * many leaves as it needs (a split when it outgrows one leaf, a representation change when the rule
 * says so, a finer directory).
 *
 * <h2>Fill rules and rebalancing</h2>
 *
 * After a rewrite the touched children are repaired on the way back up:
 *
 * <ul>
 *   <li>two sibling leaves whose arrays add up to at most 7/8 of a full sparse leaf (448 bytes) are
 *       merged, as are two leaves within one dense span that pack into one bitmap (two sparse ones
 *       are decoded for that only when their payloads alone pass the dense line, so that a pair of
 *       full sparse leaves under very dense runs is not decoded in vain at every edit); this bounds
 *       the number of leaves by about twice the payload over 448 bytes. The 1/8 gap is hysteresis:
 *       a leaf that a split just made overflow into two is not merged back by the merge that undoes
 *       the split, so a conversion and its undo at a full leaf edit in place instead of splitting
 *       and joining leaves each time;
 *   <li>an internal child with more than 16 children is split evenly;
 *   <li>an internal child with fewer than 8 is merged with a sibling, or their children are shared
 *       evenly if together they overflow, and the grandchildren that became neighbours at the
 *       junction are repaired the same way, one level down;
 *   <li>a root with one child is replaced by that child and one with too many is split, so the
 *       height follows the content: a store emptied run by run ends as a single leaf again.
 * </ul>
 *
 * With the slack bound above and the merge rule, a store after any history of changes stays within
 * a few percent of a store built fresh with the same content (asserted: at most 1.1x after 3*10^5
 * single-page conversions that restore a 10^5-run store's content, and the measured 1.012x to the
 * digits quoted, {@code MapleMemoryTest}; the kernel's tree grows 1.59x, 58.2 against 36.6 bytes
 * per run in the kernel figures docs/workloads.md gives).
 *
 * <h2>Costs</h2>
 *
 * <ul>
 *   <li>{@code isShared}, {@code nextShared}, {@code nextPrivate}: O(height) descent plus the
 *       decode of one bucket (about 16-32 bytes) or a scan of at most 512 words; a search visits at
 *       most three leaves, since any leaf with a toggle holds both states.
 *   <li>{@code setShared}, {@code setPrivate}: O(height) plus O(1) leaf rewrites and node repairs
 *       per level, whatever the number of runs removed; a split or merge inside one leaf decodes
 *       one or two buckets, shifts at most 512 bytes, moves the offsets of the buckets after it and
 *       allocates nothing; an append past the grid also moves the payload right by the directory's
 *       growth. A write next to the previous one finds its path in two comparisons per level.
 *   <li>run walks: O(height) to seek, then O(1) per run and per leaf, no allocation per run.
 *   <li>{@code estimatedSizeInBytes}: walks the tree, O(nodes + leaves), and is exact for the
 *       layout above (JDK 17, compressed oops).
 * </ul>
 *
 * <h2>Memory, measured with JOL</h2>
 *
 * On the {@code fragment-K} layout (docs/workloads.md in ramattr's source repository): 1 TiB with
 * 10^5 runs takes 4.47 bytes per run (446,752 bytes); 64 GiB with 10^5 runs 2.80. Every workload
 * end state at 1 GiB and 64 GiB takes between 0.020x and 1.01x what RoaringBitmap takes after
 * {@code runOptimize()} (asserted at most 1.05x), and {@code alternate} 1.013x the flat bitmap
 * (asserted at most 1.10x). {@code MapleMemoryTest} asserts each figure of this paragraph to the
 * digits quoted. The directories, edit slack and append room cost nothing on balance against the
 * first release's exact-size layout: over the 55 rows of the memory census baseline (1 GiB to 64
 * TiB) the store takes 0.99x the first release's bytes on average, 0.81x at least and 1.09x at most
 * (a one-run 64 GiB block, 8 bytes more), and {@code MapleCensusBaselineTest} fails any row that
 * grows past 1.10x.
 *
 * <h2>Why this layout: the size/speed trade-off</h2>
 *
 * Varint leaves are what make the store small, and their decode is what makes it slower than
 * RoaringBitmap on a split and merge among few runs (10^3 to 10^5 in 64 GiB) and on lookups in
 * fragmented layouts. docs/maple-goals.md (in ramattr's source repository) measures the curve
 * across three designs with {@code scripts/maple-tradeoff.sh}: this one at three leaf layouts, a
 * fixed-width design of plain 8-byte run bounds in leaves of 16 or 64 runs (the kernel maple node's
 * 256 bytes of pivots), and RoaringBitmap. Smaller buckets buy lookups for a few percent of memory,
 * smaller leaves buy nothing; the fixed-width design is faster on sparse lookups and on most
 * splits, but 6x larger on the census's geometric mean and up to 73x on a row, and is still slower
 * than RoaringBitmap at 10^3 runs and on dense content. The default is the smallest point, because
 * a guest keeps its tracker for its life while a conversion already pays for a KVM exit and an
 * IOMMU update.
 *
 * <h2>Threads</h2>
 *
 * A store is a plain single-writer structure, like {@link java.util.BitSet}; the facade serialises
 * access.
 */
@NullMarked
package io.github.ramattr.maple;

import org.jspecify.annotations.NullMarked;
