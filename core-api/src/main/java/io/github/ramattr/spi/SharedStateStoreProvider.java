/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

/**
 * Creates stores of one backend. Backends register an implementation with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/io.github.ramattr.spi.SharedStateStoreProvider} and, in a named module, {@code
 * provides}); {@link SharedStateStores} finds them.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface SharedStateStoreProvider {

  /**
   * The backend's name, the key {@link SharedStateStores} and {@code ramattr.backend} select it by.
   *
   * @return a name such as {@code "bitmap"}, {@code "interval"} or {@code "maple"}; the same on
   *     every call
   */
  String name();

  /**
   * Largest page count this backend can hold: {@link #create} refuses larger counts (a store built
   * on {@link AbstractSharedStateStore} does so in its constructor).
   *
   * @return the largest page count {@link #create} accepts; {@link Long#MAX_VALUE} by default
   */
  default long maxPageCount() {
    return Long.MAX_VALUE;
  }

  /**
   * Returns a new store of {@code pageCount} pages, all private.
   *
   * @param pageCount the number of pages, in {@code [0, maxPageCount()]}
   * @return a new store, owned by the caller
   * @throws IllegalArgumentException if {@code pageCount} is negative or over {@link
   *     #maxPageCount()}
   */
  SharedStateStore create(long pageCount);
}
