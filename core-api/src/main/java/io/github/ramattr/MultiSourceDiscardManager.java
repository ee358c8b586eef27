/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import io.github.ramattr.DiscardListeners.PopulateJournal;
import io.github.ramattr.DiscardListeners.Registration;
import io.github.ramattr.spi.Runs;
import io.github.ramattr.spi.StoppableRunVisitor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One memory region's RamDiscardManager over several {@linkplain RamDiscardSource sources}, as in
 * QEMU 11: a byte is populated only where <b>every</b> source says so (guest_memfd's shared pages
 * AND virtio-mem's plugged blocks, say), and listeners such as VFIO follow that combined state.
 *
 * <pre>{@code
 * MultiSourceDiscardManager m = new MultiSourceDiscardManager(16L << 30, ConversionSemantics.ATOMIC);
 * RamBlockAttribute memfd = RamBlockAttribute.builder().manager(m).build();      // 4 KiB blocks
 * RamBlockAttribute plugged =
 *     RamBlockAttribute.builder().blockSize(2 << 20).manager(m).build();        // 2 MiB blocks
 * m.registerListener(vfio, MemoryRegionSection.of(0, 16L << 30));
 * plugged.convert(0, 64 << 20, PageState.SHARED);  // nothing to tell: memfd is still private
 * memfd.convert(0, 8 << 20, PageState.SHARED);     // vfio.onPopulate([0, 8 MiB))
 * }</pre>
 *
 * <h2>Sources</h2>
 *
 * A source reports its own changes with {@link #notifyPopulate}, {@link #notifyDiscard} and {@link
 * #notifyDiscardAll}, in bytes within the region; a {@link RamBlockAttribute} added as a source
 * does so by itself from {@link RamBlockAttribute#convert}, after writing its store. The manager
 * evaluates the <i>other</i> sources, never the caller, so a source may report before it updates
 * its own state (virtio-mem does) or after (guest_memfd does): a populate reaches the listeners
 * only where every other source is populated, and so does a discard. {@link #addSource} tells the
 * listeners what becomes discarded, {@link #removeSource} what becomes populated. With no sources
 * everything is populated and {@link #minGranularity()} is 0; otherwise it is the smallest source
 * granularity. The manager reads its sources only through {@link RamDiscardSource#isPopulated} and
 * the run walks {@link RamDiscardSource#nextPopulated}/{@link RamDiscardSource#nextDiscarded}; it
 * keeps no copy of their state (its own memory is O(sources + listeners)).
 *
 * <h2>Cost</h2>
 *
 * Each call walks the runs of the combined state by intersecting the sources' run walks: from a
 * position, each source is asked where its next populated (or discarded) byte is, until all agree,
 * then where the first of them changes. The work is O(runs of the sources in the range x sources +
 * notifications delivered), for a {@link RamBlockAttribute} source O(log runs) per question. QEMU
 * 11 instead probes every {@code min_granularity} chunk of the range: 262,144 probes for a 1 GiB
 * conversion at 4 KiB, per listener. A third-party source that implements only {@code isPopulated}
 * is probed block by block, as in QEMU.
 *
 * <h2>Semantics</h2>
 *
 * <b>{@link ConversionSemantics#QEMU QEMU}</b> reproduces QEMU 11's {@code
 * system/ram-discard-manager.c}, to the notification:
 *
 * <ul>
 *   <li>fan-outs are listener-major: the newest listener gets all its runs, ascending, then the
 *       next one;
 *   <li>a refused populate ({@code notifyPopulate}, a conversion of an attached attribute, {@code
 *       removeSource}) is rolled back <i>forward</i>: every listener from the newest up to and
 *       including the refusing one gets a discard of every run of the call in its section, seen or
 *       not; older listeners get nothing; the source's own state is left as the source left it (an
 *       attached attribute keeps its store written, as QEMU's RamBlockAttributes keeps its bitmap),
 *       and a refused removal keeps the source;
 *   <li>{@link #notifyDiscardAll} sends every listener one discard of its whole section;
 *   <li>{@link #unregisterListener} sends one discard of the whole section, and {@link
 *       RamDiscardListener#doubleDiscardSupported()} is ignored (QEMU 11 removed it);
 *   <li>a refused register replay is logged through {@link System.Logger} and the listener stays
 *       registered, partly populated; {@link #replayPopulatedToListeners} stops at the first
 *       refusal with no rollback;
 *   <li>{@link #replayPopulated} with no sources visits the caller's section once, even if empty.
 * </ul>
 *
 * <b>{@link ConversionSemantics#ATOMIC ATOMIC}</b> keeps ramattr's stricter contract: fan-outs are
 * run-major (one notification per maximal changed run, newest listener first, as the facade does);
 * a refused populate of any kind leaves every listener's net mapping as before the call, by
 * discards in exact reverse order of the populates (plus the refused section to the refusing
 * listener when it supports double discard), and an attached {@link RamBlockAttribute}'s store as
 * before too; a refused {@code removeSource} keeps the source; a refused register replay is undone
 * and throws; {@code unregisterListener} honours {@code doubleDiscardSupported()} as the facade
 * does; {@link #notifyDiscardAll} discards exactly the combined populated runs.
 *
 * <h2>Deviations from QEMU 11, on purpose, in both modes</h2>
 *
 * <ul>
 *   <li>Runs are exact runs of blocks. QEMU's aggregate walk steps by {@code min_granularity} from
 *       the section's start, unaligned, so a chunk can straddle two blocks and a source may answer
 *       for the wrong one (QEMU's RamBlockAttributes checks only the first block of a chunk, and
 *       answers "populated" for a short chunk). ramattr's walks align to each source's blocks.
 *   <li>Sections handed to {@link #replayPopulated}/{@link #replayDiscarded} visitors keep the
 *       caller's address-space offset (clipped like every other section), as QEMU 10.1 did. QEMU 11
 *       builds them with offset 0, which misplaces guest-physical ranges of direct replay users.
 *   <li>Bad input is an exception, not an assertion or a silent write: a source added twice, a
 *       source not added, a range outside the region or not aligned to the calling source's block
 *       size, and null throw {@link IllegalArgumentException} or {@link NullPointerException}
 *       naming the values, with nothing changed and nobody notified (QEMU asserts, or does not
 *       check ranges at all).
 *   <li>Listeners never receive an empty section: a listener registered with an empty section gets
 *       no discard from {@code notifyDiscardAll} or {@code unregisterListener}.
 *   <li>Errors are exceptions: QEMU's {@code -EBUSY}/{@code -ENOENT} are {@link
 *       IllegalArgumentException}, a listener's error is {@link ConversionRejectedException} naming
 *       the refused section and listener.
 * </ul>
 *
 * <h2>When something throws</h2>
 *
 * Rollbacks and discard fan-outs run to their end: a refused populate's undo (both modes) sends
 * every discard even if a listener's {@code onDiscard} throws an {@link Error}, and so does every
 * discard fan-out; a populate fan-out that throws (a faulty source's run walk) is undone as a
 * refusal is. The first failure propagates unchanged, later ones suppressed. A conversion of an
 * attached {@link RamBlockAttribute} whose store write throws is handled by the attribute (see its
 * class description); the manager then tells its listeners what the attribute reports.
 *
 * <h2>Threads and lock order</h2>
 *
 * The manager is thread-safe. Every change (a source's report, add/remove, register/unregister, a
 * replay to listeners) runs under the manager's write lock, and queries under its read lock, so a
 * query never sees half of a change. <b>The manager's lock is always taken before an attached
 * attribute's lock</b>: a conversion of an attached {@link RamBlockAttribute} takes the manager's
 * write lock first, then its own, and holds both while it writes its store and the manager fans
 * out; the manager reads its sources (taking their read locks briefly) only while it holds its own
 * lock. The order cannot invert, because no thread waits for the manager's lock while it holds an
 * attached attribute's lock:
 *
 * <ul>
 *   <li>every writer of an attached attribute (its conversions, even its refused {@code
 *       registerListener}/{@code unregisterListener} calls) takes the manager's lock before the
 *       attribute's, and {@link #removeSource} takes only the manager's; so while a thread holds
 *       the manager's lock, no other thread holds or waits for an attached attribute's write lock,
 *       and its reads of the sources never wait;
 *   <li>a call into the manager from inside a query or replay of an attached attribute (which holds
 *       the attribute's read lock) is refused with {@link IllegalStateException};
 *   <li>{@link #addSource} of an attribute takes the manager's write lock, then the attribute's. It
 *       must not take them the other way round: a conversion of the attribute that found it
 *       attached just before a {@link #removeSource} holds the manager's lock and waits for the
 *       attribute's, and would wait forever for an {@code addSource} that held the attribute's and
 *       waited for the manager's.
 * </ul>
 *
 * Listener callbacks run on the changing thread under the manager's write lock; from inside one, a
 * listener may query the manager and its sources (it sees the new state), but a change of the
 * manager or of an attached attribute throws {@link IllegalStateException}. A source's {@code
 * isPopulated} and run walks are called under the manager's lock and must not call the manager.
 */
public final class MultiSourceDiscardManager implements RamDiscardManager {
  private static final System.Logger LOG =
      System.getLogger(MultiSourceDiscardManager.class.getName());
  private static final RamDiscardSource[] NO_SOURCES = {};

  private final long regionSize;
  private final ConversionSemantics semantics;
  private final DiscardListeners listeners = new DiscardListeners();

  /** Newest first, as QEMU's head-inserted list; replaced (never mutated) on add and remove. */
  private volatile RamDiscardSource[] sources = NO_SOURCES;

  /** The smallest source granularity, 0 with no sources; recomputed on add and remove. */
  private volatile long minGranularity;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Lock readLock = lock.readLock();
  private final Lock writeLock = lock.writeLock();

  /**
   * A manager with no sources (everything populated) and no listeners.
   *
   * @param regionSize the size of the memory region in bytes, positive
   * @param semantics how changes are notified and refusals rolled back; an attached {@link
   *     RamBlockAttribute} must have the same
   * @throws IllegalArgumentException if {@code regionSize} is not positive
   * @throws NullPointerException if {@code semantics} is null
   */
  public MultiSourceDiscardManager(long regionSize, ConversionSemantics semantics) {
    FacadeChecks.checkRegionSize(regionSize);
    this.regionSize = regionSize;
    this.semantics = Objects.requireNonNull(semantics, "semantics");
  }

  /**
   * The size of the memory region in bytes.
   *
   * @return the region size, positive
   */
  public long regionSize() {
    return regionSize;
  }

  /**
   * How changes are notified and refusals rolled back, fixed at construction.
   *
   * @return the semantics
   */
  public ConversionSemantics semantics() {
    return semantics;
  }

  // ---------------------------------------------------------------- sources

  /**
   * The sources, newest first.
   *
   * @return an unmodifiable snapshot of the sources
   */
  public List<RamDiscardSource> sources() {
    return List.of(sources);
  }

  /**
   * Adds {@code source}, first telling each listener, within its section, what becomes discarded:
   * where {@code source} is discarded and every existing source populated. Discards cannot fail. A
   * {@link RamBlockAttribute} is attached: from now on its conversions are reported here, and
   * {@link RamBlockAttribute#manager()} names this manager.
   *
   * @param source the source to add; a {@link RamBlockAttribute} must have no listeners of its own,
   *     this manager's region size and semantics, and not be a source of another manager
   * @throws IllegalArgumentException if {@code source} was already added, its granularity is not a
   *     positive power of two, or an attribute does not fit as said above; nothing changes then
   * @throws IllegalStateException if called from inside a listener callback of this manager, or a
   *     query or replay of one of its sources
   * @throws NullPointerException if {@code source} is null
   */
  public void addSource(RamDiscardSource source) {
    Objects.requireNonNull(source, "source");
    checkGranularity(source);
    lockForWrite("addSource");
    try {
      if (source instanceof RamBlockAttribute attribute) {
        attribute.attach(this, () -> addLocked(source, attribute));
      } else {
        addLocked(source, null);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Adds {@code source}, under the manager's write lock (and an attribute's, if it is one). */
  private void addLocked(RamDiscardSource source, @Nullable RamBlockAttribute attribute) {
    if (indexOf(source) >= 0) {
      throw new IllegalArgumentException(source + " is already a source of " + this);
    }
    RamDiscardSource[] old = sources;
    RamDiscardSource[] grown = new RamDiscardSource[old.length + 1];
    grown[0] = source;
    System.arraycopy(old, 0, grown, 1, old.length);
    // Added before the listeners are told, so that their queries see the new state; the walk
    // names the old sources explicitly. Discards cannot be refused.
    setSources(grown);
    if (attribute != null) {
      attribute.attached(this);
    }
    discard(new Walk(old, null, source, 0, regionSize));
  }

  /**
   * Removes {@code source}, first telling each listener, within its section, what becomes
   * populated: where {@code source} was discarded and every other source is populated. A {@link
   * RamBlockAttribute} is detached: a standalone attribute with no listeners, keeping its state.
   *
   * @param source a source of this manager
   * @throws ConversionRejectedException if a listener refused a populate; {@code source} then
   *     stays. In {@code ATOMIC} mode every listener's net mapping is as before; in {@code QEMU}
   *     mode every listener up to and including the refusing one got discards for the whole
   *     would-be-populated set in its section
   * @throws IllegalArgumentException if {@code source} is not a source of this manager
   * @throws IllegalStateException if called from inside a listener callback of this manager, or a
   *     query or replay of one of its sources
   * @throws NullPointerException if {@code source} is null
   */
  public void removeSource(RamDiscardSource source) {
    Objects.requireNonNull(source, "source");
    lockForWrite("removeSource");
    try {
      int index = checkAdded(source, "removeSource");
      RamDiscardSource[] old = sources;
      RamDiscardSource[] shrunk = Arrays.copyOf(old, old.length - 1);
      System.arraycopy(old, index + 1, shrunk, index, old.length - index - 1);
      // Removed before the listeners are told (so that their queries see the new state) and put
      // back before any rollback; the walk names the old sources explicitly.
      setSources(shrunk);
      PopulateJournal journal = newJournal();
      populateOrThrow(
          journal,
          () ->
              populate(
                  new Walk(old, source, source, 0, regionSize), journal, () -> setSources(old)),
          () -> setSources(old),
          "removeSource(" + source + ")");
      if (source instanceof RamBlockAttribute attribute) {
        attribute.detached();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * {@code source} reports that it populated (or is about to populate) {@code [offset, offset +
   * size)}. Each listener is told, within its section, where every <i>other</i> source is populated
   * too.
   *
   * @param source the reporting source, one of this manager's
   * @param offset first byte, a multiple of the source's granularity
   * @param size bytes, a positive multiple of the source's granularity, ending within the region
   * @throws ConversionRejectedException if a listener refused; see the class description for the
   *     rollback of each mode
   * @throws IllegalArgumentException if {@code source} is not a source of this manager, or the
   *     range is negative, empty, unaligned to the source's granularity or outside the region; the
   *     message names the values
   * @throws IllegalStateException if called from inside a listener callback of this manager, or a
   *     query or replay of one of its sources
   * @throws NullPointerException if {@code source} is null
   */
  public void notifyPopulate(RamDiscardSource source, long offset, long size) {
    Objects.requireNonNull(source, "source");
    checkReportedRange("notifyPopulate", source, offset, size);
    lockForWrite("notifyPopulate");
    try {
      checkAdded(source, "notifyPopulate");
      Walk walk = new Walk(sources, source, null, offset, offset + size);
      PopulateJournal journal = newJournal();
      populateOrThrow(
          journal,
          () -> populate(walk, journal),
          () -> {},
          "notifyPopulate(" + source + ", offset " + offset + ", size " + size + ")");
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * {@code source} reports that it discarded {@code [offset, offset + size)}. Each listener is
   * told, within its section, where every <i>other</i> source is populated (elsewhere the combined
   * state was discarded already). Cannot fail.
   *
   * @param source the reporting source, one of this manager's
   * @param offset first byte, a multiple of the source's granularity
   * @param size bytes, a positive multiple of the source's granularity, ending within the region
   * @throws IllegalArgumentException as {@link #notifyPopulate}
   * @throws IllegalStateException as {@link #notifyPopulate}
   * @throws NullPointerException if {@code source} is null
   */
  public void notifyDiscard(RamDiscardSource source, long offset, long size) {
    Objects.requireNonNull(source, "source");
    checkReportedRange("notifyDiscard", source, offset, size);
    lockForWrite("notifyDiscard");
    try {
      checkAdded(source, "notifyDiscard");
      discard(new Walk(sources, source, null, offset, offset + size));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * {@code source} is about to discard everything (virtio-mem's unplug-all, which reports before it
   * clears its bitmap). {@code QEMU}: every listener gets one discard of its whole section,
   * whatever the sources hold. {@code ATOMIC}: each listener is told exactly what the combined
   * state loses, the combined populated runs in its section. Since this report names no range, it
   * is the one report for which the manager consults the caller's own state: call it <b>before</b>
   * clearing that state. A source that has cleared its state already should report the runs it had
   * populated with {@link #notifyDiscard} instead.
   *
   * @param source the reporting source, one of this manager's
   * @throws IllegalArgumentException if {@code source} is not a source of this manager
   * @throws IllegalStateException as {@link #notifyPopulate}
   * @throws NullPointerException if {@code source} is null
   */
  public void notifyDiscardAll(RamDiscardSource source) {
    Objects.requireNonNull(source, "source");
    lockForWrite("notifyDiscardAll");
    try {
      checkAdded(source, "notifyDiscardAll");
      if (semantics == ConversionSemantics.QEMU) {
        Failures failures = new Failures();
        for (Registration registration : listeners.newestFirst()) {
          if (registration.section().size() > 0) {
            failures.run(
                () ->
                    DiscardListeners.discardQuietly(
                        registration.listener(), registration.section()));
          }
        }
        failures.throwIfAny();
      } else {
        // No range is named, so the range is what the caller still has: see the Javadoc.
        discard(new Walk(sources, null, null, 0, regionSize));
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Sends every listener, newest first, the populated runs of the combined state in its section
   * again: QEMU's re-send after migration, once a source's state is restored.
   *
   * @throws ConversionRejectedException if a listener refused: in {@code QEMU} mode the listeners
   *     before it were replayed fully, it partly, later ones not at all, and nothing is undone; in
   *     {@code ATOMIC} mode every populate of this call is undone in reverse order
   * @throws IllegalStateException as {@link #notifyPopulate}
   */
  public void replayPopulatedToListeners() {
    lockForWrite("replayPopulatedToListeners");
    try {
      PopulateJournal journal = newJournal();
      populateOrThrow(
          journal,
          () -> {
            for (Registration registration : listeners.newestFirst()) {
              if (!DiscardListeners.replayTo(
                  registration.listener(),
                  registration.section(),
                  this::forEachPopulatedRun,
                  journal)) {
                return false;
              }
            }
            return true;
          },
          () -> {},
          "replayPopulatedToListeners()");
    } finally {
      writeLock.unlock();
    }
  }

  // ---------------------------------------------------------------- for attached attributes

  /**
   * Takes the write lock for a conversion of an attached attribute, before the attribute takes its
   * own.
   */
  void lockForSourceChange(String method) {
    lockForWrite(method);
  }

  void unlockSourceChange() {
    writeLock.unlock();
  }

  /**
   * An attached attribute populated {@code [offset, offset + size)} (its store already written),
   * under both locks. Records into {@code journal}; on a refusal, {@code QEMU} mode has rolled back
   * forward already, while {@code ATOMIC} leaves the undo to the attribute, which restores its
   * store first.
   *
   * @return false if a listener refused
   */
  boolean sourcePopulated(
      RamDiscardSource source, long offset, long size, PopulateJournal journal) {
    if (onlySourceAtomic(source)) {
      return listeners.populate(offset, size, journal); // its change is the combined change
    }
    return populate(new Walk(sources, source, null, offset, offset + size), journal);
  }

  /** An attached attribute discarded {@code [offset, offset + size)}, under both locks. */
  void sourceDiscarded(RamDiscardSource source, long offset, long size) {
    if (onlySourceAtomic(source)) {
      listeners.discard(offset, size);
      return;
    }
    discard(new Walk(sources, source, null, offset, offset + size));
  }

  /**
   * Whether {@code source} is the only source and the mode is {@code ATOMIC}: then its change is
   * one run of the combined state, told to the listeners as the standalone facade tells its own,
   * without a walk (what the walk would produce: one run, the same fan-out). {@code QEMU} mode
   * keeps the walk for its listener-major order and forward rollback.
   */
  private boolean onlySourceAtomic(RamDiscardSource source) {
    return semantics == ConversionSemantics.ATOMIC && sources.length == 1 && sources[0] == source;
  }

  // ---------------------------------------------------------------- RamDiscardManager

  /**
   * The smallest granularity of the sources, as QEMU: 0 while there are no sources.
   *
   * @return bytes, a power of two, or 0 with no sources
   */
  @Override
  public long minGranularity() {
    return minGranularity;
  }

  /**
   * Whether every source says the whole section is populated (each aligns it to its own blocks).
   * With no sources, true.
   */
  @Override
  public boolean isPopulated(MemoryRegionSection section) {
    Objects.requireNonNull(section, "section");
    FacadeChecks.checkSection(section, regionSize);
    lockForRead("isPopulated");
    try {
      for (RamDiscardSource source : sources) {
        if (!source.isPopulated(section)) {
          return false;
        }
      }
      return true;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Visits the maximal runs where every source is populated, clipped to {@code section}. With no
   * sources the whole section is one run (in {@code QEMU} mode, visited even when empty, as QEMU
   * does).
   */
  @Override
  public void replayPopulated(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor) {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(visitor, "visitor");
    FacadeChecks.checkSection(section, regionSize);
    lockForRead("replayPopulated");
    try {
      if (section.size() == 0 && sources.length == 0 && semantics == ConversionSemantics.QEMU) {
        visitor.accept(section);
      } else {
        forEachPopulatedRun(
            section,
            run -> {
              visitor.accept(run);
              return true;
            });
      }
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Visits the maximal runs where some source is discarded, clipped to {@code section}. With no
   * sources, nothing.
   */
  @Override
  public void replayDiscarded(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor) {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(visitor, "visitor");
    FacadeChecks.checkSection(section, regionSize);
    lockForRead("replayDiscarded");
    try {
      RamDiscardSource[] all = sources;
      if (all.length == 0 || section.size() == 0) {
        return;
      }
      long start = section.offsetWithinRegion();
      long end = start + section.size();
      Runs.forEachGap(
          start,
          end,
          populated ->
              new Walk(all, null, null, start, end)
                  .forEachRun(
                      (runStart, runEnd) -> {
                        populated.visit(runStart, runEnd);
                        return true;
                      }),
          (gapStart, gapEnd) -> visitor.accept(clip(section, gapStart, gapEnd)));
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Registers {@code listener} at the head (it is told first from now on) and replays the populated
   * runs of its section to it. {@code ATOMIC}: a refusal is undone and thrown, and the listener is
   * not registered. {@code QEMU}: a refusal is logged, and the listener stays registered with what
   * it accepted.
   *
   * @throws ConversionRejectedException in {@code ATOMIC} mode, if the listener refused the replay
   * @throws IllegalStateException as {@link #notifyPopulate}
   */
  @Override
  public void registerListener(RamDiscardListener listener, MemoryRegionSection section) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(section, "section");
    FacadeChecks.checkSection(section, regionSize);
    lockForWrite("registerListener");
    try {
      if (listeners.contains(listener)) {
        throw new IllegalArgumentException("listener " + listener + " is already registered");
      }
      if (semantics == ConversionSemantics.ATOMIC) {
        listeners.registerUndoable(listener, section, this::forEachPopulatedRun);
        return;
      }
      listeners.addFirst(listener, section);
      PopulateJournal journal = PopulateJournal.refusalOnly();
      if (!DiscardListeners.replayTo(listener, section, this::forEachPopulatedRun, journal)) {
        RuntimeException rejection =
            journal.rejection("registerListener(" + listener + ", " + section + ")");
        LOG.log(
            System.Logger.Level.ERROR,
            "Replaying populated ranges failed; the listener stays registered (QEMU 11)",
            rejection);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Unregisters {@code listener} after discarding its section: one discard of the whole section
   * ({@code QEMU} always; {@code ATOMIC} when it supports double discard), else one per populated
   * run in it.
   *
   * @throws IllegalStateException as {@link #notifyPopulate}
   */
  @Override
  public void unregisterListener(RamDiscardListener listener) {
    Objects.requireNonNull(listener, "listener");
    lockForWrite("unregisterListener");
    try {
      boolean wholeSection =
          semantics == ConversionSemantics.QEMU || listener.doubleDiscardSupported();
      listeners.unregister(listener, wholeSection, this::forEachPopulatedRun);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "MultiSourceDiscardManager{regionSize="
        + regionSize
        + ", semantics="
        + semantics
        + ", sources="
        + sources.length
        + ", listeners="
        + listeners.newestFirst().length
        + '}';
  }

  // ---------------------------------------------------------------- fan-out

  /**
   * Tells the listeners that the runs of {@code walk} became populated, in the mode's order. On a
   * refusal, {@code QEMU} rolls back forward at once: every listener from the newest through the
   * refusing one gets a discard of every run of the walk in its section; {@code ATOMIC} leaves the
   * undo to the caller, through {@code journal}.
   *
   * @return false if a listener refused
   */
  private boolean populate(Walk walk, PopulateJournal journal) {
    return populate(walk, journal, () -> {});
  }

  /**
   * {@link #populate(Walk, PopulateJournal)}, running {@code beforeRollback} before {@code QEMU}
   * mode's rollback, so that a caller that changed the state first can put it back before the
   * listeners are told.
   */
  private boolean populate(Walk walk, PopulateJournal journal, Runnable beforeRollback) {
    if (semantics == ConversionSemantics.ATOMIC) {
      return walk.forEachRun((start, end) -> listeners.populate(start, end - start, journal));
    }
    Registration[] newestFirst = listeners.newestFirst();
    for (int i = 0; i < newestFirst.length; i++) {
      Registration registration = newestFirst[i];
      boolean accepted =
          walk.forEachRunIn(
              registration.section(),
              run -> DiscardListeners.populate(registration.listener(), run, journal));
      if (!accepted) {
        beforeRollback.run();
        for (int j = 0; j <= i; j++) {
          Registration told = newestFirst[j];
          journal.cleanUp(() -> discardRuns(walk, told));
        }
        return false;
      }
    }
    return true;
  }

  /**
   * Runs {@code fanOut}, a populating fan-out recorded in {@code journal}. If a listener refuses,
   * or anything is thrown, then {@code restore} puts back what the caller changed first, {@code
   * ATOMIC} mode undoes the populates, and the rejection (or what was thrown) is thrown, with any
   * failure of that clean-up suppressed. Every clean-up step runs even if one throws.
   */
  private void populateOrThrow(
      PopulateJournal journal, BooleanSupplier fanOut, Runnable restore, String what) {
    boolean accepted;
    try {
      accepted = fanOut.getAsBoolean();
    } catch (Throwable failure) { // an Error too: the listeners must not keep what they got
      cleanUpRefused(journal, restore);
      throw journal.failure(failure);
    }
    if (!accepted) {
      cleanUpRefused(journal, restore);
      throw journal.rejection(what);
    }
  }

  private void cleanUpRefused(PopulateJournal journal, Runnable restore) {
    journal.cleanUp(restore);
    if (semantics == ConversionSemantics.ATOMIC) {
      journal.undo();
    }
  }

  /**
   * Tells the listeners that the runs of {@code walk} became discarded, in the mode's order. Every
   * listener is told every run even if one throws an {@link Error}; the first is thrown at the end.
   */
  private void discard(Walk walk) {
    Failures failures = new Failures();
    if (semantics == ConversionSemantics.ATOMIC) {
      walk.forEachRun(
          (start, end) -> {
            failures.run(() -> listeners.discard(start, end - start));
            return true;
          });
    } else {
      for (Registration registration : listeners.newestFirst()) {
        failures.run(() -> discardRuns(walk, registration));
      }
    }
    failures.throwIfAny();
  }

  /**
   * Discards every run of {@code walk} in one listener's section, all of them even if one throws.
   */
  private static void discardRuns(Walk walk, Registration registration) {
    Failures failures = new Failures();
    walk.forEachRunIn(
        registration.section(),
        run -> {
          failures.run(() -> DiscardListeners.discardQuietly(registration.listener(), run));
          return true;
        });
    failures.throwIfAny();
  }

  private PopulateJournal newJournal() {
    return semantics == ConversionSemantics.ATOMIC
        ? PopulateJournal.undoable()
        : PopulateJournal.refusalOnly();
  }

  /**
   * The combined populated runs of {@code section}, clipped to it, ascending, until the visitor
   * returns false.
   *
   * @return false if the visitor stopped the walk
   */
  private boolean forEachPopulatedRun(
      MemoryRegionSection section, Predicate<MemoryRegionSection> visitor) {
    return new Walk(sources, null, null, 0, regionSize).forEachRunIn(section, visitor::test);
  }

  private static MemoryRegionSection clip(MemoryRegionSection section, long start, long end) {
    return section
        .intersect(start, end - start)
        .orElseThrow(() -> new AssertionError("run outside its section"));
  }

  // ---------------------------------------------------------------- the run walk

  /** What a run clipped to a listener's section is handed to; false stops the walk. */
  @FunctionalInterface
  private interface SectionAction {
    boolean apply(MemoryRegionSection run);
  }

  /**
   * The one walk everything is built from: the maximal runs of {@code [from, to)} where every
   * source of {@code populated} except {@code skip} is populated and, if given, {@code discarded}
   * is discarded. A run starts where all conditions hold (each source is asked for its next
   * populated or discarded byte from the current position until none moves it) and ends where the
   * first source changes, so the cost is O(source runs crossed x sources), never per block.
   *
   * <p>With {@code skip} the reporting source, this is what a report changes; with {@code
   * discarded} a source being added or removed, what that changes; with neither, the combined
   * state.
   */
  private static final class Walk {
    private final RamDiscardSource[] populated;
    private final @Nullable RamDiscardSource skip;
    private final @Nullable RamDiscardSource discarded;
    private final long from;
    private final long to;

    Walk(
        RamDiscardSource[] populated,
        @Nullable RamDiscardSource skip,
        @Nullable RamDiscardSource discarded,
        long from,
        long to) {
      this.populated = populated;
      this.skip = skip;
      this.discarded = discarded;
      this.from = from;
      this.to = to;
    }

    boolean forEachRun(StoppableRunVisitor action) {
      return forEachRun(from, to, action);
    }

    /** The runs of the walk inside {@code section}, clipped to it. */
    boolean forEachRunIn(MemoryRegionSection section, SectionAction action) {
      // Sections lie within the region, so these sums cannot overflow.
      long start = Math.max(from, section.offsetWithinRegion());
      long end = Math.min(to, section.offsetWithinRegion() + section.size());
      return start >= end
          || forEachRun(
              start, end, (runStart, runEnd) -> action.apply(clip(section, runStart, runEnd)));
    }

    private boolean forEachRun(long start, long end, StoppableRunVisitor action) {
      long position = start;
      while (position < end) {
        position = firstWhereAllHold(position, end);
        if (position >= end) {
          return true;
        }
        long runEnd = end;
        for (RamDiscardSource source : populated) {
          if (source != skip) {
            runEnd = next(source, position, runEnd, false);
          }
        }
        if (discarded != null) {
          runEnd = next(discarded, position, runEnd, true);
        }
        if (!action.visit(position, runEnd)) {
          return false;
        }
        position = runEnd;
      }
      return true;
    }

    /** The first byte from {@code position} on where every condition holds, or {@code end}. */
    private long firstWhereAllHold(long position, long end) {
      boolean moved = true;
      while (moved && position < end) {
        moved = false;
        for (RamDiscardSource source : populated) {
          if (source != skip && position < end) {
            long next = next(source, position, end, true);
            moved |= next != position;
            position = next;
          }
        }
        if (discarded != null && position < end) {
          long next = next(discarded, position, end, false);
          moved |= next != position;
          position = next;
        }
      }
      return position;
    }

    /** A source's next populated (or discarded) byte, checked so that a faulty one cannot loop. */
    private static long next(RamDiscardSource source, long from, long limit, boolean populated) {
      long next = populated ? source.nextPopulated(from, limit) : source.nextDiscarded(from, limit);
      if (next < from || next > limit) {
        throw new IllegalStateException(
            source
                + (populated ? ".nextPopulated(" : ".nextDiscarded(")
                + from
                + ", "
                + limit
                + ") answered "
                + next
                + ", outside ["
                + from
                + ", "
                + limit
                + "]");
      }
      return next;
    }
  }

  // ---------------------------------------------------------------- checks and locks

  private void setSources(RamDiscardSource[] newestFirst) {
    long min = 0;
    for (RamDiscardSource source : newestFirst) {
      long granularity = source.minGranularity();
      min = min == 0 ? granularity : Math.min(min, granularity);
    }
    sources = newestFirst;
    minGranularity = min;
  }

  private int indexOf(RamDiscardSource source) {
    RamDiscardSource[] all = sources;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == source) {
        return i;
      }
    }
    return -1;
  }

  private int checkAdded(RamDiscardSource source, String method) {
    int index = indexOf(source);
    if (index < 0) {
      throw new IllegalArgumentException(method + ": " + source + " is not a source of " + this);
    }
    return index;
  }

  private static void checkGranularity(RamDiscardSource source) {
    long granularity = source.minGranularity();
    if (granularity <= 0 || Long.bitCount(granularity) != 1) {
      throw new IllegalArgumentException(
          source + " has granularity " + granularity + ", not a positive power of two");
    }
  }

  private void checkReportedRange(String method, RamDiscardSource source, long offset, long size) {
    FacadeChecks.checkRange(
        method + " by " + source, offset, size, source.minGranularity(), regionSize);
  }

  /**
   * Takes the write lock for a change, refusing the calls that would deadlock or recurse: from
   * inside a query or replay of an attached attribute (see the lock order in the class
   * description), from inside a query or replay of this manager (a read lock cannot be upgraded),
   * and from inside a listener callback (a change while a change is being told).
   */
  private void lockForWrite(String method) {
    checkNoSourceQueried(method);
    if (lock.getReadHoldCount() > 0) {
      throw new IllegalStateException(method + " called from inside a query or replay of " + this);
    }
    writeLock.lock();
    if (lock.getWriteHoldCount() > 1) {
      writeLock.unlock();
      throw new IllegalStateException(
          method + " called from inside a RamDiscardListener callback of " + this);
    }
  }

  private void lockForRead(String method) {
    if (!lock.isWriteLockedByCurrentThread() && lock.getReadHoldCount() == 0) {
      checkNoSourceQueried(method); // this thread would wait for the lock: see the lock order
    }
    readLock.lock();
  }

  private void checkNoSourceQueried(String method) {
    for (RamDiscardSource source : sources) {
      if (source instanceof RamBlockAttribute attribute && attribute.queriedByCurrentThread()) {
        throw new IllegalStateException(
            method
                + " called from inside a query or replay of "
                + attribute
                + ", a source of "
                + this
                + ": the manager's lock is taken before its sources' locks");
      }
    }
  }
}
