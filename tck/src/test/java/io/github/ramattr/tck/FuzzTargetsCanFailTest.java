/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.ramattr.spi.SharedStateStoreProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Shows that the {@link FuzzTargets}, replaying only their committed seeds (Jazzer's regression
 * mode, as in CI), catch stores with a real bug: each target is run in-process over a {@link
 * BrokenStore} and must fail on at least one seed, while the same seeds pass on the reference model
 * ({@code selftest.ReferenceFuzzTest}).
 *
 * <p>The seed {@code BrokenTargetsInputs/facadeArguments_invalidChangeNothing/jazzer-found-*} is
 * what a short real fuzzing run found (in about a minute) for {@code SET_PRIVATE_SKIPS_LAST_PAGE},
 * which the random seeds miss:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -pl core-api,tck verify -Djazzer.args= \
 *   '-Dtest=FuzzTargetsCanFailTest$BrokenTargets#facadeArguments_invalidChangeNothing' \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   '-Dsurefire.jvm.args=-Djdk.attach.allowAttachSelf=true -Dramattr.tck.bug=SET_PRIVATE_SKIPS_LAST_PAGE'
 * </pre>
 */
class FuzzTargetsCanFailTest {

  /**
   * The bug the next run of {@link BrokenTargets} has; set before each engine run, or with {@code
   * -Dramattr.tck.bug=NAME} to fuzz a broken store from the command line.
   */
  private static volatile BrokenStore.Bug bug =
      BrokenStore.Bug.valueOf(System.getProperty("ramattr.tck.bug", "WALK_SPLITS_RUNS"));

  /**
   * The targets over a broken store. Not run by surefire itself (a nested class); its seeds are in
   * {@code src/test/resources/io/github/ramattr/tck/BrokenTargetsInputs/}, copies of the reference
   * model's.
   */
  static class BrokenTargets extends FuzzTargets {
    @Override
    protected SharedStateStoreProvider provider() {
      return BrokenStore.provider(bug);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = BrokenStore.Bug.class,
      names = {
        "WALK_SPLITS_RUNS",
        "EMPTY_RANGE_WRITES",
        "WRONG_EXCEPTION",
        "WRITES_BEFORE_REJECTING",
        "COUNT_OFF_BY_ONE",
        "SET_PRIVATE_SKIPS_LAST_PAGE",
        "NEXT_AT_PAGE_COUNT_THROWS",
        "IS_SHARED_MISSES_LAST_PAGE"
      })
  void storeOps_brokenStore_failsOnSomeSeed(BrokenStore.Bug broken) {
    assertFailsOnSomeSeed(broken, "storeOps_matchReferenceModel");
  }

  @ParameterizedTest
  @EnumSource(
      value = BrokenStore.Bug.class,
      names = {"WALK_SPLITS_RUNS", "SET_PRIVATE_SKIPS_LAST_PAGE", "IS_SHARED_MISSES_LAST_PAGE"})
  void facadeArguments_brokenStore_failsOnSomeSeed(BrokenStore.Bug broken) {
    assertFailsOnSomeSeed(broken, "facadeArguments_invalidChangeNothing");
  }

  private static void assertFailsOnSomeSeed(BrokenStore.Bug broken, String target) {
    bug = broken;
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(
                selectMethod(
                    BrokenTargets.class,
                    target,
                    "com.code_intelligence.jazzer.api.FuzzedDataProvider"))
            .execute()
            .testEvents();
    long seeds = tests.started().count();
    // The empty input plus the eight committed seeds (and one input Jazzer found for the facade
    // target): proves the seeds were found at all.
    assertTrue(seeds >= 9, broken + ": only " + seeds + " seeds replayed");
    assertTrue(
        tests.failed().count() > 0, broken + ": " + target + " passed on all " + seeds + " seeds");
  }
}
