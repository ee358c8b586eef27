/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardListener;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's QEMU 11 reference manager against ramattr's {@link MultiSourceDiscardManager} in
 * {@link ConversionSemantics#QEMU QEMU} mode, written independently: the same random operations on
 * both must give the same notifications, in the same order, and the same state. The reference is
 * driven the way QEMU's RamBlockAttributes drives its manager ({@code
 * ram_block_attributes_state_change}): a range wholly in the other state is written, then notified
 * once; a mixed range is written and notified block by block, stopping at a refusal; a range
 * already in the target state notifies nothing.
 *
 * <p>Two sources, {@code A} (4 KiB blocks, always attached) and {@code B} (8 KiB blocks, removed
 * and re-added), three listeners with random sections, one of which refuses populates that touch
 * one "poisoned" block: so the forward rollback of QEMU 11 (through the refusing listener,
 * included), the refused removal of a source, and the refused register replay that keeps the
 * listener are all compared. Sections are aligned to 4 KiB: QEMU's chunk walk from an unaligned
 * start is a documented deviation of ramattr.
 */
class QemuMultiSourceManagerTest {
  private static final long BLOCK = 4096;
  private static final int BLOCKS = 64;
  private static final long REGION = BLOCKS * BLOCK;
  private static final int OPS = 400;

  /** The refusing listener refuses populates touching block {@code poisoned + k * 16}. */
  private static final long POISON_PERIOD = 16;

  /** One side: a manager (ramattr's or the reference), its two attributes, its listeners' log. */
  private abstract static class Side {
    final List<String> log = new ArrayList<>();
    final RamBlockAttribute a;
    final RamBlockAttribute b;
    final List<RamDiscardListener> listeners = new ArrayList<>();
    boolean attachedB = true;
    private final BiConsumer<RamDiscardListener, MemoryRegionSection> registerOnManager;
    private final Consumer<RamDiscardListener> unregisterOnManager;

    Side(
        RamBlockAttribute a,
        RamBlockAttribute b,
        long poisonedBlock,
        BiConsumer<RamDiscardListener, MemoryRegionSection> registerOnManager,
        Consumer<RamDiscardListener> unregisterOnManager) {
      this.a = a;
      this.b = b;
      this.registerOnManager = registerOnManager;
      this.unregisterOnManager = unregisterOnManager;
      for (int i = 0; i < 3; i++) {
        listeners.add(listener("L" + i, i == 2 ? poisonedBlock : -1));
      }
    }

    private RamDiscardListener listener(String name, long poisoned) {
      return new RamDiscardListener() {
        @Override
        public void onPopulate(MemoryRegionSection s) {
          boolean refuse = false;
          for (long block = poisoned; poisoned >= 0 && block < BLOCKS; block += POISON_PERIOD) {
            refuse |=
                s.offsetWithinRegion() <= block * BLOCK
                    && block * BLOCK < s.offsetWithinRegion() + s.size();
          }
          log.add(name + (refuse ? " refuses +" : " +") + text(s));
          if (refuse) {
            throw new IllegalStateException(name + " refuses " + s);
          }
        }

        @Override
        public void onDiscard(MemoryRegionSection s) {
          log.add(name + " -" + text(s));
        }
      };
    }

    private static String text(MemoryRegionSection s) {
      return "["
          + s.offsetWithinRegion() / BLOCK
          + ","
          + (s.offsetWithinRegion() + s.size()) / BLOCK
          + ")@"
          + s.offsetWithinAddressSpace() / BLOCK;
    }

    abstract String convert(RamBlockAttribute attribute, long offset, long size, PageState target);

    /**
     * Registers listener number {@code listener} on the manager. Both managers are in QEMU mode: a
     * refused replay is logged and the listener kept, so this always returns "ok".
     */
    String register(int listener, MemoryRegionSection section) {
      registerOnManager.accept(listeners.get(listener), section);
      return "ok";
    }

    void unregister(int listener) {
      unregisterOnManager.accept(listeners.get(listener));
    }

