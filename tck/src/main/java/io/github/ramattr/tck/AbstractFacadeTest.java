/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardManager;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;

/**
 * What the facade suites share: the backend under test ({@link #provider()}) and attributes built
 * over its stores. A backend's test subclasses a suite with one line:
 *
 * <pre>{@code
 * class BitmapQemuSemanticsTest extends QemuSemanticsTest {
 *   @Override protected SharedStateStoreProvider provider() { return new BitmapStoreProvider(); }
 * }
 * }</pre>
 *
 * Tests build everything they use inside the test method (no {@code @BeforeEach}), so a test method
 * can also be called directly, as the TCK's own tests do to show that a suite detects a broken
 * store.
 */
public abstract class AbstractFacadeTest {

  /** The block size most tests use: one 4 KiB page, as QEMU. */
  protected static final long BLOCK = 4096;

  /** For subclasses, which name the backend under test. */
  protected AbstractFacadeTest() {}

  /** The backend under test. */
  protected abstract SharedStateStoreProvider provider();

  /** The stores this test made through {@link #newStore}, checked after it. */
  private final List<SharedStateStore> storesMade = new ArrayList<>();

  /**
   * A new store of {@link #provider()} over {@code pages} pages; the test is skipped (not failed)
   * if the backend cannot hold that many. Every store made here is checked by {@link
   * StoreInvariants#assertInvariants} after the test, whatever the test asserted itself (as
   * Caffeine's suites validate every cache a test touched): a facade that left its store
   * inconsistent fails the test that did it.
   */
  protected SharedStateStore newStore(long pages) {
    assumeTrue(
        pages <= provider().maxPageCount(),
        () -> provider().name() + " cannot hold " + pages + " pages");
    SharedStateStore store = provider().create(pages);
    storesMade.add(store);
    return store;
  }

  /** Runs after every test of a facade suite: see {@link #newStore}. */
  @AfterEach
  void everyStoreMadeKeepsItsInvariants() {
    for (SharedStateStore store : storesMade) {
      StoreInvariants.assertInvariants(store);
    }
  }

  /**
   * An attribute of {@code regionSize} bytes over a new store of {@link #provider()}, built with
   * {@code RamBlockAttribute.builder().regionSize(..).blockSize(..).semantics(..).store(..)}. The
   * test is skipped (not failed) if the backend cannot hold that many pages.
   */
  protected RamBlockAttribute attribute(
      long regionSize, long blockSize, ConversionSemantics semantics) {
    long pages = RamBlockAttribute.pageCount(regionSize, blockSize);
    return RamBlockAttribute.builder()
        .regionSize(regionSize)
        .blockSize(blockSize)
        .semantics(semantics)
        .store(newStore(pages))
        .build();
  }

  /** A fixture over an attribute of {@code blocks} blocks of {@link #BLOCK} bytes. */
  protected FacadeFixture fixture(long blocks, ConversionSemantics semantics) {
    return new FacadeFixture(attribute(blocks * BLOCK, BLOCK, semantics));
  }

  /** {@code n} blocks, in bytes. */
  protected static long b(long n) {
    return n * BLOCK;
  }

  /** The section of blocks {@code [from, to)}, seen at the same address-space offset. */
  protected static MemoryRegionSection blocks(long from, long to) {
    return MemoryRegionSection.of(b(from), b(to - from));
  }

  /**
   * The sections {@code manager} replays in {@code section}, in the order visited: its populated
   * runs, or else its discarded ones.
   */
  protected static List<MemoryRegionSection> replayed(
      RamDiscardManager manager, MemoryRegionSection section, boolean populated) {
    List<MemoryRegionSection> visited = new ArrayList<>();
    if (populated) {
      manager.replayPopulated(section, visited::add);
    } else {
      manager.replayDiscarded(section, visited::add);
    }
    return visited;
  }

  /** Runs of blocks as {@code from -> to}, from pairs {@code from0, to0, from1, to1, ...}. */
  protected static NavigableMap<Long, Long> pageRuns(long... fromTo) {
    NavigableMap<Long, Long> runs = new TreeMap<>();
    for (int i = 0; i < fromTo.length; i += 2) {
      runs.put(fromTo[i], fromTo[i + 1]);
    }
    return runs;
  }
}
