/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.spi.SharedStateStoreProvider;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Jazzer fuzz targets for one backend. A backend's tests extend it with one line:
 *
 * <pre>{@code
 * class BitmapFuzzTest extends FuzzTargets {
 *   @Override protected SharedStateStoreProvider provider() { return new BitmapStoreProvider(); }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #storeOps_matchReferenceModel}: a store of the backend and a {@link ReferenceModel}
 *       under one operation sequence decoded from the input; every result is compared at once,
 *       rejected calls (bad bounds) must throw the documented exception and change nothing, and the
 *       whole state plus {@link StoreInvariants} are checked at the end.
 *   <li>{@link #facadeArguments_invalidChangeNothing}: a {@link RamBlockAttribute} over the backend
 *       under calls with arbitrary, mostly invalid, arguments ({@code convert}, {@code stateAt},
 *       {@code isPopulated}, both replays, {@code registerListener}, {@code unregisterListener}).
 *       An invalid call must throw {@link IllegalArgumentException} ({@link NullPointerException}
 *       for a null) and change neither the state nor tell any listener anything; a valid one must
 *       agree with a {@link ReferenceModel}, and every VFIO-model listener must have mapped exactly
 *       the shared memory in its section.
 * </ul>
 *
 * <p>Under surefire both run in Jazzer's regression mode: once on an empty input and once on every
 * file in the subclass's {@code <SubclassSimpleName>Inputs/} test-resource directory (in the
 * subclass's package; files there are shared by both targets) and in {@code
 * <SubclassSimpleName>Inputs/<methodName>/}. Jazzer looks these up from the concrete test class,
 * never from this class, so every backend commits its own seeds.
 *
 * <p>To fuzz for real (one target per run, coverage-guided, up to {@code @FuzzTest}'s default five
 * minutes or the first finding):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -pl maple-backend -am verify -Djazzer.args= \
 *     -Dtest='MapleFuzzTest#storeOps_matchReferenceModel' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code -Djazzer.args=} turns Jazzer's instrumentation back on (the build turns it off for the
 * fast regression replay). A finding is written as {@code crash-*} into the test's {@code
 * <Class>Inputs/<method>/} directory, where it stays as a regression seed once committed; the
 * growing corpus goes to {@code .cifuzz-corpus/} (not committed). Let the run end by itself: a run
 * killed from outside may leave a bogus {@code crash-*} file.
 */
public abstract class FuzzTargets {
  /** Operations decoded from one input at most, so that one input stays fast. */
  static final int MAX_OPS = 400;

  /** Page counts the store target picks from (those above the backend's limit are skipped). */
  private static final long[] PAGE_COUNTS = {
    1, 2, 63, 64, 65, 127, 129, 1000, 4113, (1L << 20) + 17, 1L << 36, Long.MAX_VALUE >>> 1
  };

  /** Region sizes in blocks the facade target picks from. */
  private static final long[] REGION_BLOCKS = {1, 2, 3, 64, 65, 100, 4113, 1L << 30, 1L << 40};

  private static final int[] BLOCK_SHIFTS = {12, 0, 9, 16, 21};

  /** Pages beyond which a listener is a plain recorder: a VFIO model maps one chunk per block. */
  private static final long VFIO_LIMIT = 1 << 13;

  /** Pages beyond which QEMU mode is not fuzzed: it notifies once per block of a mixed range. */
  private static final long QEMU_LIMIT = 1 << 16;

  /** For subclasses, which name the backend under test. */
  protected FuzzTargets() {}

  /** The backend under test; called once per input. */
  protected abstract SharedStateStoreProvider provider();

  // ================================================================ store target