    abstract String attachB(boolean attach);

    abstract String replay(MemoryRegionSection section);

    abstract boolean isPopulated(MemoryRegionSection section);

    String state() {
      StringBuilder text = new StringBuilder();
      for (RamBlockAttribute attribute : List.of(a, b)) {
        attribute.replayPopulated(
            MemoryRegionSection.of(0, REGION), run -> text.append(Side.text(run)));
        text.append(" | ");
      }
      return text.toString();
    }
  }

  /** ramattr's manager, QEMU semantics, both attributes attached. */
  private static final class Ramattr extends Side {
    final MultiSourceDiscardManager manager;

    Ramattr(MultiSourceDiscardManager manager, long poisonedBlock) {
      super(
          attribute(BLOCK, manager),
          attribute(2 * BLOCK, manager),
          poisonedBlock,
          manager::registerListener,
          manager::unregisterListener);
      this.manager = manager;
    }

    @Override
    String convert(RamBlockAttribute attribute, long offset, long size, PageState target) {
      try {
        attribute.convert(offset, size, target);
        return "ok";
      } catch (RuntimeException refused) {
        return "refused";
      }
    }

    @Override
    String attachB(boolean attach) {
      try {
        if (attach) {
          manager.addSource(b);
        } else {
          manager.removeSource(b);
        }
        attachedB = attach;
        return "ok";
      } catch (RuntimeException refused) {
        return "refused";
      }
    }

    @Override
    String replay(MemoryRegionSection section) {
      StringBuilder runs = new StringBuilder();
      manager.replayPopulated(section, run -> runs.append(regionOnly(run)));
      return runs.toString();
    }

    @Override
    boolean isPopulated(MemoryRegionSection section) {
      return manager.isPopulated(section);
    }
  }

  /** The reference, driven as QEMU's RamBlockAttributes drives it; the attributes standalone. */
  private static final class Reference extends Side {
    final QemuMultiSourceManager manager;

    Reference(long poisonedBlock) {
      this(new QemuMultiSourceManager(REGION), poisonedBlock);
    }

    private Reference(QemuMultiSourceManager manager, long poisonedBlock) {
      super(
          attribute(BLOCK, null),
          attribute(2 * BLOCK, null),
          poisonedBlock,
          manager::registerListener,
          manager::unregisterListener);
      this.manager = manager;
      manager.addSource(a);
      manager.addSource(b);
    }

    @Override
    String convert(RamBlockAttribute attribute, long offset, long size, PageState target) {
      boolean toShared = target == PageState.SHARED;
      long block = attribute.blockSize();
      long changing = 0;
      for (long o = offset; o < offset + size; o += block) {
        changing += attribute.stateAt(o) == target ? 0 : 1;
      }
      boolean attached = attribute == a || attachedB;
      if (changing == 0) {
        return "ok";
      }
      if (changing == size / block) {
        attribute.convert(offset, size, target);
        return attached ? notify(attribute, offset, size, toShared) : "ok";
      }
      for (long o = offset; o < offset + size; o += block) {
        if (attribute.stateAt(o) != target) {
          attribute.convert(o, block, target);
          if (attached && !notify(attribute, o, block, toShared).equals("ok")) {
            return "refused";
          }
        }
      }
      return "ok";
    }

    private String notify(RamBlockAttribute source, long offset, long size, boolean toShared) {
      if (toShared) {
        return manager.notifyPopulate(source, offset, size) == 0 ? "ok" : "refused";
      }
      manager.notifyDiscard(source, offset, size);
      return "ok";
    }

    @Override
    String attachB(boolean attach) {
      int result = attach ? manager.addSource(b) : manager.removeSource(b);
      if (result == 0) {
        attachedB = attach;
        return "ok";
      }
      return "refused";
    }

    @Override
    String replay(MemoryRegionSection section) {
      StringBuilder runs = new StringBuilder();
      manager.replayPopulated(
          section,
          run -> {
            runs.append(regionOnly(run));
            return 0;
          });
      return runs.toString();
    }

