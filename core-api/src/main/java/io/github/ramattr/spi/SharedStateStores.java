/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of backends found with {@link ServiceLoader}: creates a store by backend name.
 *
 * <p>Providers are looked up on every call with the thread context class loader (falling back to
 * this class's loader), so a backend added to the class path of a running container is found. If
 * two providers claim one name, the first one found wins. In a named module, providers are the
 * modules that {@code provides io.github.ramattr.spi.SharedStateStoreProvider}.
 *
 * <p>The methods are static and keep no state between calls, so they are thread-safe.
 */
public final class SharedStateStores {
  private SharedStateStores() {}

  /**
   * Creates a store of {@code pageCount} pages, all private, with the backend called {@code name}.
   *
   * @param name the backend's provider name, such as {@code maple}
   * @param pageCount the number of pages
   * @return a new store, owned by the caller
   * @throws IllegalArgumentException if no backend has that name (the message lists the available
   *     ones), or if the backend cannot hold {@code pageCount} pages (negative or over its limit)
   * @throws NullPointerException if {@code name} is null
   */
  public static SharedStateStore create(String name, long pageCount) {
    // The provider checks the page count (AbstractSharedStateStore's constructor, for ramattr's).
    return provider(name).create(pageCount);
  }

  /**
   * Returns the provider called {@code name}.
   *
   * @param name the backend's provider name
   * @return its provider
   * @throws IllegalArgumentException if there is none; the message lists the available names
   * @throws NullPointerException if {@code name} is null
   */
  public static SharedStateStoreProvider provider(String name) {
    Objects.requireNonNull(name, "name");
    Map<String, SharedStateStoreProvider> providers = providers();
    SharedStateStoreProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException(
          "unknown ramattr backend '" + name + "'; available: " + providers.keySet());
    }
    return provider;
  }

  /**
   * Names of the available backends, sorted.
   *
   * @return an unmodifiable list of provider names, possibly empty
   */
  public static List<String> available() {
    return Collections.unmodifiableList(new ArrayList<>(providers().keySet()));
  }

  private static Map<String, SharedStateStoreProvider> providers() {
    Map<String, SharedStateStoreProvider> byName = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SharedStateStores.class.getClassLoader();
    }
    load(ServiceLoader.load(SharedStateStoreProvider.class, loader), byName);
    if (loader != SharedStateStores.class.getClassLoader()) {
      load(
          ServiceLoader.load(
              SharedStateStoreProvider.class, SharedStateStores.class.getClassLoader()),
          byName);
    }
    return byName;
  }

  private static void load(
      ServiceLoader<SharedStateStoreProvider> loader, Map<String, SharedStateStoreProvider> into) {
    for (SharedStateStoreProvider provider : loader) {
      into.putIfAbsent(provider.name(), provider);
    }
  }
}
