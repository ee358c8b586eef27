/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.maple;

import java.util.ArrayList;
import java.util.List;

/**
 * The end states of docs/workloads.md, generated into any {@link Sink} (a store, a RoaringBitmap, a
 * model), so that every structure is measured on exactly the same pages.
 */
final class Workloads {
  private Workloads() {}

  /** Receives the conversions of a workload, in order. */
  interface Sink {
    void set(long fromPage, long toPage, boolean shared);
  }

  /** A named workload over a block of {@code pages} pages. */
  interface Workload {
    String name();

    void apply(long pages, Sink sink);

    static Workload of(String name, java.util.function.BiConsumer<Long, Sink> body) {
      return new Workload() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public void apply(long pages, Sink sink) {
          body.accept(pages, sink);
        }

        @Override
        public String toString() {
          return name;
        }
      };
    }
  }

  /** splitmix64, exactly as docs/workloads.md gives it. */
  static final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
      this.state = seed;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** Unsigned remainder of the next number by {@code n}. */
    long rnd(long n) {
      return Long.remainderUnsigned(next(), n);
    }
  }

  /**
   * {@code fragment-K}: K shared runs that never touch, laid out as docs/workloads.md specifies.
   */
  static void fragment(long pages, long k, long seed, Sink sink) {
    SplitMix64 r = new SplitMix64(seed);
    long gap = pages / k;
    for (long i = 0; i < k; i++) {
      long base = i * gap;
      long a = base + r.rnd(gap / 2);
      long len = 1 + r.rnd(gap / 2 - 1);
      long b = Math.min(base + gap - 1, a + len);
      sink.set(a, b, true);
    }
  }

  /** {@code alternate}: every odd page shared. */
  static void alternate(long pages, Sink sink) {
    for (long p = 1; p < pages; p += 2) {
      sink.set(p, p + 1, true);
    }
  }

  private static long swiotlbPages(long pages) {
    long bytes = pages * 4096;
    long swiotlb = Math.max(64L << 20, Math.min(1L << 30, bytes * 6 / 100));
    return Math.min(pages, swiotlb / 4096) & ~511L;
  }

  private static long vcpus(long pages) {
    return Math.max(2, Math.min(512, pages * 4096 / (4L << 30)));
  }

  /**
   * {@code boot-tdx}: SWIOTLB made shared in 2 MiB pieces at a random 2 MiB-aligned place, then 4
   * scattered single pages per vCPU.
   */
  static void bootTdx(long pages, long seed, Sink sink) {
    SplitMix64 r = new SplitMix64(seed);
    long sw = swiotlbPages(pages);
    long start = r.rnd((pages - sw) / 512 + 1) * 512;
    for (long p = start; p < start + sw; p += 512) {
      sink.set(p, p + 512, true);
    }
    for (long i = 0; i < 4 * vcpus(pages); i++) {
      long p = r.rnd(pages);
      sink.set(p, p + 1, true);
    }
  }

  /**
   * {@code boot-snp}: the same end state as boot-tdx, reached in batches of at most 64 entries
   * mixing 2 MiB and 4 KiB pieces, and per-vCPU pages one 4 KiB call each.
   */
  static void bootSnp(long pages, long seed, Sink sink) {
    SplitMix64 r = new SplitMix64(seed);
    long sw = swiotlbPages(pages);
    long start = r.rnd((pages - sw) / 512 + 1) * 512;
    SplitMix64 mix = new SplitMix64(seed + 1000);
    long p = start;
    while (p < start + sw) {
      for (int entry = 0; entry < 64 && p < start + sw; entry++) {
        long len = mix.rnd(4) == 0 ? 512 : 1;
        sink.set(p, p + len, true);
        p += len;
      }
    }
    for (long i = 0; i < 4 * vcpus(pages); i++) {
      long q = r.rnd(pages);
      sink.set(q, q + 1, true);
    }
  }

  /**
   * {@code churn}: after boot-tdx, 4 KiB-64 KiB buffers (and now and then a 1-64 MiB pool) made
   * shared and later private again, holding about {@code live} buffers; ends after {@code 4 * live}
   * conversions past the fill-up.
   */
  static void churn(long pages, long live, long seed, Sink sink) {
    bootTdx(pages, seed, sink);
    SplitMix64 r = new SplitMix64(seed + 7);
    List<long[]> buffers = new ArrayList<>();
    long steps = 0;
    while (steps < 4 * live || buffers.size() < live) {
      if (buffers.size() < live || r.rnd(2) == 0) {
        long len = r.rnd(100) == 0 ? 256 * (1 + r.rnd(64)) : 1 + r.rnd(16);
        long a = r.rnd(pages - len);
        sink.set(a, a + len, true);
        buffers.add(new long[] {a, a + len});
      } else {
        int i = (int) r.rnd(buffers.size());
        long[] buf = buffers.get(i);
        buffers.set(i, buffers.get(buffers.size() - 1));
        buffers.remove(buffers.size() - 1);
        sink.set(buf[0], buf[1], false);
      }
      if (buffers.size() >= live) {
        steps++;
      }
    }
  }

  /** Every workload of docs/workloads.md that ends in a memory state, for a block of this size. */
  static List<Workload> all(long pages) {
    List<Workload> list = new ArrayList<>();
    list.add(Workload.of("boot-tdx", (n, s) -> bootTdx(n, 1, s)));
    list.add(Workload.of("boot-snp", (n, s) -> bootSnp(n, 1, s)));
    list.add(Workload.of("churn-1e3", (n, s) -> churn(n, 1000, 1, s)));
    if (100_000 <= pages / 64) {
      list.add(Workload.of("churn-1e5", (n, s) -> churn(n, 100_000, 1, s)));
    }
    long[] ks = {1, 100, 10_000, 100_000, 1_000_000, pages / 64, pages / 4};
    String[] names = {"1", "1e2", "1e4", "1e5", "1e6", "pages/64", "pages/4"};
    for (int i = 0; i < ks.length; i++) {
      long k = ks[i];
      if (k <= pages / 4) {
        long seed = fragmentSeed(pages, k);
        list.add(Workload.of("fragment-" + names[i], (n, s) -> fragment(n, k, seed, s)));
      }
    }
    list.add(Workload.of("alternate", (n, s) -> alternate(n, s)));
    return list;
  }

  /** The seeds docs/workloads.md fixes; 1 where it fixes none. */
  static long fragmentSeed(long pages, long k) {
    if (pages == 1L << 18) {
      if (k == 1) {
        return 2;
      } else if (k == 100) {
        return 3;
      } else if (k == 10_000) {
        return 4;
      } else if (k == pages / 64) {
        return 5;
      } else if (k == pages / 4) {
        return 6;
      }
    } else if (pages == 1L << 24) {
      if (k == 10_000) {
        return 7;
      } else if (k == 1_000_000) {
        return 8;
      }
    }
    return 1;
  }
}
