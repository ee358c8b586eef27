#!/usr/bin/env bash
# Copyright 2026 The ramattr Authors
# SPDX-License-Identifier: Apache-2.0
#
# The maple store's size/speed trade-off: builds the benchmark jar once per leaf layout (largest
# sparse leaf in bytes, directory bucket bytes), measures the memory census (JOL, against the
# committed baseline) and the split/merge and lookup benchmarks of each, and prints one Markdown
# table. Each layout is a change of the one line of Limits.java that sets Limits.DEFAULT, which the
# script restores when it ends; run it from the repository root on a quiet machine (about 3
# minutes per layout on 2 cores).
#
# Usage: scripts/maple-tradeoff.sh [OUT_DIR] [LAYOUT ...]   (a LAYOUT is LEAF_BYTES:BUCKET_BYTES)
# Default layouts: 512:16 (the default), 512:8, 512:32, 256:16, 128:16.
set -euo pipefail

out=${1:-tradeoff-out}
shift || true
layouts=("$@")
if [ ${#layouts[@]} -eq 0 ]; then
  layouts=(512:16 512:8 512:32 256:16 128:16)
fi
limits=maple-backend/src/main/java/io/github/ramattr/maple/Limits.java
default_line='static final Limits DEFAULT = new Limits(512, 1 << 15, 16);'
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
  mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip -Derrorprone.skip package \
    > "$out/build.log" 2>&1
}

for layout in "${layouts[@]}"; do
  leaf=${layout%%:*}
  bucket=${layout##*:}
  cp "$saved" "$limits"
  sed -i "s|$default_line|static final Limits DEFAULT = new Limits($leaf, 1 << 15, 16, $bucket);|" \
    "$limits"
  build
  java -jar jmh/target/ramattr-bench.jar census-baseline --backend maple \
    --out "$out/census-$leaf-$bucket.csv" > /dev/null
  java -jar jmh/target/ramattr-bench.jar jmh 'SplitMergeBenchmark|LookupBenchmark' \
    -p backend=maple -p blockGiB=64 -p runs=1000,100000 -p layout=boot-tdx,fragment-10000 \
    -f 2 -wi 4 -i 4 -rf csv -rff "$out/jmh-$leaf-$bucket.csv" > "$out/jmh-$leaf-$bucket.log" 2>&1
done
restore
trap - EXIT
build

# One row per layout: census mean and largest ratio to the baseline, then every benchmark score.
header_done=
for layout in "${layouts[@]}"; do
  leaf=${layout%%:*}
  bucket=${layout##*:}
  census=$(awk -F, 'NR==FNR && $1=="maple" {b[$2","$3]=$7; next}
    $1=="maple" {r=$7/b[$2","$3]; s+=r; n++; if (r>m) m=r}
    END {printf "%.3f (%.3f)", s/n, m}' "$baseline" "$out/census-$leaf-$bucket.csv")
  # JMH's CSV: benchmark, mode, threads, samples, score, error, unit, then the parameters in
  # name order (backend, blockGiB, layout, runs); a lookup has a layout, a split/merge runs.
  scores=$(awk -F, 'NR > 1 {
      gsub(/"/, ""); name = $1; sub(/.*\./, "", name);
      printf "%s|%s|%.1f ± %.1f\n", name, ($10 != "" ? $10 : $11), $5, $6 }' \
    "$out/jmh-$leaf-$bucket.csv" | sort)
  if [ -z "$header_done" ]; then
    printf '| leaf bytes | bucket bytes | census vs baseline, mean (max) |'
    echo "$scores" | awk -F'|' '{printf " %s %s |", $1, $2}'
    printf '\n|---:|---:|---:|'
    echo "$scores" | awk -F'|' '{printf "---:|"}'
    printf '\n'
    header_done=1
  fi
  printf '| %s | %s | %s |' "$leaf" "$bucket" "$census"
  echo "$scores" | awk -F'|' '{printf " %s |", $3}'
  printf '\n'
done | tee "$out/tradeoff.md"