    @Override
    boolean isPopulated(MemoryRegionSection section) {
      return manager.isPopulated(section);
    }
  }

  /** A replayed run by region offsets only: QEMU 11 hands direct replays address-space offset 0. */
  private static String regionOnly(MemoryRegionSection run) {
    return "["
        + run.offsetWithinRegion() / BLOCK
        + ","
        + (run.offsetWithinRegion() + run.size()) / BLOCK
        + ")";
  }

  private static RamBlockAttribute attribute(long blockSize, MultiSourceDiscardManager manager) {
    RamBlockAttribute.Builder builder =
        RamBlockAttribute.builder()
            .regionSize(REGION)
            .blockSize(blockSize)
            .backend("maple")
            .semantics(ConversionSemantics.QEMU);
    if (manager != null) {
      builder.manager(manager);
    }
    return builder.build();
  }

  private static MemoryRegionSection randomSection(SplittableRandom random) {
    long from = random.nextLong(BLOCKS);
    long to = from + 1 + random.nextLong(BLOCKS - from);
    long addressSpaceShift = random.nextLong(4) * (1L << 30);
    return new MemoryRegionSection(
        from * BLOCK, (to - from) * BLOCK, from * BLOCK + addressSpaceShift);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomOperations_sameNotificationsAsRamattrQemuMode(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long poisoned = random.nextLong(POISON_PERIOD);
    Side ramattr =
        new Ramattr(new MultiSourceDiscardManager(REGION, ConversionSemantics.QEMU), poisoned);
    Side reference = new Reference(poisoned);
    boolean[] registered = new boolean[3];
    int refusals = 0;
    for (int op = 0; op < OPS; op++) {
      String what;
      String ramattrResult;
      String referenceResult;
      int kind = random.nextInt(10);
      if (kind < 6) {
        boolean ofA = random.nextBoolean();
        long block = ofA ? BLOCK : 2 * BLOCK;
        long blocks = REGION / block;
        long from = random.nextLong(blocks);
        long to = from + 1 + random.nextLong(Math.min(8, blocks - from));
        PageState target = random.nextBoolean() ? PageState.PRIVATE : PageState.SHARED;
        what = (ofA ? "A" : "B") + ".convert[" + from + "," + to + ")x" + block / BLOCK + target;
        ramattrResult =
            ramattr.convert(ofA ? ramattr.a : ramattr.b, from * block, (to - from) * block, target);
        referenceResult =
            reference.convert(
                ofA ? reference.a : reference.b, from * block, (to - from) * block, target);
      } else if (kind < 8) {
        int listener = random.nextInt(3);
        if (registered[listener]) {
          what = "unregister L" + listener;
          ramattr.unregister(listener);
          reference.unregister(listener);
          ramattrResult = "ok";
          referenceResult = "ok";
        } else {
          // The refusing listener follows the whole region, so its poisoned blocks matter.
          MemoryRegionSection section =
              listener == 2 ? MemoryRegionSection.of(0, REGION) : randomSection(random);
          what = "register L" + listener + " " + section;
          ramattrResult = ramattr.register(listener, section);
          referenceResult = reference.register(listener, section);
        }
        registered[listener] = !registered[listener];
      } else if (kind == 8) {
        boolean attach = !ramattr.attachedB;
        what = attach ? "addSource B" : "removeSource B";
        ramattrResult = ramattr.attachB(attach);
        referenceResult = reference.attachB(attach);
      } else {
        MemoryRegionSection section = randomSection(random);
        what = "replay " + section;
        ramattrResult = ramattr.replay(section) + " " + ramattr.isPopulated(section);
        referenceResult = reference.replay(section) + " " + reference.isPopulated(section);
      }
      String context = "seed " + seed + " op " + op + " " + what + " (poisoned " + poisoned + ")";
      assertEquals(referenceResult, ramattrResult, context);
      assertEquals(reference.log, ramattr.log, context);
      assertEquals(reference.state(), ramattr.state(), context);
      refusals += ramattrResult.equals("refused") ? 1 : 0;
    }
    // Else the rollback paths, the point of the refusing listener, were never compared.
    assertTrue(refusals > 0, "seed " + seed + ": no refused conversion or removal");
  }

  /** The benchmarks' QEMU-side source answers as the attribute it copies, across word edges. */
  @ParameterizedTest
  @ValueSource(longs = {BLOCK, 2 * BLOCK})
  void bitmapSource_answersAsTheAttributeItCopies(long blockSize) {
    SplittableRandom random = new SplittableRandom(blockSize);
    long region = 200 * blockSize; // 200 blocks: four words, the last one partial
    RamBlockAttribute attribute =
        RamBlockAttribute.builder()
            .regionSize(region)
            .blockSize(blockSize)
            .backend("maple")
            .build();
    for (int i = 0; i < 40; i++) {
      long from = random.nextLong(200);
      long to = from + 1 + random.nextLong(Math.min(90, 200 - from));
      PageState target = random.nextInt(3) == 0 ? PageState.PRIVATE : PageState.SHARED;
      attribute.convert(from * blockSize, (to - from) * blockSize, target);
    }
    QemuBitmapSource copy = QemuBitmapSource.copyOf(attribute);
    assertEquals(blockSize, copy.minGranularity());
    for (int i = 0; i < 2000; i++) {
      long from = random.nextLong(region / BLOCK);
      long to = from + random.nextLong(Math.min(150, region / BLOCK - from) + 1);
      MemoryRegionSection section = MemoryRegionSection.of(from * BLOCK, (to - from) * BLOCK);
      assertEquals(attribute.isPopulated(section), copy.isPopulated(section), section.toString());
    }
    copy.set(0, region, true);
    assertTrue(copy.isPopulated(MemoryRegionSection.of(0, region)));
    copy.set(64 * blockSize, blockSize, false);
    assertFalse(copy.isPopulated(MemoryRegionSection.of(63 * blockSize, 2 * blockSize)));
    assertTrue(copy.isPopulated(MemoryRegionSection.of(0, 64 * blockSize)));
    assertTrue(copy.isPopulated(MemoryRegionSection.of(65 * blockSize, region - 65 * blockSize)));
  }

  /** QEMU 11's forward rollback, by hand: through the refusing listener, in forward order. */
  @Test
  void notifyPopulate_refused_rollsBackForwardThroughTheRefusingListener() {
    RamBlockAttribute source = attribute(BLOCK, null);
    QemuMultiSourceManager manager = new QemuMultiSourceManager(REGION);
    manager.addSource(source);
    List<String> log = new ArrayList<>();
    RamDiscardListener older = logging("older", log, false);
    RamDiscardListener refusing = logging("refusing", log, true);
    RamDiscardListener newest = logging("newest", log, false);
    manager.registerListener(older, MemoryRegionSection.of(0, REGION));
    manager.registerListener(refusing, MemoryRegionSection.of(0, REGION));
    manager.registerListener(newest, MemoryRegionSection.of(0, REGION));
    log.clear();
    source.convert(0, 2 * BLOCK, PageState.SHARED);
    assertEquals(QemuMultiSourceManager.REFUSED, manager.notifyPopulate(source, 0, 2 * BLOCK));
    assertEquals(
        List.of(
            "newest +[0,2)",
            "refusing +[0,2)",
            "newest -[0,2)",
            "refusing -[0,2)"), // older: never told
        log);
    assertEquals(1, manager.sources().size());
  }

  private static RamDiscardListener logging(String name, List<String> log, boolean refuse) {
    return new RamDiscardListener() {
      @Override
      public void onPopulate(MemoryRegionSection s) {
        log.add(name + " +" + regionOnly(s));
        if (refuse) {
          throw new IllegalStateException("refused");
        }
      }

      @Override
      public void onDiscard(MemoryRegionSection s) {
        log.add(name + " -" + regionOnly(s));
      }
    };
  }
}
