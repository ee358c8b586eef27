/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.bench;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.workloads.Sizes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The price of attaching: the same conversion of the same guest_memfd-like attribute with one
 * VFIO-model listener, once with the attribute attached as the only source of a {@link
 * MultiSourceDiscardManager} (the listener registered on the manager), once standalone (the
 * listener registered on the attribute). Both notify the listener the same way; the difference is
 * the manager's lock and its evaluation of the other sources (none here). The target
 * (docs/semantics.md): attached costs at most 1.2x standalone.
 *
 * <p>One op converts {@code conversionMiB} at the end of the region (wholly private there, see
 * {@link MultiSourceBlocks}) to shared and back: 2 MiB is KVM's MapGPA granularity, where fixed
 * costs show; 1 GiB is a bulk conversion.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh AttachBenchmark -p backend=maple}
 */
public class AttachBenchmark extends MultiSourceBenchmark {

  /** Region size in GiB, at least 2. */
  @Param({"16"})
  public long regionGiB;

  /** Size of the converted range in MiB, at most 1024. */
  @Param({"2", "1024"})
  public long conversionMiB;

  private RamBlockAttribute attached;
  private RamBlockAttribute standalone;
  private CountingVfioListener attachedListener;
  private CountingVfioListener standaloneListener;
  private long offset;
  private long size;

  /** Builds the attached and the standalone attribute, each with its listener. */
  @Setup
  public void setUp() {
    long regionSize = regionGiB * Sizes.GIB;
    MemoryRegionSection whole = MemoryRegionSection.of(0, regionSize);
    MultiSourceDiscardManager manager =
        new MultiSourceDiscardManager(regionSize, ConversionSemantics.ATOMIC);
    attached = MultiSourceBlocks.memfd(backend, regionSize, ConversionSemantics.ATOMIC, manager);
    attachedListener = new CountingVfioListener();
    manager.registerListener(attachedListener, whole);
    standalone = MultiSourceBlocks.memfd(backend, regionSize, ConversionSemantics.ATOMIC);
    standaloneListener = new CountingVfioListener();
    standalone.registerListener(standaloneListener, whole);
    size = Math.min(conversionMiB * Sizes.MIB, MultiSourceBlocks.QUIET_TAIL);
    offset = regionSize - size;
  }

  /** The attached attribute converts to shared and back; returns its listener's maps so far. */
  @Benchmark
  public long attachedConvert() {
    attached.convert(offset, size, PageState.SHARED);
    attached.convert(offset, size, PageState.PRIVATE);
    return attachedListener.maps();
  }

  /** The standalone attribute converts to shared and back; returns its listener's maps so far. */
  @Benchmark
  public long standaloneConvert() {
    standalone.convert(offset, size, PageState.SHARED);
    standalone.convert(offset, size, PageState.PRIVATE);
    return standaloneListener.maps();
  }

  /** The attached attribute's listener (for tests). */
  CountingVfioListener attachedListener() {
    return attachedListener;
  }

  /** The standalone attribute's listener (for tests). */
  CountingVfioListener standaloneListener() {
    return standaloneListener;
  }
}
