/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import io.github.ramattr.PageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The workloads of docs/workloads.md by name: {@code boot-tdx}, {@code boot-snp}, {@code churn-R},
 * {@code fragment-K} (K a number or {@code pages/64}, {@code pages/4}), {@code alternate}, {@code
 * bulk} and {@code split-merge}. Lookup and replay are benchmarks on a boot-tdx or fragment block,
 * not conversion streams of their own.
 */
public final class Workloads {
  /** Churn's live-run targets of docs/workloads.md. */
  public static final List<Long> CHURN_RUNS = List.of(1_000L, 100_000L);

  /** The fragment-K run counts of docs/workloads.md, as names. */
  public static final List<String> FRAGMENT_KS =
      List.of("1", "100", "10000", "100000", "1000000", "pages/64", "pages/4");

  private static final long TWO_MIB = 2 * Sizes.MIB;

  private Workloads() {}

  /**
   * The workload called {@code name}.
   *
   * @throws IllegalArgumentException if there is none; the message lists the forms accepted
   */
  public static Workload byName(String name) {
    if (name.equals("boot-tdx")) {
      return new Boot(false);
    } else if (name.equals("boot-snp")) {
      return new Boot(true);
    } else if (name.equals("alternate")) {
      return new Alternate();
    } else if (name.equals("bulk")) {
      return new Bulk();
    } else if (name.equals("split-merge")) {
      return new SplitMerge(new Fragment(10_000, 0));
    } else if (name.startsWith("split-merge-")) {
      return new SplitMerge(fragment(name.substring("split-merge-".length()), name));
    } else if (name.startsWith("fragment-")) {
      return fragment(name.substring("fragment-".length()), name);
    } else if (name.startsWith("churn-")) {
      return new Churn(parseCount(name.substring("churn-".length()), name));
    }
    return Guest.parse(name).orElseThrow(() -> unknown(name));
  }

  /** The workloads the census measures: boot, churn, every fragment-K and alternate. */
  public static List<Workload> census() {
    List<Workload> all = new ArrayList<>();
    all.add(byName("boot-tdx"));
    all.add(byName("boot-snp"));
    for (long r : CHURN_RUNS) {
      all.add(new Churn(r));
    }
    for (String k : FRAGMENT_KS) {
      all.add(byName("fragment-" + k));
    }
    all.add(byName("alternate"));
    return all;
  }

  /**
   * The realistic guests of docs/workloads.md that the report measures, each with the default vCPU
   * count of {@link #defaultVcpus}; append {@code -vN} to a name for N vCPUs.
   */
  public static final List<String> GUESTS =
      List.of("snp-boot", "tdx-boot", "snp-io", "tdx-io", "snp-share", "tdx-share");

  /** The realistic guests of {@link #GUESTS}, as workloads. */
  public static List<Workload> guests() {
    List<Workload> all = new ArrayList<>();
    for (String name : GUESTS) {
      all.add(byName(name));
    }
    return all;
  }

