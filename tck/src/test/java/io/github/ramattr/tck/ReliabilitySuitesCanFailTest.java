/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ramattr.spi.SharedStateStoreProvider;
import org.junit.jupiter.api.Test;

/**
 * Shows that {@link SnapshotPortabilityTest} and {@link FailureInjectionTest} fail on a {@link
 * BrokenStore}, by calling their test methods directly, as a backend's subclass would run them.
 */
class ReliabilitySuitesCanFailTest {

  private static SnapshotPortabilityTest portability(BrokenStore.Bug bug) {
    return new SnapshotPortabilityTest() {
      @Override
      protected SharedStateStoreProvider provider() {
        return BrokenStore.provider(bug);
      }
    };
  }

  @Test
  void snapshotFromBackend_walkSplitsRuns_fails() {
    // A split run is written as two touching runs: the bytes differ from the model's.
    assertThrows(
        AssertionError.class,
        () ->
            portability(BrokenStore.Bug.WALK_SPLITS_RUNS)
                .snapshot_fromThisBackend_restoresIntoTheModel(1073741824, 4096, 4));
  }

  @Test
  void snapshotIntoBackend_setPrivateSkipsLastPage_fails() {
    assertThrows(
        AssertionError.class,
        () ->
            portability(BrokenStore.Bug.SET_PRIVATE_SKIPS_LAST_PAGE)
                .snapshot_fromTheModel_restoresIntoThisBackend(1073741824, 4096, 14));
  }

  @Test
  void failureInjection_setPrivateSkipsLastPage_fails() {
    // The rollback writes back every changed run with setPrivate; SWIOTLB pieces are 512 blocks.
    FailureInjectionTest suite =
        new FailureInjectionTest() {
          @Override
          protected SharedStateStoreProvider provider() {
            return BrokenStore.provider(BrokenStore.Bug.SET_PRIVATE_SKIPS_LAST_PAGE);
          }
        };
    assertThrows(
        AssertionError.class, suite::churn_refusedPopulateAtEveryPoint_leavesNothingBehind);
  }
}
