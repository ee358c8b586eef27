/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.bitmap;

import io.github.ramattr.spi.AbstractSharedStateStore;
import java.util.Arrays;

/**
 * One bit per page, set = shared, in QEMU's layout: page {@code i} is bit {@code i & 63} of word
 * {@code i >>> 6}. Writes set or clear whole words between two masked end words; searches skip
 * whole words and find the bit with {@link Long#numberOfTrailingZeros}.
 *
 * <h2>Chunks</h2>
 *
 * A single {@code long[]} holds at most 2^37 pages, and QEMU's bitmap is {@code calloc}'ed, so the
 * OS backs only the pages of it that were ever written. To hold 2^36 pages and more on an 8 GiB
 * heap and to keep that cost model, the words live in chunks of {@value #WORDS_PER_CHUNK} words (32
 * KiB, 2^18 pages), allocated on the first write that needs them:
 *
 * <pre>
 *   chunks[c] == null   every page of chunk c is private       (costs its 4-byte slot)
 *   chunks[c] == FULL   every page of chunk c is shared        (one immutable instance for all)
 *   otherwise           the chunk's own words                  (32 KiB, stays allocated)
 * </pre>
 *
 * A write that covers a whole chunk stores null or FULL instead of touching words; a partial clear
 * of a FULL chunk copies it first. A chunk that becomes all-private or all-shared word by word
 * stays allocated, as the touched pages of QEMU's bitmap stay resident. The last chunk is as long
 * as the store needs (a 65-page store holds two words) and is never FULL; bits past {@code
 * pageCount} stay clear.
 *
 * <h2>Size</h2>
 *
 * {@link #sizeInBytes(long, long, long, boolean)} is the exact heap formula (compressed oops,
 * 8-byte alignment): the store object, the chunk table, 16 bytes of header plus 8 per word for each
 * allocated chunk, and FULL once if any slot refers to it. A store whose every chunk is allocated
 * costs {@code pageCount / 8} bytes plus about 0.02%.
 *
 * <p>The run walks are the SPI defaults: over these word-at-a-time searches they already cost
 * O(runs + words scanned), so an override would only duplicate the walk.
 */
final class BitmapStore extends AbstractSharedStateStore {
  static final int WORD_SHIFT = 6;
  static final int CHUNK_WORD_SHIFT = 12;
  static final int WORDS_PER_CHUNK = 1 << CHUNK_WORD_SHIFT;
  static final int CHUNK_PAGE_SHIFT = WORD_SHIFT + CHUNK_WORD_SHIFT;
  static final long PAGES_PER_CHUNK = 1L << CHUNK_PAGE_SHIFT;

  /** 2^40 pages: 2^22 chunk slots, a 16 MiB table. */
  static final long MAX_PAGE_COUNT = 1L << 40;

  /** The one all-shared chunk; never written. */
  private static final long[] FULL = new long[WORDS_PER_CHUNK];

  static {
    Arrays.fill(FULL, -1L);
  }

  // Object layout with compressed oops: 12-byte object header, 16-byte array header, 4-byte
  // references, everything padded to 8 bytes.
  // header 12 + long pageCount 8 (in the superclass) + reference 4
  private static final long STORE_BYTES = 24;
  private static final long ARRAY_HEADER_BYTES = 16;
  private static final long REFERENCE_BYTES = 4;

  private final long[][] chunks;

  /** The superclass checks {@code 0 <= pageCount <= MAX_PAGE_COUNT} before the table is made. */
  BitmapStore(long pageCount) {
    super(pageCount, MAX_PAGE_COUNT, BitmapStoreProvider.NAME);
    this.chunks = new long[(int) ((pageCount + PAGES_PER_CHUNK - 1) >>> CHUNK_PAGE_SHIFT)][];
  }

  /** How a chunk is held; for tests. */
  enum ChunkKind {
    ABSENT,
    FULL,
    WORDS
  }

  ChunkKind chunkKind(int chunk) {
    long[] words = chunks[chunk];
    return words == null ? ChunkKind.ABSENT : words == FULL ? ChunkKind.FULL : ChunkKind.WORDS;
  }

  /** Whether the shared FULL chunk still has every bit set; for tests. */
  static boolean fullChunkIntact() {
    for (long word : FULL) {
      if (word != -1L) {
        return false;
      }
    }
    return FULL.length == WORDS_PER_CHUNK;
  }

  // ---------------------------------------------------------------- size

