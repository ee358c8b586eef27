/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.evidence;

import io.github.ramattr.spi.SharedStateStores;
import io.github.ramattr.workloads.Sizes;
import io.github.ramattr.workloads.Workload;
import io.github.ramattr.workloads.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * A backend's memory census frozen as a baseline, so that a rewrite of the backend cannot make any
 * census row silently bigger: the file records, for every census cell, the shared runs, shared
 * pages and JOL bytes of today's code; a check rebuilds each cell and allows at most {@value
 * #MAX_GROWTH} times the recorded bytes, on exactly the recorded content.
 *
 * <p>The cells are every workload of {@link Workloads#census()} at every census block size of the
 * full report ({@link Census#SIZES}: 1 GiB to 64 TiB) that the workload and backend support, with
 * at most {@link #MAX_RUNS} expected shared runs, {@code report --quick}'s limit: all of {@code
 * report --quick}'s rows, plus 4 TiB and 64 TiB. Left out, to keep the check within a CI test's
 * budget (rebuilding the cells kept costs maple about 11 s of CPU): the cells of 2^22 runs and
 * more, fragment-pages/64 at 1 TiB and fragment-pages/4 at 64 GiB (about 4 s of CPU each) and
 * alternate at 64 GiB (2^23 runs, 7-15 s), and everything larger. Bytes are always JOL's, never the
 * store's estimate, even where {@code report --quick} prints the estimate.
 *
 * <p>JOL bytes depend on the JVM's object layout (reference size, headers, alignment), so the file
 * records the layout it was made on ({@link #layout()}) and a check on another layout is refused.
 *
 * <p>File format: {@code #} comment lines (the description, the command that regenerates the file
 * byte for byte, and a {@code # jol-layout: } line), then a CSV header and one line per cell:
 *
 * <pre>
 * backend,workload,block_size,seed,runs,shared_pages,bytes
 * maple,fragment-100000,1 TiB,1,100000,67111911,445416
 * </pre>
 */
public final class CensusBaseline {
  /** Cells whose workload expects more shared runs are left out (time to build them). */
  public static final long MAX_RUNS = Census.Limits.QUICK.maxRuns();

  /** A row may grow to this many times its baseline bytes, no more. */
  public static final double MAX_GROWTH = 1.10;

  /** The CSV header line of a baseline file. */
  public static final String CSV_HEADER =
      "backend,workload,block_size,seed,runs,shared_pages,bytes";

  /** The start of a baseline file's line that names its JOL layout. */
  public static final String LAYOUT_PREFIX = "# jol-layout: ";

  /**
   * One cell: a workload at a block size in a backend, with what it held and its JOL bytes.
   *
   * @param backend provider name
   * @param workload workload name, as {@link Workloads#byName} takes it
   * @param regionSize block size in bytes
   * @param seed the workload's seed
   * @param runs maximal shared runs in the final state
   * @param sharedPages shared pages in the final state
   * @param bytes retained heap bytes (JOL, the store's whole object graph)
   */
  public record Row(
      String backend,
      String workload,
      long regionSize,
      long seed,
      long runs,
      long sharedPages,
      long bytes) {

    /** The cell as people name it: {@code maple fragment-100000 at 1 TiB}. */
    public String cell() {
      return backend + " " + workload + " at " + Sizes.format(regionSize);
    }
  }

  /**
   * A parsed baseline file.
   *
   * @param layout the JOL layout line it was measured on
   * @param rows its rows, in file order
   */
  public record Recorded(String layout, List<Row> rows) {}

  /**
   * A cell to measure: a workload at a block size.
   *
   * @param workload the workload
   * @param regionSize block size in bytes
   */
  public record Cell(Workload workload, long regionSize) {}

  private CensusBaseline() {}

  /** The cells of {@code backend}'s baseline, in census order (size, then workload). */
  public static List<Cell> cells(String backend) {
    long maxPages = SharedStateStores.provider(backend).maxPageCount();
    List<Cell> cells = new ArrayList<>();
    for (String sizeName : Census.SIZES) {
      long size = Sizes.parse(sizeName);
      for (Workload w : Workloads.census()) {
        if (size / Sizes.PAGE <= maxPages
            && w.unsupported(size).isEmpty()
            && w.expectedRuns(size) <= MAX_RUNS) {
          cells.add(new Cell(w, size));
        }
      }
    }
    return cells;
  }

  /**
   * Builds {@code workload} at {@code regionSize} in {@code backend} with the workload's default
   * seed and measures it with JOL, as the census does.
   *
   * @throws IllegalArgumentException if the workload does not apply at {@code regionSize} or the
   *     backend cannot hold its pages
   * @throws IllegalStateException if the heap ran out while building
   */
  public static Row measure(String backend, Workload workload, long regionSize) {
    Census.Row row = Census.row(backend, workload, regionSize);
    return new Row(
        backend,
        workload.name(),
        regionSize,
        row.seed(),
        row.runs(),
        row.sharedPages(),
        row.bytes());
  }

  /** Measures every cell of {@code backend}'s baseline, in {@link #cells} order. */
  public static List<Row> measureAll(String backend) {
    List<Row> rows = new ArrayList<>();
    for (Cell cell : cells(backend)) {
      rows.add(measure(backend, cell.workload(), cell.regionSize()));
    }
    return rows;
  }

  /**
   * This JVM's object layout as JOL sees it, the part of the JVM that JOL bytes depend on: {@code
   * oop 4 B, object header 12 B, array header 16 B, alignment 8 B} on JDK 17 with compressed oops.
   */
  public static String layout() {
    VirtualMachine vm = VM.current();
    return String.format(
        Locale.ROOT,
        "oop %d B, object header %d B, array header %d B, alignment %d B",
        vm.sizeOfField("oop"),
        vm.objectHeaderSize(),
        vm.arrayHeaderSize(),
        vm.objectAlignment());
  }

  /** The command that writes {@code backend}'s baseline file, as the file's header gives it. */
  public static String command(String backend) {
    return "mvn -B -q -pl jmh -am package -DskipTests && java -jar jmh/target/ramattr-bench.jar"
        + " census-baseline --backend "
        + backend
        + " --out jmh/src/test/resources/"
        + backend
        + "-census-baseline.csv";
  }

  /** The file text for {@code rows} of {@code backend}, measured on {@code layout}. */
  public static String format(String backend, String layout, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("# Memory census baseline of backend ")
        .append(backend)
        .append(": JOL retained bytes of every census workload at 1 GiB..64 TiB with at most ")
        .append(MAX_RUNS)
        .append(" expected runs. A row may grow to ")
        .append(MAX_GROWTH)
        .append("x its bytes, with the same runs and shared pages.\n");
    out.append("# Regenerate (from the repository root): ").append(command(backend)).append('\n');
    out.append(LAYOUT_PREFIX).append(layout).append('\n');
    out.append(CSV_HEADER).append('\n');
    for (Row r : rows) {
      out.append(
          String.join(
              ",",
              r.backend(),
              r.workload(),
              Sizes.format(r.regionSize()),
              Long.toString(r.seed()),
              Long.toString(r.runs()),
              Long.toString(r.sharedPages()),
              Long.toString(r.bytes())));
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Parses a baseline file's text.
   *
   * @throws IllegalArgumentException if a line is malformed or the layout line or CSV header is
   *     missing; the message gives the line number and the line
   */
  public static Recorded parse(String text) {
    String layout = null;
    boolean header = false;
    List<Row> rows = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(LAYOUT_PREFIX)) {
        layout = line.substring(LAYOUT_PREFIX.length());
      } else if (line.startsWith("#") || line.isBlank()) {
        // a comment: the description and the command that regenerates the file
      } else if (line.equals(CSV_HEADER)) {
        header = true;
      } else if (!header) {
        throw malformed(i, line, "a row before the header '" + CSV_HEADER + "'");
      } else {
        rows.add(parseRow(i, line));
      }
    }
    if (layout == null || !header) {
      throw new IllegalArgumentException(
          "baseline has no " + (layout == null ? "'" + LAYOUT_PREFIX + "' line" : "CSV header"));
    }
    return new Recorded(layout, rows);
  }

  private static Row parseRow(int index, String line) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      throw malformed(index, line, "7 fields, found " + f.length);
    }
    try {
      return new Row(
          f[0],
          f[1],
          Sizes.parse(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]));
    } catch (IllegalArgumentException e) { // NumberFormatException is one
      throw malformed(index, line, String.valueOf(e.getMessage()));
    }
  }

  private static IllegalArgumentException malformed(int index, String line, String why) {
    return new IllegalArgumentException("baseline line " + (index + 1) + " '" + line + "': " + why);
  }

  /**
   * What is wrong with {@code now} against {@code baseline}, one message per finding, empty if
   * nothing: a different cell, seed, run count or shared page count (the rows would not measure the
   * same content), or bytes over {@value #MAX_GROWTH} times the baseline's. Each message names the
   * cell, both figures and, for bytes, the ratio.
   */
  public static List<String> problems(Row baseline, Row now) {
    List<String> found = new ArrayList<>();
    if (!baseline.backend().equals(now.backend())
        || !baseline.workload().equals(now.workload())
        || baseline.regionSize() != now.regionSize()) {
      found.add("measured " + now.cell() + " for the baseline row " + baseline.cell());
      return found;
    }
    differs(found, baseline, "seed", baseline.seed(), now.seed());
    differs(found, baseline, "shared runs", baseline.runs(), now.runs());
    differs(found, baseline, "shared pages", baseline.sharedPages(), now.sharedPages());
    double ratio = (double) now.bytes() / baseline.bytes();
    if (ratio > MAX_GROWTH) {
      found.add(
          String.format(
              Locale.ROOT,
              "%s: %d bytes, %.4fx its baseline %d bytes (at most %.2fx allowed)",
              baseline.cell(),
              now.bytes(),
              ratio,
              baseline.bytes(),
              MAX_GROWTH));
    }
    return found;
  }

  private static void differs(
      List<String> found, Row baseline, String what, long expected, long actual) {
    if (expected != actual) {
      found.add(
          baseline.cell() + ": " + what + " " + actual + ", baseline " + expected + " (content)");
    }
  }
}
