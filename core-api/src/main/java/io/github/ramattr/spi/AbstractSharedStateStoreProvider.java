/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The skeleton of a {@link SharedStateStoreProvider}: a provider is a name, a page-count limit and
 * the store's constructor, so a backend's provider is one constructor that passes the three here.
 * {@link java.util.ServiceLoader} still needs a public class with a public no-argument constructor
 * per backend, so each backend declares a small final subclass:
 *
 * <pre>{@code
 * public final class MyProvider extends AbstractSharedStateStoreProvider {
 *   public MyProvider() {
 *     super("mine", MyStore.MAX_PAGE_COUNT, MyStore::new);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #create} checks nothing itself: a store built on {@link AbstractSharedStateStore}
 * checks its page count against the same limit in its constructor. Thread-safe: it holds no mutable
 * state.
 */
public abstract class AbstractSharedStateStoreProvider implements SharedStateStoreProvider {
  private final String name;
  private final long maxPageCount;
  private final LongFunction<? extends SharedStateStore> factory;

  /**
   * Creates a provider.
   *
   * @param name the backend's name, {@link #name()}
   * @param maxPageCount the largest page count the stores hold, {@link #maxPageCount()}
   * @param factory makes a store of a page count, all private, checking the count
   * @throws IllegalArgumentException if {@code name} is empty or {@code maxPageCount} negative
   */
  protected AbstractSharedStateStoreProvider(
      String name, long maxPageCount, LongFunction<? extends SharedStateStore> factory) {
    this.name = Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a provider name must not be empty");
    }
    if (maxPageCount < 0) {
      throw new IllegalArgumentException(
          "maxPageCount " + maxPageCount + " of provider " + name + " is negative");
    }
    this.maxPageCount = maxPageCount;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * Creates a provider whose stores hold any non-negative page count ({@link Long#MAX_VALUE}).
   *
   * @param name the backend's name, {@link #name()}
   * @param factory makes a store of a page count, all private, checking the count
   * @throws IllegalArgumentException if {@code name} is empty
   */
  protected AbstractSharedStateStoreProvider(
      String name, LongFunction<? extends SharedStateStore> factory) {
    this(name, Long.MAX_VALUE, factory);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final long maxPageCount() {
    return maxPageCount;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code pageCount} is negative or over {@link
   *     #maxPageCount()} (the store's constructor checks it)
   */
  @Override
  public final SharedStateStore create(long pageCount) {
    return factory.apply(pageCount);
  }
}
