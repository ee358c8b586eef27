/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized differential runs of a backend against {@link ReferenceModel}. A backend's
 * tests extend it with one line:
 *
 * <pre>{@code
 * class BitmapDifferentialTest extends SharedStateStoreDifferentialTest {
 *   @Override protected SharedStateStoreProvider provider() { return new BitmapStoreProvider(); }
 * }
 * }</pre>
 *
 * <p>115,000 operations in all, over page counts 1, 63, 65, 4113, 2^20+17 and 2^36+17 (a page count
 * the backend cannot hold is skipped). Every operation's result is compared with the model at once;
 * every few hundred operations the whole state is compared and {@link
 * StoreInvariants#assertInvariants} runs. The operations are setShared, setPrivate, nextShared,
 * nextPrivate, isShared, both run walks over random windows, sharedCount and sharedRunCount; their
 * pages are biased towards existing run edges (and one page either side), the first and last page,
 * 64-page and 512-page (2 MiB) boundaries and whole-store ranges.
 *
 * <p>Then every workload of docs/workloads.md that the memory census measures, at 1 GiB with its
 * default seed, from the shared generator ({@link Workloads}): the backend's store and the model
 * must end in the same state, so the census rows of every backend measure the same pages.
 *
 * <p>The seed is fixed unless {@code -Dramattr.tck.seed=N} is given; it is printed at the start of
 * every run and in every failure, with the number and text of the failing operation and the
 * operations before it.
 */
public abstract class SharedStateStoreDifferentialTest {

  /** System property that replaces the fixed default seed: {@code -Dramattr.tck.seed=N}. */
  public static final String SEED_PROPERTY = RandomOps.SEED_PROPERTY;

  /**
   * System property that multiplies the operation counts: {@code -Dramattr.tck.scale=20} for longer
   * local runs, a fraction such as {@code 0.1} for short ones (mutation testing runs every suite
   * once per surviving mutant). Default 1; every run keeps at least one operation.
   */
  public static final String SCALE_PROPERTY = "ramattr.tck.scale";

  /** For subclasses, which name the backend under test. */
  protected SharedStateStoreDifferentialTest() {}

  /**
   * The backend under test; called once per run.
   *
   * @return a provider
   */
  protected abstract SharedStateStoreProvider provider();

  /**
   * The largest page count the runs may use: the provider's {@link
   * SharedStateStoreProvider#maxPageCount()} unless overridden, for a backend whose stores are
   * allocated eagerly and would not fit in the test JVM's heap at its maximum.
   *
   * @return a page count limit
   */
  protected long maxTestedPageCount() {
    return provider().maxPageCount();
  }

  /**
   * One differential run of {@code ops} operations on a store of {@code pageCount} pages, with the
   * default or the configured seed.
   *
   * @param pageCount store size
   * @param ops number of operations
   */
  @ParameterizedTest(name = "pageCount {0}, {1} ops")
  @CsvSource({
    "1, 5000",
    "63, 20000",
    "65, 20000",
    "4113, 35000",
    "1048593, 25000",
    "68719476753, 10000"
  })
  public void randomOps_matchReferenceModel(long pageCount, int ops) {
    assumeTrue(
        pageCount <= maxTestedPageCount(),
        () -> provider().name() + " cannot hold " + pageCount + " pages here");
    runDifferential(pageCount, scaled(ops), RandomOps.seed());
  }

  /** A 1 GiB block of 4 KiB pages, the smallest block size of docs/workloads.md. */
  private static final long WORKLOAD_REGION = 1L << 30;

  /**
   * The names of the census's workloads that apply to a 1 GiB block.
   *
   * @return workload names, as {@link Workloads#byName} takes them
   */
  public static Stream<String> censusWorkloadsAt1GiB() {
    return Workloads.census().stream()
        .filter(w -> w.unsupported(WORKLOAD_REGION).isEmpty())
        .map(Workload::name);
  }

  /**
   * Builds workload {@code name} at 1 GiB with its default seed in a new store and in a reference
   * model, one conversion at a time, and compares the end states and the store's invariants.
   *
   * @param name a workload name
   */
  @ParameterizedTest(name = "{0} at 1 GiB")
  @MethodSource("censusWorkloadsAt1GiB")
  public void censusWorkload_at1GiB_matchesReferenceModel(String name) {
    long pages = WORKLOAD_REGION / 4096;
    assumeTrue(
        pages <= maxTestedPageCount(),
        () -> provider().name() + " cannot hold " + pages + " pages here");
    Workload workload = Workloads.byName(name);
    long seed = workload.defaultSeed(WORKLOAD_REGION);
    SharedStateStore store = provider().create(pages);
    ReferenceModel model = new ReferenceModel(pages);
    workload
        .conversions(WORKLOAD_REGION, seed)
        .forEach(
            c -> {
              c.applyTo(store);
              c.applyTo(model);
            });
    String context = name + " at 1 GiB, seed " + seed;
    StoreInvariants.assertSameState(model, store, context);
    try {
      StoreInvariants.assertInvariants(store);
    } catch (AssertionError e) { // its message names the store, not the workload that built it
      throw new AssertionError(context + ": " + e.getMessage(), e);
    }
  }

  /**
   * Scales an operation count by {@link #SCALE_PROPERTY}, so that a backend's own randomized tests
   * can follow the same setting.
   *
   * @param ops the operation count at scale 1
   * @return {@code ops} times the factor, rounded, at least 1
   * @throws IllegalArgumentException if the property is not a positive number or the result does
   *     not fit an int
   */
  public static int scaled(int ops) {
    String value = System.getProperty(SCALE_PROPERTY, "1");
    double scale;
    try {
      scale = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SCALE_PROPERTY + "=" + value + " is not a number", e);
    }
    if (!(scale > 0) || ops * scale > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "-D"
              + SCALE_PROPERTY
              + "="
              + value
              + " must be positive and keep "
              + ops
              + " ops an int");
    }
    return (int) Math.max(1, Math.round(ops * scale));
  }

  /**
   * Runs {@code ops} seeded random operations on a new store of {@code pageCount} pages and on a
   * reference model, comparing them throughout. Public so that a backend can add runs of its own
   * (other sizes, longer runs) and so that the TCK's own tests can show it fails on broken stores.
   *
   * @throws AssertionError at the first difference, naming seed, operation number and operation
   */
  public final void runDifferential(long pageCount, int ops, long seed) {
    SharedStateStore store = provider().create(pageCount);
    int fullCheckEvery = pageCount <= StoreInvariants.EXHAUSTIVE_LIMIT ? 101 : 499;
    new RandomOps(store, seed, 0, fullCheckEvery).run(ops);
  }
}
