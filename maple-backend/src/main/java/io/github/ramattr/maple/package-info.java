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
 *   Node { long[] keys; Object[] kids }                      24 + 16 + 8(n-1) + 16 + 4n bytes
 *     keys:  s1   s2   ...  s(n-1)          separators, strictly increasing
 *     kids:  c0   c1   c2 ...  c(n-1)       child k covers [s(k), s(k+1)), s(0) and s(n) are the
 *                                           node's own bounds, held by its parent
 *     |
 *   leaf: byte[]  sparse: [first state][varint d1][varint d2]...   16 + bytes, rounded to 8
 *         long[]  dense:  one bit per page, at most 512 words      16 + 8 x words
 * </pre>
 *
 * Every array is sized exactly to its content (an edit allocates the new array), so there is no
 * slack to leak under churn. Internal nodes have 8 to 16 children (the root 2 to 16); all leaves
 * are at depth {@code height}; no leaf or node stores its own bounds. The two toggle-free leaves
 * (all private, all shared) are shared constants, so an untouched 1 TiB block, or one made wholly
 * shared, is an 88-byte object graph.
 *
 * <h3>Sparse leaves</h3>
 *
 * Toggle positions are stored as LEB128 varint distances, each from the previous toggle (the first
 * from the leaf's first page): one byte below 128 pages, two below 16384, three below 2^21. A run
 * therefore costs 2 to 6 bytes, against 16 for two 64-bit keys, 4 for RoaringBitmap's run
 * containers and 36.6 for the kernel's maple tree on the same layout. A sparse leaf holds at most
 * 256 bytes; reads scan it linearly, which at that size is cheaper than the binary search a
 * fixed-width layout would allow, and an edit copies the untouched bytes and encodes at most three
 * varints.
 *
 * <h3>Dense leaves</h3>
 *
 * A dense leaf is a bitmap over at most 2^15 pages (4 KiB), so its operations cost O(2^15/64). Its
 * bits past the leaf's end repeat the leaf's last page, and pages past the bitmap (the leaf's span
 * may grow, see below) take the state of its last bit.
 *
 * <h2>The dense-leaf rule</h2>
 *
 * Each representation has a size formula ({@code Leaves.denseWins}): a sparse payload of {@code s}
 * bytes costs about {@code s + s/8} (it is spread over leaves of at most 256 bytes, each with ~32
 * bytes of array header and parent slot), a bitmap over the same span costs its words plus one
 * leaf's overhead. When a leaf is packed, the next 2^15 pages (or what is left of the span being
 * packed) become one bitmap leaf if the sparse form would cost more; otherwise a sparse leaf takes
 * as many toggles as fit. A bitmap leaf returns to sparse only once its sparse form needs less than
 * 3/4 of the bitmap: between the two lines a leaf keeps the representation it has, so a page
 * flipping back and forth at the threshold does not convert the leaf every time (hysteresis). The
 * pair rule below lets small sparse leaves full of dense content merge into bitmaps, so building
 * {@code alternate} page by page ends with 4 KiB bitmaps; they sit beside sparse leaves in one
 * tree, which is what lets a single store be O(runs) where the block is sparse and at most a bitmap
 * (plus ~1%) where it is dense.
 *
 * <h2>Store cases</h2>
 *
 * {@code setShared(a, b)} and {@code setPrivate(a, b)} first ask whether anything changes (a {@code
 * nextPrivate}/{@code nextShared} probe, O(height)); if not, they return without writing. Otherwise
 * one top-down pass handles every case:
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
 * visited. A leaf rewrite either edits in place (a bitmap that keeps paying for itself), edits a
 * sparse leaf by copying around the change (the common case), or decodes the leaf, applies the
 * change and repacks the content into as many leaves as it needs (a split when it outgrows one
 * leaf, a representation change when the rule says so).
 *
 * <h2>Fill rules and rebalancing</h2>
 *
 * After a rewrite the touched children are repaired on the way back up:
 *
 * <ul>
 *   <li>two sibling leaves whose content packs into one leaf are merged; every pair of sibling
 *       leaves is therefore "unmergeable", which bounds the number of leaves by about twice the
 *       payload over 256 bytes, and returns the tree to the same shape when a split is undone;
 *   <li>an internal child with more than 16 children is split evenly;
 *   <li>an internal child with fewer than 8 is merged with a sibling, or their children are shared
 *       evenly if together they overflow, and the grandchildren that became neighbours at the
 *       junction are repaired the same way, one level down;
 *   <li>a root with one child is replaced by that child and one with too many is split, so the
 *       height follows the content: a store emptied run by run ends as a single leaf again.
 * </ul>
 *
 * All arrays being exact, a store after any history of changes is within a few percent of a store
 * built fresh with the same content (3*10^5 single-page conversions that restore the content leave
 * a 10^5-run store within 0.1% of its fresh size; the kernel's tree grows 1.59x).
 *
 * <h2>Costs</h2>
 *
 * <ul>
 *   <li>{@code isShared}, {@code nextShared}, {@code nextPrivate}: O(height) descent plus a scan of
 *       at most 256 bytes or 512 words; a search visits at most three leaves, since any leaf with a
 *       toggle holds both states.
 *   <li>{@code setShared}, {@code setPrivate}: O(height) plus O(1) leaf rewrites and node repairs
 *       per level, whatever the number of runs removed.
 *   <li>run walks: O(height) to seek, then O(1) per run and per leaf, no allocation per run.
 *   <li>{@code estimatedSizeInBytes}: walks the tree, O(nodes + leaves), and is exact for the
 *       layout above (JDK 17, compressed oops).
 * </ul>
 *
 * <h2>Memory, measured with JOL</h2>
 *
 * On the {@code fragment-K} layout of WORKLOADS.md: 1 TiB with 10^5 runs takes about 4.5 bytes per
 * run; 64 GiB with 10^5 runs about 2.8. Every WORKLOADS.md end state at 1 GiB and 64 GiB takes at
 * most 1.01x what RoaringBitmap takes after {@code runOptimize()} (often half or less), and {@code
 * alternate} 1.01x the flat bitmap. The figures are asserted by the module's tests.
 *
 * <h2>Threads</h2>
 *
 * A store is a plain single-writer structure, like {@link java.util.BitSet}; the facade serialises
 * access.
 */
@NullMarked
package io.github.ramattr.maple;

import org.jspecify.annotations.NullMarked;