  /**
   * The vCPUs the realistic guest {@code name} (such as {@code snp-boot} or {@code tdx-io-v64})
   * runs with on {@code regionSize} bytes of RAM: its {@code -vN} suffix, else {@link
   * #defaultVcpus}.
   *
   * @throws IllegalArgumentException if {@code name} is not a realistic guest (the message names
   *     it), or its vCPU count is out of range
   */
  public static long guestVcpus(String name, long regionSize) {
    return Guest.parse(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + name + "' is not a realistic guest; known: " + GUESTS + " with -vN"))
        .vcpus(regionSize);
  }

  /**
   * The vCPUs of a realistic guest with {@code regionSize} bytes of RAM, by the rule of
   * docs/workloads.md: one per 4 GiB up to 16 GiB (general-purpose cloud shapes), then one per 8
   * GiB up to 1 TiB (memory-optimised shapes), then one per 16 GiB, never fewer than the size below
   * gave and always 2 to 256: 16 GiB 4, 256 GiB 32, 1 TiB 128, 4 TiB 256.
   *
   * @throws IllegalArgumentException if {@code regionSize} is not positive
   */
  public static long defaultVcpus(long regionSize) {
    if (regionSize <= 0) {
      throw new IllegalArgumentException("guest RAM " + regionSize + " bytes must be positive");
    }
    long vcpus;
    if (regionSize <= 16 * Sizes.GIB) {
      vcpus = regionSize / (4 * Sizes.GIB);
    } else if (regionSize <= Sizes.TIB) {
      vcpus = Math.max(4, regionSize / (8 * Sizes.GIB));
    } else {
      vcpus = Math.max(128, regionSize / (16 * Sizes.GIB));
    }
    return Math.max(Guest.MIN_VCPUS, Math.min(Guest.MAX_VCPUS, vcpus));
  }

  private static Fragment fragment(String k, String name) {
    if (k.startsWith("pages/")) {
      return new Fragment(0, parseCount(k.substring("pages/".length()), name));
    }
    return new Fragment(parseCount(k, name), 0);
  }

  private static long parseCount(String text, String name) {
    try {
      long value =
          text.matches("1e\\d+")
              ? pow10(Integer.parseInt(text.substring(2)))
              : Long.parseLong(text);
      if (value <= 0) {
        throw unknown(name);
      }
      return value;
    } catch (NumberFormatException e) {
      throw unknown(name);
    }
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value = Math.multiplyExact(value, 10);
    }
    return value;
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown workload '"
            + name
            + "'; known: boot-tdx, boot-snp, churn-R (R > 0), fragment-K (K > 0, 1e6 or pages/N),"
            + " alternate, bulk, split-merge[-K], snp-|tdx- boot|io|share[-vN] (N = "
            + Guest.MIN_VCPUS
            + " to "
            + Guest.MAX_VCPUS
            + ")");
  }

  /**
   * Throws if {@code workload} cannot run on a block of {@code regionSize} bytes.
   *
   * @throws IllegalArgumentException naming the workload, the size and the reason
   */
  static void requireSupported(Workload workload, long regionSize) {
    workload
        .unsupported(regionSize)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(
                  workload.name() + " on " + regionSize + " bytes: " + reason);
            });
  }

  static long pages(long regionSize) {
    return regionSize / Sizes.PAGE;
  }

  // ---------------------------------------------------------------- boot-tdx, boot-snp

  /**
   * Boot of a Linux TDX or SEV-SNP guest: SWIOTLB = clamp(6% of RAM, 64 MiB, 1 GiB), rounded up to
   * 2 MiB, at a random 2 MiB-aligned place; then 4 single shared pages per vCPU (vCPUs = one per 4
   * GiB, 2..512). TDX converts SWIOTLB in 2 MiB pieces (KVM's MapGPA granularity). SNP converts
   * each 2 MiB chunk either as one 2 MiB entry or as 512 single 4 KiB entries (a seeded coin per
   * chunk, the mix a page-state-change buffer carries); its per-vCPU pages are single calls in
   * both. Placement and vCPU pages come from the same seed for both, so the end states are
   * identical.
   */
  static final class Boot implements Workload {
    private final boolean snp;

    Boot(boolean snp) {
      this.snp = snp;
    }

    @Override
    public String name() {
      return snp ? "boot-snp" : "boot-tdx";
    }

    @Override
    public long defaultSeed(long regionSize) {
      return 1;
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      return regionSize < 64 * Sizes.MIB
          ? Optional.of("the block is smaller than the 64 MiB minimum SWIOTLB")
          : Optional.empty();
    }

    @Override
    public long expectedRuns(long regionSize) {
      return 1 + 4 * vcpus(regionSize);
    }

    static long vcpus(long regionSize) {
      return Math.max(2, Math.min(512, regionSize / (4 * Sizes.GIB)));
    }

    /** The SWIOTLB size: 6% of RAM clamped to [64 MiB, 1 GiB], rounded up to 2 MiB. */
    static long swiotlbSize(long regionSize) {
      long sixPercent = regionSize / 100 * 6 + regionSize % 100 * 6 / 100;
      long clamped = Math.max(64 * Sizes.MIB, Math.min(Sizes.GIB, sixPercent));
      return (clamped + TWO_MIB - 1) / TWO_MIB * TWO_MIB;
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      requireSupported(this, regionSize);
      SplittableRandom placement = new SplittableRandom(seed);
      long swiotlb = swiotlbSize(regionSize);
      long slots = (regionSize - swiotlb) / TWO_MIB + 1;
      long start = placement.nextLong(slots) * TWO_MIB;
      Stream<Conversion> swiotlbStream = swiotlbConversions(start, swiotlb, snp, seed);
      long pages = pages(regionSize);
      Stream<Conversion> vcpuPages =
          LongStream.range(0, 4 * vcpus(regionSize))
              .mapToObj(
                  i -> {
                    long page = placement.nextLong(pages);
                    return Conversion.pages(page, page + 1, PageState.SHARED);
                  });
      return Stream.concat(swiotlbStream, vcpuPages);
    }

    /**
     * The conversions that make the SWIOTLB buffer {@code [start, start + size)} shared, both 2
     * MiB-aligned: TDX in 2 MiB MapGPA pieces; SNP each 2 MiB chunk either as one 2 MiB entry or as
     * 512 single 4 KiB entries, by a coin seeded from {@code seed}. Lazy.
     */
    static Stream<Conversion> swiotlbConversions(long start, long size, boolean snp, long seed) {
      long chunks = size / TWO_MIB;
      if (!snp) {
        return LongStream.range(0, chunks)
            .mapToObj(chunk -> new Conversion(start + chunk * TWO_MIB, TWO_MIB, PageState.SHARED));
      }
      SplittableRandom mix = new SplittableRandom(~seed);
      return LongStream.range(0, chunks)
          .boxed()
          .flatMap(
              chunk -> {
                long offset = start + chunk * TWO_MIB;
                if (mix.nextBoolean()) {
                  return Stream.of(new Conversion(offset, TWO_MIB, PageState.SHARED));
                }
                return LongStream.range(0, TWO_MIB / Sizes.PAGE)
                    .mapToObj(
                        p -> new Conversion(offset + p * Sizes.PAGE, Sizes.PAGE, PageState.SHARED));
              });
    }
  }

  // ---------------------------------------------------------------- churn-R

  /**
   * boot-tdx, then dma_alloc-style churn holding about R live shared buffers: 4 KiB-64 KiB buffers
   * aligned to their size, and 1 in 1000 a dynamic SWIOTLB pool of 1-64 MiB aligned to 1 MiB. First
   * R allocations, then R steps each freeing a random live buffer and allocating a new one. Buffers
   * may overlap earlier ones (the guest's allocator is not modelled), so the live run count is
   * about R, not exactly R. Needs R <= pages/64.
   */
  static final class Churn implements Workload {
    private final long target;

    Churn(long target) {
      this.target = target;
    }

    @Override
    public String name() {
      return "churn-" + target;
    }

    @Override
    public long defaultSeed(long regionSize) {
      return 1;
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      Optional<String> boot = new Boot(false).unsupported(regionSize);
      if (boot.isPresent()) {
        return boot;
      }
      return target > pages(regionSize) / 64
          ? Optional.of("R = " + target + " > pages/64 = " + pages(regionSize) / 64)
          : Optional.empty();
    }

    @Override
    public long expectedRuns(long regionSize) {
      return target + new Boot(false).expectedRuns(regionSize);
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      requireSupported(this, regionSize);
      Stream<Conversion> boot = new Boot(false).conversions(regionSize, seed);
      SplittableRandom random = new SplittableRandom(seed * 31 + target);
      return Stream.concat(boot, replacing(target, random, r -> allocate(r, regionSize)));
    }

    /**
     * The churn itself: {@code target} allocations, then {@code target} steps that each free a
     * random live buffer (convert it to private) and allocate a new one. {@code allocate} places
     * one buffer; it is called in stream order with {@code random}. Lazy; holds {@code target}
     * buffers.
     */
    static Stream<Conversion> replacing(
        long target, SplittableRandom random, Function<SplittableRandom, Conversion> allocate) {
      int capacity = Math.toIntExact(target);
      long[] liveOffset = new long[capacity];
      long[] liveSize = new long[capacity];
      int[] live = {0};
      return LongStream.range(0, 2 * target)
          .boxed()
          .flatMap(
              step -> {
                Conversion alloc = allocate.apply(random);
                if (live[0] < capacity) {
                  liveOffset[live[0]] = alloc.offset();
                  liveSize[live[0]++] = alloc.size();
                  return Stream.of(alloc);
                }
                int victim = random.nextInt(capacity);
                Conversion free =
                    new Conversion(liveOffset[victim], liveSize[victim], PageState.PRIVATE);
                liveOffset[victim] = alloc.offset();
                liveSize[victim] = alloc.size();
                return Stream.of(free, alloc);
              });
    }

    /**
     * One dma_alloc-like buffer: 4-64 KiB aligned to its size, or 1 in 1000 a 1-64 MiB dynamic
     * SWIOTLB pool aligned to 1 MiB, at a random place in the block.
     */
    static Conversion allocate(SplittableRandom random, long regionSize) {
      long size;
      long align;
      if (random.nextInt(1000) == 0) {
        size = Sizes.MIB << random.nextInt(7); // 1 MiB .. 64 MiB
        align = Sizes.MIB;
      } else {
        size = Sizes.PAGE << random.nextInt(5); // 4 KiB .. 64 KiB
        align = size;
      }
      size = Math.min(size, regionSize);
      long slots = (regionSize - size) / align + 1;
      return new Conversion(random.nextLong(slots) * align, size, PageState.SHARED);
    }
  }

  // ---------------------------------------------------------------- fragment-K

  /**
   * Exactly K shared runs laid out with docs/workloads.md's splitmix64 formula, ascending. K is
   * fixed, or pages/divisor. Seeds are docs/workloads.md's where it fixes one (1 TiB K = 10^5: 1; 1
   * GiB K = 1, 10^2, 10^4, pages/64, pages/4: 2..6; 64 GiB K = 10^4, 10^6: 7, 8); other
   * combinations use {@code 1000 + log2(pages) * 64 + log2(K)}, a documented default that is not
   * from docs/workloads.md.
   */
  static final class Fragment implements Workload {
    private final long fixedK;
    private final long divisor;

    Fragment(long fixedK, long divisor) {
      this.fixedK = fixedK;
      this.divisor = divisor;
    }

    /** K as written in the name when fixed ({@code 10000}), else empty. */
    Optional<String> fixedKName() {
      return fixedK > 0 ? Optional.of(Long.toString(fixedK)) : Optional.empty();
    }

    /** K at this size. */
    long runs(long regionSize) {
      return fixedK > 0 ? fixedK : pages(regionSize) / divisor;
    }

    @Override
    public String name() {
      return "fragment-" + (fixedK > 0 ? Long.toString(fixedK) : "pages/" + divisor);
    }

    @Override
    public long defaultSeed(long regionSize) {
      long k = runs(regionSize);
      if (regionSize == Sizes.TIB && fixedK == 100_000) {
        return 1;
      }
      if (regionSize == Sizes.GIB) {
        if (fixedK == 1) {
          return 2;
        } else if (fixedK == 100) {
          return 3;
        } else if (fixedK == 10_000) {
          return 4;
        } else if (divisor == 64) {
          return 5;
        } else if (divisor == 4) {
          return 6;
        }
      }
      if (regionSize == 64 * Sizes.GIB) {
        if (fixedK == 10_000) {
          return 7;
        } else if (fixedK == 1_000_000) {
          return 8;
        }
      }
      return 1000
          + 64L * (63 - Long.numberOfLeadingZeros(Math.max(1, pages(regionSize))))
          + (63 - Long.numberOfLeadingZeros(Math.max(1, k)));
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      long k = runs(regionSize);
      long limit = pages(regionSize) / 4;
      if (k < 1) {
        return Optional.of("K = " + k + " < 1 on " + pages(regionSize) + " pages");
      }
      return k > limit ? Optional.of("K = " + k + " > pages/4 = " + limit) : Optional.empty();
    }

    @Override
    public long expectedRuns(long regionSize) {
      return runs(regionSize);
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      requireSupported(this, regionSize);
      long gap = pages(regionSize) / runs(regionSize);
      SplitMix64 random = new SplitMix64(seed);
      return LongStream.range(0, runs(regionSize))
          .mapToObj(
              i -> {
                long base = i * gap;
                long a = base + random.rnd(gap / 2);
                long len = 1 + random.rnd(gap / 2 - 1);
                long b = Math.min(base + gap - 1, a + len);
                return Conversion.pages(a, b, PageState.SHARED);
              });
    }
  }

  // ---------------------------------------------------------------- alternate

  /** Every other page shared over the whole block, one page per call: pages/2 runs. */
  static final class Alternate implements Workload {
    @Override
    public String name() {
      return "alternate";
    }

    @Override
    public long defaultSeed(long regionSize) {
      return 0; // not random
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      return pages(regionSize) < 2 ? Optional.of("fewer than 2 pages") : Optional.empty();
    }

    @Override
    public long expectedRuns(long regionSize) {
      return pages(regionSize) / 2;
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      return LongStream.range(0, pages(regionSize) / 2)
          .mapToObj(i -> Conversion.pages(2 * i, 2 * i + 1, PageState.SHARED));
    }
  }

  // ---------------------------------------------------------------- bulk

  /**
   * Range overwrites across a fragmented region: fragment-10^4 (K capped at pages/4), then every 1
   * GiB range made shared in turn, then the whole block private, shared and private again.
   */
  static final class Bulk implements Workload {
    private final Fragment fragment = new Fragment(10_000, 0);

    @Override
    public String name() {
      return "bulk";
    }

    @Override
    public long defaultSeed(long regionSize) {
      return fragment(regionSize).defaultSeed(regionSize);
    }

    private Fragment fragment(long regionSize) {
      return fragment.unsupported(regionSize).isPresent() ? new Fragment(0, 4) : fragment;
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      return regionSize < Sizes.GIB
          ? Optional.of("the block is smaller than one 1 GiB range")
          : Optional.empty();
    }

    @Override
    public long expectedRuns(long regionSize) {
      return fragment(regionSize).expectedRuns(regionSize);
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      requireSupported(this, regionSize);
      long whole = regionSize / Sizes.PAGE * Sizes.PAGE;
      Stream<Conversion> ranges =
          LongStream.range(0, regionSize / Sizes.GIB)
              .mapToObj(g -> new Conversion(g * Sizes.GIB, Sizes.GIB, PageState.SHARED));
      Stream<Conversion> block =
          Stream.of(
              new Conversion(0, whole, PageState.PRIVATE),
              new Conversion(0, whole, PageState.SHARED),
              new Conversion(0, whole, PageState.PRIVATE));
      return Stream.concat(
          fragment(regionSize).conversions(regionSize, seed), Stream.concat(ranges, block));
    }
  }

  // ---------------------------------------------------------------- split-merge

  /**
   * On a fragment-K block: 1000 split+merge pairs, each converting one page strictly inside a run
   * of at least 3 pages to private (a split) and back (a merge). The end state is the fragment.
   */
  static final class SplitMerge implements Workload {
    static final int PAIRS = 1000;
    private final Fragment fragment;

    SplitMerge(Fragment fragment) {
      this.fragment = fragment;
    }

    @Override
    public String name() {
      return fragment.fixedKName().map(k -> "split-merge-" + k).orElse("split-merge");
    }

    @Override
    public long defaultSeed(long regionSize) {
      return fragment.defaultSeed(regionSize);
    }

    @Override
    public Optional<String> unsupported(long regionSize) {
      return fragment.unsupported(regionSize);
    }

    @Override
    public long expectedRuns(long regionSize) {
      return fragment.expectedRuns(regionSize);
    }

    @Override
    public Stream<Conversion> conversions(long regionSize, long seed) {
      List<Conversion> longRuns = new ArrayList<>();
      Stream<Conversion> layout =
          fragment
              .conversions(regionSize, seed)
              .peek(
                  c -> {
                    if (c.size() >= 3 * Sizes.PAGE && longRuns.size() < 1 << 20) {
                      longRuns.add(c);
                    }
                  });
      SplittableRandom random = new SplittableRandom(seed);
      Stream<Conversion> pairs =
          LongStream.range(0, PAIRS)
              .boxed()
              .flatMap(
                  i -> {
                    if (longRuns.isEmpty()) {
                      return Stream.empty();
                    }
                    Conversion run = longRuns.get(random.nextInt(longRuns.size()));
                    long page =
                        run.fromPage() + 1 + random.nextLong(run.toPage() - run.fromPage() - 2);
                    return Stream.of(
                        Conversion.pages(page, page + 1, PageState.PRIVATE),
                        Conversion.pages(page, page + 1, PageState.SHARED));
                  });
      return Stream.concat(layout, pairs);
    }
  }
}
