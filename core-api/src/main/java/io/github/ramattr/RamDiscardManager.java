/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

import java.util.function.Consumer;

/**
 * QEMU's {@code RamDiscardManager}: which parts of a memory region are populated (shared) and which
 * are discarded (private), with listeners told of every change. All offsets are bytes within the
 * region; a section must lie wholly inside it.
 *
 * <p>Two implementations here, both thread-safe: {@link RamBlockAttribute}, one source's state
 * (QEMU 10.1's model), and {@link MultiSourceDiscardManager}, the AND of several sources (QEMU
 * 11's).
 */
public interface RamDiscardManager {

  /**
   * The granularity of state changes in bytes: the block size.
   *
   * @return the block size in bytes, a positive power of two; a {@link MultiSourceDiscardManager}
   *     with no sources answers 0, as QEMU 11 does
   */
  long minGranularity();

  /**
   * Whether every block the section touches is populated. The section is aligned outward to whole
   * blocks; an empty section is populated.
   *
   * @param section the bytes to check, within the region
   * @return true if every block the section touches is shared
   * @throws IllegalArgumentException if the section does not lie within the region
   * @throws NullPointerException if {@code section} is null
   */
  boolean isPopulated(MemoryRegionSection section);

  /**
   * Calls {@code visitor} once per maximal populated run, clipped to {@code section}, in ascending
   * order. An exception from the visitor stops the replay and propagates; nothing changes.
   *
   * @param section the bytes to replay, within the region
   * @param visitor called with each populated run, as a section
   * @throws IllegalArgumentException if the section does not lie within the region
   * @throws NullPointerException if an argument is null
   */
  void replayPopulated(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor);

  /**
   * Calls {@code visitor} once per maximal discarded run, clipped to {@code section}, in ascending
   * order. An exception from the visitor stops the replay and propagates; nothing changes.
   *
   * @param section the bytes to replay, within the region
   * @param visitor called with each discarded run, as a section
   * @throws IllegalArgumentException if the section does not lie within the region
   * @throws NullPointerException if an argument is null
   */
  void replayDiscarded(MemoryRegionSection section, Consumer<MemoryRegionSection> visitor);

  /**
   * Registers {@code listener} for changes within {@code section} and replays to it, with {@link
   * RamDiscardListener#onPopulate}, the populated runs in the section (maximal, ascending).
   *
   * @param listener the listener to register
   * @param section the bytes it follows, within the region
   * @throws ConversionRejectedException if the listener refuses the replay: it is then sent
   *     discards for what it got and is not registered
   * @throws IllegalArgumentException if the listener is already registered, or the section does not
   *     lie within the region
   * @throws NullPointerException if an argument is null
   */
  void registerListener(RamDiscardListener listener, MemoryRegionSection section);

  /**
   * Unregisters {@code listener}, first discarding its section: one discard for the whole section
   * if it supports double discard, else one per populated run in it.
   *
   * @param listener a registered listener
   * @throws IllegalArgumentException if the listener is not registered
   * @throws NullPointerException if {@code listener} is null
   */
  void unregisterListener(RamDiscardListener listener);
}
