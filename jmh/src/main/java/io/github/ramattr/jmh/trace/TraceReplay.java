/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.trace;

import io.github.ramattr.PageState;
import io.github.ramattr.RamBlockAttribute;
import io.github.ramattr.spi.SharedStateStore;
import io.github.ramattr.workloads.Sizes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays a conversion trace through the facade of each backend and reports the final state of
 * each: the digest (which must agree between backends), shared pages, runs, bytes and time.
 *
 * <p>Before each conversion the replay classifies the range in its own state as {@code discarded}
 * (wholly private), {@code populated} (wholly shared) or {@code mixture}; an event whose {@code
 * from} says otherwise is counted as contradicting (the trace was cut, or comes from another
 * block). An event QEMU would reject (unaligned, empty, past the region's end) is counted as
 * rejected and changes nothing, as in QEMU.
 */
public final class TraceReplay {

  /** Opens the trace anew; a replay reads it once per backend (and once more for the region). */
  @FunctionalInterface
  public interface Source {
    /** A fresh reader positioned at the trace's first line. */
    BufferedReader open() throws IOException;
  }

  /**
   * One backend's outcome.
   *
   * @param backend provider name
   * @param digest {@link StateDigest} of the final state
   * @param sharedPages shared blocks at the end
   * @param runs maximal shared runs at the end
   * @param bytes the store's {@code estimatedSizeInBytes()} at the end
   * @param millis wall time of the replay
   * @param events conversion events read
   * @param contradictions events whose {@code from} disagreed with the replayed state
   * @param rejected events the facade rejected (unaligned, empty or past the end)
   */
  public record Result(
      String backend,
      String digest,
      long sharedPages,
      long runs,
      long bytes,
      double millis,
      long events,
      long contradictions,
      long rejected) {}

  /**
   * The outcome of a replay.
   *
   * @param regionSize region size used
   * @param blockSize block size used
   * @param malformedLines malformed lines skipped (lenient replays only)
   * @param results one per backend, in the order asked
   */
  public record Summary(
      long regionSize, long blockSize, long malformedLines, List<Result> results) {
    /** Whether every backend reached the same state. */
    public boolean digestsAgree() {
      return results.stream().map(Result::digest).distinct().count() <= 1;
    }
  }

  private TraceReplay() {}

  /**
   * The highest end offset of any event, rounded up to a multiple of 1 GiB (at least 1 GiB).
   *
   * @throws MalformedTraceException for a malformed line unless {@code lenient}
   * @throws IOException if reading fails
   */
  public static long defaultRegionSize(Source source, boolean lenient) throws IOException {
    long max = 0;
    try (BufferedReader in = source.open();
        Stream<TraceEvent> events = new QemuLogTraceReader(lenient).events(in)) {
      max = events.mapToLong(e -> e.offset() + e.size()).filter(end -> end > 0).max().orElse(0);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    long gib = Math.max(1, (max + Sizes.GIB - 1) / Sizes.GIB);
    return gib * Sizes.GIB;
  }

  /**
   * Replays the trace into each backend in turn.
   *
   * @throws MalformedTraceException for a malformed line unless {@code lenient}
   * @throws IllegalArgumentException if a backend is unknown or cannot hold the region
   * @throws IOException if reading fails
   */
  public static Summary replay(
      Source source, List<String> backends, long regionSize, long blockSize, boolean lenient)
      throws IOException {
    List<Result> results = new ArrayList<>();
    long malformed = 0;
    for (String backend : backends) {
      RamBlockAttribute attribute =
          RamBlockAttribute.builder()
              .regionSize(regionSize)
              .blockSize(blockSize)
              .backend(backend)
              .build();
      QemuLogTraceReader reader = new QemuLogTraceReader(lenient);
      long[] counts = new long[3]; // events, contradictions, rejected
      long start = System.nanoTime();
      try (BufferedReader in = source.open();
          Stream<TraceEvent> events = reader.events(in)) {
        events.forEach(event -> apply(attribute, event, counts));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      double millis = (System.nanoTime() - start) / 1e6;
      malformed = reader.malformedLines();
      SharedStateStore store = attribute.store();
      results.add(
          new Result(
              backend,
              StateDigest.of(store),
              store.sharedCount(),
              store.sharedRunCount(),
              store.estimatedSizeInBytes(),
              millis,
              counts[0],
              counts[1],
              counts[2]));
    }
    return new Summary(regionSize, blockSize, malformed, results);
  }

  private static void apply(RamBlockAttribute attribute, TraceEvent event, long[] counts) {
    counts[0]++;
    long blockSize = attribute.blockSize();
    long offset = event.offset();
    long size = event.size();
    // QEMU's validation: aligned, offset + size strictly above offset (unsigned), end in region.
    boolean valid =
        offset >= 0
            && size > 0
            && offset % blockSize == 0
            && size % blockSize == 0
            && offset + size > offset
            && offset + size <= attribute.regionSize();
    if (!valid) {
      counts[2]++;
      return;
    }
    if (!classify(attribute.store(), offset / blockSize, (offset + size) / blockSize)
        .equals(event.from())) {
      counts[1]++;
    }
    attribute.convert(offset, size, event.to());
  }

  /** QEMU's words for the state of pages [fromPage, toPage): discarded, populated or mixture. */
  static String classify(SharedStateStore store, long fromPage, long toPage) {
    if (store.nextShared(fromPage) >= toPage) {
      return "discarded";
    }
    return store.nextPrivate(fromPage) >= toPage ? "populated" : "mixture";
  }

  /** The trace word for a target state. */
  static String word(PageState state) {
    return state == PageState.SHARED ? "populated" : "discarded";
  }
}