  /**
   * Heap bytes of a bitmap store, exactly as JOL measures it with compressed oops.
   *
   * @param chunkSlots length of the chunk table, {@code ceil(pageCount / 2^18)}
   * @param allocatedChunks chunks that hold their own words
   * @param allocatedWords words in those chunks ({@value #WORDS_PER_CHUNK} each, fewer in the last)
   * @param usesFull whether any slot refers to the shared FULL chunk, which then counts once
   */
  static long sizeInBytes(
      long chunkSlots, long allocatedChunks, long allocatedWords, boolean usesFull) {
    return STORE_BYTES
        + align(ARRAY_HEADER_BYTES + REFERENCE_BYTES * chunkSlots)
        + ARRAY_HEADER_BYTES * allocatedChunks
        + Long.BYTES * allocatedWords
        + (usesFull ? ARRAY_HEADER_BYTES + Long.BYTES * WORDS_PER_CHUNK : 0);
  }

  /** Heap bytes once every chunk of a {@code pageCount}-page store holds its own words. */
  static long touchedSizeInBytes(long pageCount) {
    long slots = (pageCount + PAGES_PER_CHUNK - 1) >>> CHUNK_PAGE_SHIFT;
    long words = (pageCount + Long.SIZE - 1) >>> WORD_SHIFT;
    return sizeInBytes(slots, slots, words, false);
  }

  private static long align(long bytes) {
    return (bytes + 7) & -8L;
  }

  /** Counts the chunks, O(pageCount / 2^18). */
  @Override
  public long estimatedSizeInBytes() {
    long allocated = 0;
    long words = 0;
    boolean usesFull = false;
    for (long[] chunk : chunks) {
      if (chunk == FULL) {
        usesFull = true;
      } else if (chunk != null) {
        allocated++;
        words += chunk.length;
      }
    }
    return sizeInBytes(chunks.length, allocated, words, usesFull);
  }

  // ---------------------------------------------------------------- geometry

  private static int chunkOf(long page) {
    return (int) (page >>> CHUNK_PAGE_SHIFT);
  }

  private static long chunkStart(int chunk) {
    return (long) chunk << CHUNK_PAGE_SHIFT;
  }

  /** Pages in {@code chunk}: 2^18, or fewer in the last one. */
  private long pagesIn(int chunk) {
    return Math.min(PAGES_PER_CHUNK, pageCount() - chunkStart(chunk));
  }

  private long[] allocate(int chunk) {
    long[] words = new long[(int) ((pagesIn(chunk) + Long.SIZE - 1) >>> WORD_SHIFT)];
    chunks[chunk] = words;
    return words;
  }

  // ---------------------------------------------------------------- writes

  @Override
  protected void doSet(long fromPage, long toPage, boolean shared) {
    if (shared) {
      share(fromPage, toPage);
    } else {
      unshare(fromPage, toPage);
    }
  }

  /** Sets the bits of {@code [fromPage, toPage)}, chunk by chunk; a whole chunk becomes FULL. */
  private void share(long fromPage, long toPage) {
    for (int c = chunkOf(fromPage), last = chunkOf(toPage - 1); c <= last; c++) {
      long start = chunkStart(c);
      int lo = (int) (Math.max(fromPage, start) - start);
      int hi = (int) (Math.min(toPage, start + PAGES_PER_CHUNK) - start);
      long[] words = chunks[c];
      if (words == FULL) {
        continue;
      }
      if (lo == 0 && hi == PAGES_PER_CHUNK) {
        chunks[c] = FULL;
        continue;
      }
      setBits(words == null ? allocate(c) : words, lo, hi);
    }
  }

  /** Clears the bits of {@code [fromPage, toPage)}; a whole chunk becomes absent. */
  private void unshare(long fromPage, long toPage) {
    for (int c = chunkOf(fromPage), last = chunkOf(toPage - 1); c <= last; c++) {
      long start = chunkStart(c);
      int lo = (int) (Math.max(fromPage, start) - start);
      int hi = (int) (Math.min(toPage, start + PAGES_PER_CHUNK) - start);
      long[] words = chunks[c];
      if (words == null) {
        continue;
      }
      if (lo == 0 && hi == pagesIn(c)) {
        chunks[c] = null;
        continue;
      }
      if (words == FULL) {
        words = FULL.clone();
        chunks[c] = words;
      }
      clearBits(words, lo, hi);
    }
  }

  /**
   * Sets bits {@code [lo, hi)} of one chunk, {@code lo < hi}:
   *
   * <pre>
   *   word:   first        first+1 .. last-1      last
   *          [....######] [##########...#####] [####......]
   *           -1L << lo         all ones         -1L >>> -hi
   * </pre>
   */
  private static void setBits(long[] words, int lo, int hi) {
    int first = lo >>> WORD_SHIFT;
    int last = (hi - 1) >>> WORD_SHIFT;
    long firstMask = -1L << lo;
    long lastMask = -1L >>> -hi;
    if (first == last) {
      words[first] |= firstMask & lastMask;
      return;
    }
    words[first] |= firstMask;
    Arrays.fill(words, first + 1, last, -1L);
    words[last] |= lastMask;
  }

