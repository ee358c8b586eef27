/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.qemu;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.RamDiscardSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * QEMU 11's multi-source {@code RamDiscardManager}, written independently of ramattr's {@link
 * io.github.ramattr.MultiSourceDiscardManager} as the yardstick for its speed (and as an oracle for
 * its {@code QEMU} semantics in tests). It does what QEMU's {@code system/ram-discard-manager.c}
 * does, the same way:
 *
 * <ul>
 *   <li>The aggregate walk ({@link #replayByPopulatedState}) starts at the section's offset as
 *       given, steps by {@link #minGranularity()} (the last chunk may be short), asks every source
 *       but the skipped one, newest first, whether each chunk is populated (stopping at the first
 *       "no"), merges consecutive included chunks into runs, and hands each maximal run to a
 *       callback as a fresh section with address-space offset 0. With no sources it hands over the
 *       caller's section once (want populated) or nothing (want discarded).
 *   <li>The single-source walk ({@link #replaySourceByState}), used by add and remove, aligns the
 *       start down to that source's granularity, asks only that source about each whole granule,
 *       and clips each maximal run to the section.
 *   <li>Sources and listeners are inserted at the head: newest first in every fan-out, which is
 *       listener-major (all runs for one listener, then the next).
 *   <li>A refused populate rolls back forward: every listener from the head through the refusing
 *       one, inclusive, gets a discard for every run of the call in its section.
 *   <li>Register replays and keeps the listener on a refusal (logged); unregister sends one discard
 *       of the whole section; discard-all sends each listener one discard of its section.
 *   <li>{@code add_source}'s rollback is left out: QEMU's discard callbacks always return 0, so
 *       that path cannot run there either.
 * </ul>
 *
 * Cost, as QEMU's: every walk makes one loop iteration per {@code min_granularity} chunk and up to
 * one {@code isPopulated} call per source in each; a notification walks the whole range once per
 * listener. That is what the benchmark measures against.
 *
 * <p>Errors are QEMU's return codes: 0, {@link #EBUSY}, {@link #ENOENT}, or {@link #REFUSED} when a
 * listener's {@link RamDiscardListener#onPopulate} threw (QEMU returns the listener's errno; the
 * exception is kept in {@link #lastRefusal()}). What QEMU asserts (a source not added passed to a
 * {@code notify} method, a listener not registered) throws {@link IllegalArgumentException}. One
 * deviation, forced by ramattr's sources checking their arguments: a granule of the single-source
 * walk that sticks out past the region's end is clipped to it before the source is asked.
 *
 * <p>Not thread-safe: QEMU calls it under the big QEMU lock.
 */
public final class QemuMultiSourceManager {
  /** QEMU's {@code -EBUSY}: the source was already added. */
  public static final int EBUSY = -16;

  /** QEMU's {@code -ENOENT}: the source was not added. */
  public static final int ENOENT = -2;

  /** A listener refused a populate (QEMU would return that listener's negative errno). */
  public static final int REFUSED = -1;

  private static final System.Logger LOG = System.getLogger(QemuMultiSourceManager.class.getName());

  private final long regionSize;
  private final List<RamDiscardSource> sources = new ArrayList<>(); // index 0 = head = newest
  private final List<Registration> listeners = new ArrayList<>(); // index 0 = head = newest
  private long minGranularity;
  private Optional<RuntimeException> lastRefusal = Optional.empty();

  /** A listener and its private copy of the registered section ({@code rdl->section}). */
  private record Registration(RamDiscardListener listener, MemoryRegionSection section) {}

  /** QEMU's {@code ReplayRamDiscardState}: a run callback returning 0 or an error code. */
  @FunctionalInterface
  public interface RunCallback {
    /**
     * Called with one run.
     *
     * @param run the run
     * @return 0 to go on, anything else to stop the walk and return it
     */
    int apply(MemoryRegionSection run);
  }

  /**
   * A manager with no sources and no listeners (everything populated).
   *
   * @param regionSize the memory region's size in bytes, positive
   * @throws IllegalArgumentException if {@code regionSize} is not positive
   */
  public QemuMultiSourceManager(long regionSize) {
    if (regionSize <= 0) {
      throw new IllegalArgumentException("regionSize " + regionSize + " must be positive");
    }
    this.regionSize = regionSize;
  }

  /**
   * The smallest source granularity; 0 with no sources ({@code
   * ram_discard_manager_get_min_granularity}).
   *
   * @return bytes
   */
  public long minGranularity() {
    return minGranularity;
  }

  /**
   * The sources, newest first.
   *
   * @return a copy
   */
  public List<RamDiscardSource> sources() {
    return List.copyOf(sources);
  }

  /**
   * The exception of the last refused populate.
   *
   * @return it, if a listener has refused one
   */
  public Optional<RuntimeException> lastRefusal() {
    return lastRefusal;
  }

  // ---------------------------------------------------------------- queries (section 3.1, 3.3)

  /**
   * True iff every source says the section is populated, newest first, short-circuit; true with no
   * sources. One call per source, the section unchanged.
   *
   * @param section bytes within the region
   * @return the AND of the sources' answers
   */
  public boolean isPopulated(MemoryRegionSection section) {
    for (RamDiscardSource source : sources) {
      if (!source.isPopulated(section)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The runs where every source is populated, by the aggregate walk.
   *
   * @param section bytes within the region
   * @param callback called with each run (address-space offset 0)
   * @return 0, or the first non-zero callback result
   */
  public int replayPopulated(MemoryRegionSection section, RunCallback callback) {
    return replayByPopulatedState(section, null, true, callback);
  }

  /**
   * The runs where some source is discarded, by the aggregate walk.
   *
   * @param section bytes within the region
   * @param callback called with each run (address-space offset 0)
   * @return 0, or the first non-zero callback result
   */
  public int replayDiscarded(MemoryRegionSection section, RunCallback callback) {
    return replayByPopulatedState(section, null, false, callback);
  }

  // ---------------------------------------------------------------- listeners (3.4, 3.5, 3.11)

  /**
   * Inserts the listener at the head and replays the populated runs of its section to it; a refusal
   * stops the replay, is logged, and leaves the listener registered.
   *
   * @param listener the listener
   * @param section the bytes it follows
   */
  public void registerListener(RamDiscardListener listener, MemoryRegionSection section) {
    Objects.requireNonNull(listener, "listener");
    Registration registration = new Registration(listener, section);
    listeners.add(0, registration);
    int result =
        replayByPopulatedState(section, null, true, run -> populateClipped(registration, run));
    if (result != 0) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Replaying populated ranges failed: " + result + " for " + listener);
    }
  }

  /**
   * Sends the listener one discard of its whole section, whatever is populated, and removes it.
   *
   * @param listener a registered listener
   * @throws IllegalArgumentException if it is not registered (QEMU asserts)
   */
  public void unregisterListener(RamDiscardListener listener) {
    Registration registration = registration(listener);
    listener.onDiscard(registration.section());
    listeners.remove(registration);
  }

  /**
   * Re-sends the populated runs of each listener's section, newest listener first; the first
   * refusal stops everything, with no rollback.
   *
   * @return 0 or {@link #REFUSED}
   */
  public int replayPopulatedToListeners() {
    for (Registration registration : listeners) {
      int result =
          replayByPopulatedState(
              registration.section(), null, true, run -> populateClipped(registration, run));
      if (result != 0) {
        return result;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- source changes (3.6 - 3.8)

  /**
   * {@code source} populated {@code [offset, offset + size)}: each listener, newest first, gets a
   * populate per run where every other source is populated, clipped to its section. On a refusal by
   * listener L, every listener from the head through L gets a discard for every such run.
   *
   * @param source an added source
   * @param offset first byte
   * @param size bytes
   * @return 0 or {@link #REFUSED}
   * @throws IllegalArgumentException if {@code source} was not added (QEMU asserts)
   */
  public int notifyPopulate(RamDiscardSource source, long offset, long size) {
    requireAdded(source);
    MemoryRegionSection range = new MemoryRegionSection(offset, size, 0);
    for (int i = 0; i < listeners.size(); i++) {
      Registration registration = listeners.get(i);
      int result =
          replayByPopulatedState(range, source, true, run -> populateClipped(registration, run));
      if (result != 0) {
        for (int j = 0; j <= i; j++) {
          Registration undone = listeners.get(j);
          replayByPopulatedState(range, source, true, run -> discardClipped(undone, run));
        }
        return result;
      }
    }
    return 0;
  }

  /**
   * {@code source} discarded {@code [offset, offset + size)}: each listener, newest first, gets a
   * discard per run where every other source is populated, clipped to its section.
   *
   * @param source an added source
   * @param offset first byte
   * @param size bytes
   * @throws IllegalArgumentException if {@code source} was not added (QEMU asserts)
   */
  public void notifyDiscard(RamDiscardSource source, long offset, long size) {
    requireAdded(source);
    MemoryRegionSection range = new MemoryRegionSection(offset, size, 0);
    for (Registration registration : listeners) {
      replayByPopulatedState(range, source, true, run -> discardClipped(registration, run));
    }
  }

  /**
   * {@code source} discarded everything: each listener gets one discard of its whole section.
   *
   * @param source an added source
   * @throws IllegalArgumentException if {@code source} was not added (QEMU asserts)
   */
  public void notifyDiscardAll(RamDiscardSource source) {
    requireAdded(source);
    for (Registration registration : listeners) {
      registration.listener().onDiscard(registration.section());
    }
  }

  // ---------------------------------------------------------------- sources (3.9, 3.10, 3.2)

  /**
   * Adds a source at the head: each listener first gets a discard for each run where the new source
   * is discarded and the existing sources are populated.
   *
   * @param source the source
   * @return 0, or {@link #EBUSY} if it was already added
   */
  public int addSource(RamDiscardSource source) {
    Objects.requireNonNull(source, "source");
    if (sources.contains(source)) {
      return EBUSY;
    }
    for (Registration registration : listeners) {
      replayWhereOnlySourceDiscards(
          source, registration, null, run -> discardClipped(registration, run));
    }
    sources.add(0, source);
    updateGranularity();
    return 0;
  }

  /**
   * Removes a source: each listener first gets a populate for each run where the source is
   * discarded and every other source is populated. On a refusal by listener L, every listener from
   * the head through L gets discards for that whole would-be-populated set, and the source stays.
   *
   * @param source the source
   * @return 0, {@link #ENOENT} if it was not added, or {@link #REFUSED}
   */
  public int removeSource(RamDiscardSource source) {
    Objects.requireNonNull(source, "source");
    if (!sources.contains(source)) {
      return ENOENT;
    }
    for (int i = 0; i < listeners.size(); i++) {
      Registration registration = listeners.get(i);
      int result =
          replayWhereOnlySourceDiscards(
              source, registration, source, run -> populateClipped(registration, run));
      if (result != 0) {
        for (int j = 0; j <= i; j++) {
          Registration undone = listeners.get(j);
          replayWhereOnlySourceDiscards(source, undone, source, run -> discardClipped(undone, run));
        }
        return result;
      }
    }
    sources.remove(source);
    updateGranularity();
    return 0;
  }

  /**
   * The runs of {@code registration}'s section where {@code source} is discarded and the sources
   * other than {@code skip} are populated, as QEMU's add and remove find them: {@code source}'s
   * discarded runs, each walked by populated state.
   */
  private int replayWhereOnlySourceDiscards(
      RamDiscardSource source,
      Registration registration,
      @Nullable RamDiscardSource skip,
      RunCallback callback) {
    return replaySourceByState(
        source,
        registration.section(),
        false,
        discarded -> replayByPopulatedState(discarded, skip, true, callback));
  }

  private void updateGranularity() {
    long min = 0;
    for (RamDiscardSource source : sources) {
      long granularity = source.minGranularity();
      if (granularity <= 0) {
        throw new IllegalStateException("source " + source + " has granularity " + granularity);
      }
      min = min == 0 ? granularity : Math.min(min, granularity);
    }
    minGranularity = min;
  }

  // ---------------------------------------------------------------- the two walks (2.1, 2.2)

  /**
   * QEMU's {@code replay_by_populated_state}: one iteration per {@code min_granularity} chunk from
   * the section's offset as given, each asking every source but {@code skip} (newest first, stop at
   * the first "no"); maximal runs of chunks whose answer is {@code wantPopulated} go to {@code
   * callback} as fresh sections with address-space offset 0.
   */
  int replayByPopulatedState(
      MemoryRegionSection section,
      @Nullable RamDiscardSource skip,
      boolean wantPopulated,
      RunCallback callback) {
    if (sources.isEmpty()) {
      return wantPopulated ? callback.apply(section) : 0;
    }
    long granularity = minGranularity;
    long position = section.offsetWithinRegion();
    long end = position + section.size();
    long runStart = -1;
    while (position < end) {
      long chunk = Math.min(granularity, end - position);
      boolean included = allPopulatedSkipping(skip, position, chunk) == wantPopulated;
      if (included && runStart < 0) {
        runStart = position;
      } else if (!included && runStart >= 0) {
        int result = callback.apply(new MemoryRegionSection(runStart, position - runStart, 0));
        if (result != 0) {
          return result;
        }
        runStart = -1;
      }
      position += chunk;
    }
    return runStart >= 0 ? callback.apply(new MemoryRegionSection(runStart, end - runStart, 0)) : 0;
  }

  /** QEMU's {@code rdm_is_all_populated_skip} on one chunk. */
  private boolean allPopulatedSkipping(@Nullable RamDiscardSource skip, long offset, long size) {
    MemoryRegionSection chunk = MemoryRegionSection.of(offset, size);
    for (RamDiscardSource source : sources) {
      if (source != skip && !source.isPopulated(chunk)) {
        return false;
      }
    }
    return true;
  }

  /**
   * QEMU's {@code replay_source_by_state}: the start aligned down to {@code source}'s granularity,
   * one whole granule per iteration asking only {@code source}; maximal runs whose answer is {@code
   * wantPopulated}, clipped to the section (empty clips skipped), go to {@code callback}.
   */
  int replaySourceByState(
      RamDiscardSource source,
      MemoryRegionSection section,
      boolean wantPopulated,
      RunCallback callback) {
    long granularity = source.minGranularity();
    long end = section.offsetWithinRegion() + section.size();
    long position = section.offsetWithinRegion() - section.offsetWithinRegion() % granularity;
    long runStart = -1;
    while (position < end) {
      long granuleEnd = Math.min(position + granularity, regionSize); // see the class Javadoc
      boolean included =
          source.isPopulated(MemoryRegionSection.of(position, granuleEnd - position))
              == wantPopulated;
      if (included && runStart < 0) {
        runStart = position;
      } else if (!included && runStart >= 0) {
        int result = clipAndCall(section, runStart, position, callback);
        if (result != 0) {
          return result;
        }
        runStart = -1;
      }
      position = granuleEnd;
    }
    return runStart >= 0 ? clipAndCall(section, runStart, position, callback) : 0;
  }

  private static int clipAndCall(
      MemoryRegionSection section, long from, long to, RunCallback callback) {
    Optional<MemoryRegionSection> clipped = section.intersect(from, to - from);
    return clipped.isPresent() ? callback.apply(clipped.get()) : 0;
  }

  // ---------------------------------------------------------------- per-listener adapters (2.3)

  /** QEMU's {@code rdl_populate_cb}: clip the listener's section to the run and populate it. */
  private int populateClipped(Registration registration, MemoryRegionSection run) {
    Optional<MemoryRegionSection> clipped =
        registration.section().intersect(run.offsetWithinRegion(), run.size());
    if (clipped.isEmpty()) {
      return 0;
    }
    try {
      registration.listener().onPopulate(clipped.get());
      return 0;
    } catch (RuntimeException refusal) {
      lastRefusal = Optional.of(refusal);
      return REFUSED;
    }
  }

  /** QEMU's {@code rdl_discard_cb}: clip and discard; always 0. */
  private static int discardClipped(Registration registration, MemoryRegionSection run) {
    registration
        .section()
        .intersect(run.offsetWithinRegion(), run.size())
        .ifPresent(registration.listener()::onDiscard);
    return 0;
  }

  private Registration registration(RamDiscardListener listener) {
    for (Registration registration : listeners) {
      if (registration.listener() == listener) {
        return registration;
      }
    }
    throw new IllegalArgumentException("listener " + listener + " is not registered");
  }

  private void requireAdded(RamDiscardSource source) {
    if (!sources.contains(source)) {
      throw new IllegalArgumentException("source " + source + " was not added");
    }
  }
}
