/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.tck.linearizability.Observed.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Records the calls of several threads as a history for {@link LinearizabilityChecker}: each call
 * gets a clock value before it starts and after it returns (one atomic counter, so a call that
 * returned before another started has the smaller value), its return value, and what the
 * {@linkplain #listener recording listeners} were told while it ran. Listener callbacks run on the
 * calling thread, so a thread-local tells which call they belong to.
 *
 * @param <S> the model's state
 */
final class HistoryRecorder<S> {
  private final AtomicLong clock = new AtomicLong();
  private final ConcurrentLinkedQueue<Call<S>> calls = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> strayCallbacks = new ConcurrentLinkedQueue<>();
  // Static: a thread makes one recorded call at a time, whichever recorder it records for.
  private static final ThreadLocal<Map<String, Effect>> effectsOfCurrentCall = new ThreadLocal<>();
  private final long blockSize;

  /**
   * A recorder for a region of blocks of {@code blockSize} bytes.
   *
   * @param blockSize the block size that listener sections are turned into block masks with
   */
  HistoryRecorder(long blockSize) {
    this.blockSize = blockSize;
  }

  /**
   * Makes one call on the current thread and records it. An exception from {@code action} is
   * recorded as its simple class name and not rethrown: a refusal or a rejected argument is a
   * result like any other, and the model predicts it.
   *
   * @param thread the worker's number, for messages
   * @param operation what the model says the call does
   * @param action the call; returns its value ({@link Observed#OK} for a void method)
   * @return the recorded value: what {@code action} returned, or the exception's simple name
   */
  Object call(int thread, SequentialOperation<S> operation, Supplier<Object> action) {
    Map<String, Effect> effects = new TreeMap<>();
    effectsOfCurrentCall.set(effects);
    long invoked = clock.incrementAndGet();
    Object value;
    try {
      value = action.get();
    } catch (RuntimeException e) {
      value = e.getClass().getSimpleName();
    } finally {
      effectsOfCurrentCall.remove();
    }
    long returned = clock.incrementAndGet();
    if (value instanceof String name && name.endsWith("Exception")) {
      // A refused call: what a listener was told and then told back (populated, then discarded
      // by the rollback) is no effect at all. Anything else stays, and fails the comparison.
      effects.values().removeIf(effect -> effect.populated() == effect.discarded());
    }
    calls.add(new Call<>(thread, invoked, returned, operation, Observed.of(value, effects)));
    return value;
  }

  /** The calls recorded so far. */
  List<Call<S>> history() {
    return new ArrayList<>(calls);
  }

  /** Callbacks that came outside any recorded call on their thread: each one is a bug. */
  List<String> strayCallbacks() {
    return new ArrayList<>(strayCallbacks);
  }

  /**
   * A listener that adds what it is told to the effects of the current thread's call, pausing
   * inside each callback.
   */
  RamDiscardListener listener(String name) {
    return refusingListener(name, 0);
  }

  /**
   * A listener like {@link #listener}, which refuses (throws from {@code onPopulate}, after
   * recording it) every populate that touches one of the {@code poisoned} blocks.
   */
  RamDiscardListener refusingListener(String name, long poisoned) {
    return new RamDiscardListener() {
      @Override
      public void onPopulate(MemoryRegionSection section) {
        long blocks = Observed.Blocks.of(section, blockSize);
        // Recorded even when refused: it was told, and (supporting double discard) is told back.
        record(name, new Effect(blocks, 0));
        if ((blocks & poisoned) != 0) {
          throw new IllegalStateException(name + " refuses " + section);
        }
      }

      @Override
      public void onDiscard(MemoryRegionSection section) {
        record(name, new Effect(0, Observed.Blocks.of(section, blockSize)));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * Parks the calling thread briefly (a microsecond asked, some tens of microseconds in practice:
   * the kernel's timer slack). Called inside listener callbacks and replay visitors, that is while
   * the object under test holds its lock, so that calls of other threads reach it meanwhile and
   * histories are really concurrent.
   */
  static void pauseInsideCall() {
    LockSupport.parkNanos(1_000);
  }

  private void record(String listener, Effect effect) {
    pauseInsideCall();
    Map<String, Effect> effects = effectsOfCurrentCall.get();
    if (effects == null) {
      strayCallbacks.add(listener + " told " + effect + " outside a call");
      return;
    }
    effects.merge(listener, effect, Effect::plus);
  }
}