  /** Clears bits {@code [lo, hi)} of one chunk, {@code lo < hi}; the masks of {@link #setBits}. */
  private static void clearBits(long[] words, int lo, int hi) {
    int first = lo >>> WORD_SHIFT;
    int last = (hi - 1) >>> WORD_SHIFT;
    long firstMask = -1L << lo;
    long lastMask = -1L >>> -hi;
    if (first == last) {
      words[first] &= ~(firstMask & lastMask);
      return;
    }
    words[first] &= ~firstMask;
    Arrays.fill(words, first + 1, last, 0L);
    words[last] &= ~lastMask;
  }

  // ---------------------------------------------------------------- searches

  @Override
  protected boolean doIsShared(long page) {
    long[] words = chunks[chunkOf(page)];
    return words != null
        && (words[(int) (page >>> WORD_SHIFT) & (WORDS_PER_CHUNK - 1)] & (1L << page)) != 0;
  }

  @Override
  protected long doNext(long fromPage, boolean shared) {
    return shared ? firstShared(fromPage) : firstPrivate(fromPage);
  }

  /** First set bit from {@code fromPage} on, skipping absent chunks; or the page count. */
  private long firstShared(long fromPage) {
    long pageCount = pageCount();
    for (long page = fromPage; page < pageCount; ) {
      int c = chunkOf(page);
      long start = chunkStart(c);
      long[] words = chunks[c];
      if (words == FULL) {
        return page;
      }
      if (words != null) {
        int found = firstSetBit(words, (int) (page - start));
        if (found >= 0) {
          return start + found;
        }
      }
      page = start + PAGES_PER_CHUNK;
    }
    return pageCount;
  }

  /** First clear bit from {@code fromPage} on, skipping FULL chunks; or the page count. */
  private long firstPrivate(long fromPage) {
    long pageCount = pageCount();
    for (long page = fromPage; page < pageCount; ) {
      int c = chunkOf(page);
      long start = chunkStart(c);
      long[] words = chunks[c];
      if (words == null) {
        return page;
      }
      if (words != FULL) {
        int found = firstClearBit(words, (int) (page - start));
        if (found >= 0) {
          // The clear bits past pageCount in the last word are not pages.
          return Math.min(start + found, pageCount);
        }
      }
      page = start + PAGES_PER_CHUNK;
    }
    return pageCount;
  }

  /** Index of the first set bit {@code >= from} in one chunk, or -1. */
  private static int firstSetBit(long[] words, int from) {
    int w = from >>> WORD_SHIFT;
    long word = words[w] & (-1L << from);
    while (word == 0) {
      if (++w == words.length) {
        return -1;
      }
      word = words[w];
    }
    return (w << WORD_SHIFT) + Long.numberOfTrailingZeros(word);
  }

  /** Index of the first clear bit {@code >= from} in one chunk, or -1. */
  private static int firstClearBit(long[] words, int from) {
    int w = from >>> WORD_SHIFT;
    long word = ~words[w] & (-1L << from);
    while (word == 0) {
      if (++w == words.length) {
        return -1;
      }
      word = ~words[w];
    }
    return (w << WORD_SHIFT) + Long.numberOfTrailingZeros(word);
  }

  // ---------------------------------------------------------------- counts

  /** One {@link Long#bitCount} per allocated word; absent and FULL chunks are not scanned. */
  @Override
  public long sharedCount() {
    long count = 0;
    for (long[] words : chunks) {
      if (words == FULL) {
        count += PAGES_PER_CHUNK;
      } else if (words != null) {
        for (long word : words) {
          count += Long.bitCount(word);
        }
      }
    }
    return count;
  }

  /**
   * Counts run starts, a set bit whose page before is clear: {@code word & ~(word << 1 | carry)}
   * per word, the carry being the previous word's top bit.
   */
  @Override
  public long sharedRunCount() {
    long runs = 0;
    long carry = 0;
    for (long[] words : chunks) {
      if (words == null) {
        carry = 0;
      } else if (words == FULL) {
        runs += 1 - carry;
        carry = 1;
      } else {
        for (long word : words) {
          runs += Long.bitCount(word & ~(word << 1 | carry));
          carry = word >>> 63;
        }
      }
    }
    return runs;
  }

  @Override
  public String toString() {
    return "BitmapStore{pageCount=" + pageCount() + ", chunks=" + chunks.length + '}';
  }
}
