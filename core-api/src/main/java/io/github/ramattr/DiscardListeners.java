/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The listener list and its fan-out, kept apart from any state source so that a manager over
 * several sources can reuse it. Listeners are held newest first, as QEMU's {@code
 * QLIST_INSERT_HEAD} list, and every walk starts at the newest.
 *
 * <p>Not thread-safe for writers: the owner serialises mutations and fan-outs. The array is
 * replaced on every registration change, so a fan-out in progress walks a stable list.
 */
final class DiscardListeners {
  private static final System.Logger LOG = System.getLogger(RamBlockAttribute.class.getName());
  private static final Registration[] NONE = {};

  /** A registered listener and the section it registered. */
  record Registration(RamDiscardListener listener, MemoryRegionSection section) {}

  private volatile Registration[] newestFirst = NONE;

  /** The registrations, newest first: a stable snapshot that later changes do not affect. */
  Registration[] newestFirst() {
    return newestFirst;
  }

  /** Whether no listener is registered. */
  boolean isEmpty() {
    return newestFirst.length == 0;
  }

  /** Whether {@code listener} (by identity) is registered. */
  boolean contains(RamDiscardListener listener) {
    return indexOf(listener) >= 0;
  }

  /** Registers {@code listener} at the head of the list. The caller checked it is not present. */
  void addFirst(RamDiscardListener listener, MemoryRegionSection section) {
    Registration[] old = newestFirst;
    Registration[] grown = new Registration[old.length + 1];
    grown[0] = new Registration(listener, section);
    System.arraycopy(old, 0, grown, 1, old.length);
    newestFirst = grown;
  }

  /** The registration of {@code listener}, or empty. */
  Optional<Registration> find(RamDiscardListener listener) {
    int index = indexOf(listener);
    return index < 0 ? Optional.empty() : Optional.of(newestFirst[index]);
  }

  /** Removes {@code listener}; the caller checked it is present. */
  void remove(RamDiscardListener listener) {
    Registration[] old = newestFirst;
    int index = indexOf(listener);
    Registration[] shrunk = Arrays.copyOf(old, old.length - 1);
    System.arraycopy(old, index + 1, shrunk, index, old.length - index - 1);
    newestFirst = shrunk;
  }

