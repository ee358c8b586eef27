/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.evidence.Census;
import io.github.ramattr.evidence.FlatBitmapProvider;
import io.github.ramattr.evidence.RoaringProvider;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to the QEMU reviewer who asked whether a maple tree or an interval tree would use less
 * memory than QEMU's bitmap (one bit per 4 KiB page), decided from measured rows and nothing else:
 * for at most {@value #MAX_GUESTS} guests, the bytes of every measured structure and of the
 * structures given by formula; the split+merge and lookup cost of each measured structure next to
 * the cost of what triggers a conversion; the break-even fragmentation; and the recommendation.
 * Built by {@link #of}; {@code io.github.ramattr.jmh.render.AnswerMarkdown} words it.
 *
 * <p>The guests are the non-{@code fragment-K} cells of the census rows, in measuring order (so
 * {@code answer --from} finds them in the CSV again); the {@code fragment-K} rows give the
 * break-even through {@link ReportAnalysis#crossovers}.
 *
 * @param guests the guests' bytes, in measuring order
 * @param speed per measured backend (in {@link #BACKENDS} order): split+merge and lookups
 * @param splitMergeOperation the split+merge operation shown (the largest {@code runs} measured)
 * @param lookupOperation the {@code isShared} operation shown; {@code isPopulated2MiB} has the same
 *     parameters
 * @param breakEven per non-flat backend (in {@link #BACKENDS} order): where its bytes reach the
 *     flat bitmap's, at the largest block size where they do (else the largest measured)
 * @param recommendation what QEMU should do, with the figures that decide it
 */
public record Answer(
    List<GuestBytes> guests,
    List<Speed> speed,
    String splitMergeOperation,
    String lookupOperation,
    List<ReportAnalysis.Crossover> breakEven,
    Recommendation recommendation) {

  /** QEMU's bitmap, as the evidence module measures it (one {@code long[]}, pages/8 bytes). */
  public static final String FLAT = FlatBitmapProvider.NAME;

  /**
   * The measured structures, in the order of every table: QEMU's bitmap, Guava's interval tree
   * ({@code TreeRangeSet}), RoaringBitmap and ramattr's maple.
   */
  public static final List<String> BACKENDS =
      List.of(FLAT, "interval", RoaringProvider.NAME, "maple");

  /** At most this many guests, so the answer stays one page (the full table is REPORT.md's). */
  public static final int MAX_GUESTS = 4;

  /**
   * A guest of the answer.
   *
   * @param workload the workload name ({@code Workloads.byName})
   * @param regionSize its guest_memfd block size in bytes
   * @param description what it is, in a few words, for the table
   */
  public record Guest(String workload, long regionSize, String description) {
    /**
     * Checks the size.
     *
     * @throws IllegalArgumentException if the size is not a positive multiple of 4 KiB
     */
    public Guest {
      if (regionSize <= 0 || regionSize % Sizes.PAGE != 0) {
        throw new IllegalArgumentException(
            "guest " + workload + ": size " + regionSize + " is not a positive multiple of 4 KiB");
      }
    }

    /** The same guest on a block of {@code size} (the {@code --tiny} run's 1 GiB). */
    public Guest at(long size) {
      return new Guest(workload, size, description);
    }
  }

  /**
   * The guests the answer measures: the one place to change them. A booted SNP guest at 16 GiB (the
   * common small guest: a handful of runs where the bitmap's 512 KiB is already the whole cost), a
   * booted TDX guest at 1 TiB (the reviewer's "32 MiB per TiB"), a guest under steady I/O at 4 TiB
   * (the largest VMs run in production: 128 MiB of bitmap) and a guest that shares memory on
   * purpose at 1 TiB (the most runs a real guest makes), as docs/workloads.md defines them, each at
   * the default vCPU count of its RAM.
   */
  public static final List<Guest> GUESTS =
      List.of(
          new Guest("snp-boot", 16 * Sizes.GIB, "SNP guest after boot"),
          new Guest("tdx-boot", Sizes.TIB, "TDX guest after boot"),
          new Guest("tdx-io", 4 * Sizes.TIB, "TDX guest under steady I/O"),
          new Guest("snp-share", Sizes.TIB, "SNP guest sharing 1/16 on purpose"));

  /**
   * The guest the lookups are measured on: the booted TDX guest at 1 TiB, the reviewer's "32 MiB
   * per TiB" (the second of {@link #GUESTS}).
   */
  public static final Guest LOOKUP_GUEST = GUESTS.get(1);

  /**
   * The census limits of the {@code answer} command: runs up to 10^6 are built, and JOL measures
   * every cell of up to 10^5 runs (every guest's); above that the store's own estimate stands.
   */
  public static final Census.Limits CENSUS_LIMITS = new Census.Limits(1_000_000, 100_000);

  /**
   * The block sizes of the {@code fragment-K} rows the break-even comes from: 1 GiB (every K up to
   * pages/4) and 64 GiB (K up to 10^6, where the structures that store a few bytes per run cross).
   */
  public static final List<Long> BREAK_EVEN_SIZES = List.of(Sizes.GIB, 64 * Sizes.GIB);

  // ---------------------------------------------------------------- formulas

  /**
   * The kernel's maple tree, bytes per run, measured in the kernel (Linux 6.16) on the {@code
   * fragment-K} layout, as docs/workloads.md ("The kernel's maple tree, for comparison") quotes
   * them: inserted in ascending order.
   */
  public static final double KERNEL_MAPLE_ASCENDING = 36.6;

  /** The same, inserted in random order. */
  public static final double KERNEL_MAPLE_RANDOM = 43.2;

  /** The same, after 3*10^5 single-page conversions that leave the content unchanged. */
  public static final double KERNEL_MAPLE_CHURNED = 58.2;

  /**
   * QEMU's {@code IntervalTreeNode} ({@code include/qemu/interval-tree.h}) on 64-bit: an {@code
   * RBNode} (parent-and-colour, right, left: 3 words) and {@code start}, {@code last}, {@code
   * subtree_last} (3 {@code uint64_t}): 48 bytes, one node per shared run.
   */
  public static final int QEMU_INTERVAL_NODE_BYTES = 48;

  /**
   * What glibc's malloc takes for a 48-byte request on 64-bit: the request plus the 8-byte size
   * field, rounded up to 16 bytes: a 64-byte chunk.
   */
  public static final int GLIBC_CHUNK_BYTES = 64;

  /**
   * The structures whose bytes are given by formula, with where the formula comes from, in the
   * order of the measured structures they are shown next to.
   */
  public enum Formula {
    /**
     * Cloud Hypervisor's tracker of host-accessible pages on SEV-SNP: vm-memory's {@code
     * AtomicBitmap}, one bit per 4 KiB page in 64-bit words; a conversion to private clones it
     * whole, so twice that while it runs.
     */
    CLOUD_HYPERVISOR(
        "Cloud Hypervisor's tracker",
        "pages/8 to 2 x pages/8 B: host_access_pages, an AtomicBitmap of one bit per 4 KiB page"
            + " (hypervisor/src/mshv/mod.rs, SEV-SNP on MSHV, at ae44c2971c83), cloned whole on"
            + " every revocation; its only Vec<bool> is virtio-mem's BlocksState, one bool per"
            + " 2 MiB block, and on KVM it keeps no tracker (KVM_SET_MEMORY_ATTRIBUTES)",
        FLAT),

    /**
     * QEMU's interval tree: runs x {@link #QEMU_INTERVAL_NODE_BYTES} (the struct alone) to runs x
     * {@link #GLIBC_CHUNK_BYTES} (with glibc's malloc chunk).
     */
    QEMU_INTERVAL_TREE(
        "QEMU's interval tree",
        "runs x 48 to 64 B: one IntervalTreeNode per run (include/qemu/interval-tree.h,"
            + " util/interval-tree.c): RBNode (3 words) + start, last, subtree_last = 48 B on"
            + " 64-bit; 64 B as a glibc malloc chunk (8-byte header, 16-byte rounding)",
        "interval"),
    /**
     * The kernel's maple tree: runs x {@link #KERNEL_MAPLE_ASCENDING} to runs x {@link
     * #KERNEL_MAPLE_CHURNED} bytes.
     */
    KERNEL_MAPLE(
        "Linux's maple tree",
        "runs x 36.6 to 58.2 B: measured in the kernel (Linux 6.16, 256-byte nodes) on the"
            + " fragment-K layout, 36.6 B per run inserted in ascending order, 43.2 in random"
            + " order, 58.2 after 3*10^5 single-page conversions (docs/workloads.md)",
        "maple");

    private final String structure;
    private final String source;
    private final String nextTo;

    Formula(String structure, String source, String nextTo) {
      this.structure = structure;
      this.source = source;
      this.nextTo = nextTo;
    }

    /** The measured structure of the same family, which the table shows it after. */
    public String nextTo() {
      return nextTo;
    }

    /** The structure, as the answer names it. */
    public String structure() {
      return structure;
    }

    /** The formula alone, such as {@code runs x 48 to 64 B}: {@link #source} up to its colon. */
    public String rule() {
      return source.substring(0, source.indexOf(':'));
    }

    /** The formula and where it comes from, in one line: "formula: where it comes from". */
    public String source() {
      return source;
    }

    /**
     * Its bytes for {@code runs} shared runs on {@code pages} pages: the range the formula gives.
     */
    public FormulaBytes bytes(long runs, long pages) {
      return switch (this) {
        case KERNEL_MAPLE ->
            new FormulaBytes(this, runs * KERNEL_MAPLE_ASCENDING, runs * KERNEL_MAPLE_CHURNED);
        case QEMU_INTERVAL_TREE ->
            new FormulaBytes(
                this, (double) runs * QEMU_INTERVAL_NODE_BYTES, (double) runs * GLIBC_CHUNK_BYTES);
        case CLOUD_HYPERVISOR -> {
          double words = Math.ceil(pages / 64.0) * Long.BYTES;
          yield new FormulaBytes(this, words, 2 * words);
        }
      };
    }
  }

  /**
   * The bytes a formula gives for one guest.
   *
   * @param formula which structure
   * @param low the low end of the range
   * @param high the high end (equal to {@code low} when the formula has no range)
   */
  public record FormulaBytes(Formula formula, double low, double high) {}

  // ---------------------------------------------------------------- triggers

  /**
   * What triggers a conversion, and what it costs: figures published elsewhere, since this machine
   * has neither SEV-SNP, TDX nor an IOMMU to measure them on.
   *
   * @param name the operation
   * @param lowNs the lowest published cost in ns (a floor)
   * @param highNs the highest published cost in ns
   * @param derivation how the figures follow from the source, and what is missing
   * @param source the sources' titles
   * @param urls where they are
   */
  public record Trigger(
      String name,
      double lowNs,
      double highNs,
      String derivation,
      String source,
      List<String> urls) {
    /**
     * Checks the range and copies the list.
     *
     * @throws IllegalArgumentException if the range is not {@code 0 < lowNs <= highNs}
     */
    public Trigger {
      if (!(lowNs > 0 && highNs >= lowNs)) {
        throw new IllegalArgumentException(
            name + ": the range " + lowNs + " to " + highNs + " ns is not 0 < low <= high");
      }
      urls = List.copyOf(urls);
    }
  }

  /**
   * 2 MiB pieces in the 16 GiB that the VFIO map and unmap figures were measured on: a bulk figure
   * divided by this is the amortised cost of one 2 MiB piece.
   */
  private static final double TWO_MIB_PIECES_IN_16_GIB = 16.0 * 1024 / 2;

  /** 4 KiB pages in one GiB: the TDX removal figures give GB, read here as GiB. */
  private static final double PAGES_4K_PER_GIB = 1 << 18;

  /** The triggers' costs, each with its source: the one place they are written down. */
  public static final List<Trigger> TRIGGERS =
      List.of(
          new Trigger(
              "KVM exit to the VMM for a page-state change (SNP PSC, TDX MapGPA)",
              1_000,
              // 5539 s to remove 400 GB of private pages one 4 KiB page at a time, 64 vCPUs.
              5539e9 / (400 * PAGES_4K_PER_GIB),
              "floor: a KVM_RUN ioctl round trip through VMRUN on AMD took 2,528 cycles (about 1"
                  + " us at 2.5 GHz), before the VMM handles anything (KVM_SET_MEMORY_ATTRIBUTES,"
                  + " discarding guest_memfd pages); a later measurement puts the exit higher (on"
                  + " an AMD laptop 1,400 TSC cycles, going on to user level at least 6,200), so"
                  + " 1 us is a floor; high: what KVM does per 4 KiB page when TDX memory turns"
                  + " shared, Dynamic Page Removal (block the page, exit every vCPU,"
                  + " remove it from the secure EPT, flush caches): 5539 s for 400 GB with 64"
                  + " vCPUs, 52.8 us per page if all of it was private, growing with the vCPUs"
                  + " (32 vCPUs, 107 GB in 517 s: 18.4 us; 4 vCPUs, 18 GB in 72 s: 15.3 us; GB"
                  + " read as GiB; measured when the guest_memfd was closed, hardware not"
                  + " stated); the other way, a TDX private-page fault that adds the page"
                  + " (TDH.MEM.PAGE.AUG) took 8 us per 4 KiB (Granite Rapids, Linux 7.0),"
                  + " 153 us with 248 mostly idle vCPUs; no published end-to-end figure for a"
                  + " PSC or MapGPA exit handled by QEMU (KVM_HC_MAP_GPA_RANGE or"
                  + " KVM_EXIT_MEMORY_FAULT, then kvm_convert_memory) was found, so the floor"
                  + " stays the bare exit",
              "LKML, December 2020: KVM SVM host state save/restore, cycle counts of a KVM_RUN"
                  + " round trip; KVM mailing list, November 2024: Re: [PATCH] KVM: drop the"
                  + " kvm_has_noapic_vcpu optimization (Bernhard Kauer's cycle counts, quoted by"
                  + " Sean Christopherson); KVM mailing list, June 2025: [PATCH V4 1/1] KVM: TDX:"
                  + " Add sub-ioctl KVM_TDX_TERMINATE_VM (Sean Christopherson, Adrian Hunter),"
                  + " reclaim times before the change; Dstack-TEE/dstack pull request 1220"
                  + " (os/kernel: fix quadratic boot time of many-vCPU TDX guests), host-side"
                  + " tracing",
              List.of(
                  "https://lkml.iu.edu/hypermail/linux/kernel/2012.2/00527.html",
                  "https://lore.kernel.org/all/ZyTqZk88JbE3EcTk@google.com/",
                  "https://lore.kernel.org/all/20250611095158.19398-2-adrian.hunter@intel.com/",
                  "https://github.com/Dstack-TEE/dstack/pull/1220")),
          new Trigger(
              "VFIO DMA map of 2 MiB (VFIO_IOMMU_MAP_DMA)",
              1_500,
              1_190_000,
              "floor: mapping a 16 GB BAR that needs no pinning took 1.5 us (Xeon E5 2.6 GHz,"
                  + " Linux commit 356e88ebe447); high: QEMU pinned and mapped a 1 GB guest in"
                  + " 0.56-0.61 s, mostly clearing pages (commit 4d83de6da265), 1.1-1.2 ms per"
                  + " 2 MiB; in between, mapping 16 GiB already populated took 0.027 s on THP to"
                  + " 0.280 s on 4 KiB pages (Linux 6.16-rc4 with and without the large-folio"
                  + " patches), 3.3 to 34 us per 2 MiB amortised over one call",
              "Linux commits 356e88ebe447 (vfio/type1: Improve memory pinning process for raw"
                  + " PFN mapping) and 4d83de6da265 (vfio/type1: Batch page pinning); KVM mailing"
                  + " list, July 2025: [PATCH v3 0/5] vfio/type1: optimize vfio_pin_pages_remote()"
                  + " and vfio_unpin_pages_remote() (Li Zhe), vfio-pci-mem-dma-map timings",
              List.of(
                  "https://git.cdn.openwrt.org/?a=commit&h=356e88ebe4473a3663cf3d14727ce293a4526d34"
                      + "&p=openwrt%2Fstaging%2Fblogic.git",
                  "https://review.shift-gmbh.com/plugins/gitiles/SHIFTPHONES/mainline/linux/+/"
                      + "4d83de6da265cd84e74c19d876055fa5f261cde4",
                  "https://lore.kernel.org/all/20250707064950.72048-1-lizhe.67@bytedance.com/")),
          new Trigger(
              "VFIO DMA unmap of 2 MiB (VFIO_IOMMU_UNMAP_DMA)",
              // 0.045 s to unmap 16 GiB of THP or hugetlbfs memory, with the patches.
              0.045e9 / TWO_MIB_PIECES_IN_16_GIB,
              // 0.312 s to unmap 16 GiB of 4 KiB pages, without them.
              0.312e9 / TWO_MIB_PIECES_IN_16_GIB,
              "floor: unmapping 16 GiB of THP or hugetlbfs memory took 0.045 s (Linux 6.16-rc4"
                  + " with the large-folio unpin patches; 0.135 s without), 5.49 us per 2 MiB;"
                  + " high: 16 GiB of 4 KiB pages took 0.312 s without them (0.288 s with), 38.1"
                  + " us per 2 MiB; both amortised over one 16 GiB call, so a lone 2 MiB unmap"
                  + " also pays its own system call and IOTLB flush; hardware not stated. An"
                  + " older commit gives only a relative figure: unmapping in chunks made a"
                  + " synthetic 1 TB guest's map and shutdown 30% faster (commit 6fe1010d6d9c)",
              "KVM mailing list, July 2025: [PATCH v3 0/5] vfio/type1: optimize"
                  + " vfio_pin_pages_remote() and vfio_unpin_pages_remote() (Li Zhe),"
                  + " vfio-pci-mem-dma-map timings; Linux commit 6fe1010d6d9c (vfio/type1: DMA"
                  + " unmap chunking)",
              List.of(
                  "https://lore.kernel.org/all/20250707064950.72048-1-lizhe.67@bytedance.com/",
                  "https://gerrit-public.fairphone.software/plugins/gitiles/kernel/msm-4.9/+/"
                      + "6fe1010d6d9c02cf3556ab076585104551a6ee7e")));

  /**
   * The largest share of the cheapest trigger's floor a structure's split+merge may take (the upper
   * end of its 99.9% interval over the floor): 100%. A structure within it at worst doubles the
   * bare exit round trip the floor measures, and a real conversion does more than that round trip
   * (QEMU also sets the KVM memory attributes and discards the pages, with more system calls that
   * the floor does not count), so its real share is smaller; one above it costs more than the exit
   * itself, which is what "a large fraction of the trigger" means here.
   */
  public static final double MAX_SHARE_OF_TRIGGER = 1.0;

  /** The cheapest trigger's floor, in ns: what a split+merge is compared with. */
  public static double triggerFloorNs() {
    return TRIGGERS.stream().mapToDouble(Trigger::lowNs).min().orElseThrow();
  }

  /** The trigger with the cheapest floor. */
  public static Trigger cheapestTrigger() {
    return TRIGGERS.stream().min(Comparator.comparingDouble(Trigger::lowNs)).orElseThrow();
  }

  // ---------------------------------------------------------------- rows

  /**
   * One guest's bytes.
   *
   * @param guest the guest (its block size from the rows)
   * @param runs its shared runs
   * @param measured bytes per measured backend, in {@link #BACKENDS} order (JOL's retained heap)
   * @param formulas bytes per formula, in {@link Formula} order
   */
  public record GuestBytes(
      Guest guest, long runs, Map<String, Long> measured, List<FormulaBytes> formulas) {
    /** Copies the map (keeping its order) and the list. */
    public GuestBytes {
      measured = Collections.unmodifiableMap(new LinkedHashMap<>(measured));
      formulas = List.copyOf(formulas);
    }

    /** The bytes a formula gives for this guest. */
    public FormulaBytes formula(Formula formula) {
      return formulas.stream()
          .filter(f -> f.formula() == formula)
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no " + formula + " bytes"));
    }

    /** QEMU's bitmap's bytes for this guest. */
    public long flatBytes() {
      return bytes(FLAT);
    }

    /** A measured backend's bytes. */
    public long bytes(String backend) {
      Long bytes = measured.get(backend);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "no " + backend + " bytes for " + guest.workload() + ", only " + measured.keySet());
      }
      return bytes;
    }

    /** A measured backend's bytes over QEMU's bitmap's. */
    public double ratio(String backend) {
      return (double) bytes(backend) / flatBytes();
    }

    /** Shared runs per GiB of the guest's block. */
    public double runsPerGiB() {
      return runs / ((double) guest.regionSize() / Sizes.GIB);
    }
  }

  /**
   * One measured backend's costs, ns per op with their 99.9% errors.
   *
   * @param backend provider name
   * @param splitMerge one split and the merge that undoes it
   * @param isShared one page's state
   * @param isPopulated2MiB whether a 2 MiB section is populated, through the facade
   */
  public record Speed(
      String backend,
      GoalCheck.Estimate splitMerge,
      GoalCheck.Estimate isShared,
      GoalCheck.Estimate isPopulated2MiB) {

    /**
     * The upper end of the split+merge's 99.9% interval over the cheapest trigger's floor: the
     * largest share of a conversion's trigger it can take (infinite without an error).
     */
    public double splitMergeShareOfTrigger() {
      return splitMerge.high() / triggerFloorNs();
    }
  }

  // ---------------------------------------------------------------- recommendation

  /** What QEMU should do. */
  public enum Verdict {
    /** Replace the bitmap with the recommended structure. */
    ADOPT,
    /** Keep the bitmap. */
    KEEP_BITMAP
  }

  /** Why. */
  public enum Reason {
    /** The structure smallest on every guest is also cheap enough per conversion. */
    SMALLEST,
    /** The smallest was too dear per conversion; the next smallest that is cheap enough wins. */
    NEXT_SMALLEST,
    /** No measured structure is smaller than the bitmap on every guest. */
    NONE_SMALLER,
    /** Every structure that is smaller costs too much per conversion. */
    ALL_TOO_SLOW
  }

  /** Where the break-even of the structure the recommendation is about lies. */
  public enum BreakEvenStatus {
    /** It stays smaller up to pages/2 runs: no fragmentation makes the bitmap smaller. */
    NEVER,
    /** Above the busiest guest's runs per GiB. */
    ABOVE_EVERY_GUEST,
    /** At or below the busiest guest's runs per GiB. */
    GUEST_BEYOND
  }

  /**
   * The recommendation and the figures its three sentences state.
   *
   * @param verdict adopt a structure or keep the bitmap
   * @param reason why
   * @param subject the structure the sentences are about: the adopted one, or (keeping the bitmap)
   *     the smallest candidate
   * @param tooSlow structures smaller than the subject (or, keeping the bitmap, every smaller one)
   *     turned down for their split+merge cost, smallest first
   * @param largestGuest the guest with the largest bitmap
   * @param largestRatio the subject's largest ratio to the bitmap over the guests
   * @param splitMergeShare the subject's {@link Speed#splitMergeShareOfTrigger}
   * @param breakEven the subject's break-even
   * @param breakEvenStatus where it lies against the guests
   * @param busiestGuest the guest with the most runs per GiB
   */
  public record Recommendation(
      Verdict verdict,
      Reason reason,
      String subject,
      List<String> tooSlow,
      GuestBytes largestGuest,
      double largestRatio,
      double splitMergeShare,
      ReportAnalysis.Crossover breakEven,
      BreakEvenStatus breakEvenStatus,
      GuestBytes busiestGuest) {
    /** Copies the list. */
    public Recommendation {
      tooSlow = List.copyOf(tooSlow);
    }
  }

  /** Copies every list. */
  public Answer {
    guests = List.copyOf(guests);
    speed = List.copyOf(speed);
    breakEven = List.copyOf(breakEven);
  }

  /**
   * Whether every guest was measured at its size in {@link #GUESTS}: false for a {@code --tiny}
   * smoke run (1 GiB guests), whose figures mean nothing.
   */
  public boolean atTheGuestsSizes() {
    return guests.stream()
        .allMatch(
            g ->
                GUESTS.stream()
                    .anyMatch(
                        spec ->
                            spec.workload().equals(g.guest().workload())
                                && spec.regionSize() == g.guest().regionSize()));
  }

  /** The speed of one backend. */
  public Speed speedOf(String backend) {
    return speedOf(speed, backend);
  }

  /** The break-even of one non-flat backend. */
  public ReportAnalysis.Crossover breakEvenOf(String backend) {
    return breakEven.stream()
        .filter(c -> c.backend().equals(backend))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no break-even for " + backend));
  }

  // ---------------------------------------------------------------- analysis

  /**
   * Decides the answer from measured rows.
   *
   * @param census the guests' rows (every backend of {@link #BACKENDS}) and the {@code fragment-K}
   *     rows of every non-flat backend
   * @param speed the measurements of {@code splitThenMerge(...)}, {@code isShared(...)} and {@code
   *     isPopulated2MiB(...)} (same parameters) for every backend of {@link #BACKENDS}
   * @throws IllegalArgumentException naming what is missing: no guest, more than {@value
   *     #MAX_GUESTS}, a backend's row or measurement, a skipped row, no fragment-K rows
   */
  public static Answer of(List<Census.Row> census, List<SpeedRuns.Measurement> speed) {
    List<GuestBytes> guests = guests(census);
    String splitOp = splitMergeOperation(speed);
    String lookupOp = operation(speed, "isShared(");
    String populatedOp = "isPopulated2MiB" + lookupOp.substring("isShared".length());
    List<Speed> speeds = new ArrayList<>();
    for (String backend : BACKENDS) {
      speeds.add(
          new Speed(
              backend,
              time(speed, splitOp, backend),
              time(speed, lookupOp, backend),
              time(speed, populatedOp, backend)));
    }
    List<ReportAnalysis.Crossover> breakEven = breakEven(census);
    return new Answer(
        guests, speeds, splitOp, lookupOp, breakEven, recommend(guests, speeds, breakEven));
  }

  /** The guest cells (every non-fragment cell, in order) with their bytes. */
  /**
   * An answer, or why a report's rows give none.
   *
   * @param answer the answer, when the rows hold what it needs
   * @param whyNot what they lack (empty with an answer)
   */
  public record Attempt(Optional<Answer> answer, String whyNot) {
    /** {@link #ofReport} on the rows, or the reason it refused them. */
    public static Attempt of(List<Census.Row> census, List<SpeedRuns.Measurement> speed) {
      try {
        return new Attempt(Optional.of(ofReport(census, speed)), "");
      } catch (IllegalArgumentException e) {
        return new Attempt(Optional.empty(), String.valueOf(e.getMessage()));
      }
    }
  }

  /**
   * The answer from a report's rows, which hold more than the answer needs: the census cells of
   * {@link #GUESTS} at their sizes and the {@code fragment-K} rows, and the split+merge shapes and
   * the lookups on {@link #LOOKUP_GUEST}'s layout, each of {@link #BACKENDS} only.
   *
   * @throws IllegalArgumentException as {@link #of} does, when the report lacks what the answer
   *     needs (for example a report of other backends), naming what is missing
   */
  public static Answer ofReport(List<Census.Row> census, List<SpeedRuns.Measurement> speed) {
    List<Census.Row> rows = new ArrayList<>();
    for (Census.Row r : census) {
      boolean guest =
          GUESTS.stream()
              .anyMatch(g -> g.workload().equals(r.workload()) && g.regionSize() == r.regionSize());
      if (BACKENDS.contains(r.backend()) && (guest || r.workload().startsWith("fragment-"))) {
        rows.add(r);
      }
    }
    Map<String, String> layout = Map.of("layout", LOOKUP_GUEST.workload());
    List<SpeedRuns.Measurement> ops = new ArrayList<>();
    for (SpeedRuns.Measurement m : speed) {
      String op = m.operation();
      boolean lookup =
          (op.startsWith("isShared(") || op.startsWith("isPopulated2MiB("))
              && ReportAnalysis.params(op).entrySet().containsAll(layout.entrySet());
      if (BACKENDS.contains(m.backend()) && (op.startsWith("splitThenMerge(") || lookup)) {
        ops.add(m);
      }
    }
    return of(rows, ops);
  }

  private static List<GuestBytes> guests(List<Census.Row> census) {
    Map<String, Map<String, Census.Row>> cells = new LinkedHashMap<>();
    for (Census.Row row : census) {
      if (!row.workload().startsWith("fragment-")) {
        cells
            .computeIfAbsent(
                row.workload() + " at " + Sizes.format(row.regionSize()),
                k -> new LinkedHashMap<>())
            .put(row.backend(), row);
      }
    }
    if (cells.isEmpty()) {
      throw new IllegalArgumentException(
          "no guest rows: the census holds only fragment-K rows (" + census.size() + " rows)");
    }
    if (cells.size() > MAX_GUESTS) {
      throw new IllegalArgumentException(
          cells.size() + " guests " + cells.keySet() + ", the answer shows at most " + MAX_GUESTS);
    }
    List<GuestBytes> result = new ArrayList<>();
    cells.forEach(
        (cell, byBackend) -> {
          Map<String, Long> bytes = new LinkedHashMap<>();
          long runs = -1;
          for (String backend : BACKENDS) {
            Census.Row row = byBackend.get(backend);
            if (row == null) {
              throw new IllegalArgumentException(
                  "no " + backend + " row for " + cell + ", only " + byBackend.keySet());
            }
            if (!row.measured()) {
              throw new IllegalArgumentException(
                  "the " + backend + " row for " + cell + " was skipped: " + row.skipped());
            }
            if (runs >= 0 && row.runs() != runs) {
              throw new IllegalArgumentException(
                  cell + ": " + backend + " holds " + row.runs() + " runs, the others " + runs);
            }
            runs = row.runs();
            bytes.put(backend, row.bytes());
          }
          Census.Row row = Objects.requireNonNull(byBackend.get(FLAT));
          Guest guest = new Guest(row.workload(), row.regionSize(), description(row.workload()));
          List<FormulaBytes> formulas = new ArrayList<>();
          for (Formula f : Formula.values()) {
            formulas.add(f.bytes(runs, row.pages()));
          }
          result.add(new GuestBytes(guest, runs, bytes, formulas));
        });
    return result;
  }

  /** The description {@link #GUESTS} gives a workload, else its name. */
  private static String description(String workload) {
    return GUESTS.stream()
        .filter(g -> g.workload().equals(workload))
        .map(Guest::description)
        .findFirst()
        .orElse(workload);
  }

  /** The split+merge operation with the largest runs parameter. */
  private static String splitMergeOperation(List<SpeedRuns.Measurement> speed) {
    return speed.stream()
        .map(SpeedRuns.Measurement::operation)
        .filter(op -> op.startsWith("splitThenMerge("))
        .max(Comparator.comparingLong(op -> ReportAnalysis.runsParam(op).orElse(0L)))
        .orElseThrow(
            () -> new IllegalArgumentException("no splitThenMerge(...) measurement in the rows"));
  }

  /** The first operation measured that starts with {@code prefix}. */
  private static String operation(List<SpeedRuns.Measurement> speed, String prefix) {
    return speed.stream()
        .map(SpeedRuns.Measurement::operation)
        .filter(op -> op.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + prefix + "...) measurement"));
  }

  private static GoalCheck.Estimate time(
      List<SpeedRuns.Measurement> speed, String operation, String backend) {
    return speed.stream()
        .filter(m -> m.operation().equals(operation) && m.backend().equals(backend))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no " + operation + " measurement for " + backend))
        .time();
  }

  /**
   * Per non-flat backend, the crossover at the largest block size where it has one (else at the
   * largest measured), from {@link ReportAnalysis#crossovers}.
   */
  private static List<ReportAnalysis.Crossover> breakEven(List<Census.Row> census) {
    List<ReportAnalysis.Crossover> all = ReportAnalysis.crossovers(census);
    List<ReportAnalysis.Crossover> result = new ArrayList<>();
    for (String backend : BACKENDS.subList(1, BACKENDS.size())) {
      Comparator<ReportAnalysis.Crossover> order =
          Comparator.comparing((ReportAnalysis.Crossover c) -> c.how() != ReportAnalysis.How.NEVER)
              .thenComparingLong(ReportAnalysis.Crossover::regionSize);
      result.add(
          all.stream()
              .filter(c -> c.backend().equals(backend))
              .max(order)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no fragment-K rows for "
                              + backend
                              + ": the break-even needs them, at "
                              + BREAK_EVEN_SIZES.stream().map(Sizes::format).toList())));
    }
    return result;
  }

  /**
   * The recommendation: among the structures smaller than the bitmap on every guest, smallest first
   * (by the geometric mean of their ratios), the first whose split+merge takes at most {@link
   * #MAX_SHARE_OF_TRIGGER} of the cheapest trigger; else keep the bitmap.
   */
  static Recommendation recommend(
      List<GuestBytes> guests, List<Speed> speed, List<ReportAnalysis.Crossover> breakEven) {
    List<String> bySize = new ArrayList<>(BACKENDS.subList(1, BACKENDS.size()));
    bySize.sort(Comparator.comparingDouble(b -> geometricMeanRatio(guests, b)));
    List<String> smaller =
        bySize.stream().filter(b -> guests.stream().allMatch(g -> g.ratio(b) < 1)).toList();
    List<String> tooSlow = new ArrayList<>();
    Verdict verdict = Verdict.KEEP_BITMAP;
    Reason reason = smaller.isEmpty() ? Reason.NONE_SMALLER : Reason.ALL_TOO_SLOW;
    String subject = smaller.isEmpty() ? bySize.get(0) : smaller.get(0);
    for (String candidate : smaller) {
      if (speedOf(speed, candidate).splitMergeShareOfTrigger() <= MAX_SHARE_OF_TRIGGER) {
        verdict = Verdict.ADOPT;
        reason = tooSlow.isEmpty() ? Reason.SMALLEST : Reason.NEXT_SMALLEST;
        subject = candidate;
        break;
      }
      tooSlow.add(candidate);
    }
    String s = subject;
    GuestBytes largest =
        guests.stream().max(Comparator.comparingLong(GuestBytes::flatBytes)).orElseThrow();
    GuestBytes busiest =
        guests.stream().max(Comparator.comparingDouble(GuestBytes::runsPerGiB)).orElseThrow();
    ReportAnalysis.Crossover crossover =
        breakEven.stream()
            .filter(c -> c.backend().equals(s))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no break-even for " + s));
    BreakEvenStatus status =
        crossover.how() == ReportAnalysis.How.NEVER
            ? BreakEvenStatus.NEVER
            : crossover.runsPerGiB() > busiest.runsPerGiB()
                ? BreakEvenStatus.ABOVE_EVERY_GUEST
                : BreakEvenStatus.GUEST_BEYOND;
    return new Recommendation(
        verdict,
        reason,
        subject,
        tooSlow,
        largest,
        guests.stream().mapToDouble(g -> g.ratio(s)).max().orElseThrow(),
        speedOf(speed, subject).splitMergeShareOfTrigger(),
        crossover,
        status,
        busiest);
  }

  private static double geometricMeanRatio(List<GuestBytes> guests, String backend) {
    return Math.exp(
        guests.stream().mapToDouble(g -> Math.log(g.ratio(backend))).average().orElse(0));
  }

  private static Speed speedOf(List<Speed> speed, String backend) {
    return speed.stream()
        .filter(s -> s.backend().equals(backend))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no speed for " + backend));
  }
}
