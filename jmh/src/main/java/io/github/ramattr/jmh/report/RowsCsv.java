/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh.report;

import io.github.ramattr.evidence.Census;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report's raw rows as CSV ({@code census.csv} and {@code speed.csv} next to REPORT.md), so
 * others can plot them their own way, and so a page such as docs/ANSWER.md can be rendered again
 * from committed rows. Fields are written as RFC 4180 does (a field holding a comma, quote or line
 * break is quoted, quotes doubled); numbers use {@link Double#toString} and read back to the same
 * double, so a row read back equals the row written.
 */
public final class RowsCsv {

  /** The census file's name. */
  public static final String CENSUS_FILE = "census.csv";

  /** The speed file's name. */
  public static final String SPEED_FILE = "speed.csv";

  /** The census file's header: one column per {@link Census.Row} component, in order. */
  public static final String CENSUS_HEADER =
      "workload,region_bytes,backend,seed,runs,shared_pages,bytes,by_jol,estimated_bytes,"
          + "build_ms,skipped";

  /** The speed file's header: one column per {@link SpeedRuns.Measurement} component, in order. */
  public static final String SPEED_HEADER =
      "operation,backend,ns_per_op,error_99_9,bytes_per_op,bytes_error_99_9";

  private RowsCsv() {}

  /** The census rows as CSV text, header first, one line per row ({@code \n} endings). */
  public static String census(List<Census.Row> rows) {
    return write(
        CENSUS_HEADER,
        rows,
        r ->
            List.of(
                r.workload(),
                Long.toString(r.regionSize()),
                r.backend(),
                Long.toString(r.seed()),
                Long.toString(r.runs()),
                Long.toString(r.sharedPages()),
                Long.toString(r.bytes()),
                Boolean.toString(r.byJol()),
                Long.toString(r.estimatedBytes()),
                Double.toString(r.buildMillis()),
                r.skipped() == null ? "" : r.skipped()));
  }

  /** The measurements as CSV text, header first, one line per measurement. */
  public static String speed(List<SpeedRuns.Measurement> measurements) {
    return write(
        SPEED_HEADER,
        measurements,
        m ->
            List.of(
                m.operation(),
                m.backend(),
                Double.toString(m.nsPerOp()),
                Double.toString(m.error()),
                Double.toString(m.bytesPerOp()),
                Double.toString(m.bytesError())));
  }

  /**
   * Census rows read back from {@link #census} text. An empty {@code skipped} field is a measured
   * row.
   *
   * @throws IllegalArgumentException if the header differs or a line is malformed (the message
   *     names the line number)
   */
  public static List<Census.Row> readCensus(String text) {
    return read(
        text,
        CENSUS_HEADER,
        f ->
            new Census.Row(
                f.get(0),
                Long.parseLong(f.get(1)),
                f.get(2),
                Long.parseLong(f.get(3)),
                Long.parseLong(f.get(4)),
                Long.parseLong(f.get(5)),
                Long.parseLong(f.get(6)),
                parseBoolean(f.get(7)),
                Long.parseLong(f.get(8)),
                Double.parseDouble(f.get(9)),
                f.get(10).isEmpty() ? null : f.get(10)));
  }

  /**
   * Measurements read back from {@link #speed} text.
   *
   * @throws IllegalArgumentException if the header differs or a line is malformed (the message
   *     names the line number)
   */
  public static List<SpeedRuns.Measurement> readSpeed(String text) {
    return read(
        text,
        SPEED_HEADER,
        f ->
            new SpeedRuns.Measurement(
                f.get(0),
                f.get(1),
                Double.parseDouble(f.get(2)),
                Double.parseDouble(f.get(3)),
                Double.parseDouble(f.get(4)),
                Double.parseDouble(f.get(5))));
  }

  private static <T> String write(String header, List<T> rows, Function<T, List<String>> fields) {
    StringBuilder csv = new StringBuilder(header).append('\n');
    for (T row : rows) {
      List<String> values = fields.apply(row);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          csv.append(',');
        }
        csv.append(quoted(values.get(i)));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static String quoted(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static <T> List<T> read(String text, String header, Function<List<String>, T> row) {
    int columns = header.split(",", -1).length;
    List<T> rows = new ArrayList<>();
    int[] position = {0};
    int line = 1;
    List<String> first = record(text, position, line);
    if (!String.join(",", first).equals(header)) {
      throw new IllegalArgumentException(
          "line 1: expected the header '" + header + "', found '" + String.join(",", first) + "'");
    }
    while (position[0] < text.length()) {
      line++;
      List<String> fields = record(text, position, line);
      if (fields.size() != columns) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "line %d: %d fields, expected %d", line, fields.size(), columns));
      }
      try {
        rows.add(row.apply(fields));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  /** One record from {@code position[0]}, which is left after its line break. */
  private static List<String> record(String text, int[] position, int line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = position[0];
    boolean quoted = false;
    boolean wasQuoted = false;
    while (i < text.length()) {
      char c = text.charAt(i++);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i < text.length() && text.charAt(i) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\n') {
        break;
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + line + ": a quoted field is not closed");
    }
    fields.add(field.toString());
    position[0] = i;
    return fields;
  }

  private static boolean parseBoolean(String text) {
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true");
    }
    throw new NumberFormatException("by_jol is '" + text + "', expected true or false");
  }
}