  /**
   * Tells every listener whose section meets {@code [offset, offset + size)} that it became
   * populated, newest first, each with its section clipped to the range. Stops at the first
   * listener that throws, recording it in {@code journal}.
   *
   * @return false if a listener refused
   */
  boolean populate(long offset, long size, PopulateJournal journal) {
    for (Registration registration : newestFirst) {
      Optional<MemoryRegionSection> clipped = registration.section().intersect(offset, size);
      if (clipped.isPresent() && !populate(registration.listener(), clipped.get(), journal)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells every listener whose section meets {@code [offset, offset + size)} that it became
   * discarded, newest first. An exception from a listener is logged; an {@link Error} does not stop
   * the fan-out either: every listener is told, then the first error is thrown, later ones
   * suppressed.
   */
  void discard(long offset, long size) {
    Failures failures = new Failures();
    for (Registration registration : newestFirst) {
      Optional<MemoryRegionSection> clipped = registration.section().intersect(offset, size);
      if (clipped.isPresent()) {
        failures.run(() -> discardQuietly(registration.listener(), clipped.get()));
      }
    }
    failures.throwIfAny();
  }

  /**
   * The owner's walk over the populated runs of a section, clipped to it, ascending, which stops as
   * soon as the visitor returns false.
   */
  @FunctionalInterface
  interface RunReplay {
    /** Walks the runs of {@code section}; returns false if the visitor stopped the walk. */
    boolean forEachRun(MemoryRegionSection section, Predicate<MemoryRegionSection> visitor);
  }

  /**
   * Registers {@code listener} with ramattr's undoable contract: replays {@code populated} to it,
   * then adds it at the head. The replay stops at the first run it refuses; it is then sent back
   * discards for what it got (and for the refused run when it supports double discard), is not
   * registered, and the rejection is thrown. The same undo follows anything the walk throws (a
   * failing store read), which then propagates.
   *
   * @throws ConversionRejectedException if the listener refused the replay
   */
  void registerUndoable(
      RamDiscardListener listener, MemoryRegionSection section, RunReplay populated) {
    PopulateJournal journal = PopulateJournal.undoable();
    boolean accepted;
    try {
      accepted = replayTo(listener, section, populated, journal);
    } catch (Throwable failure) { // an Error too: the listener must not keep what it got
      journal.undo();
      throw journal.failure(failure);
    }
    if (!accepted) {
      journal.undo();
      throw journal.rejection("registerListener(" + listener + ", " + section + ")");
    }
    addFirst(listener, section);
  }

  /**
   * Populates {@code listener} with the runs of {@code populated} in {@code section}, ascending,
   * and stops at the first it refuses (recorded in {@code journal}), as QEMU stops its replay at
   * the first error: no run after it is looked up.
   *
   * @return false if the listener refused a run
   */
  static boolean replayTo(
      RamDiscardListener listener,
      MemoryRegionSection section,
      RunReplay populated,
      PopulateJournal journal) {
    return populated.forEachRun(section, run -> populate(listener, run, journal));
  }

  /**
   * Unregisters {@code listener} after discarding its section: with one discard of the whole
   * section if {@code wholeSection}, else one per run of {@code populated}. It is removed even if a
   * discard throws an {@link Error}; the remaining discards are still sent, then the first error is
   * thrown.
   *
   * @throws IllegalArgumentException if the listener is not registered
   */
  void unregister(RamDiscardListener listener, boolean wholeSection, RunReplay populated) {
    Registration registration =
        find(listener)
            .orElseThrow(
                () -> new IllegalArgumentException("listener " + listener + " is not registered"));
    Failures failures = new Failures();
    try {
      if (wholeSection) {
        if (registration.section().size() > 0) { // listeners are never given an empty section
          discardQuietly(listener, registration.section());
        }
      } else {
        populated.forEachRun(
            registration.section(),
            run -> {
              failures.run(() -> discardQuietly(listener, run));
              return true;
            });
      }
    } catch (Throwable failure) { // the walk or the one discard: unregister all the same
      failures.add(failure);
    } finally {
      remove(listener);
    }
    failures.throwIfAny();
  }

  /** Tells one listener that {@code section} became populated, recording the outcome. */
  static boolean populate(
      RamDiscardListener listener, MemoryRegionSection section, PopulateJournal journal) {
    try {
      listener.onPopulate(section);
    } catch (Throwable e) { // an Error too: the state must be restored before it propagates
      journal.refused(listener, section, e);
      return false;
    }
    journal.populated(listener, section);
    return true;
  }

  /**
   * Tells one listener that {@code section} became discarded; an exception is logged, not thrown.
   */
  static void discardQuietly(RamDiscardListener listener, MemoryRegionSection section) {
    try {
      listener.onDiscard(section);
    } catch (Exception e) { // checked ones too, if thrown sneakily; Errors propagate
      LOG.log(
          System.Logger.Level.WARNING,
          "RamDiscardListener " + listener + " failed to discard " + section + "; ignored",
          e);
    }
  }

  private int indexOf(RamDiscardListener listener) {
    Registration[] list = newestFirst;
    for (int i = 0; i < list.length; i++) {
      if (list[i].listener() == listener) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What one call populated, so that it can be taken back: the successful populates in order (only
   * when {@code undoable}), the refusal that ended it, if any, and what failed while the call was
   * cleaned up (to be attached, suppressed, to the exception the call throws).
   */
  static final class PopulateJournal {
    private final boolean undoable;
    private final List<Registration> populated = new ArrayList<>();
    private final List<Throwable> cleanupFailures = new ArrayList<>();
    // Both null until a listener refuses.
    private @Nullable Registration refusal;
    private @Nullable Throwable refusalCause;

    private PopulateJournal(boolean undoable) {
      this.undoable = undoable;
    }

    /** A journal that remembers every populate, for {@link #undo()}. */
    static PopulateJournal undoable() {
      return new PopulateJournal(true);
    }

    /** A journal that only remembers the refusal (QEMU mode never undoes). */
    static PopulateJournal refusalOnly() {
      return new PopulateJournal(false);
    }

    void populated(RamDiscardListener listener, MemoryRegionSection section) {
      if (undoable) {
        populated.add(new Registration(listener, section));
      }
    }

    void refused(RamDiscardListener listener, MemoryRegionSection section, Throwable e) {
      refusal = new Registration(listener, section);
      refusalCause = e;
    }

    /** Whether a listener refused a populate of this call. */
    boolean refused() {
      return refusal != null;
    }

    /** Records a failure of the clean-up, to be suppressed by the exception the call throws. */
    void cleanupFailed(Throwable failure) {
      cleanupFailures.add(failure);
    }

    /**
     * Runs one step of the clean-up; what it throws (an {@link Error} too) is recorded with {@link
     * #cleanupFailed} instead, so that the steps after it still run.
     */
    void cleanUp(Runnable step) {
      try {
        step.run();
      } catch (Throwable failure) {
        cleanupFailed(failure);
      }
    }

    /**
     * Sends the discards that take this call back: first the refused section to the listener that
     * refused it, when it supports double discard, then one discard per successful populate, in
     * reverse order. Every discard is sent even if one throws; an {@link Error} is recorded with
     * {@link #cleanupFailed}.
     */
    void undo() {
      if (!undoable) {
        throw new AssertionError("journal does not record populates");
      }
      if (refusal != null && refusal.listener().doubleDiscardSupported()) {
        Registration refused = refusal;
        cleanUp(() -> discardQuietly(refused.listener(), refused.section()));
      }
      for (int i = populated.size() - 1; i >= 0; i--) {
        Registration done = populated.get(i);
        cleanUp(() -> discardQuietly(done.listener(), done.section()));
      }
    }

    /**
     * The exception to throw for the refusal: a {@link ConversionRejectedException} whose cause is
     * the listener's exception, or, if the listener threw an {@link Error}, that error itself
     * (thrown from here), so that errors are never wrapped; with the clean-up failures suppressed.
     */
    RuntimeException rejection(String what) {
      if (refusal == null || refusalCause == null) {
        throw new AssertionError("no refusal recorded");
      }
      return failure(
          refusalCause instanceof Error
              ? refusalCause
              : new ConversionRejectedException(
                  what, refusalCause, refusal.section(), refusal.listener()));
    }

    /**
     * {@code primary}, the reason the call failed, ready to be thrown unchanged (an {@link Error}
     * is thrown from here), with the clean-up failures suppressed.
     */
    RuntimeException failure(Throwable primary) {
      Failures failures = new Failures(primary);
      cleanupFailures.forEach(failures::add);
      return Failures.unchecked(primary);
    }
  }
}
