/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The libraries work as named modules, not only on the class path where every other test runs them.
 * The test puts the artifacts of core-api, the workloads, the TCK, the three backend modules and
 * their dependencies (the jars or {@code target/classes} directories Maven gave this module) on a
 * module path of their own, resolves {@code io.github.ramattr} with service binding, and uses the
 * result through a fresh {@link ModuleLayer} whose class loader does not see the class path.
 *
 * <p>So it fails if a module descriptor is missing or wrong: a backend without {@code provides
 * io.github.ramattr.spi.SharedStateStoreProvider} is not bound, a missing {@code requires} or a
 * split package fails resolution, a backend class reaching a package its module does not read fails
 * when the store is used.
 */
class ModulePathTest {
  private static final String CORE = "io.github.ramattr";
  private static final String TCK = "io.github.ramattr.tck";

  /** Backend name to the module that must provide it. */
  private static final Map<String, String> BACKENDS =
      new TreeMap<>(
          Map.of(
              "bitmap", "io.github.ramattr.bitmap",
              "interval", "io.github.ramattr.interval",
              "interval-primitive", "io.github.ramattr.interval",
              "maple", "io.github.ramattr.maple"));

  /**
   * One class of each artifact of the module path; its code source is the artifact. Only these are
   * on the module path: the ramattr modules and what they require, nothing else of the class path.
   */
  private static final List<String> ANCHORS =
      List.of(
          "io.github.ramattr.RamBlockAttribute",
          "io.github.ramattr.tck.ReferenceModel",
          "io.github.ramattr.workloads.Workloads",
          "io.github.ramattr.bitmap.BitmapStoreProvider",
          "io.github.ramattr.interval.IntervalProvider",
          "io.github.ramattr.maple.MapleStoreProvider",
          "com.google.common.collect.TreeRangeSet",
          "com.google.common.util.concurrent.internal.InternalFutureFailureAccess",
          "it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap",
          "org.junit.jupiter.api.Test",
          "org.junit.jupiter.params.ParameterizedTest",
          "org.junit.platform.commons.JUnitException",
          "org.opentest4j.AssertionFailedError");

  private ClassLoader savedContextLoader;

  @BeforeEach
  void saveContextLoader() {
    savedContextLoader = Thread.currentThread().getContextClassLoader();
  }

  @AfterEach
  void restoreContextLoader() {
    Thread.currentThread().setContextClassLoader(savedContextLoader);
  }

  private static Path[] modulePath() throws ClassNotFoundException, URISyntaxException {
    List<Path> paths = new ArrayList<>();
    for (String anchor : ANCHORS) {
      Class<?> type = Class.forName(anchor, false, ModulePathTest.class.getClassLoader());
      paths.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
    return paths.toArray(Path[]::new);
  }

  /** Resolves the core module and binds every provider of the services it uses. */
  private static Configuration resolve() throws Exception {
    Path[] path = modulePath();
    return ModuleLayer.boot()
        .configuration()
        .resolveAndBind(ModuleFinder.of(path), ModuleFinder.of(), Set.of(CORE, TCK));
  }

  private static ModuleLayer layer(Configuration configuration) {
    // The platform class loader as parent: classes come from the module path, never from the
    // class path this test runs on.
    return ModuleLayer.boot()
        .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
  }

  @Test
  void ramattrModules_areExplicitModules_andBackendsAreBoundThroughProvides() throws Exception {
    Configuration configuration = resolve();
    Set<String> resolved =
        configuration.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
    for (String module : BACKENDS.values()) {
      // Backends are no roots: only their `provides` clause can have brought them in.
      assertTrue(resolved.contains(module), module + " not bound; resolved: " + resolved);
    }
    for (String module : List.of(CORE, TCK)) {
      assertTrue(resolved.contains(module), module + " not resolved; resolved: " + resolved);
    }
    for (ResolvedModule module : configuration.modules()) {
      if (module.name().startsWith("io.github.ramattr")) {
        assertFalse(
            module.reference().descriptor().isAutomatic(),
            module.name() + " has no module-info: " + module.reference().location());
      }
    }
  }

  @Test
  void registry_inTheLayer_findsEveryBackendInItsModule() throws Exception {
    ModuleLayer layer = layer(resolve());
    ClassLoader loader = layer.findLoader(CORE);
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> registry = Class.forName("io.github.ramattr.spi.SharedStateStores", true, loader);
    Class<?> storeType = Class.forName("io.github.ramattr.spi.SharedStateStore", true, loader);
    assertSame(layer, registry.getModule().getLayer(), "registry loaded from the class path");

    assertEquals(new ArrayList<>(BACKENDS.keySet()), registry.getMethod("available").invoke(null));

    Method create = registry.getMethod("create", String.class, long.class);
    Method setShared = storeType.getMethod("setShared", long.class, long.class);
    Method sharedRunCount = storeType.getMethod("sharedRunCount");
    for (Map.Entry<String, String> backend : BACKENDS.entrySet()) {
      Object store = create.invoke(null, backend.getKey(), 1L << 20);
      Module module = store.getClass().getModule();
      assertEquals(backend.getValue(), module.getName(), backend.getKey() + "'s store");
      assertSame(layer, module.getLayer(), backend.getKey() + "'s store");
      // A split and a merge, so the backend's own dependencies (Guava, fastutil) are used.
      setShared.invoke(store, 10L, 20L);
      setShared.invoke(store, 30L, 40L);
      setShared.invoke(store, 15L, 35L);
      assertEquals(1L, sharedRunCount.invoke(store), backend.getKey());
    }
  }

  @Test
  void facadeAndTck_inTheLayer_work() throws Exception {
    ModuleLayer layer = layer(resolve());
    ClassLoader loader = layer.findLoader(CORE);
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> attributeType = Class.forName("io.github.ramattr.RamBlockAttribute", true, loader);
    Object builder = attributeType.getMethod("builder").invoke(null);
    builder.getClass().getMethod("regionSize", long.class).invoke(builder, 1L << 30);
    Object attribute = builder.getClass().getMethod("build").invoke(builder);
    // The default backend is maple when it is present, so it was found on the module path.
    assertEquals("maple", attributeType.getMethod("backendName").invoke(attribute));

    Class<?> model = Class.forName("io.github.ramattr.tck.ReferenceModel", true, loader);
    assertEquals(TCK, model.getModule().getName());
    Object reference = model.getConstructor(long.class).newInstance(64L);
    assertNotNull(reference);
    assertTrue(
        Class.forName("io.github.ramattr.spi.SharedStateStore", false, loader)
            .isInstance(reference));
  }
}
