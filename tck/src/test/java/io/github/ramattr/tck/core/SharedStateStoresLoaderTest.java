/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.spi.AbstractSharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.tck.ReferenceModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which class loaders {@link SharedStateStores} asks for providers: the thread's context class
 * loader (how application servers and plugin hosts hand providers to libraries), and always its own
 * loader too. This module's test class path registers the {@code "reference"} provider.
 */
public class SharedStateStoresLoaderTest {

  /** A provider that only a services file written by the test names. */
  public static final class ContextOnlyProvider extends AbstractSharedStateStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ContextOnlyProvider() {
      super("context-only", ReferenceModel::new);
    }
  }

  private static <T> T withContextLoader(ClassLoader loader, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void providerOnlyTheContextLoaderSees_found(@TempDir Path dir) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(SharedStateStoreProvider.class.getName()),
        ContextOnlyProvider.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      List<String> names = withContextLoader(loader, SharedStateStores::available);
      assertEquals(List.of("context-only", "reference"), names);
      assertEquals(
          5,
          withContextLoader(loader, () -> SharedStateStores.create("context-only", 5)).pageCount());
    }
    assertEquals(List.of("reference"), SharedStateStores.available());
  }

  @Test
  void contextLoaderSeeingNoProvider_theLibrarysOwnStillFound() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertEquals(List.of("reference"), withContextLoader(empty, SharedStateStores::available));
    }
  }

  @Test
  void noContextLoader_theLibrarysOwnFound() throws Exception {
    assertEquals(List.of("reference"), withContextLoader(null, SharedStateStores::available));
  }

  @Test
  void unknownName_rejectedListingTheAvailable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SharedStateStores.provider("no-such"));
    assertTrue(e.getMessage().contains("no-such") && e.getMessage().contains("[reference]"));
  }
}
