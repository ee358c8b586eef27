/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ramattr.ConversionRejectedException;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.MultiSourceDiscardManager;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.RamDiscardSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Model-based randomized test of {@link MultiSourceDiscardManager}, with sources built on the
 * backend under test: three attributes (4, 8 and 16 KiB blocks) and one {@link ProbedSource} (8
 * KiB, reporting before or after it updates, as virtio-mem and guest_memfd do), added and removed
 * at random; up to four {@link VfioModelListener}s with different sections and address-space
 * offsets, registered and unregistered at random; conversions of attached and detached attributes;
 * and, in {@code ATOMIC} mode, refusals armed on a random listener before any operation. After
 * every operation each listener's net mapping must equal the combined populated set within its
 * section (the oracle {@link CombinedState}, from the sources' own state), no listener may see a
 * protocol breach, and the manager's replay must agree with the oracle. A refused {@code ATOMIC}
 * operation must change nothing: stores, sources and mappings. The region is 61 blocks, so the 8
 * and 16 KiB sources have a partial last block.
 *
 * <p>The seed is fixed, or {@code -Dramattr.tck.seed=...}; it is printed and named in every
 * failure.
 */
public abstract class MultiSourceModelTest extends AbstractFacadeTest {
  private static final long REGION_BLOCKS = 61;
  private static final int STEPS = 600;
  private static final int MAX_LISTENERS = 4;

  /** For subclasses, which name the backend under test. */
  protected MultiSourceModelTest() {}

  /** Runs the model test in both modes. */
  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  public void randomOperations_listenersFollowCombinedState(ConversionSemantics mode) {
    long seed = RandomOps.seed() ^ (mode == ConversionSemantics.QEMU ? 1 : 0);
    System.out.println(
        "[ramattr-tck] MultiSourceModelTest "
            + mode
            + " over "
            + provider().name()
            + ": "
            + STEPS
            + " random ops, -D"
            + RandomOps.SEED_PROPERTY
            + "="
            + RandomOps.seed());
    new Run(mode, seed).run();
  }

  /** One randomized run: the manager, its pool of sources and listeners, and the oracle checks. */
  private final class Run {
    private final ConversionSemantics mode;
    private final long seed;
    private final SplittableRandom random;
    private final MultiSourceDiscardManager m;
    private final List<RamBlockAttribute> attributes = new ArrayList<>();
    private final ProbedSource probed;
    private final NotificationLog log = NotificationLog.discarding();
    private final Map<VfioModelListener, MemoryRegionSection> registered = new HashMap<>();
    private final List<String> history = new ArrayList<>();
    private int listenerCount;
    private int step;

    Run(ConversionSemantics mode, long seed) {
      this.mode = mode;
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.m = new MultiSourceDiscardManager(b(REGION_BLOCKS), mode);
      for (long blockSize : new long[] {BLOCK, 2 * BLOCK, 4 * BLOCK}) {
        attributes.add(attribute(m.regionSize(), blockSize, mode));
      }
      this.probed = new ProbedSource("probed", m.regionSize(), 2 * BLOCK);
    }

    void run() {
      int refused = 0;
      for (step = 0; step < STEPS; step++) {
        String op = oneOperation();
        refused += op.endsWith("(refused)") ? 1 : 0;
        history.add(op);
        if (history.size() > 12) {
          history.remove(0);
        }
        check(op);
      }
      // A run whose refusals never fire would not test the ATOMIC rollback.
      if (mode == ConversionSemantics.ATOMIC && refused < STEPS / 100) {
        fail("the end", "only " + refused + " refused operations in " + STEPS);
      }
      System.out.println("[ramattr-tck]   " + refused + " refused operations");
    }

    private String oneOperation() {
      int kind = random.nextInt(100);
      if (kind < 35) {
        return convertAttribute();
      } else if (kind < 55) {
        return changeProbed();
      } else if (kind < 60) {
        return discardAllProbed();
      } else if (kind < 75) {
        return addOrRemoveSource();
      } else if (kind < 90) {
        return registerListener();
      }
      return unregisterListener();
    }

    // ------------------------------------------------------------ operations

    private String convertAttribute() {
      RamBlockAttribute a = attributes.get(random.nextInt(attributes.size()));
      long blocks = m.regionSize() / a.blockSize(); // whole blocks only: the partial one is fixed
      long from = random.nextLong(blocks);
      long to = from + 1 + random.nextLong(Math.min(blocks - from, 12));
      // Shared more often than private, so that the AND of several sources is not always empty.
      PageState target = random.nextInt(5) < 3 ? PageState.SHARED : PageState.PRIVATE;
      String op =
          "convert " + name(a) + " [" + from + ", " + to + ") blocks to " + target + armRefusal();
      NavigableMap<Long, Long> before = FacadeFixture.runsOf(a.store());
      try {
        a.convert(from * a.blockSize(), (to - from) * a.blockSize(), target);
      } catch (ConversionRejectedException e) {
        expectAtomicRefusal(op);
        if (!before.equals(FacadeFixture.runsOf(a.store()))) {
          fail(op, "a refused conversion changed the store: " + FacadeFixture.runsOf(a.store()));
        }
        return op + " (refused)";
      } finally {
        disarm();
      }
      return op;
    }

    /** The probed source flips the blocks of a range that differ, run by run, reporting each. */
    private String changeProbed() {
      long g = probed.minGranularity();
      long blocks = m.regionSize() / g;
      long from = random.nextLong(blocks);
      long to = from + 1 + random.nextLong(Math.min(blocks - from, 8));
      boolean populate = random.nextInt(5) < 3;
      boolean reportFirst = random.nextBoolean();
      boolean attachedNow = m.sources().contains(probed);
      String op =
          "probed "
              + (populate ? "populate" : "discard")
              + " ["
              + from
              + ", "
              + to
              + ") reporting "
              + (reportFirst ? "before" : "after")
              + (attachedNow ? armRefusal() : " (not attached)");
      try {
        for (long block = from; block < to; ) {
          boolean is = probed.isPopulated(MemoryRegionSection.of(block * g, g));
          if (is == populate) {
            block++;
            continue;
          }
          long end = block + 1;
          while (end < to && probed.isPopulated(MemoryRegionSection.of(end * g, g)) != populate) {
            end++;
          }
          if (!flipProbed(block * g, (end - block) * g, populate, reportFirst, attachedNow)) {
            return op + " (refused)";
          }
          block = end;
        }
      } finally {
        disarm();
      }
      return op;
    }

    /**
     * One run of the probed source: virtio-mem reports first and sets nothing on a refusal;
     * guest_memfd writes first and, in ATOMIC mode, puts its state back on a refusal.
     *
     * @return false if refused
     */
    private boolean flipProbed(
        long offset, long size, boolean populate, boolean reportFirst, boolean attachedNow) {
      if (!reportFirst) {
        probed.setPopulated(offset, size, populate);
      }
      try {
        if (attachedNow && populate) {
          m.notifyPopulate(probed, offset, size);
        } else if (attachedNow) {
          m.notifyDiscard(probed, offset, size);
        }
      } catch (ConversionRejectedException e) {
        expectAtomicRefusal("probed populate");
        if (!reportFirst) {
          probed.setPopulated(offset, size, !populate);
        }
        return false;
      }
      if (reportFirst) {
        probed.setPopulated(offset, size, populate);
      }
      return true;
    }

    private String discardAllProbed() {
      if (m.sources().contains(probed)) {
        m.notifyDiscardAll(probed); // reported before clearing, as virtio-mem does
      }
      probed.setPopulated(
          0, (m.regionSize() / probed.minGranularity()) * probed.minGranularity(), false);
      return "probed discard-all";
    }

    private String addOrRemoveSource() {
      List<RamDiscardSource> pool = new ArrayList<>(attributes);
      pool.add(probed);
      RamDiscardSource source = pool.get(random.nextInt(pool.size()));
      if (!m.sources().contains(source)) {
        m.addSource(source);
        return "add " + name(source);
      }
      String op = "remove " + name(source) + armRefusal();
      List<RamDiscardSource> before = m.sources();
      try {
        m.removeSource(source);
      } catch (ConversionRejectedException e) {
        expectAtomicRefusal(op);
        if (!before.equals(m.sources())) {
          fail(op, "a refused removal changed the sources to " + m.sources());
        }
        return op + " (refused)";
      } finally {
        disarm();
      }
      return op;
    }

    private String registerListener() {
      if (registered.size() >= MAX_LISTENERS) {
        return unregisterListener();
      }
      long from = random.nextLong(REGION_BLOCKS);
      long to = from + random.nextLong(REGION_BLOCKS - from + 1);
      long address = b(from) + b(random.nextLong(1 << 20)) * (random.nextBoolean() ? 1 : 0);
      MemoryRegionSection section = new MemoryRegionSection(b(from), b(to - from), address);
      // QEMU mode ignores the flag and sends discards of memory a listener does not have.
      boolean doubleDiscard = mode == ConversionSemantics.QEMU || random.nextBoolean();
      VfioModelListener l =
          new VfioModelListener("l" + listenerCount++, log, BLOCK)
              .supportDoubleDiscard(doubleDiscard);
      boolean refuse = mode == ConversionSemantics.ATOMIC && random.nextInt(4) == 0;
      if (refuse) {
        l.failOn(FailurePlan.onPopulateCall(1 + random.nextInt(2)));
      }
      String op = "register " + l.id() + " " + section + (refuse ? " refusing" : "");
      try {
        m.registerListener(l, section);
      } catch (ConversionRejectedException e) {
        if (!l.mappedRanges().isEmpty() || !l.violations().isEmpty()) {
          fail(op, "a refused registration left " + l.mappedRanges() + " " + l.violations());
        }
        return op + " (refused)";
      } finally {
        l.failOn(FailurePlan.never());
      }
      registered.put(l, section);
      return op;
    }

    private String unregisterListener() {
      if (registered.isEmpty()) {
        return "no listener to unregister";
      }
      List<VfioModelListener> all = new ArrayList<>(registered.keySet());
      all.sort((x, y) -> x.id().compareTo(y.id()));
      VfioModelListener l = all.get(random.nextInt(all.size()));
      m.unregisterListener(l);
      registered.remove(l);
      String op = "unregister " + l.id();
      if (!l.mappedRanges().isEmpty() || !l.violations().isEmpty()) {
        fail(op, "after unregistering it still maps " + l.mappedRanges() + " " + l.violations());
      }
      return op;
    }

    // ------------------------------------------------------------ refusals

    private @Nullable VfioModelListener armed;

    /** In ATOMIC mode, sometimes makes a random listener refuse one of its next populates. */
    private String armRefusal() {
      if (mode != ConversionSemantics.ATOMIC || registered.isEmpty() || random.nextBoolean()) {
        return "";
      }
      List<VfioModelListener> all = new ArrayList<>(registered.keySet());
      all.sort((x, y) -> x.id().compareTo(y.id()));
      armed = all.get(random.nextInt(all.size()));
      armed.failOn(FailurePlan.onPopulateCall(1 + random.nextInt(2)));
      return " (" + armed.id() + " armed to refuse)";
    }

    private void disarm() {
      VfioModelListener refusing = armed;
      if (refusing != null) {
        refusing.failOn(FailurePlan.never());
        armed = null;
      }
    }

    private void expectAtomicRefusal(String op) {
      if (mode != ConversionSemantics.ATOMIC) {
        fail(op, "a refusal in QEMU mode, where none was armed");
      }
    }

    // ------------------------------------------------------------ checks

    private void check(String op) {
      NavigableMap<Long, Long> combined = CombinedState.combined(m.sources(), m.regionSize());
      for (Map.Entry<VfioModelListener, MemoryRegionSection> entry : registered.entrySet()) {
        VfioModelListener l = entry.getKey();
        NavigableMap<Long, Long> expected =
            CombinedState.expectedMapped(combined, entry.getValue());
        if (!expected.equals(l.mappedRanges())) {
          fail(
              op,
              l.id()
                  + " with "
                  + entry.getValue()
                  + " maps "
                  + l.mappedRanges()
                  + " but the combined state in its section is "
                  + expected);
        }
        if (!l.violations().isEmpty()) {
          fail(op, l.violations().toString());
        }
      }
      List<MemoryRegionSection> replay = new ArrayList<>();
      MemoryRegionSection whole = MemoryRegionSection.of(0, m.regionSize());
      m.replayPopulated(whole, replay::add);
      if (!CombinedState.runsIn(combined, whole).equals(replay)) {
        fail(op, "replayPopulated gave " + replay + " but the combined state is " + combined);
      }
      long min = m.sources().stream().mapToLong(RamDiscardSource::minGranularity).min().orElse(0);
      assertEquals(min, m.minGranularity(), () -> context(op));
    }

    private void fail(String op, String what) {
      throw new AssertionError(context(op) + ": " + what);
    }

    private String context(String op) {
      return mode
          + " seed "
          + seed
          + " (-D"
          + RandomOps.SEED_PROPERTY
          + "="
          + RandomOps.seed()
          + ") step "
          + step
          + " "
          + op
          + "; sources "
          + m.sources().stream().map(this::name).toList()
          + "; recent ops "
          + history;
    }

    private String name(RamDiscardSource source) {
      int index = attributes.indexOf(source);
      return index >= 0
          ? "attr" + (attributes.get(index).blockSize() / BLOCK) + "x"
          : source.toString();
    }
  }
}
