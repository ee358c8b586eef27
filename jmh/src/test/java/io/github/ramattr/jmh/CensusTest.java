/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.evidence.HeapEstimate;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import org.junit.jupiter.api.Test;

/**
 * The census where it needs the whole bench: the heap estimate of every backend on the class path,
 * and the report's crossover over census rows. The rest is tested in the evidence module.
 */
class CensusTest {
  @Test
  void heapEstimate_everyBackend_withinTwiceTheBuiltStore() {
    long region = 64 * Sizes.GIB;
    Workload w = Workloads.byName("fragment-100000");
    for (String backend : SharedStateStores.available()) {
      SharedStateStore store = SharedStateStores.create(backend, region / Sizes.PAGE);
      w.applyTo(store, region, w.defaultSeed(region));
      long actual = store.estimatedSizeInBytes();
      long estimate = HeapEstimate.bytes(backend, region / Sizes.PAGE, 100_000);
      assertTrue(
          estimate <= 2 * actual && actual <= 2 * estimate,
          backend + ": estimate " + estimate + ", built " + actual);
    }
  }
}
