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
import io.github.ramattr.jmh.qemu.QemuBitmapSource;
import io.github.ramattr.jmh.qemu.QemuMultiSourceManager;
import io.github.ramattr.workloads.Sizes;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A 1 GiB conversion of a guest_memfd-like source next to a virtio-mem-like one, with VFIO-model
 * listeners over the whole region: ramattr's {@link MultiSourceDiscardManager} against QEMU 11's
 * per-chunk walk ({@link QemuMultiSourceManager}).
 *
 * <p>Why: QEMU 11 tells each listener of a conversion by walking the whole range once per listener,
 * one iteration per {@code min_granularity} chunk, asking every other source about each chunk:
 * 262,144 iterations per listener for 1 GiB at 4 KiB. ramattr's manager walks the other sources'
 * runs once and fans out, in O(runs x sources + notifications).
 *
 * <p>Setup ({@link MultiSourceBlocks}): two attributes of 10^3 shared runs each on a region of
 * {@code regionGiB}, and {@code listeners} {@link CountingVfioListener}s registered over the whole
 * region. ramattr: both attributes attached to one manager. QEMU: bitmap copies of them ({@link
 * QemuBitmapSource}, lock-free, as QEMU keeps its sources) as the sources of a {@link
 * QemuMultiSourceManager} with the same number of listeners. One op converts the last GiB of the
 * region (wholly private in the memfd source; the plugged source has runs there) to shared and
 * back: ramattr through {@link RamBlockAttribute#convert} of the attached attribute; QEMU as its
 * RamBlockAttributes does it, the bitmap written ({@code bitmap_set}) then {@code notifyPopulate},
 * and the same for the discard. Both leave the state as it was.
 *
 * <p>Run: {@code java -jar jmh/target/ramattr-bench.jar jmh ManagerConversionBenchmark -p
 * backend=maple}
 */
public class ManagerConversionBenchmark extends MultiSourceBenchmark {

  /** Region size in GiB, at least 2 (the last one is converted). */
  @Param({"16"})
  public long regionGiB;

  /** VFIO-model listeners registered over the whole region. */
  @Param({"1", "4"})
  public int listeners;

  private RamBlockAttribute attached;
  private QemuBitmapSource memfdBitmap;
  private QemuMultiSourceManager qemu;
  private final List<CountingVfioListener> managerListeners = new ArrayList<>();
  private final List<CountingVfioListener> qemuListeners = new ArrayList<>();
  private long window;

  /** Builds both setups and registers the listeners. */
  @Setup
  public void setUp() {
    long regionSize = regionGiB * Sizes.GIB;
    MemoryRegionSection whole = MemoryRegionSection.of(0, regionSize);
    MultiSourceDiscardManager manager =
        new MultiSourceDiscardManager(regionSize, ConversionSemantics.ATOMIC);
    attached = MultiSourceBlocks.memfd(backend, regionSize, ConversionSemantics.ATOMIC, manager);
    RamBlockAttribute plugged =
        MultiSourceBlocks.plugged(backend, regionSize, ConversionSemantics.ATOMIC, manager);
    qemu = new QemuMultiSourceManager(regionSize);
    memfdBitmap = QemuBitmapSource.copyOf(attached);
    qemu.addSource(memfdBitmap);
    qemu.addSource(QemuBitmapSource.copyOf(plugged));
    for (int i = 0; i < listeners; i++) {
      CountingVfioListener forManager = new CountingVfioListener();
      manager.registerListener(forManager, whole);
      managerListeners.add(forManager);
      CountingVfioListener forQemu = new CountingVfioListener();
      qemu.registerListener(forQemu, whole);
      qemuListeners.add(forQemu);
    }
    window = regionSize - MultiSourceBlocks.QUIET_TAIL;
  }

  /** ramattr: the attached attribute converts 1 GiB to shared and back; returns maps so far. */
  @Benchmark
  public long managerConvert() {
    attached.convert(window, MultiSourceBlocks.QUIET_TAIL, PageState.SHARED);
    attached.convert(window, MultiSourceBlocks.QUIET_TAIL, PageState.PRIVATE);
    return managerListeners.get(0).maps();
  }

  /**
   * QEMU 11: the same conversion as its RamBlockAttributes makes it, the bitmap written, then the
   * per-chunk manager notified; returns maps so far.
   */
  @Benchmark
  public long qemuConvert() {
    memfdBitmap.set(window, MultiSourceBlocks.QUIET_TAIL, true);
    int result = qemu.notifyPopulate(memfdBitmap, window, MultiSourceBlocks.QUIET_TAIL);
    if (result != 0) {
      throw new IllegalStateException("a VFIO model refused a populate: " + result);
    }
    memfdBitmap.set(window, MultiSourceBlocks.QUIET_TAIL, false);
    qemu.notifyDiscard(memfdBitmap, window, MultiSourceBlocks.QUIET_TAIL);
    return qemuListeners.get(0).maps();
  }

  /** The listeners of ramattr's manager (for tests). */
  List<CountingVfioListener> managerListeners() {
    return managerListeners;
  }

  /** The listeners of QEMU's manager (for tests). */
  List<CountingVfioListener> qemuListeners() {
    return qemuListeners;
  }
}
