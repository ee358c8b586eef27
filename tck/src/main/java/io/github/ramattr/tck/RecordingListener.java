/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RamDiscardListener} that appends every callback to a {@link NotificationLog} shared with
 * other listeners, and can be told to refuse populates ({@link #failOn}), to throw from discards
 * ({@link #throwOnDiscard}), to claim or deny double-discard support, and to run a check from
 * inside each callback ({@link #onCallback}).
 *
 * <p>Each callback runs, in this order: the {@link CallbackHook} (it sees the facade as the
 * listener does), the effect of the callback ({@link #applyPopulate}/{@link #applyDiscard}, which
 * subclasses such as {@link VfioModelListener} override), the log entry, then the injected
 * exception, if any. An exception or error thrown by the hook is remembered in {@link
 * #callbackErrors()} and rethrown, so a test can detect a check that the facade swallowed.
 *
 * <p>Not thread-safe: the facade calls a listener from one converting thread at a time.
 */
public class RecordingListener implements RamDiscardListener {

  /** A check run from inside each callback, before the callback takes effect. */
  @FunctionalInterface
  public interface CallbackHook {
    /**
     * Called with the listener, the kind of callback and its section.
     *
     * @throws AssertionError (or anything) to report a failed check
     */
    void during(RecordingListener listener, Kind kind, MemoryRegionSection section);
  }

  private final String id;
  private final NotificationLog log;
  private boolean doubleDiscard = true;
  private boolean discardThrows;
  private FailurePlan failure = FailurePlan.never();
  private CallbackHook hook = (listener, kind, section) -> {};
  private int populatesSincePlan;
  private long populateCalls;
  private long discardCalls;
  private @Nullable RuntimeException lastFailure;
  private final List<Throwable> callbackErrors = new ArrayList<>();

  /**
   * A listener that supports double discard and never fails.
   *
   * @param id the name it has in the log and in {@link #toString()}
   * @param log the log it appends to, usually shared with other listeners
   * @throws NullPointerException if an argument is null
   */
  public RecordingListener(String id, NotificationLog log) {
    this.id = Objects.requireNonNull(id, "id");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** This listener's id. */
  public final String id() {
    return id;
  }

  /** The log this listener appends to. */
  public final NotificationLog log() {
    return log;
  }

  /** Sets what {@link #doubleDiscardSupported()} answers (default true); returns this. */
  public RecordingListener supportDoubleDiscard(boolean supported) {
    this.doubleDiscard = supported;
    return this;
  }

  /**
   * Sets when populates are refused, and restarts the call count the plan uses; returns this.
   *
   * @throws NullPointerException if {@code plan} is null
   */
  public RecordingListener failOn(FailurePlan plan) {
    this.failure = Objects.requireNonNull(plan, "plan");
    this.populatesSincePlan = 0;
    return this;
  }

  /**
   * Makes every later discard throw an {@link InjectedFailure} after taking effect; returns this.
   */
  public RecordingListener throwOnDiscard(boolean throwing) {
    this.discardThrows = throwing;
    return this;
  }

  /**
   * Sets the check run from inside each callback; returns this.
   *
   * @throws NullPointerException if {@code hook} is null
   */
  public RecordingListener onCallback(CallbackHook hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
    return this;
  }

  @Override
  public final boolean doubleDiscardSupported() {
    return doubleDiscard;
  }

  @Override
  public final void onPopulate(MemoryRegionSection section) {
    Objects.requireNonNull(section, "section");
    populateCalls++;
    populatesSincePlan++;
    runHook(Kind.POPULATE, section);
    RuntimeException refusal =
        applyPopulate(section, failure.failingOffset(populatesSincePlan, section));
    log.add(refusal == null ? Event.populate(id, section) : Event.refused(id, section));
    if (refusal != null) {
      lastFailure = refusal;
      throw refusal;
    }
  }

  @Override
  public final void onDiscard(MemoryRegionSection section) {
    Objects.requireNonNull(section, "section");
    discardCalls++;
    runHook(Kind.DISCARD, section);
    applyDiscard(section);
    log.add(Event.discard(id, section));
    if (discardThrows) {
      throw new InjectedFailure(id + " injected failure discarding " + section);
    }
  }

  /**
   * The effect of a populate. The default does nothing but build the refusal.
   *
   * @param section the section given
   * @param failingOffset the region offset where the {@link FailurePlan} makes it fail, or -1
   * @return the exception to throw, or null to accept the populate
   */
  protected @Nullable RuntimeException applyPopulate(
      MemoryRegionSection section, long failingOffset) {
    return failingOffset < 0 ? null : refusal(section, failingOffset);
  }

  /** The effect of a discard. The default does nothing. */
  protected void applyDiscard(MemoryRegionSection section) {}

  /** The injected exception for a populate of {@code section} failing at {@code offset}. */
  protected final InjectedFailure refusal(MemoryRegionSection section, long offset) {
    return new InjectedFailure(
        id + " injected failure populating " + section + " at offset " + offset);
  }

  /** The exception the last refused populate threw, or null if none was refused. */
  public final @Nullable RuntimeException lastFailure() {
    return lastFailure;
  }

  /** What the {@link CallbackHook} threw, oldest first (each was also rethrown). */
  public final List<Throwable> callbackErrors() {
    return new ArrayList<>(callbackErrors);
  }

  /** Number of {@code onPopulate} calls, refused ones included. */
  public final long populateCalls() {
    return populateCalls;
  }

  /** Number of {@code onDiscard} calls. */
  public final long discardCalls() {
    return discardCalls;
  }

  private void runHook(Kind kind, MemoryRegionSection section) {
    try {
      hook.during(this, kind, section);
    } catch (RuntimeException | Error e) {
      callbackErrors.add(e);
      throw e;
    }
  }

  /** The id: the facade names listeners by {@code toString()} in its messages. */
  @Override
  public String toString() {
    return id;
  }
}
