/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr;

/**
 * Told when blocks of a registered section change state: QEMU's {@code RamDiscardListener}. VFIO is
 * the main real listener: it maps the section for DMA on populate and unmaps it on discard.
 *
 * <p>Callbacks run on the converting thread while the attribute (or the {@link
 * MultiSourceDiscardManager}) holds its lock. They may call its query methods (and see the new
 * state), but must not convert, register or unregister.
 */
public interface RamDiscardListener {

  /**
   * {@code section} (the registered section clipped to the changed range) became shared. Throwing
   * objects to the conversion; see {@link ConversionSemantics} for what follows. The caller then
   * throws {@link ConversionRejectedException} with this exception as cause, except for an {@link
   * Error}, which propagates as it is (after the same rollback).
   *
   * @param section the bytes that became shared, never empty
   */
  void onPopulate(MemoryRegionSection section);

  /**
   * {@code section} became private. Must not fail; an exception is logged and ignored, and never
   * stops the other listeners from being told.
   *
   * @param section the bytes that became private, never empty
   */
  void onDiscard(MemoryRegionSection section);

  /**
   * Whether this listener accepts a discard for memory it does not have populated (VFIO does:
   * unmapping a hole is harmless). Decides the shape of the discards it gets on unregister and
   * after a refused populate.
   *
   * @return true (the default) if a discard of memory not populated is harmless to this listener;
   *     false to be sent discards only for the populated runs
   */
  default boolean doubleDiscardSupported() {
    return true;
  }
}
