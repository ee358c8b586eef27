package io.github.ramattr.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ramattr.ConversionSemantics;
import io.github.ramattr.MemoryRegionSection;
import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The facade's thread-safety contract: each conversion is atomic for readers on other threads.
 *
 * <p>What is checked: one query ({@code replayPopulated} over the region) made while another thread
 * converts a mixed range in one call sees the state before that call or after it, never some of its
 * runs (ATOMIC) or blocks (QEMU) written and others not. What is not linearizable, and not checked:
 * a sequence of several queries, which may see different calls.
 *
 * <p>A pass does not prove the property (the interleavings are the scheduler's), but a facade that
 * lets readers see half of a conversion fails it reliably, because the writer's listener yields
 * between runs.
 */
public abstract class FacadeConcurrencyTest extends AbstractFacadeTest {
  private static final long BLOCKS = 64;
  private static final int ROUNDS = 100;

  /** Every fourth pair of blocks shared: [0,2) [8,10) ... so that filling the gaps is mixed. */
  private static boolean inPattern(long block) {
    return block % 8 < 2;
  }

  @ParameterizedTest
  @EnumSource(ConversionSemantics.class)
  @Timeout(120) // guards against a deadlock only
  void concurrentReaders_neverSeeHalfAConversion(ConversionSemantics semantics) throws Exception {
    RamBlockAttribute a = attribute(b(BLOCKS), BLOCK, semantics);
    RecordingListener slow = new RecordingListener("slow", NotificationLog.discarding());
    slow.onCallback((listener, kind, section) -> Thread.yield());
    a.registerListener(slow, blocks(0, BLOCKS));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reader =
          pool.submit(
              () -> {
                int observations = 0;
                while (!done.get() || observations < 100) {
                  checkOneObservation(a);
                  observations++;
                }
                return observations;
              });
      Future<?> writer =
          pool.submit(
              () -> {
                try {
                  for (int round = 0; round < ROUNDS; round++) {
                    // To "all shared" in one mixed call: the transition readers must not split.
                    a.convert(0, b(BLOCKS), PageState.SHARED);
                    // Back to the pattern in several calls: readers may see any subset of it.
                    a.convert(0, b(BLOCKS), PageState.PRIVATE);
                    for (long block = 0; block < BLOCKS; block += 8) {
                      a.convert(b(block), b(2), PageState.SHARED);
                    }
                  }
                } finally {
                  done.set(true);
                }
              });
      writer.get();
      assertTrue(reader.get() >= 100);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    }
  }

  /** One replay is one observation: all shared, or a subset of the pattern's whole runs. */
  private static void checkOneObservation(RamBlockAttribute a) {
    List<MemoryRegionSection> runs = new ArrayList<>();
    a.replayPopulated(blocks(0, BLOCKS), runs::add);
    if (runs.equals(List.of(blocks(0, BLOCKS)))) {
      return;
    }
    for (MemoryRegionSection run : runs) {
      long from = run.offsetWithinRegion() / BLOCK;
      long to = from + run.size() / BLOCK;
      for (long block = from; block < to; block++) {
        assertTrue(
            inPattern(block),
            "a reader saw block " + block + " shared in " + runs + ": half of a conversion");
      }
    }
  }
}
