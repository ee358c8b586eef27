/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.tck.NotificationLog;
import io.github.ramattr.tck.VfioModelListener;
import io.github.ramattr.workloads.Sizes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmarks' counting listener against the TCK's full VFIO model (which keeps every mapping
 * and checks the protocol): registered side by side on one attribute, through seeded random
 * conversions, they must count the same DMA map and unmap calls and the same mapped bytes.
 */
class CountingVfioListenerTest {
  private static final long PAGE = Sizes.PAGE;
  private static final long REGION = 64L << 20;

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  void countsAsTheFullModel(ConversionSemantics semantics) {
    long seed = 0x636f756eL + semantics.name().hashCode();
    SplittableRandom random = new SplittableRandom(seed);
    RamBlockAttribute attribute =
        RamBlockAttribute.builder().regionSize(REGION).semantics(semantics).build();
    CountingVfioListener counting = new CountingVfioListener();
    VfioModelListener full = new VfioModelListener("full", NotificationLog.discarding(), PAGE);
    // A section whose edges cut pages, so first and last chunks are short.
    MemoryRegionSection section = new MemoryRegionSection(PAGE + 100, REGION - 3 * PAGE, 1L << 40);
    attribute.registerListener(counting, section);
    attribute.registerListener(full, section);
    for (int i = 0; i < 5_000; i++) {
      long pages = 1 + random.nextLong(random.nextInt(10) == 0 ? 4096 : 16);
      long from = random.nextLong(REGION / PAGE - pages + 1);
      PageState to = random.nextBoolean() ? PageState.SHARED : PageState.PRIVATE;
      attribute.convert(from * PAGE, pages * PAGE, to);
      String context = "seed " + seed + ", op " + i;
      assertEquals(full.mapCalls(), counting.maps(), context + ": map calls");
      assertEquals(full.unmapCalls(), counting.unmaps(), context + ": unmap calls");
    }
    long mapped =
        full.mappedRanges().entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
    assertTrue(mapped > 0, "the traffic left something mapped");
    assertTrue(counting.maps() > 1000, "only " + counting.maps() + " maps");
    assertEquals(mapped, counting.mappedBytes(), "seed " + seed + ": mapped bytes");
    assertEquals(List.of(), full.violations());
  }
}
