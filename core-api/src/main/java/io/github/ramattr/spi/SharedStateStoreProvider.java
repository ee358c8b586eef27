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

  /** The backend's name, such as {@code "bitmap"}, {@code "interval"} or {@code "maple"}. */
  String name();

  /**
   * Largest page count this backend can hold. {@link SharedStateStores#create} refuses larger
   * counts before calling {@link #create}.
   */
  default long maxPageCount() {
    return Long.MAX_VALUE;
  }

  /**
   * Returns a new store of {@code pageCount} pages, all private.
   *
   * @throws IllegalArgumentException if {@code pageCount} is negative or over {@link
   *     #maxPageCount()}
   */
  SharedStateStore create(long pageCount);
}
