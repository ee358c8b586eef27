/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory census: builds one workload at one block size in one backend's store and measures its
 * retained heap with JOL's {@link GraphLayout} (the whole object graph the store owns).
 *
 * <p>A cell is skipped, with the reason recorded, when the backend cannot hold the page count
 * ({@link SharedStateStoreProvider#maxPageCount()}), when the workload does not apply at that size,
 * when the expected run count exceeds the caller's limit, or when {@link HeapEstimate} says the
 * store would not fit in the heap left.
 */
public final class Census {

  /**
   * Limits of a census run.
   *
   * @param maxRuns cells whose workload expects more shared runs are skipped (time budget)
   * @param maxJolRuns above this many runs, bytes come from {@code estimatedSizeInBytes()} instead
   *     of a JOL graph walk (JOL keeps a record per object, and a walk of 10^7 nodes needs more
   *     heap than the store itself); such rows are marked as estimates
   */
  public record Limits(long maxRuns, long maxJolRuns) {
    /**
     * {@code report --quick}'s limits: up to 2*10^6 runs, by JOL up to 10^5. A JOL walk costs about
     * a microsecond per object and a tree holds several objects per run, so above 10^5 runs the
     * stores' own estimates (within 10% of JOL by contract) are taken.
     */
    public static final Limits QUICK = new Limits(2_000_000, 100_000);
  }

  /**
   * One measured (or skipped) cell.
   *
   * @param workload workload name
   * @param regionSize block size in bytes
   * @param backend provider name
   * @param seed the seed the workload ran with
   * @param runs maximal shared runs in the final state
   * @param sharedPages shared pages in the final state
   * @param bytes retained heap bytes of the store
   * @param byJol whether {@code bytes} is a JOL measurement (else the store's own estimate)
   * @param estimatedBytes the store's {@code estimatedSizeInBytes()}
   * @param buildMillis time to apply the workload's conversions
   * @param skipped why the cell was not measured, or null
   */
  public record Row(
      String workload,
      long regionSize,
      String backend,
      long seed,
      long runs,
      long sharedPages,
      long bytes,
      boolean byJol,
      long estimatedBytes,
      double buildMillis,
      @Nullable String skipped) {

    /** Pages in the block. */
    public long pages() {
      return regionSize / Sizes.PAGE;
    }

    /** Whether this cell was measured. */
    public boolean measured() {
      return skipped == null;
    }

    /** Bytes per shared run, NaN without runs. */
    public double bytesPerRun() {
      return runs == 0 ? Double.NaN : (double) bytes / runs;
    }

    /** Bytes relative to the flat bitmap of the same block (pages/8 plus headers). */
    public double ratioToFlatBitmap() {
      return (double) bytes / FlatBitmapStore.sizeInBytes(pages());
    }

    /** Bits held relative to {@code log2(C(pages, 2 runs))}; NaN when the bound is 0. */
    public double ratioToBound() {
      double bound = InformationBound.bits(pages(), runs);
      return bound == 0 ? Double.NaN : 8.0 * bytes / bound;
    }
  }

  /** The full report's census block sizes, as {@code report --sizes} takes them. */
  public static final List<String> SIZES =
      List.of("1GiB", "64GiB", "1TiB", "4TiB", "16TiB", "64TiB");

  private Census() {}

  /** Measures {@code workload} at {@code regionSize} in backend {@code backend}. */
  public static Row measure(String backend, Workload workload, long regionSize, Limits limits) {
    long seed = workload.defaultSeed(regionSize);
    Optional<String> reason = skipReason(backend, workload, regionSize, limits);
    if (reason.isPresent()) {
      return skipped(workload, regionSize, backend, seed, reason.get());
    }
    return build(backend, workload, regionSize, limits.maxJolRuns());
  }

  /**
   * Builds {@code workload} at {@code regionSize} in a new store of backend {@code backend} with
   * the workload's default seed and measures it with JOL whatever its run count: the one cell,
   * without {@link #measure}'s limits, for a memory test that asserts a threshold over it.
   *
   * @throws IllegalArgumentException if the workload does not apply at {@code regionSize} or the
   *     backend cannot hold its pages
   * @throws IllegalStateException if the heap ran out while building (the row would hold no bytes)
   */
  public static Row row(String backend, Workload workload, long regionSize) {
    return measured(build(backend, workload, regionSize, Long.MAX_VALUE));
  }

  /**
   * As {@link #row(String, Workload, long)}, on a store the caller made (a fresh store of {@code
   * regionSize / 4096} pages of backend {@code backend}, for example with non-default limits), so
   * that the caller can inspect the store the row measured.
   *
   * @throws IllegalArgumentException if the workload does not apply at {@code regionSize} or the
   *     store's page count does not match it
   * @throws IllegalStateException if the heap ran out while building
   */
  public static Row row(
      String backend, SharedStateStore store, Workload workload, long regionSize) {
    return measured(fill(backend, store, workload, regionSize, Long.MAX_VALUE, System.nanoTime()));
  }

  /**
   * Retained heap bytes of the whole object graph reachable from {@code root}, by JOL: the one
   * measurement every census row and memory test uses.
   */
  public static long jolBytes(Object root) {
    return GraphLayout.parseInstance(root).totalSize();
  }

  private static Row measured(Row row) {
    if (!row.measured()) {
      throw new IllegalStateException(
          row.backend()
              + " "
              + row.workload()
              + " at "
              + Sizes.format(row.regionSize())
              + " was not measured: "
              + row.skipped());
    }
    return row;
  }

  /**
   * Builds and measures a cell without {@link #measure}'s checks of page count, run limit and heap
   * (and without their cost: a pilot store and a full collection per cell), for a caller that knows
   * the cell fits. Bytes are JOL's up to {@code maxJolRuns} runs, else the store's estimate.
   *
   * @throws IllegalArgumentException if the workload does not apply at {@code regionSize} or the
   *     backend cannot hold its pages
   */
  static Row build(String backend, Workload workload, long regionSize, long maxJolRuns) {
    long start = System.nanoTime();
    SharedStateStore store;
    try {
      store = SharedStateStores.create(backend, regionSize / Sizes.PAGE);
    } catch (OutOfMemoryError e) { // more than estimated (if at all); nothing was kept
      return skipped(
          workload,
          regionSize,
          backend,
          workload.defaultSeed(regionSize),
          "ran out of heap while building");
    }
    return fill(backend, store, workload, regionSize, maxJolRuns, start);
  }

  /**
   * Applies the workload to {@code store} and measures it; {@code start} is when building began.
   */
  private static Row fill(
      String backend,
      SharedStateStore store,
      Workload workload,
      long regionSize,
      long maxJolRuns,
      long start) {
    long seed = workload.defaultSeed(regionSize);
    try {
      workload.applyTo(store, regionSize, seed);
    } catch (OutOfMemoryError e) { // more than estimated (if at all); the partial store is garbage
      return skipped(workload, regionSize, backend, seed, "ran out of heap while building");
    }
    double buildMillis = (System.nanoTime() - start) / 1e6;
    long runs = store.sharedRunCount();
    long estimated = store.estimatedSizeInBytes();
    boolean byJol = runs <= maxJolRuns;
    long bytes = byJol ? jolBytes(store) : estimated;
    return new Row(
        workload.name(),
        regionSize,
        backend,
        seed,
        runs,
        store.sharedCount(),
        bytes,
        byJol,
        estimated,
        buildMillis,
        null);
  }

  private static Optional<String> skipReason(
      String backend, Workload workload, long regionSize, Limits limits) {
    long pages = regionSize / Sizes.PAGE;
    SharedStateStoreProvider provider = SharedStateStores.provider(backend);
    if (pages > provider.maxPageCount()) {
      return Optional.of(
          "backend holds at most "
              + provider.maxPageCount()
              + " pages ("
              + Sizes.format(provider.maxPageCount() * Sizes.PAGE)
              + ")");
    }
    Optional<String> unsupported = workload.unsupported(regionSize);
    if (unsupported.isPresent()) {
      return unsupported;
    }
    long runs = workload.expectedRuns(regionSize);
    if (runs > limits.maxRuns()) {
      return Optional.of(
          "about " + runs + " runs, over this report's limit of " + limits.maxRuns());
    }
    long needed;
    try {
      needed = HeapEstimate.bytes(backend, pages, runs);
    } catch (OutOfMemoryError e) {
      return Optional.of("even an empty store did not fit in the heap");
    }
    long available = HeapEstimate.available();
    if (needed > available) {
      return Optional.of(
          "needs about " + Sizes.human(needed) + ", heap left " + Sizes.human(available));
    }
    return Optional.empty();
  }

  private static Row skipped(
      Workload workload, long regionSize, String backend, long seed, String reason) {
    return new Row(workload.name(), regionSize, backend, seed, 0, 0, 0, false, 0, 0, reason);
  }
}
