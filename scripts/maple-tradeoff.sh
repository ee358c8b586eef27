#!/usr/bin/env bash
# Copyright 2026 The ramattr Authors
# SPDX-License-Identifier: Apache-2.0
#
# The maple store's size/speed trade-off, across designs: for each design point it measures the
# memory census (JOL bytes of every census workload, against RoaringBitmap's bytes of the same
# rows and against the committed maple baseline) and the split/merge and lookup benchmarks, and prints one Markdown table. Run it from
# the repository root on a quiet machine (about 3 minutes per design point on 2 cores).
#
# Design points:
#   maple:LEAF:BUCKET  the maple store with sparse leaves of at most LEAF bytes and BUCKET payload
#                      bytes per directory bucket (the jar is rebuilt with that one line of
#                      Limits.java changed; the script restores the file when it ends)
#   fixed-width:RUNS   the bench's FixedWidthStore: RUNS runs of two 8-byte pages per leaf
#   roaring            the RoaringBitmap baseline
#
# Usage: scripts/maple-tradeoff.sh [OUT_DIR] [POINT ...]
# Default points: maple:512:16 (the default) maple:512:8 maple:128:16 fixed-width:16
#                 fixed-width:64 roaring
set -euo pipefail

out=${1:-tradeoff-out}
shift || true
points=("$@")
if [ ${#points[@]} -eq 0 ]; then
  points=(maple:512:16 maple:512:8 maple:128:16 fixed-width:16 fixed-width:64 roaring)
fi
limits=maple-backend/src/main/java/io/github/ramattr/maple/Limits.java
default_line='static final Limits DEFAULT = new Limits(512, 1 << 15, 16);'
jar=jmh/target/ramattr-bench.jar
baseline=jmh/src/test/resources/maple-census-baseline.csv
grep -qF "$default_line" "$limits" || { echo "Limits.DEFAULT is not the expected line" >&2; exit 1; }
mkdir -p "$out"
saved=$(mktemp)
cp "$limits" "$saved"
restore() {
  cp "$saved" "$limits"
  rm -f "$saved"
}
trap restore EXIT

build() {
  mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip -Derrorprone.skip \
    -Dcyclonedx.skip package > "$out/build.log" 2>&1
}

# measure NAME BACKEND [JVM_PROPERTY]: the census and the benchmarks of one design point.
measure() {
  local name=$1 backend=$2 property=${3:-}
  local jvm=()
  [ -n "$property" ] && jvm=("$property")
  java "${jvm[@]}" -jar "$jar" census-baseline --backend "$backend" \
    --out "$out/census-$name.csv" > /dev/null
  java -jar "$jar" jmh 'SplitMergeBenchmark|LookupBenchmark' \
    -p backend="$backend" -p blockGiB=64 -p runs=1000,100000 \
    -p layout=boot-tdx,fragment-10000,fragment-1000000 \
    -f 2 -wi 4 -i 4 ${property:+-jvmArgsAppend "$property"} \
    -rf csv -rff "$out/jmh-$name.csv" > "$out/jmh-$name.log" 2>&1
}

built=default
for point in "${points[@]}"; do
  name=${point//:/-}
  case $point in
    maple:*:*)
      rest=${point#maple:}
      leaf=${rest%%:*}
      bucket=${rest##*:}
      cp "$saved" "$limits"
      sed -i "s|$default_line|static final Limits DEFAULT = new Limits($leaf, 1 << 15, 16, $bucket);|" \
        "$limits"
      build
      built=$point
      measure "$name" maple
      ;;
    fixed-width:*)
      if [ "$built" != default ]; then cp "$saved" "$limits"; build; built=default; fi
      measure "$name" fixed-width "-Dramattr.fixedWidth.runsPerLeaf=${point#fixed-width:}"
      ;;
    roaring)
      if [ "$built" != default ]; then cp "$saved" "$limits"; build; built=default; fi
      measure "$name" roaring
      ;;
    *)
      echo "unknown design point: $point" >&2
      exit 2
      ;;
  esac
done
restore
trap - EXIT
[ "$built" = default ] || build

# The census ratio needs RoaringBitmap's rows: measured unless a roaring point was.
[ -f "$out/census-roaring.csv" ] || java -jar "$jar" census-baseline --backend roaring \
  --out "$out/census-roaring.csv" > /dev/null

# One row per design point: the census as the geometric mean of its rows' ratios to Roaring's
# bytes (rows Roaring can hold: up to 16 TiB), and as the largest ratio of a row to the committed
# maple baseline (the maple memory tests fail a row above 1.10), then every benchmark's score with
# its 99.9% half-interval.
header_done=
for point in "${points[@]}"; do
  name=${point//:/-}
  census=$(awk -F, 'FNR == 1 {file++}
    /^#/ || $1 == "backend" {next}
    file == 1 {r[$2","$3]=$7; next}
    file == 2 {b[$2","$3]=$7; next}
    {k=$2","$3; if (k in r) {g+=log($7/r[k]); n++}; if (k in b && $7/b[k] > m) m=$7/b[k]}
    END {printf "%.3f | %.2f", exp(g/n), m}' \
    "$out/census-roaring.csv" "$baseline" "$out/census-$name.csv")
  # JMH's CSV: benchmark, mode, threads, samples, score, error, unit, then the parameters in
  # name order (backend, blockGiB, layout, runs); a lookup has a layout, a split/merge runs.
  scores=$(awk -F, 'NR > 1 {
      gsub(/"/, ""); name = $1; sub(/.*\./, "", name);
      printf "%s|%s|%.1f ± %.1f\n", name, ($10 != "" ? $10 : $11), $5, $6 }' \
    "$out/jmh-$name.csv" | sort)
  if [ -z "$header_done" ]; then
    printf '| design point | census / roaring, geometric mean | largest row / maple baseline |'
    echo "$scores" | awk -F'|' '{printf " %s %s |", $1, $2}'
    printf '\n|---|---:|---:|'
    echo "$scores" | awk -F'|' '{printf "---:|"}'
    printf '\n'
    header_done=1
  fi
  printf '| %s | %s |' "$point" "$census"
  echo "$scores" | awk -F'|' '{printf " %s |", $3}'
  printf '\n'
done | tee "$out/tradeoff.md"
