/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.tck.NotificationLog.Event;
import io.github.ramattr.tck.NotificationLog.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An attribute under test with its listeners: registers them (remembering their sections, newest
 * first, as the facade must), and computes from the specification, independently of the facade,
 * what they must be told and what they must have mapped.
 *
 * <p>Sections and offsets here always lie inside the region, and a region is at most {@link
 * Long#MAX_VALUE} bytes, so plain {@code long} sums cannot overflow.
 */
public final class FacadeFixture {
  private final RamBlockAttribute attribute;
  private final NotificationLog log = new NotificationLog();
  private final List<Registration> newestFirst = new ArrayList<>();

  /** A registered listener and its section. */
  private record Registration(
      RamDiscardListener listener, String id, MemoryRegionSection section) {}

  /**
   * A fixture over {@code attribute}, which must have no listeners yet.
   *
   * @throws NullPointerException if {@code attribute} is null
   */
  public FacadeFixture(RamBlockAttribute attribute) {
    this.attribute = Objects.requireNonNull(attribute, "attribute");
  }

  /** The attribute under test. */
  public RamBlockAttribute attribute() {
    return attribute;
  }

  /** The log every listener made by this fixture appends to. */
  public NotificationLog log() {
    return log;
  }

  /** A new {@link RecordingListener} on this fixture's log (not registered). */
  public RecordingListener recorder(String id) {
    return new RecordingListener(id, log);
  }

  /**
   * A new {@link VfioModelListener} on this fixture's log, at block granularity (not registered).
   */
  public VfioModelListener vfio(String id) {
    return new VfioModelListener(id, log, attribute.blockSize());
  }

  /**
   * Registers {@code listener} with the attribute and, if that succeeds, remembers it as the
   * newest. Exceptions from the facade propagate, and the listener is then not remembered.
   *
   * @return {@code listener}
   */
  public <L extends RecordingListener> L register(L listener, MemoryRegionSection section) {
    attribute.registerListener(listener, section);
    newestFirst.add(0, new Registration(listener, listener.id(), section));
    return listener;
  }

  /** Unregisters {@code listener} from the attribute and forgets it. */
  public void unregister(RecordingListener listener) {
    attribute.unregisterListener(listener);
    newestFirst.removeIf(registration -> registration.listener() == listener);
  }

  /**
   * The section {@code listener} was registered with.
   *
   * @throws IllegalArgumentException if it is not registered through this fixture
   */
  public MemoryRegionSection sectionOf(RamDiscardListener listener) {
    for (Registration registration : newestFirst) {
      if (registration.listener() == listener) {
        return registration.section();
      }
    }
    throw new IllegalArgumentException(listener + " is not registered");
  }

  /** Whether {@code listener} is registered through this fixture. */
  public boolean isRegistered(RamDiscardListener listener) {
    return newestFirst.stream().anyMatch(registration -> registration.listener() == listener);
  }

  /**
   * What the specification says one notification of {@code [offset, offset + size)} sends: one
   * event per registered listener whose section meets the range, newest registered first, with the
   * section clipped to the range and its address-space offset shifted alike.
   */
  public List<Event> expectedFanOut(long offset, long size, Kind kind) {
    List<Event> events = new ArrayList<>();
    for (Registration registration : newestFirst) {
      clip(registration.section(), offset, size)
          .ifPresent(
              clipped ->
                  events.add(
                      kind == Kind.POPULATE
                          ? Event.populate(registration.id(), clipped)
                          : Event.discard(registration.id(), clipped)));
    }
    return events;
  }

  /**
   * {@code section} clipped to {@code [offset, offset + size)}, address-space offset shifted by as
   * much as the region offset; empty if they do not overlap. Written from the specification for
   * in-region values, as an oracle for {@link MemoryRegionSection#intersect}.
   */
  public static Optional<MemoryRegionSection> clip(
      MemoryRegionSection section, long offset, long size) {
    long start = Math.max(section.offsetWithinRegion(), offset);
    long end = Math.min(section.offsetWithinRegion() + section.size(), offset + size);
    if (end <= start) {
      return Optional.empty();
    }
    return Optional.of(
        new MemoryRegionSection(
            start,
            end - start,
            section.offsetWithinAddressSpace() + (start - section.offsetWithinRegion())));
  }

  /** The store's shared runs, first page -> end page (exclusive). */
  public NavigableMap<Long, Long> storeRuns() {
    return runsOf(attribute.store());
  }

  /** {@code store}'s shared runs, first page -> end page (exclusive). */
  public static NavigableMap<Long, Long> runsOf(SharedStateStore store) {
    NavigableMap<Long, Long> runs = new TreeMap<>();
    store.forEachSharedRun(0, store.pageCount(), runs::put);
    return runs;
  }

  /** The shared bytes of the region, start -> end (exclusive), maximal ranges. */
  public NavigableMap<Long, Long> sharedBytes() {
    NavigableMap<Long, Long> bytes = new TreeMap<>();
    long block = attribute.blockSize();
    for (Map.Entry<Long, Long> run : storeRuns().entrySet()) {
      // The partial last block can never be shared, so block multiples stay inside the region.
      bytes.put(run.getKey() * block, Math.min(run.getValue() * block, attribute.regionSize()));
    }
    return bytes;
  }

  /**
   * What a VFIO listener registered with {@code section} must have mapped now: the shared bytes
   * inside the section, at their IOVA (start -> end, maximal ranges).
   */
  public NavigableMap<Long, Long> expectedMapped(MemoryRegionSection section) {
    return CombinedState.expectedMapped(sharedBytes(), section);
  }

  /**
   * Checks that every registered {@link VfioModelListener} that tracks mappings has mapped exactly
   * the shared bytes inside its section and saw no protocol violation, and that no callback check
   * failed.
   *
   * @param context printed with a failure (seed, op number, ...)
   * @throws AssertionError otherwise
   */
  public void assertListenersFollowState(String context) {
    for (Registration registration : newestFirst) {
      if (registration.listener() instanceof VfioModelListener vfio) {
        NavigableMap<Long, Long> expected = expectedMapped(registration.section());
        if (!expected.equals(vfio.mappedRanges())) {
          throw new AssertionError(
              context
                  + ": "
                  + vfio.id()
                  + " registered with "
                  + registration.section()
                  + " has mapped "
                  + vfio.mappedRanges()
                  + " but the shared bytes in its section are "
                  + expected
                  + " (store runs "
                  + storeRuns()
                  + ")");
        }
      }
    }
    assertNoViolations(context);
  }

  /**
   * Checks that no registered listener saw a protocol violation or a failed callback check.
   *
   * @throws AssertionError otherwise
   */
  public void assertNoViolations(String context) {
    for (Registration registration : newestFirst) {
      if (registration.listener() instanceof RecordingListener recorder) {
        assertNoViolations(context, recorder);
      }
    }
  }

  /**
   * Checks that {@code listener} saw no protocol violation and no failed callback check.
   *
   * @throws AssertionError otherwise
   */
  public static void assertNoViolations(String context, RecordingListener listener) {
    if (!listener.callbackErrors().isEmpty()) {
      AssertionError error =
          new AssertionError(
              context + ": a check inside a callback of " + listener.id() + " failed");
      listener.callbackErrors().forEach(error::addSuppressed);
      throw error;
    }
    if (listener instanceof VfioModelListener vfio && !vfio.violations().isEmpty()) {
      throw new AssertionError(context + ": " + vfio.violations());
    }
  }

  /**
   * Throws, as itself, the first exception or error a {@link RecordingListener.CallbackHook} of
   * {@code listeners} threw, if any. A check that fails inside a discard of a rollback does not
   * stop the rollback: the facade attaches it, suppressed, to the exception the call throws, so a
   * test calls this to fail by that check rather than by its consequences.
   */
  public static void rethrowCallbackErrors(List<? extends RecordingListener> listeners) {
    for (RecordingListener listener : listeners) {
      List<Throwable> errors = listener.callbackErrors();
      if (!errors.isEmpty()) {
        Throwable first = errors.get(0);
        if (first instanceof Error error) {
          throw error;
        }
        throw (RuntimeException) first; // a hook throws only unchecked exceptions
      }
    }
  }

  /**
   * Checks the events of one refused ATOMIC conversion or registration: accepted populates, then
   * the one refused populate (by {@code failing}), then only discards that are exactly one per
   * accepted populate, to the same listener with the same section, in reverse order, plus one
   * discard of the refused section to {@code failing} if and only if it supports double discard.
   *
   * @param context printed with a failure
   * @param events the events of the call, in order
   * @throws AssertionError otherwise
   */
  public static void assertUndone(String context, List<Event> events, RecordingListener failing) {
    int refusedAt = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).refused()) {
        if (refusedAt >= 0) {
          throw new AssertionError(context + ": two refused populates in " + events);
        }
        refusedAt = i;
      }
    }
    if (refusedAt < 0) {
      throw new AssertionError(context + ": no refused populate in " + events);
    }
    Event refusal = events.get(refusedAt);
    if (!refusal.listener().equals(failing.id())) {
      throw new AssertionError(
          context + ": refused by " + refusal.listener() + ", expected " + failing.id());
    }
    List<Event> populates = events.subList(0, refusedAt);
    List<Event> discards = new ArrayList<>(events.subList(refusedAt + 1, events.size()));
    for (Event event : populates) {
      if (event.kind() != Kind.POPULATE) {
        throw new AssertionError(context + ": a discard before the refusal in " + events);
      }
    }
    Event refusedDiscard = Event.discard(failing.id(), refusal.section());
    int found = Collections.frequency(discards, refusedDiscard);
    int wanted = failing.doubleDiscardSupported() ? 1 : 0;
    // A section populated earlier in the call can equal the refused one only for another listener
    // (a listener never gets the same run twice), so the count is unambiguous.
    if (found != wanted) {
      throw new AssertionError(
          context
              + ": "
              + failing.id()
              + (failing.doubleDiscardSupported() ? " supports" : " does not support")
              + " double discard, so it must get "
              + wanted
              + " discard(s) of the refused section, got "
              + found
              + " in "
              + events);
    }
    discards.remove(refusedDiscard);
    List<Event> expected = new ArrayList<>();
    for (int i = populates.size() - 1; i >= 0; i--) {
      expected.add(Event.discard(populates.get(i).listener(), populates.get(i).section()));
    }
    if (!expected.equals(discards)) {
      throw new AssertionError(
          context
              + ": the undo discards must be one per accepted populate in reverse order: expected "
              + expected
              + " but got "
              + discards
              + " (all events "
              + events
              + ")");
    }
  }
}
