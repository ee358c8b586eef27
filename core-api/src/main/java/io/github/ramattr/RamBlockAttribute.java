/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import io.github.ramattr.DiscardListeners.PopulateJournal;
import io.github.ramattr.spi.RunList;
import io.github.ramattr.spi.Runs;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The shared/private state of one block of guest memory backed by guest_memfd, with the listeners
 * that follow it: QEMU's {@code RamBlockAttributes}, over a pluggable {@link SharedStateStore}.
 *
 * <pre>{@code
 * RamBlockAttribute attr = RamBlockAttribute.builder()
 *     .regionSize(16L << 30)          // 16 GiB
 *     .backend("maple")               // or from -Dramattr.backend
 *     .build();
 * attr.registerListener(vfio, MemoryRegionSection.of(0, 16L << 30));
 * attr.convert(0x100000, 0x200000, PageState.SHARED);   // vfio.onPopulate(...)
 * attr.stateAt(0x100000);                                // SHARED
 * }</pre>
 *
 * <p>Offsets and sizes are bytes within the block. The block is divided into {@link #blockSize()}
 * blocks ("pages" of the store): {@code ceil(regionSize / blockSize)} of them, every one private at
 * first. A region size that is not a multiple of the block size leaves a partial last block that
 * can never be converted (as in QEMU) but is reported by the replays, clipped.
 *
 * <h2>Conversion</h2>
 *
 * {@link #convert} follows QEMU 10.1's {@code ram_block_attributes_state_change}: a range already
 * wholly in the target state does nothing; a range wholly in the other state is written to the
 * store and then notified once, as a whole. A mixed range and a refused populate are handled as the
 * {@link ConversionSemantics} chosen at build time says. Listeners are told newest-registered
 * first, each with its registered section clipped to the changed range.
 *
 * <h2>When the store or a listener throws</h2>
 *
 * A store write can throw (a store that allocates can run out of memory), and so can a listener's
 * {@code onDiscard} with an {@link Error}. The contract is then, in both semantics:
 *
 * <ul>
 *   <li>A store write that throws is followed by one write of the same run back to its old state
 *       (the run was wholly in the other state), so the store holds nothing the listeners were not
 *       told. If that write throws too, the run's state is unknown; a run that was shared is then
 *       discarded to the listeners, since a mapping of memory that may be private is the one thing
 *       a listener must not keep.
 *   <li>{@code ATOMIC}, conversion to shared: whatever throws, the call is rolled back as a refusal
 *       is: each run it wrote is written back to private (one store write per run), then every
 *       listener it told "populate" is told "discard", newest populate first. Every step is
 *       attempted even if an earlier one throws, so the listeners end as before the call; the store
 *       ends as before the call except a run whose write back threw, whose state is then unknown
 *       and which no listener maps.
 *   <li>Conversion to private (both semantics), and {@code QEMU} mode: a conversion stops at the
 *       run whose write threw. The runs before it are converted and their listeners told; the run
 *       itself and the rest of the range are as before (and mapped, if shared). Discards cannot be
 *       taken back without populates that could be refused, so this is not rolled back.
 *   <li>A discard fan-out tells every listener even if one throws an {@link Error}; the first error
 *       is thrown afterwards.
 *   <li>The exception thrown is the first failure, unchanged (the store's {@link OutOfMemoryError},
 *       or the {@link ConversionRejectedException} of a refusal), with every later failure of the
 *       clean-up attached with {@link Throwable#addSuppressed}. The range is the one given to
 *       {@link #convert}; the failing run lies inside it.
 *   <li>The attribute stays usable: later calls see the store as described, and a later conversion
 *       of a run of unknown state sets it, with the listeners following (a discard of a run a
 *       listener does not map is one VFIO accepts: double discard).
 * </ul>
 *
 * <h2>Arguments</h2>
 *
 * Every method throws {@link IllegalArgumentException} for an invalid argument, with the numbers in
 * the message, and {@link NullPointerException} for a null one; a rejected call changes nothing and
 * notifies nobody.
 *
 * <h2>Threads</h2>
 *
 * An attribute is thread-safe. Conversions, registrations and unregistrations are serialised, and
 * each one is atomic for readers: a query made from another thread sees the state before the call
 * or after it, never half of a conversion (in {@link ConversionSemantics#ATOMIC ATOMIC} mode a
 * mixed range is written one run at a time, but readers on other threads wait until the whole call
 * has finished). Listener callbacks run on the converting thread; from inside one, a listener may
 * call the query methods ({@link #stateAt}, {@link #isPopulated}, the replays, {@link #store()}
 * queries) and sees the state as written so far, but may not convert, register or unregister
 * ({@link IllegalStateException}). A listener that waits for another thread which queries this
 * attribute deadlocks.
 *
 * <h2>As a source of a manager</h2>
 *
 * An attribute is also a {@link RamDiscardSource}: {@link MultiSourceDiscardManager#addSource} or
 * {@link Builder#manager} attaches it to a manager that combines it with other sources
 * (virtio-mem's plugged blocks, say). While attached, its conversions are written to its store as
 * above and then reported to the manager, which tells the manager's listeners where the combined
 * state changes; a refused conversion is handled as the (shared) semantics say, in {@code ATOMIC}
 * mode with the store restored. Its own {@link #registerListener} throws {@link
 * IllegalStateException}, and its queries ({@link #isPopulated}, the replays, {@link #stateAt},
 * {@link #store()}) answer for its own state; the combined state is the manager's. The run walks
 * {@link #nextPopulated} and {@link #nextDiscarded} are single store lookups, so the manager never
 * probes it block by block. Lock order: the manager's lock is taken before the attribute's (see
 * {@link MultiSourceDiscardManager}).
 */
public final class RamBlockAttribute implements RamDiscardManager, RamDiscardSource {

  /** Configuration key of the backend name: a provider name such as {@code maple}. */
  public static final String BACKEND_PROPERTY = "ramattr.backend";

  /** Configuration key of the block size in bytes: decimal or {@code 0x} hex, a power of two. */
  public static final String BLOCK_SIZE_PROPERTY = "ramattr.block-size";

  /** Configuration key of the semantics: {@code atomic} or {@code qemu}, case-insensitive. */
  public static final String SEMANTICS_PROPERTY = "ramattr.semantics";

  /** The block size when none is configured: one 4 KiB host page, as QEMU. */
  public static final long DEFAULT_BLOCK_SIZE = 4096;

  /** The backend name reported for a store given with {@link Builder#store}. */
  public static final String CUSTOM_BACKEND = "custom";

  private final long regionSize;
  private final long blockSize;
  private final int blockShift;
  private final long pageCount;
  private final String backendName;
  private final ConversionSemantics semantics;
  private final SharedStateStore store;
  private final SharedStateStore readOnlyStore;
  private final DiscardListeners listeners = new DiscardListeners();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Lock readLock = lock.readLock();
  private final Lock writeLock = lock.writeLock();

  /**
   * The manager this attribute is a source of, or null while standalone. Set only under this
   * attribute's write lock and the manager's (attach), cleared under the manager's (detach); see
   * {@link #convert} for why a conversion re-reads it after locking.
   */
  private volatile @Nullable MultiSourceDiscardManager manager;

  private RamBlockAttribute(
      long regionSize,
      long blockSize,
      String backendName,
      ConversionSemantics semantics,
      SharedStateStore store) {
    this.regionSize = regionSize;
    this.blockSize = blockSize;
    this.blockShift = Long.numberOfTrailingZeros(blockSize);
    this.pageCount = pageCount(regionSize, blockSize);
    this.backendName = backendName;
    this.semantics = semantics;
    this.store = store;
    this.readOnlyStore = new ReadOnlyStore(store, readLock);
  }

  /**
   * A new builder; only {@link Builder#regionSize} is required.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Size of the memory block in bytes.
   *
   * @return the region size, positive
   */
  public long regionSize() {
    return regionSize;
  }

  /**
   * Granularity of conversions in bytes, a power of two.
   *
   * @return the block size
   */
  public long blockSize() {
    return blockSize;
  }

  /**
   * The provider name of the store's backend.
   *
   * @return a name such as {@code maple}, or {@value #CUSTOM_BACKEND} for a store given with {@link
   *     Builder#store}
   */
  public String backendName() {
    return backendName;
  }

  /**
   * The semantics of {@link #convert}, fixed at build time.
   *
   * @return the conversion semantics
   */
  public ConversionSemantics semantics() {
    return semantics;
  }

  /**
   * A read-only, thread-safe view of the store, numbered in blocks. Its mutators throw {@link
   * UnsupportedOperationException}; its queries take the attribute's read lock, so each one sees
   * the state before or after a conversion, never half of it.
   *
   * @return the view, the same object on every call
   */
  public SharedStateStore store() {
    return readOnlyStore;
  }

  /**
   * The manager this attribute is a source of.
   *
   * @return the manager it was added to (with {@link MultiSourceDiscardManager#addSource} or {@link
   *     Builder#manager}), or empty while it is standalone
   */
  public Optional<MultiSourceDiscardManager> manager() {
    return Optional.ofNullable(manager);
  }

  // ---------------------------------------------------------------- conversion

  /**
   * Converts {@code [offset, offset + size)} to {@code target} and notifies the listeners.
   *
   * @param offset first byte, a multiple of the block size
   * @param size length in bytes, a positive multiple of the block size
   * @param target the state the range is to be in
   * @throws IllegalArgumentException if offset or size is negative or not a multiple of the block
   *     size, size is zero, {@code offset + size} overflows or passes the end of the region; the
   *     message names offset, size, block size and region size
   * @throws ConversionRejectedException if a listener refused a populate; in {@code ATOMIC} mode
   *     the state and the listeners are then as before the call, in {@code QEMU} mode they are left
   *     as QEMU 10.1 leaves them. Failures of the rollback are suppressed by it
   * @throws RuntimeException what a store write threw, unchanged, once the state is as the class
   *     description says ("When the store or a listener throws"), with the failures of the clean-up
   *     suppressed; an {@link Error} of a store write (such as {@link OutOfMemoryError}) or of a
   *     listener's discard propagates the same way
   * @throws IllegalStateException if called from inside a listener callback
   * @throws NullPointerException if {@code target} is null
   */
  public void convert(long offset, long size, PageState target) {
    Objects.requireNonNull(target, "target");
    FacadeChecks.checkConversion(offset, size, blockSize, regionSize);
    underWriteLock("convert", () -> convertLocked(offset, size, target));
  }

  /**
   * Runs {@code change} under this attribute's write lock, after the manager's write lock while the
   * attribute is attached: every writer of an attached attribute holds its manager's lock first,
   * which is what keeps the lock order from inverting (see {@link MultiSourceDiscardManager}). The
   * attachment is read again once locked, and the locking redone if it changed meanwhile: it
   * changes only under this attribute's write lock (attach) or the manager's (detach).
   */
  private void underWriteLock(String method, Runnable change) {
    checkNotInQuery();
    while (true) {
      MultiSourceDiscardManager attachedTo = manager;
      if (attachedTo != null) {
        attachedTo.lockForSourceChange(method);
      }
      try {
        writeLock.lock();
        try {
          if (manager != attachedTo) {
            continue; // attached or detached meanwhile: lock again in the right order
          }
          checkNotInCallback(method);
          change.run();
          return;
        } finally {
          writeLock.unlock();
        }
      } finally {
        if (attachedTo != null) {
          attachedTo.unlockSourceChange();
        }
      }
    }
  }

  /** {@link #convert} once every lock is held and the arguments are checked. */
  private void convertLocked(long offset, long size, PageState target) {
    long fromPage = offset >>> blockShift;
    long toPage = (offset + size) >>> blockShift;
    boolean toShared = target == PageState.SHARED;
    long firstToChange = toShared ? store.nextPrivate(fromPage) : store.nextShared(fromPage);
    if (firstToChange >= toPage) {
      return; // already wholly in the target state
    }
    long firstToKeep = toShared ? store.nextShared(fromPage) : store.nextPrivate(fromPage);
    boolean wholly = firstToKeep >= toPage;
    if (semantics == ConversionSemantics.QEMU) {
      convertQemu(fromPage, toPage, toShared, wholly);
    } else {
      convertAtomic(fromPage, toPage, toShared);
    }
  }

  /**
   * The state of the block holding byte {@code offset}.
   *
   * @param offset any byte of the region
   * @return the state of its block
   * @throws IllegalArgumentException if {@code offset} is outside {@code [0, regionSize())}
   */
  public PageState stateAt(long offset) {
    FacadeChecks.checkOffset(offset, regionSize);
    readLock.lock();
    try {
      return store.isShared(offset >>> blockShift) ? PageState.SHARED : PageState.PRIVATE;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * QEMU mode: one notification for a wholly-other range; else one per changed block, ascending,
   * each written just before it is notified; a refusal stops at once, nothing undone. A store write
   * that throws stops it too, its block put back by {@link #writeRun}.
   */
  private void convertQemu(long fromPage, long toPage, boolean toShared, boolean wholly) {
    PopulateJournal journal = PopulateJournal.refusalOnly();
    boolean accepted =
        wholly
            ? changeAndNotify(fromPage, toPage, toShared, journal)
            : Runs.walk(
                store,
                fromPage,
                toPage,
                !toShared,
                (runStart, runEnd) -> {
                  for (long block = runStart; block < runEnd; block++) {
                    if (!changeAndNotify(block, block + 1, toShared, journal)) {
                      return false;
                    }
                  }
                  return true;
                });
    if (!accepted) {
      throw journal.rejection(describe(fromPage, toPage, toShared));
    }
  }

  /**
   * ATOMIC mode: one notification per maximal changed run, each written just before it is notified.
   * On a refusal, or anything thrown while converting to shared: the store is restored run by run,
   * then the journal sends back the discards ({@link #rollBack}). Costs O(changed runs), never a
   * copy of the store. A conversion to private is not rolled back (its discards cannot be taken
   * back without populates that could be refused): what throws stops it, the runs before the
   * failing one converted and discarded, the failing run put back by {@link #writeRun}.
   */
  private void convertAtomic(long fromPage, long toPage, boolean toShared) {
    PopulateJournal journal = PopulateJournal.undoable();
    RunList written = new RunList(); // the runs written so far
    boolean accepted;
    try {
      accepted =
          Runs.walk(
              store,
              fromPage,
              toPage,
              !toShared,
              (runStart, runEnd) -> {
                writeRun(runStart, runEnd, toShared);
                written.add(runStart, runEnd);
                return notifyChanged(runStart, runEnd, toShared, journal);
              });
    } catch (Throwable failure) { // an Error too: an OutOfMemoryError of the store, say
      if (toShared) {
        rollBack(written, journal);
      }
      throw journal.failure(failure);
    }
    if (!accepted) {
      rollBack(written, journal);
      throw journal.rejection(describe(fromPage, toPage, toShared));
    }
  }

  /**
   * Takes back a conversion to shared: writes every run it wrote back to private, one store write
   * per run, then sends the journal's discards. Every step is attempted even if one throws (see
   * {@link PopulateJournal#cleanUp}), so every listener told "populate" is told "discard", whatever
   * the store does; a run whose write back throws keeps whatever the store holds, unmapped.
   */
  private void rollBack(RunList written, PopulateJournal journal) {
    for (int i = 0; i < written.size(); i++) {
      long runStart = written.from(i);
      long runEnd = written.to(i);
      journal.cleanUp(() -> store.setPrivate(runStart, runEnd));
    }
    journal.undo();
  }

  /**
   * Writes {@code [fromPage, toPage)} to the store, then fans the change out to the listeners.
   *
   * @return false if a listener refused the populate (recorded in {@code journal})
   */
  private boolean changeAndNotify(
      long fromPage, long toPage, boolean toShared, PopulateJournal journal) {
    writeRun(fromPage, toPage, toShared);
    return notifyChanged(fromPage, toPage, toShared, journal);
  }

  /**
   * Writes a run that is wholly in the other state to {@code toShared}. If the write throws, it may
   * have changed part of the run: the run is written back to its old state (one more write), so
   * that the store holds nothing the listeners were not told, and the failure is rethrown. If that
   * write back throws too (suppressed by the first failure), the run's state is unknown; a run that
   * was shared, which the listeners map, is then discarded to them, since a mapping of memory that
   * may be private is the one thing a listener must not keep.
   */
  private void writeRun(long fromPage, long toPage, boolean toShared) {
    try {
      setState(fromPage, toPage, toShared);
    } catch (Throwable failure) { // an Error too: an OutOfMemoryError of the store, say
      try {
        setState(fromPage, toPage, !toShared);
      } catch (Throwable restoreFailure) {
        failure.addSuppressed(restoreFailure);
        if (!toShared) {
          try {
            notifyDiscarded(fromPage, toPage);
          } catch (Throwable discardFailure) {
            failure.addSuppressed(discardFailure);
          }
        }
      }
      throw Failures.unchecked(failure);
    }
  }

  private void setState(long fromPage, long toPage, boolean shared) {
    if (shared) {
      store.setShared(fromPage, toPage);
    } else {
      store.setPrivate(fromPage, toPage);
    }
  }

  /**
   * Fans out the change of {@code [fromPage, toPage)}, already written, to the listeners (or to the
   * manager, which tells its own).
   *
   * @return false if a listener refused the populate (recorded in {@code journal})
   */
  private boolean notifyChanged(
      long fromPage, long toPage, boolean toShared, PopulateJournal journal) {
    if (!toShared) {
      notifyDiscarded(fromPage, toPage);
      return true;
    }
    long offset = fromPage << blockShift;
    long size = (toPage - fromPage) << blockShift;
    MultiSourceDiscardManager attachedTo = manager;
    return attachedTo == null
        ? listeners.populate(offset, size, journal)
        : attachedTo.sourcePopulated(this, offset, size, journal);
  }

  private void notifyDiscarded(long fromPage, long toPage) {
    long offset = fromPage << blockShift;
    long size = (toPage - fromPage) << blockShift;
    MultiSourceDiscardManager attachedTo = manager;
    if (attachedTo == null) {
      listeners.discard(offset, size);
    } else {
      attachedTo.sourceDiscarded(this, offset, size);
    }
  }

  private String describe(long fromPage, long toPage, boolean toShared) {
    return "convert(offset "
        + (fromPage << blockShift)
        + ", size "
        + ((toPage - fromPage) << blockShift)
        + ", "
        + (toShared ? PageState.SHARED : PageState.PRIVATE)
        + ")";
  }

  // ---------------------------------------------------------------- RamDiscardManager

  @Override
  public long minGranularity() {
    return blockSize;
  }

  @Override
  public boolean isPopulated(MemoryRegionSection section) {
    Objects.requireNonNull(section, "section");
    FacadeChecks.checkSection(section, regionSize);
    if (section.size() == 0) {
      return true;
    }
    long fromPage = section.offsetWithinRegion() >>> blockShift;
    long toPage = endPage(section);
    readLock.lock();
    try {
      return store.nextPrivate(fromPage) >= toPage;
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public void replayPopulated(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor) {
    replay(section, visitor, true);
  }

  @Override
  public void replayDiscarded(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor) {
    replay(section, visitor, false);
  }

  private void replay(
      MemoryRegionSection section, Consumer<MemoryRegionSection> visitor, boolean populated) {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(visitor, "visitor");
    FacadeChecks.checkSection(section, regionSize);
    readLock.lock();
    try {
      forEachRun(section, populated, visitor);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The populated runs of {@code section}, clipped to it, for a listener's replay, which stops at
   * the visitor's first false ({@link Runs#walk}): no run after a refusal is looked up.
   */
  private boolean forEachPopulatedRun(
      MemoryRegionSection section, Predicate<MemoryRegionSection> visitor) {
    if (section.size() == 0) {
      return true;
    }
    return Runs.walk(
        store,
        section.offsetWithinRegion() >>> blockShift,
        endPage(section),
        true,
        (from, to) -> clip(section, from, to).map(visitor::test).orElse(true));
  }

  /** The runs of one state in {@code section}, clipped to it: the store's own walk, all of it. */
  private void forEachRun(
      MemoryRegionSection section, boolean shared, Consumer<MemoryRegionSection> visitor) {
    if (section.size() == 0) {
      return;
    }
    long fromPage = section.offsetWithinRegion() >>> blockShift;
    long toPage = endPage(section);
    io.github.ramattr.spi.RunVisitor toSections =
        (from, to) -> clip(section, from, to).ifPresent(visitor);
    if (shared) {
      store.forEachSharedRun(fromPage, toPage, toSections);
    } else {
      store.forEachPrivateRun(fromPage, toPage, toSections);
    }
  }

  @Override
  public void registerListener(RamDiscardListener listener, MemoryRegionSection section) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(section, "section");
    FacadeChecks.checkSection(section, regionSize);
    underWriteLock(
        "registerListener",
        () -> {
          MultiSourceDiscardManager attachedTo = manager;
          if (attachedTo != null) {
            throw new IllegalStateException(
                this
                    + " is a source of "
                    + attachedTo
                    + ": register listeners with the manager, which combines its sources");
          }
          if (listeners.contains(listener)) {
            throw new IllegalArgumentException("listener " + listener + " is already registered");
          }
          listeners.registerUndoable(listener, section, this::forEachPopulatedRun);
        });
  }

  @Override
  public void unregisterListener(RamDiscardListener listener) {
    Objects.requireNonNull(listener, "listener");
    underWriteLock(
        "unregisterListener",
        () ->
            listeners.unregister(
                listener, listener.doubleDiscardSupported(), this::forEachPopulatedRun));
  }

  // ---------------------------------------------------------------- RamDiscardSource

  /**
   * {@inheritDoc}
   *
   * <p>One store lookup ({@code nextShared}), under the read lock: O(log runs) for the tree
   * backends, not a probe per block.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= limit <= regionSize()}
   */
  @Override
  public long nextPopulated(long from, long limit) {
    return nextInState(from, limit, true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One store lookup ({@code nextPrivate}), under the read lock.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= limit <= regionSize()}
   */
  @Override
  public long nextDiscarded(long from, long limit) {
    return nextInState(from, limit, false);
  }

  private long nextInState(long from, long limit, boolean shared) {
    if (from < 0 || from > limit || limit > regionSize) {
      throw new IllegalArgumentException(
          "run walk from "
              + from
              + " to "
              + limit
              + ": need 0 <= from <= limit <= region size "
              + regionSize);
    }
    if (from == limit) {
      return limit;
    }
    long page = from >>> blockShift;
    long found;
    readLock.lock();
    try {
      found = shared ? store.nextShared(page) : store.nextPrivate(page);
    } finally {
      readLock.unlock();
    }
    if (found == page) {
      return from;
    }
    // found < pageCount here means found's block starts inside the region.
    return found >= pageCount ? limit : Math.min(found << blockShift, limit);
  }

  /**
   * Attaches this attribute to {@code to}, for {@link MultiSourceDiscardManager#addSource}, which
   * already holds {@code to}'s write lock (the manager's lock before the attribute's, always):
   * under this attribute's write lock (so that no standalone conversion runs meanwhile), checks
   * that it can be a source of {@code to}, then lets {@code addUnderManagerLock} add it and call
   * {@link #attached}.
   */
  void attach(MultiSourceDiscardManager to, Runnable addUnderManagerLock) {
    MultiSourceDiscardManager current = manager;
    if (current != null) {
      // Refused before locking: an attached attribute's lock is taken only after its own manager's.
      throw alreadyAttached(to, current);
    }
    lockForWrite();
    try {
      checkNotInCallback("addSource");
      current = manager;
      if (current != null) {
        throw alreadyAttached(to, current);
      }
      List<String> problems = new ArrayList<>();
      int own = listeners.newestFirst().length;
      if (own > 0) {
        problems.add("it has " + own + " listener(s) of its own");
      }
      if (regionSize != to.regionSize()) {
        problems.add("its region size " + regionSize + " differs from " + to.regionSize());
      }
      if (semantics != to.semantics()) {
        problems.add("its semantics " + semantics + " differ from " + to.semantics());
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            this + " cannot be a source of " + to + ": " + String.join("; ", problems));
      }
      addUnderManagerLock.run();
    } finally {
      writeLock.unlock();
    }
  }

  private IllegalArgumentException alreadyAttached(
      MultiSourceDiscardManager to, MultiSourceDiscardManager current) {
    return new IllegalArgumentException(
        this
            + (current == to ? " is already a source of " : " is a source of another manager, ")
            + current);
  }

  /** Called by the manager, under its write lock, once this attribute is one of its sources. */
  void attached(MultiSourceDiscardManager to) {
    manager = to;
  }

  /** Called by the manager, under its write lock, once this attribute is no longer a source. */
  void detached() {
    manager = null;
  }

  /** Whether the current thread is inside a query or replay of this attribute. */
  boolean queriedByCurrentThread() {
    return lock.getReadHoldCount() > 0;
  }

  // ---------------------------------------------------------------- snapshot

  /**
   * Writes the current state as a snapshot: block size, region size and the shared runs, in a
   * versioned binary format with a CRC32C trailer, readable by {@link Builder#fromSnapshot} with
   * any backend. The stream is not closed.
   *
   * @param out where the snapshot is written
   * @throws IOException if writing fails
   * @throws NullPointerException if {@code out} is null
   */
  public void writeSnapshot(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    readLock.lock();
    try {
      Snapshots.write(store, blockSize, regionSize, out);
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "RamBlockAttribute{regionSize="
        + regionSize
        + ", blockSize="
        + blockSize
        + ", backend="
        + backendName
        + ", semantics="
        + semantics
        + '}';
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Called with the write lock held. A second hold means a listener callback is converting; a read
   * hold means a replay visitor is (and the write lock could never have been taken: a read lock
   * cannot be upgraded, so that case is caught by {@link #lockForWrite} before locking).
   */
  private void checkNotInCallback(String method) {
    if (lock.getWriteHoldCount() > 1) {
      throw new IllegalStateException(
          method + " called from inside a RamDiscardListener callback of " + this);
    }
  }

  private void lockForWrite() {
    checkNotInQuery();
    writeLock.lock();
  }

  /**
   * A read lock cannot be upgraded: a write from inside a replay or query of this attribute would
   * wait for itself.
   */
  private void checkNotInQuery() {
    if (lock.getReadHoldCount() > 0) {
      throw new IllegalStateException(
          "cannot convert, register or unregister from inside a replay or query of " + this);
    }
  }

  /**
   * {@code section} clipped to the blocks {@code [fromPage, toPage)}; the partial last block ends
   * at the region's end.
   */
  private Optional<MemoryRegionSection> clip(
      MemoryRegionSection section, long fromPage, long toPage) {
    long start = fromPage << blockShift;
    long end = toPage == pageCount ? regionSize : toPage << blockShift;
    return section.intersect(start, end - start);
  }

  /** One past the last block a (non-empty, in-region) section touches. */
  private long endPage(MemoryRegionSection section) {
    return blocks(section.offsetWithinRegion() + section.size(), blockShift);
  }

  /**
   * The number of blocks, and so of store pages, of a region: {@code ceil(regionSize / blockSize)},
   * the last block partial when the region is not a multiple of the block size.
   *
   * @param regionSize bytes, not negative
   * @param blockSize bytes, a positive power of two (as every block size is)
   * @return the page count of the region's store
   * @throws IllegalArgumentException if {@code regionSize} is negative or {@code blockSize} is not
   *     a positive power of two
   */
  public static long pageCount(long regionSize, long blockSize) {
    if (regionSize < 0 || blockSize <= 0 || (blockSize & (blockSize - 1)) != 0) {
      throw new IllegalArgumentException(
          "pageCount of regionSize "
              + regionSize
              + " with blockSize "
              + blockSize
              + ": need regionSize >= 0 and a power-of-two blockSize");
    }
    return blocks(regionSize, Long.numberOfTrailingZeros(blockSize));
  }

  /**
   * {@code ceil(bytes / 2^blockShift)}, unchecked: by shift, not division, as the facade computes
   * it for every section it is given.
   */
  private static long blocks(long bytes, int blockShift) {
    long whole = bytes >>> blockShift;
    return (bytes & ((1L << blockShift) - 1)) == 0 ? whole : whole + 1;
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link RamBlockAttribute}. Each setting is taken, in this order of precedence, from an
   * explicit setter, from {@link #fromProperties}, from the system properties ({@value
   * #BACKEND_PROPERTY}, {@value #BLOCK_SIZE_PROPERTY}, {@value #SEMANTICS_PROPERTY}), or from the
   * defaults: backend {@code maple} when present, else {@code bitmap}; block size {@value
   * #DEFAULT_BLOCK_SIZE}; {@link ConversionSemantics#ATOMIC}. A snapshot read with {@link
   * #fromSnapshot} fixes the region and block sizes. Not thread-safe.
   */
  public static final class Builder {
    private long regionSize = -1;
    private long blockSize = -1;
    // Null until the matching setter (or fromSnapshot) is called.
    private @Nullable String backend;
    private @Nullable SharedStateStore customStore;
    private @Nullable ConversionSemantics semantics;
    private final Config properties = new Config();
    private Snapshots.@Nullable Snapshot snapshot;
    private @Nullable MultiSourceDiscardManager manager;

    private Builder() {}

    /**
     * Makes the attribute a source of {@code manager}: {@link #build()} builds it, then adds it
     * with {@link MultiSourceDiscardManager#addSource}. The attribute takes the manager's
     * semantics, unless {@link #semantics} was called; the region size, if not set, is the
     * manager's.
     *
     * @param manager the manager to add the attribute to
     * @return this builder
     * @throws NullPointerException if {@code manager} is null
     */
    public Builder manager(MultiSourceDiscardManager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
      return this;
    }

    /**
     * The size of the memory block in bytes (required).
     *
     * @param bytes the region size, positive; it need not be a multiple of the block size
     * @return this builder
     * @throws IllegalArgumentException if not positive, or if it differs from a snapshot read
     */
    public Builder regionSize(long bytes) {
      FacadeChecks.checkRegionSize(bytes);
      if (snapshot != null && snapshot.regionSize() != bytes) {
        throw new IllegalArgumentException(
            "region size " + bytes + " differs from the snapshot's " + snapshot.regionSize());
      }
      this.regionSize = bytes;
      return this;
    }

    /**
     * The conversion granularity in bytes (default {@value #DEFAULT_BLOCK_SIZE}).
     *
     * @param bytes the block size, a positive power of two
     * @return this builder
     * @throws IllegalArgumentException if not a positive power of two, or if it differs from a
     *     snapshot read
     */
    public Builder blockSize(long bytes) {
      FacadeChecks.checkBlockSize(bytes);
      if (snapshot != null && snapshot.blockSize() != bytes) {
        throw new IllegalArgumentException(
            "block size " + bytes + " differs from the snapshot's " + snapshot.blockSize());
      }
      this.blockSize = bytes;
      return this;
    }

    /**
     * The backend by provider name; see {@link SharedStateStores#available()}. An unknown name is
     * reported by {@link #build()}.
     *
     * @param name a provider name such as {@code maple}
     * @return this builder
     * @throws IllegalArgumentException if a store was given with {@link #store}
     * @throws NullPointerException if {@code name} is null
     */
    public Builder backend(String name) {
      Objects.requireNonNull(name, "name");
      if (customStore != null) {
        throw new IllegalArgumentException(
            "backend('" + name + "') and store(..) are exclusive; a store was already given");
      }
      this.backend = name;
      return this;
    }

    /**
     * A store to use as is, instead of a backend; its page count must be {@code ceil(regionSize /
     * blockSize)}. The attribute takes it over: nobody else may write it. {@link
     * RamBlockAttribute#backendName()} is then {@value #CUSTOM_BACKEND}.
     *
     * @param store the store to own; its current state is the attribute's initial state, unless a
     *     snapshot read with {@link #fromSnapshot} replaces it
     * @return this builder
     * @throws IllegalArgumentException if a backend was named with {@link #backend}
     * @throws NullPointerException if {@code store} is null
     */
    public Builder store(SharedStateStore store) {
      Objects.requireNonNull(store, "store");
      if (backend != null) {
        throw new IllegalArgumentException(
            "store(..) and backend('" + backend + "') are exclusive; a backend was already named");
      }
      this.customStore = store;
      return this;
    }

    /**
     * How conversions notify and fail (default {@link ConversionSemantics#ATOMIC}).
     *
     * @param semantics the semantics of {@link RamBlockAttribute#convert}
     * @return this builder
     * @throws NullPointerException if {@code semantics} is null
     */
    public Builder semantics(ConversionSemantics semantics) {
      this.semantics = Objects.requireNonNull(semantics, "semantics");
      return this;
    }

    /**
     * Reads {@value #BACKEND_PROPERTY}, {@value #BLOCK_SIZE_PROPERTY} and {@value
     * #SEMANTICS_PROPERTY} from {@code properties}; keys absent there are left as they were.
     * Explicit setters win over these values, which win over system properties.
     *
     * @param properties the configuration to read; it is not kept
     * @return this builder
     * @throws IllegalArgumentException if a value is malformed (the message names key and value)
     * @throws NullPointerException if {@code properties} is null
     */
    public Builder fromProperties(Properties properties) {
      Objects.requireNonNull(properties, "properties");
      this.properties.readFrom(properties::getProperty);
      return this;
    }

    /**
     * Reads a snapshot written by {@link RamBlockAttribute#writeSnapshot}; the attribute built then
     * has the snapshot's region size, block size and state. The whole snapshot is read and checked
     * here.
     *
     * @param in the snapshot, read up to its last byte; the stream is not closed
     * @return this builder
     * @throws SnapshotFormatException if the snapshot is truncated, corrupt, of an unknown version,
     *     or its sizes differ from a region or block size already set; the builder is then
     *     unchanged
     * @throws IOException if reading fails
     * @throws NullPointerException if {@code in} is null
     */
    public Builder fromSnapshot(InputStream in) throws IOException {
      Objects.requireNonNull(in, "in");
      Snapshots.Snapshot read = Snapshots.read(in);
      if (regionSize >= 0 && regionSize != read.regionSize()) {
        throw new SnapshotFormatException(
            "snapshot region size "
                + read.regionSize()
                + " differs from the region size "
                + regionSize);
      }
      if (blockSize >= 0 && blockSize != read.blockSize()) {
        throw new SnapshotFormatException(
            "snapshot block size "
                + read.blockSize()
                + " differs from the block size "
                + blockSize);
      }
      this.snapshot = read;
      return this;
    }

    /**
     * Builds the attribute.
     *
     * @return a new attribute: every block private, or the snapshot's state if one was read, or a
     *     given store's state
     * @throws IllegalStateException if no region size was set (directly or by a snapshot)
     * @throws IllegalArgumentException if the backend is unknown (the message lists the available
     *     ones) or cannot hold the page count, a configuration value is malformed, or a given
     *     store's page count does not match
     */
    public RamBlockAttribute build() {
      Config system = new Config();
      system.readFrom(System::getProperty);
      long region = snapshot != null ? snapshot.regionSize() : regionSize;
      if (region < 0 && manager != null) {
        region = manager.regionSize();
      }
      if (region < 0) {
        throw new IllegalStateException("regionSize(..) was not set");
      }
      long block =
          snapshot != null
              ? snapshot.blockSize()
              : first(
                  blockSize >= 0 ? blockSize : null,
                  properties.blockSize,
                  system.blockSize,
                  DEFAULT_BLOCK_SIZE);
      ConversionSemantics mode =
          first(semantics, properties.semantics, system.semantics, ConversionSemantics.ATOMIC);
      if (manager != null) {
        checkFits(manager, region);
        mode = manager.semantics();
      }
      long pages = pageCount(region, block);
      SharedStateStore store;
      String name;
      if (customStore != null) {
        if (customStore.pageCount() != pages) {
          throw new IllegalArgumentException(
              "the given store has "
                  + customStore.pageCount()
                  + " pages, but region size "
                  + region
                  + " with block size "
                  + block
                  + " needs "
                  + pages);
        }
        store = customStore;
        name = CUSTOM_BACKEND;
      } else {
        name = first(backend, properties.backend, system.backend, defaultBackend());
        store = SharedStateStores.create(name, pages);
      }
      if (snapshot != null) {
        snapshot.applyTo(store);
      }
      RamBlockAttribute built = new RamBlockAttribute(region, block, name, mode, store);
      if (manager != null) {
        manager.addSource(built);
      }
      return built;
    }

    /** Checks, before anything is built, what {@link MultiSourceDiscardManager#addSource} will. */
    private void checkFits(MultiSourceDiscardManager to, long region) {
      if (region != to.regionSize()) {
        throw new IllegalArgumentException(
            "region size " + region + " differs from the manager's " + to.regionSize());
      }
      if (semantics != null && semantics != to.semantics()) {
        throw new IllegalArgumentException(
            "semantics(" + semantics + ") differs from the manager's " + to.semantics());
      }
    }

    private static String defaultBackend() {
      return SharedStateStores.available().contains("maple") ? "maple" : "bitmap";
    }

    @SafeVarargs
    private static <T> T first(@Nullable T... candidates) {
      for (T candidate : candidates) {
        if (candidate != null) {
          return candidate;
        }
      }
      throw new AssertionError("no default");
    }
  }
}