  /**
   * A store of {@link #provider()} against {@link ReferenceModel} under the operations decoded from
   * {@code data}.
   *
   * @throws AssertionError at the first difference, naming the operation's number and text
   */
  @FuzzTest
  public void storeOps_matchReferenceModel(FuzzedDataProvider data) {
    long pageCount = data.pickValue(PAGE_COUNTS);
    if (pageCount > provider().maxPageCount()) {
      pageCount = PAGE_COUNTS[0];
    }
    SharedStateStore store = provider().create(pageCount);
    ReferenceModel model = new ReferenceModel(pageCount);
    StoreOps ops = new StoreOps(data, store, model);
    for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
      ops.step(op);
    }
    String context = StoreInvariants.describe(store) + " after " + ops.history();
    StoreInvariants.assertSameState(model, store, context);
    try {
      StoreInvariants.assertInvariants(store);
    } catch (AssertionError e) {
      throw new AssertionError(context + ": " + e.getMessage(), e);
    }
  }

  /** One store, its model and the operations applied to both. */
  private static final class StoreOps {
    private final FuzzedDataProvider data;
    private final SharedStateStore store;
    private final ReferenceModel model;
    private final long pageCount;
    private final List<String> history = new ArrayList<>();

    StoreOps(FuzzedDataProvider data, SharedStateStore store, ReferenceModel model) {
      this.data = data;
      this.store = store;
      this.model = model;
      this.pageCount = store.pageCount();
    }

    String history() {
      int from = Math.max(0, history.size() - 8);
      return history.size() + " ops, the last: " + history.subList(from, history.size());
    }

    void step(int op) {
      int kind = data.consumeInt(0, 9);
      long a = page();
      long b = kind < 2 && data.consumeBoolean() ? near(a) : page();
      long from = Math.min(a, b);
      long to = Math.max(a, b);
      switch (kind) {
        case 0, 1, 2 -> write(op, from, to, true);
        case 3, 4, 5 -> write(op, from, to, false);
        case 6 -> {
          String text = "#" + op + " next/isShared(" + a + ")";
          history.add(text);
          checkAround(text, a, a);
        }
        case 7 -> {
          boolean shared = data.consumeBoolean();
          String text =
              "#"
                  + op
                  + " forEach"
                  + (shared ? "Shared" : "Private")
                  + "Run("
                  + from
                  + ", "
                  + to
                  + ")";
          history.add(text);
          StoreInvariants.assertRunsEqual(
              StoreInvariants.runs(model, from, to, shared),
              StoreInvariants.runs(store, from, to, shared),
              fail(text));
        }
        case 8 -> {
          String text = "#" + op + " sharedCount/sharedRunCount";
          history.add(text);
          same(text + " sharedCount", model.sharedCount(), store.sharedCount());
          same(text + " sharedRunCount", model.sharedRunCount(), store.sharedRunCount());
        }
        default -> rejected(op);
      }
    }

    /** {@code setShared} or {@code setPrivate} of {@code [from, to)} on both, then the check. */
    private void write(int op, long from, long to, boolean shared) {
      String text = "#" + op + (shared ? " setShared(" : " setPrivate(") + from + ", " + to + ")";
      history.add(text);
      if (shared) {
        store.setShared(from, to);
        model.setShared(from, to);
      } else {
        store.setPrivate(from, to);
        model.setPrivate(from, to);
      }
      checkAround(text, from, to);
    }

    /** A call with bad bounds: the documented exception, and no change. */
    private void rejected(int op) {
      long from = anyLong();
      long to = anyLong();
      boolean outside = from < 0 || to < 0 || from > pageCount || to > pageCount;
      if (!outside && from <= to) {
        from = to + 1; // reversed, possibly also past the end
        outside = from > pageCount;
      }
      int which = data.consumeInt(0, 3);
      String text =
          "#"
              + op
              + " "
              + new String[] {"setShared", "setPrivate", "forEachSharedRun", "forEachPrivateRun"}
                  [which]
              + "("
              + from
              + ", "
              + to
              + ") must be rejected";
      history.add(text);
      long[] before = StoreInvariants.sharedRuns(store);
      long fromPage = from;
      long toPage = to;
      RuntimeException thrown =
          thrown(
              () -> {
                switch (which) {
                  case 0 -> store.setShared(fromPage, toPage);
                  case 1 -> store.setPrivate(fromPage, toPage);
                  case 2 -> store.forEachSharedRun(fromPage, toPage, (x, y) -> {});
                  default -> store.forEachPrivateRun(fromPage, toPage, (x, y) -> {});
                }
              });
      // Out of bounds and reversed at once: the contract does not say which check comes first.
      boolean expected =
          (outside && thrown instanceof IndexOutOfBoundsException)
              || (from > to && thrown instanceof IllegalArgumentException);
      if (!expected) {
        throw new AssertionError(fail(text) + ": threw " + thrown, thrown);
      }
      StoreInvariants.assertRunsEqual(before, StoreInvariants.sharedRuns(store), fail(text));
    }

    /** After a write or at a probe: the searches from the pages at and beside both bounds. */
    private void checkAround(String text, long from, long to) {
      for (long page : new long[] {from - 1, from, from + 1, to - 1, to, to + 1}) {
        if (page >= 0 && page <= pageCount) {
          same(
              text + " then nextShared(" + page + ")",
              model.nextShared(page),
              store.nextShared(page));
          same(
              text + " then nextPrivate(" + page + ")",
              model.nextPrivate(page),
              store.nextPrivate(page));
          if (page < pageCount && model.isShared(page) != store.isShared(page)) {
            throw new AssertionError(
                fail(text) + ": isShared(" + page + ") expected " + model.isShared(page));
          }
        }
      }
    }

    private String fail(String text) {
      return StoreInvariants.describe(store) + " " + text + " (after " + history() + ")";
    }

    private void same(String what, long expected, long actual) {
      if (expected != actual) {
        throw new AssertionError(fail(what) + ": expected " + expected + " but was " + actual);
      }
    }

    /** A position in {@code [0, pageCount]}, biased to the ends, run edges and word boundaries. */
    private long page() {
      return switch (data.consumeInt(0, 7)) {
        case 0 -> data.consumeLong(0, Math.min(pageCount, 2));
        case 1 -> pageCount - data.consumeLong(0, Math.min(pageCount, 2));
        case 2, 3 -> {
          long start = data.consumeLong(0, pageCount);
          long edge = data.consumeBoolean() ? model.nextShared(start) : model.nextPrivate(start);
          yield clamp(edge + data.consumeInt(-1, 1));
        }
        case 4 -> clamp((data.consumeLong(0, pageCount) & -64L) + data.consumeInt(-1, 1));
        default -> data.consumeLong(0, pageCount);
      };
    }

    /** A position a short distance after {@code page}. */
    private long near(long page) {
      return clamp(page + data.consumeLong(0, 1L << data.consumeInt(0, 12)));
    }

    private long anyLong() {
      return switch (data.consumeInt(0, 3)) {
        case 0 -> data.consumeLong();
        case 1 -> pageCount + data.consumeLong(1, 3);
        case 2 -> data.pickValue(new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, pageCount + 1});
        default -> data.consumeLong(0, pageCount);
      };
    }

    private long clamp(long page) {
      return Math.max(0, Math.min(page, pageCount));
    }
  }

  // ================================================================ facade target

  /**
   * A {@link RamBlockAttribute} over {@link #provider()} under calls with arbitrary, mostly
   * invalid, arguments decoded from {@code data}.
   *
   * @throws AssertionError at the first call that breaks the contract, naming its number and text
   */
  @FuzzTest
  public void facadeArguments_invalidChangeNothing(FuzzedDataProvider data) {
    new FacadeOps(data, provider()).run();
  }

  /** One attribute, its model, its listeners and the calls made on it. */
  private static final class FacadeOps {
    private final FuzzedDataProvider data;
    private final long block;
    private final long regionSize;
    private final long pageCount;
    private final RamBlockAttribute attribute;
    private final FacadeFixture fixture;
    private final ReferenceModel model;
    private final boolean vfio;
    private final List<RecordingListener> registered = new ArrayList<>();
    private final List<String> history = new ArrayList<>();
    private int listenerCount;

    FacadeOps(FuzzedDataProvider data, SharedStateStoreProvider provider) {
      this.data = data;
      long shift = data.pickValue(BLOCK_SHIFTS);
      long blocks = data.pickValue(REGION_BLOCKS);
      long size;
      if (data.consumeInt(0, 7) == 0) {
        size = Long.MAX_VALUE;
      } else {
        size = blocks << shift;
        if (size <= 0 || size >>> shift != blocks) {
          size = Long.MAX_VALUE;
        }
        if (data.consumeBoolean()) {
          size -= data.consumeLong(0, (1L << shift) - 1); // a partial last block
        }
      }
      if (RamBlockAttribute.pageCount(size, 1L << shift) > provider.maxPageCount()) {
        size = 3L << shift;
      }
      this.block = 1L << shift;
      this.regionSize = size;
      this.pageCount = RamBlockAttribute.pageCount(size, block);
      ConversionSemantics semantics =
          pageCount <= QEMU_LIMIT && data.consumeBoolean()
              ? ConversionSemantics.QEMU
              : ConversionSemantics.ATOMIC;
      this.attribute =
          RamBlockAttribute.builder()
              .regionSize(regionSize)
              .blockSize(block)
              .semantics(semantics)
              .store(provider.create(pageCount))
              .build();
      this.fixture = new FacadeFixture(attribute);
      this.model = new ReferenceModel(pageCount);
      this.vfio = pageCount <= VFIO_LIMIT;
      history.add(attribute.toString());
    }

    void run() {
      register(MemoryRegionSection.of(0, regionSize));
      for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
        step(op);
        StoreInvariants.assertSameState(model, attribute.store(), fail("state"));
        fixture.assertListenersFollowState(fail("listeners"));
      }
      try {
        StoreInvariants.assertInvariants(attribute.store());
      } catch (AssertionError e) {
        throw new AssertionError(fail("store invariants") + ": " + e.getMessage(), e);
      }
    }

    private void step(int op) {
      switch (data.consumeInt(0, 7)) {
        case 0, 1 -> convert(op);
        case 2 -> stateAt(op);
        case 3 -> isPopulated(op);
        case 4 -> replay(op);
        case 5 -> registerOp(op);
        default -> unregisterOp(op);
      }
    }

    // ---------------------------------------------------------------- the calls

    private void convert(int op) {
      long offset = anyOffset();
      long size = anySize();
      @Nullable PageState target =
          data.consumeInt(0, 15) == 0
              ? null
              : data.consumeBoolean() ? PageState.SHARED : PageState.PRIVATE;
      String text = "#" + op + " convert(" + offset + ", " + size + ", " + target + ")";
      boolean valid =
          offset >= 0
              && size > 0
              && offset % block == 0
              && size % block == 0
              && offset <= Long.MAX_VALUE - size
              && offset + size <= regionSize;
      if (target == null || !valid) {
        // May pass the null target: the facade must reject it.
        @SuppressWarnings("NullAway")
        Runnable call = () -> attribute.convert(offset, size, target);
        rejectedNullOrInvalid(text, target == null, call);
        return;
      }
      history.add(text);
      attribute.convert(offset, size, target);
      long from = offset / block;
      long to = from + size / block;
      if (target == PageState.SHARED) {
        model.setShared(from, to);
      } else {
        model.setPrivate(from, to);
      }
    }

    private void stateAt(int op) {
      long offset = anyOffset();
      String text = "#" + op + " stateAt(" + offset + ")";
      if (offset < 0 || offset >= regionSize) {
        rejected(text, IllegalArgumentException.class, () -> attribute.stateAt(offset));
        return;
      }
      history.add(text);
      PageState expected = model.isShared(offset / block) ? PageState.SHARED : PageState.PRIVATE;
      if (attribute.stateAt(offset) != expected) {
        throw new AssertionError(fail(text) + ": expected " + expected);
      }
    }

    private void isPopulated(int op) {
      @Nullable MemoryRegionSection section = anySection();
      String text = "#" + op + " isPopulated(" + section + ")";
      if (section == null || !inRegion(section)) {
        // May pass the null section: the facade must reject it.
        @SuppressWarnings("NullAway")
        Runnable call = () -> attribute.isPopulated(section);
        rejectedNullOrInvalid(text, section == null, call);
        return;
      }
      history.add(text);
      boolean expected =
          section.size() == 0 || model.nextPrivate(firstPage(section)) >= endPage(section);
      if (attribute.isPopulated(section) != expected) {
        throw new AssertionError(fail(text) + ": expected " + expected);
      }
    }

    private void replay(int op) {
      boolean populated = data.consumeBoolean();
      @Nullable MemoryRegionSection section = anySection();
      boolean nullVisitor = data.consumeInt(0, 15) == 0;
      List<MemoryRegionSection> seen = new ArrayList<>();
      java.util.function.@Nullable Consumer<MemoryRegionSection> visitor =
          nullVisitor ? null : seen::add;
      String text =
          "#"
              + op
              + " replay"
              + (populated ? "Populated(" : "Discarded(")
              + section
              + (nullVisitor ? ", null)" : ")");
      // May pass the null section or visitor: the facade must reject them.
      @SuppressWarnings("NullAway")
      Runnable call =
          populated
              ? () -> attribute.replayPopulated(section, visitor)
              : () -> attribute.replayDiscarded(section, visitor);
      if (section == null || nullVisitor || !inRegion(section)) {
        rejectedNullOrInvalid(text, section == null || nullVisitor, call);
        if (!seen.isEmpty()) {
          throw new AssertionError(fail(text) + ": a rejected replay visited " + seen);
        }
        return;
      }
      history.add(text);
      call.run();
      List<MemoryRegionSection> expected = new ArrayList<>();
      if (section.size() > 0) {
        long[] runs = StoreInvariants.runs(model, firstPage(section), endPage(section), populated);
        for (int i = 0; i < runs.length; i += 2) {
          long start = runs[i] * block;
          long end = runs[i + 1] == pageCount ? regionSize : runs[i + 1] * block;
          FacadeFixture.clip(section, start, end - start).ifPresent(expected::add);
        }
      }
      if (!expected.equals(seen)) {
        throw new AssertionError(fail(text) + ": expected " + expected + " but visited " + seen);
      }
    }

    private void registerOp(int op) {
      @Nullable MemoryRegionSection section = anySection();
      boolean again = !registered.isEmpty() && data.consumeInt(0, 3) == 0;
      if (!again && registered.size() >= 4) {
        return;
      }
      RecordingListener listener =
          again ? registered.get(data.consumeInt(0, registered.size() - 1)) : newListener();
      String text = "#" + op + " registerListener(" + listener + ", " + section + ")";
      if (section == null) {
        // Passes null on purpose: the facade must reject it.
        @SuppressWarnings("NullAway")
        Runnable call = () -> attribute.registerListener(listener, null);
        rejected(text, NullPointerException.class, call);
      } else if (again || !inRegion(section)) {
        rejected(
            text,
            IllegalArgumentException.class,
            () -> attribute.registerListener(listener, section));
      } else {
        history.add(text);
        fixture.register(listener, section);
        registered.add(listener);
      }
    }

    private void register(MemoryRegionSection section) {
      RecordingListener listener = newListener();
      history.add("registerListener(" + listener + ", " + section + ")");
      fixture.register(listener, section);
      registered.add(listener);
    }

    private void unregisterOp(int op) {
      int which = data.consumeInt(0, 3);
      if (which == 0) {
        // Passes null on purpose: the facade must reject it.
        @SuppressWarnings("NullAway")
        Runnable call = () -> attribute.unregisterListener(null);
        rejected("#" + op + " unregisterListener(null)", NullPointerException.class, call);
      } else if (which == 1 || registered.isEmpty()) {
        RecordingListener stranger = newListener();
        rejected(
            "#" + op + " unregisterListener(" + stranger + ") never registered",
            IllegalArgumentException.class,
            () -> attribute.unregisterListener(stranger));
      } else {
        RecordingListener listener = registered.remove(data.consumeInt(0, registered.size() - 1));
        history.add("#" + op + " unregisterListener(" + listener + ")");
        fixture.unregister(listener);
        if (listener instanceof VfioModelListener mapper && !mapper.mappedRanges().isEmpty()) {
          throw new AssertionError(
              fail("unregister") + ": " + listener + " still maps " + mapper.mappedRanges());
        }
      }
    }

    private RecordingListener newListener() {
      String id = "L" + listenerCount++;
      return vfio
          ? fixture.vfio(id).supportDoubleDiscard(data.consumeBoolean())
          : fixture.recorder(id).supportDoubleDiscard(data.consumeBoolean());
    }

    /**
     * {@link #rejected(String, Class, Runnable)} of a call that must throw NullPointerException if
     * it passed a null, else IllegalArgumentException.
     */
    private void rejectedNullOrInvalid(String text, boolean passedNull, Runnable call) {
      rejected(
          text, passedNull ? NullPointerException.class : IllegalArgumentException.class, call);
    }

    /**
     * Runs a call that must throw {@code type}, then checks that it told no listener anything; the
     * caller's loop then checks the state.
     */
    private void rejected(String text, Class<? extends RuntimeException> type, Runnable call) {
      history.add(text + " rejected");
      int mark = fixture.log().size();
      RuntimeException thrown = thrown(call);
      if (!type.isInstance(thrown)) {
        throw new AssertionError(
            fail(text) + ": expected " + type.getSimpleName() + " but got " + thrown, thrown);
      }
      if (fixture.log().size() != mark) {
        throw new AssertionError(
            fail(text) + ": a rejected call notified " + fixture.log().since(mark));
      }
    }

    // ---------------------------------------------------------------- the oracle

    /**
     * The documented rule: a section lies wholly within the region, and (as the facade documents,
     * so that clipping it can never overflow) its address-space range ends by Long.MAX_VALUE.
     */
    private boolean inRegion(MemoryRegionSection section) {
      return section.offsetWithinRegion() <= regionSize
          && section.size() <= regionSize - section.offsetWithinRegion()
          && section.size() <= Long.MAX_VALUE - section.offsetWithinAddressSpace();
    }

    private long firstPage(MemoryRegionSection section) {
      return section.offsetWithinRegion() / block;
    }

    /** One past the last block a non-empty in-region section touches. */
    private long endPage(MemoryRegionSection section) {
      long last = section.offsetWithinRegion() + section.size() - 1;
      return last / block + 1;
    }

    // ---------------------------------------------------------------- drawing arguments

    /** Any long, biased to the values where checks break. */
    private long anyOffset() {
      return switch (data.consumeInt(0, 9)) {
        case 0 -> data.consumeLong();
        case 1 ->
            data.pickValue(
                new long[] {
                  Long.MIN_VALUE,
                  -block,
                  -1,
                  0,
                  1,
                  Long.MAX_VALUE,
                  Long.MAX_VALUE - block + 1,
                  Long.MAX_VALUE & -block
                });
        case 2 -> regionSize + data.consumeLong(-2, 2);
        case 3 -> (regionSize & -block) - block * data.consumeLong(-1, 2);
        case 4 ->
            block * data.consumeLong(0, pageCount - 1)
                + data.consumeLong(1, Math.max(1, block - 1));
        default -> block * data.consumeLong(0, pageCount - 1);
      };
    }

    private long anySize() {
      return switch (data.consumeInt(0, 7)) {
        case 0 -> data.consumeLong();
        case 1 ->
            data.pickValue(new long[] {Long.MIN_VALUE, -block, 0, 1, Long.MAX_VALUE, regionSize});
        case 2 -> block * data.consumeLong(0, pageCount) + data.consumeLong(-1, 1);
        default -> block * data.consumeLong(1, 1L << data.consumeInt(0, 8));
      };
    }

    /** A section with non-negative values (others cannot be built), or null. */
    private @Nullable MemoryRegionSection anySection() {
      if (data.consumeInt(0, 15) == 0) {
        return null;
      }
      long offset = anyOffset() & Long.MAX_VALUE;
      long size =
          data.consumeBoolean() ? anySize() & Long.MAX_VALUE : data.consumeLong(0, 3 * block);
      long address = data.consumeInt(0, 3) == 0 ? data.consumeLong() & Long.MAX_VALUE : offset;
      return new MemoryRegionSection(offset, size, address);
    }

    private String fail(String text) {
      int from = Math.max(0, history.size() - 10);
      return text
          + " ("
          + attribute
          + ", "
          + history.size()
          + " calls, the last: "
          + history.subList(from, history.size())
          + ")";
    }
  }

  // ================================================================ shared

  /** What {@code call} threw, or null if it returned normally. */
  private static @Nullable RuntimeException thrown(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
