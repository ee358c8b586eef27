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
   */
  void call(int thread, SequentialOperation<S> operation, Supplier<Object> action) {
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
    calls.add(new Call<>(thread, invoked, returned, operation, Observed.of(value, effects)));
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
    return new RamDiscardListener() {
      @Override
      public void onPopulate(MemoryRegionSection section) {
        record(name, new Effect(Observed.Blocks.of(section, blockSize), 0));
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
