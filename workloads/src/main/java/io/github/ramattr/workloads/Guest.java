/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.workloads;

import io.github.ramattr.PageState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A realistic Linux SEV-SNP or TDX guest of docs/workloads.md ("Realistic guests"): the guest's RAM
 * is the block, its vCPUs come from {@link Workloads#defaultVcpus} or a {@code -vN} suffix, and the
 * phase says what it does: {@code boot} (what a booted guest has shared), {@code io} (boot, then
 * steady I/O that allocates and frees shared DMA buffers) or {@code share} (boot, then 1/16 of RAM
 * shared on purpose in 2 MiB regions). Every modelling choice and its source is in the doc; the
 * constants here are the values it gives.
 */
final class Guest implements Workload {
  /** The vCPU counts a {@code -vN} suffix accepts. */
  static final int MIN_VCPUS = 2;

  static final int MAX_VCPUS = 256;

  /** Entries of a virtio-blk queue and a virtio-net rx/tx queue (QEMU's default queue sizes). */
  static final int QUEUE_ENTRIES = 256;

  /** Entries of virtio-net's control queue (QEMU's size for it). */
  static final int CONTROL_QUEUE_ENTRIES = 64;

  /** One per-CPU unit of the first chunk (a distribution kernel's {@code u262144}). */
  static final long PERCPU_UNIT_PAGES = 64;

  /** Where the decrypted per-CPU page lies in its unit: the end of the static per-CPU data. */
  static final long PERCPU_DECRYPTED_PAGE = 53;

  /** {@code struct sev_es_runtime_data}: GHCB, backup GHCB and flags, page-aligned: 3 pages. */
  static final long SEV_RUNTIME_DATA_PAGES = 3;

  /** The used part of the kernel image's {@code .bss..decrypted} on SNP (kvmclock, boot GHCB). */
  static final long BSS_DECRYPTED_PAGES = 2;

  /** kvmclock's static array holds this many vCPUs; more get a decrypted page allocation. */
  static final int KVMCLOCK_BOOT_VCPUS = 64;

  /** Live shared DMA buffers per vCPU under steady I/O. */
  static final long IO_LIVE_PER_VCPU = 32;

  /** The share phase converts one 2 MiB region in each SHARE_CELL free ones: 1/16 of RAM. */
  static final long SHARE_CELL = 16;

  private static final long PAGE = Sizes.PAGE;
  private static final long TWO_MIB_PAGES = 2 * Sizes.MIB / PAGE;
  private static final Pattern NAME = Pattern.compile("(snp|tdx)-(boot|io|share)(?:-v(\\d+))?");

  /** What the guest does after boot. */
  enum Phase {
    BOOT,
    IO,
    SHARE
  }

  private final boolean snp;
  private final Phase phase;
  private final int vcpuOverride; // 0: the default rule

  Guest(boolean snp, Phase phase, int vcpuOverride) {
    this.snp = snp;
    this.phase = phase;
    this.vcpuOverride = vcpuOverride;
  }

  /**
   * The guest called {@code name}, such as {@code snp-boot} or {@code tdx-io-v64}, or empty if the
   * name is not of that form.
   *
   * @throws IllegalArgumentException if the form matches but the vCPU count is not 2 to 256
   */
  static Optional<Guest> parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    int vcpus = 0;
    String v = m.group(3);
    if (v != null) {
      long parsed;
      try {
        parsed = Long.parseLong(v);
      } catch (NumberFormatException e) {
        parsed = Long.MAX_VALUE;
      }
      if (parsed < MIN_VCPUS || parsed > MAX_VCPUS) {
        throw new IllegalArgumentException(
            "vCPU count " + v + " in '" + name + "' must be " + MIN_VCPUS + " to " + MAX_VCPUS);
      }
      vcpus = (int) parsed;
    }
    Phase phase = Phase.valueOf(m.group(2).toUpperCase(Locale.ROOT));
    return Optional.of(new Guest(m.group(1).equals("snp"), phase, vcpus));
  }

  @Override
  public String name() {
    return (snp ? "snp-" : "tdx-")
        + phase.name().toLowerCase(Locale.ROOT)
        + (vcpuOverride > 0 ? "-v" + vcpuOverride : "");
  }

  /** The guest's vCPUs at this RAM size. */
  long vcpus(long regionSize) {
    return vcpuOverride > 0 ? vcpuOverride : Workloads.defaultVcpus(regionSize);
  }

  @Override
  public long defaultSeed(long regionSize) {
    return 1;
  }

  @Override
  public Optional<String> unsupported(long regionSize) {
    if (regionSize < Sizes.GIB) {
      return Optional.of("a guest needs at least 1 GiB of RAM, not " + regionSize + " bytes");
    }
    if (regionSize % (2 * Sizes.MIB) != 0) {
      return Optional.of("guest RAM " + regionSize + " bytes is not a multiple of 2 MiB");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- sizes and counts

  /** Bytes of a split virtqueue of {@code entries}: descriptors, avail ring, used ring. */
  static long splitRingBytes(int entries) {
    long desc = 16L * entries;
    long avail = 6 + 2L * entries;
    long used = 6 + 8L * entries;
    long usedOffset = (desc + avail + 63) / 64 * 64; // used ring aligned to a cache line
    return usedOffset + used;
  }

  /** Pages {@code dma_alloc_coherent} decrypts for a buffer of {@code bytes}. */
  static long coherentPages(long bytes) {
    return (bytes + PAGE - 1) / PAGE;
  }

  /** The buddy order such an allocation comes from: its pages rounded up to a power of two. */
  static long buddyPages(long pages) {
    long block = 1;
    while (block < pages) {
      block <<= 1;
    }
    return block;
  }

  /** Virtqueues: virtio-blk one per vCPU, virtio-net an rx/tx pair per vCPU and a control queue. */
  static long rings(long vcpus) {
    return 3 * vcpus + 1;
  }

  /**
   * One DMA atomic pool: 128 KiB per GiB of RAM, at least 128 KiB, at most one top-order buddy
   * block (4 MiB); in pages.
   */
  static long atomicPoolPages(long regionSize) {
    long pages = Workloads.pages(regionSize) / (Sizes.GIB / (128 * Sizes.KIB));
    return Math.max(128 * Sizes.KIB / PAGE, Math.min(1024, pages));
  }

  /** Pages kvmclock decrypts for the vCPUs its static array does not hold (SNP only). */
  static long kvmclockExtraPages(long vcpus) {
    if (vcpus <= KVMCLOCK_BOOT_VCPUS) {
      return 0;
    }
    return buddyPages(coherentPages((vcpus - KVMCLOCK_BOOT_VCPUS) * 64));
  }

  /** Shared runs after boot: SWIOTLB, 3 atomic pools, the rings, and SNP's per-vCPU pages. */
  static long bootRuns(boolean snp, long vcpus) {
    long runs = 1 + 3 + rings(vcpus);
    if (snp) {
      runs += 2 * vcpus + 1 + (kvmclockExtraPages(vcpus) > 0 ? 1 : 0);
    }
    return runs;
  }

  /** Live DMA buffers under steady I/O. */
  static long ioLive(long vcpus) {
    return IO_LIVE_PER_VCPU * vcpus;
  }

  /** 2 MiB regions the share phase converts: 1/SHARE_CELL of RAM. */
  static long shareRegions(long regionSize) {
    return regionSize / (2 * Sizes.MIB) / SHARE_CELL;
  }

  @Override
  public long expectedRuns(long regionSize) {
    long vcpus = vcpus(regionSize);
    long boot = bootRuns(snp, vcpus);
    return switch (phase) {
      case IO -> boot + ioLive(vcpus);
      // Neighbouring cells pick touching regions with odds 1/SHARE_CELL^2; those merge.
      case SHARE ->
          boot + shareRegions(regionSize) - shareRegions(regionSize) / (SHARE_CELL * SHARE_CELL);
      case BOOT -> boot;
    };
  }

  // ---------------------------------------------------------------- the layout

  /** How a shared range is converted. */
  private enum Call {
    /** Before the GHCB is up (SNP): one 4 KiB page-state change per page. */
    EARLY_PER_PAGE,
    /** At run time: one call per range, large ranges in 2 MiB pieces. */
    RUNTIME
  }

  /** One range the boot makes shared. */
  private record Item(long fromPage, long pages, Call call) {}

  /**
   * Page ranges in use (shared or only reserved, such as the kernel image and memmap), kept with a
   * one-page guard so that nothing placed later touches them: every item stays its own run.
   */
  private static final class Occupied {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    boolean isFree(long from, long to) {
      Map.Entry<Long, Long> e = ranges.floorEntry(to);
      return e == null || e.getValue() < from;
    }

    void take(long from, long to) {
      if (!isFree(from, to)) {
        throw new IllegalStateException("pages [" + from + ", " + to + ") overlap the layout");
      }
      ranges.put(from, to);
    }

    /** A random free place of {@code pages} aligned to {@code align} in [low, high), taken. */
    long placeRandom(SplittableRandom random, long low, long high, long pages, long align) {
      long first = (low + align - 1) / align;
      long slots = (high - pages) / align - first + 1;
      if (slots < 1) {
        throw new IllegalStateException(
            pages + " pages do not fit in [" + low + ", " + high + ") aligned to " + align);
      }
      for (int attempt = 0; attempt < 100_000; attempt++) {
        long from = (first + random.nextLong(slots)) * align;
        if (isFree(from, from + pages)) {
          take(from, from + pages);
          return from;
        }
      }
      throw new IllegalStateException(
          "no free place for " + pages + " pages in [" + low + ", " + high + ")");
    }

    /** The highest free place of {@code pages} aligned to {@code align} ending by {@code top}. */
    long placeTopDown(long top, long pages, long align) {
      for (long from = (top - pages) / align * align; from >= 0; from -= align) {
        if (isFree(from, from + pages)) {
          take(from, from + pages);
          return from;
        }
      }
      throw new IllegalStateException("no free place for " + pages + " pages below " + top);
    }

    /** The 2 MiB slots that any range, or its guard page, touches: sorted. */
    long[] touchedSlots() {
      List<Long> slots = new ArrayList<>();
      long last = -1;
      for (Map.Entry<Long, Long> e : ranges.entrySet()) {
        long first = Math.max(0, e.getKey() - 1) / TWO_MIB_PAGES;
        long end = e.getValue() / TWO_MIB_PAGES; // the guard page after the range
        for (long s = Math.max(first, last + 1); s <= end; s++) {
          slots.add(s);
          last = s;
        }
      }
      return slots.stream().mapToLong(Long::longValue).toArray();
    }
  }

  /** The booted guest: what is shared, where, and what is reserved around it. */
  private static final class Layout {
    final List<Item> early = new ArrayList<>();
    final List<Item> runtime = new ArrayList<>();
    final Occupied occupied = new Occupied();
    final long swiotlbFrom;
    final long swiotlbPages;
    final long normalFrom; // first page of ZONE_NORMAL (or of DMA32 in a small guest)

    Layout(boolean snp, long regionSize, long vcpus, SplittableRandom random) {
      long pages = Workloads.pages(regionSize);
      long mib = Sizes.MIB / PAGE;
      // q35 maps the first 2 GiB of RAM below 4 GiB when RAM >= 2.75 GiB, else all of it.
      long lowEnd = regionSize >= 0xB000_0000L ? 2 * Sizes.GIB / PAGE : pages;
      normalFrom = lowEnd < pages ? lowEnd : 16 * mib;

      // The kernel image, loaded at 16 MiB plus a KASLR offset; its .bss..decrypted (SNP) ends up
      // 32 MiB in.
      long kernel = 16 * mib + random.nextInt(32) * TWO_MIB_PAGES;
      occupied.take(kernel, kernel + 48 * mib);
      if (snp) {
        early.add(new Item(kernel + 32 * mib, BSS_DECRYPTED_PAGES, Call.EARLY_PER_PAGE));
      }
      // memblock allocates top-down: first the struct page array (64 bytes per 4 KiB page) ...
      long memmap = (pages / 64 + TWO_MIB_PAGES - 1) / TWO_MIB_PAGES * TWO_MIB_PAGES;
      occupied.take(pages - memmap, pages);
      // ... then the per-CPU first chunk, 2 MiB-aligned, one unit per vCPU ...
      long chunk = (vcpus * PERCPU_UNIT_PAGES + TWO_MIB_PAGES - 1) / TWO_MIB_PAGES * TWO_MIB_PAGES;
      long percpu =
          occupied.placeTopDown(
              pages - memmap - random.nextInt(8) * TWO_MIB_PAGES, chunk, TWO_MIB_PAGES);
      // ... then (SNP) each vCPU's sev_es_runtime_data, one after the other.
      if (snp) {
        long runtimeData = vcpus * SEV_RUNTIME_DATA_PAGES;
        long top = percpu - 1 - random.nextInt(256);
        long base = occupied.placeTopDown(top, runtimeData, 1);
        for (long cpu = 0; cpu < vcpus; cpu++) {
          // cpu 0 highest; the GHCB is the first page of each, the backup GHCB stays private.
          long ghcb = base + runtimeData - (cpu + 1) * SEV_RUNTIME_DATA_PAGES;
          early.add(new Item(ghcb, 1, Call.EARLY_PER_PAGE));
        }
        for (long cpu = 0; cpu < vcpus; cpu++) {
          long page = percpu + cpu * PERCPU_UNIT_PAGES + PERCPU_DECRYPTED_PAGE;
          early.add(new Item(page, 1, Call.EARLY_PER_PAGE));
        }
      }
      // The SWIOTLB: memblock_alloc_low, top-down below 4 GiB.
      swiotlbPages = Workloads.Boot.swiotlbSize(regionSize) / PAGE;
      swiotlbFrom =
          occupied.placeTopDown(
              lowEnd - random.nextInt(16) * TWO_MIB_PAGES, swiotlbPages, TWO_MIB_PAGES);
      // The atomic pools: one in ZONE_DMA (below 16 MiB), one in DMA32, one in the kernel's zone.
      long pool = atomicPoolPages(regionSize);
      long dmaPool = occupied.placeRandom(random, mib, 16 * mib, pool, pool);
      long dma32Pool =
          occupied.placeRandom(
              random, 16 * mib, Math.min(lowEnd, 4 * Sizes.GIB / PAGE), pool, pool);
      long kernelPool = occupied.placeRandom(random, normalFrom, pages, pool, pool);
      for (long from : new long[] {dmaPool, dma32Pool, kernelPool}) {
        runtime.add(new Item(from, pool, Call.RUNTIME));
      }
      if (snp && kvmclockExtraPages(vcpus) > 0) {
        long extra = kvmclockExtraPages(vcpus);
        runtime.add(
            new Item(
                occupied.placeRandom(random, normalFrom, pages, extra, extra),
                extra,
                Call.RUNTIME));
      }
      // The virtqueues: dma_alloc_coherent, buddy pages aligned to their order.
      long ringPages = coherentPages(splitRingBytes(QUEUE_ENTRIES));
      long controlPages = coherentPages(splitRingBytes(CONTROL_QUEUE_ENTRIES));
      for (long ring = 0; ring < rings(vcpus); ring++) {
        long size = ring == rings(vcpus) - 1 ? controlPages : ringPages;
        long align = buddyPages(size);
        runtime.add(
            new Item(
                occupied.placeRandom(random, normalFrom, pages, size, align), size, Call.RUNTIME));
      }
    }
  }

  private static Stream<Conversion> convert(Item item) {
    long to = item.fromPage() + item.pages();
    if (item.call() == Call.EARLY_PER_PAGE) {
      return LongStream.range(item.fromPage(), to)
          .mapToObj(p -> Conversion.pages(p, p + 1, PageState.SHARED));
    }
    long pieces = (item.pages() + TWO_MIB_PAGES - 1) / TWO_MIB_PAGES;
    return LongStream.range(0, pieces)
        .mapToObj(
            i -> {
              long from = item.fromPage() + i * TWO_MIB_PAGES;
              return Conversion.pages(from, Math.min(to, from + TWO_MIB_PAGES), PageState.SHARED);
            });
  }

  @Override
  public Stream<Conversion> conversions(long regionSize, long seed) {
    Workloads.requireSupported(this, regionSize);
    long vcpus = vcpus(regionSize);
    Layout layout = new Layout(snp, regionSize, vcpus, new SplittableRandom(seed));
    Stream<Conversion> boot =
        Stream.of(
                layout.early.stream().flatMap(Guest::convert),
                Workloads.Boot.swiotlbConversions(
                    layout.swiotlbFrom * PAGE, layout.swiotlbPages * PAGE, snp, seed),
                layout.runtime.stream().flatMap(Guest::convert))
            .flatMap(s -> s);
    return switch (phase) {
      case IO -> Stream.concat(boot, io(layout, regionSize, vcpus, seed));
      case SHARE -> Stream.concat(boot, share(layout, regionSize, seed));
      case BOOT -> boot;
    };
  }

  /** The churn generator of churn-R, with buffers kept clear of everything the boot placed. */
  private static Stream<Conversion> io(Layout layout, long regionSize, long vcpus, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 31 + 7);
    return Workloads.Churn.replacing(
        ioLive(vcpus),
        random,
        r -> {
          while (true) {
            Conversion c = Workloads.Churn.allocate(r, regionSize);
            if (layout.occupied.isFree(c.fromPage(), c.toPage())) {
              return c;
            }
          }
        });
  }

  /**
   * 1/SHARE_CELL of RAM in 2 MiB regions: the 2 MiB slots the boot layout does not touch are split
   * into cells of about SHARE_CELL slots and one random slot of each cell is shared; the regions
   * are converted in a random order.
   */
  private static Stream<Conversion> share(Layout layout, long regionSize, long seed) {
    long slots = regionSize / (2 * Sizes.MIB);
    long[] blocked = layout.occupied.touchedSlots();
    long free = slots - blocked.length;
    int regions = Math.toIntExact(Math.min(shareRegions(regionSize), free));
    SplittableRandom random = new SplittableRandom(seed * 31 + 11);
    long[] chosen = new long[regions];
    long slot = -1;
    long freeIndex = -1;
    int nextBlocked = 0;
    for (int i = 0; i < regions; i++) {
      long cellFrom = i * free / regions;
      long cellTo = (i + 1) * free / regions;
      long target = cellFrom + random.nextLong(cellTo - cellFrom);
      while (freeIndex < target) {
        slot++;
        while (nextBlocked < blocked.length && blocked[nextBlocked] < slot) {
          nextBlocked++;
        }
        if (nextBlocked < blocked.length && blocked[nextBlocked] == slot) {
          continue;
        }
        freeIndex++;
      }
      chosen[i] = slot;
    }
    for (int i = regions - 1; i > 0; i--) { // Fisher-Yates: drivers allocate in no order
      int j = random.nextInt(i + 1);
      long t = chosen[i];
      chosen[i] = chosen[j];
      chosen[j] = t;
    }
    return Arrays.stream(chosen)
        .mapToObj(s -> new Conversion(s * 2 * Sizes.MIB, 2 * Sizes.MIB, PageState.SHARED));
  }
}
