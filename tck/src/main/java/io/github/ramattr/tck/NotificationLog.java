/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import io.github.ramattr.MemoryRegionSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered log of listener callbacks, shared by several {@link RecordingListener}s so that the
 * order across listeners can be checked: "b was told before a", "c was never told". Thread-safe.
 */
public final class NotificationLog {
  private final List<Event> events = new ArrayList<>();
  private final boolean keeping;

  /** A log that keeps every event. */
  public NotificationLog() {
    this(true);
  }

  private NotificationLog(boolean keeping) {
    this.keeping = keeping;
  }

  /**
   * A log that drops every event, for listeners whose log nobody reads (benchmarks), so that it
   * does not grow without bound.
   */
  public static NotificationLog discarding() {
    return new NotificationLog(false);
  }

  /** What a callback was. */
  public enum Kind {
    /** {@code onPopulate}. */
    POPULATE,
    /** {@code onDiscard}. */
    DISCARD
  }

  /**
   * One callback: which listener, which kind, which section, and (for a populate) whether the
   * listener refused it by throwing.
   *
   * @param listener the listener's id
   * @param kind populate or discard
   * @param section the section the listener was given
   * @param refused true for a populate the listener threw on; always false for a discard
   */
  public record Event(String listener, Kind kind, MemoryRegionSection section, boolean refused) {
    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if a discard is marked refused
     */
    public Event {
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(section, "section");
      if (refused && kind == Kind.DISCARD) {
        throw new IllegalArgumentException("a discard cannot be refused: " + section);
      }
    }

    /** A populate the listener accepted. */
    public static Event populate(String listener, MemoryRegionSection section) {
      return new Event(listener, Kind.POPULATE, section, false);
    }

    /** A populate the listener refused by throwing. */
    public static Event refused(String listener, MemoryRegionSection section) {
      return new Event(listener, Kind.POPULATE, section, true);
    }

    /** A discard. */
    public static Event discard(String listener, MemoryRegionSection section) {
      return new Event(listener, Kind.DISCARD, section, false);
    }

    /** Compact and hex, so that a failed list comparison reads well. */
    @Override
    public String toString() {
      return listener
          + ":"
          + (refused ? "REFUSED_POPULATE" : kind)
          + "[0x"
          + Long.toHexString(section.offsetWithinRegion())
          + "+0x"
          + Long.toHexString(section.size())
          + "@0x"
          + Long.toHexString(section.offsetWithinAddressSpace())
          + "]";
    }
  }

  /** Appends an event (a {@link #discarding()} log drops it). */
  public synchronized void add(Event event) {
    Objects.requireNonNull(event, "event");
    if (keeping) {
      events.add(event);
    }
  }

  /** A copy of every event so far, oldest first. */
  public synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  /**
   * A copy of the events from index {@code mark} on (a mark is a {@link #size()} taken earlier).
   *
   * @throws IndexOutOfBoundsException if {@code mark} is outside {@code [0, size()]}
   */
  public synchronized List<Event> since(int mark) {
    return new ArrayList<>(events.subList(mark, events.size()));
  }

  /** Number of events so far. */
  public synchronized int size() {
    return events.size();
  }

  /** Forgets every event. */
  public synchronized void clear() {
    events.clear();
  }

  @Override
  public synchronized String toString() {
    return events.toString();
  }
}
