#!/usr/bin/env bash
# Copyright 2026 The ramattr Authors
# SPDX-License-Identifier: Apache-2.0
#
# Before/after check of a change: builds the benchmark jar of two revisions (in temporary git
# worktrees) and runs the same JMH selection on each, one after the other, so both are measured on
# the same machine in the same state. Prints one Markdown table: each benchmark's score in both,
# with JMH's 99.9% half-interval, and after/before with its interval. Run it from the repository
# root on a quiet machine (about 25 minutes on 2 cores with the default selection).
#
# Usage: scripts/ab-bench.sh BEFORE_REV AFTER_REV [OUT_DIR]
#        scripts/ab-bench.sh --table OUT_DIR   (only the table, from a finished run's CSV files)
# The default selection: split+merge and lookups of maple, roaring and bitmap (2 forks), then the
# facade conversion and the multi-source manager's benchmarks (1 fork).
set -euo pipefail

table_only=
if [ "${1:-}" = --table ]; then
  table_only=1
  out=${2:?usage: scripts/ab-bench.sh --table OUT_DIR}
else
  before=${1:?usage: scripts/ab-bench.sh BEFORE_REV AFTER_REV [OUT_DIR]}
  after=${2:?usage: scripts/ab-bench.sh BEFORE_REV AFTER_REV [OUT_DIR]}
  out=${3:-ab-out}
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
trees=()
cleanup() {
  for t in "${trees[@]}"; do git worktree remove --force "$t" > /dev/null 2>&1 || true; done
}
trap cleanup EXIT

[ -n "$table_only" ] || for side in before after; do
  rev=${!side}
  tree=$(mktemp -d)/tree
  git worktree add -q --detach "$tree" "$rev"
  trees+=("$tree")
  (cd "$tree" && mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip \
    -Derrorprone.skip -Dcyclonedx.skip package > "$out/build-$side.log" 2>&1)
  cp "$tree/jmh/target/ramattr-bench.jar" "$out/$side.jar"
done

[ -n "$table_only" ] || for side in before after; do
  java -jar "$out/$side.jar" jmh 'SplitMergeBenchmark.splitThenMerge$|LookupBenchmark' \
    -p backend=maple,roaring,bitmap -p blockGiB=64 -p runs=1000,100000,1000000 \
    -p layout=boot-tdx,fragment-10000,fragment-1000000 -f 2 -wi 3 -i 3 \
    -rf csv -rff "$out/core-$side.csv" > "$out/core-$side.log" 2>&1
done
[ -n "$table_only" ] || for side in before after; do
  java -jar "$out/$side.jar" jmh \
    'FacadeConversionBenchmark|ManagerConversionBenchmark|AttachBenchmark|ManagerReplayBenchmark' \
    -p backend=maple,roaring,bitmap -f 1 -wi 3 -i 5 \
    -rf csv -rff "$out/facade-$side.csv" > "$out/facade-$side.log" 2>&1
done

# Rows are keyed by the benchmark's short name and its parameter values; the ratio's interval is
# [low(after) / high(before), high(after) / low(before)].
echo "| benchmark | unit | before | after | after/before | 99.9% interval |"
echo "|---|---|---:|---:|---:|---|"
for set in core facade; do
  awk -F, 'FNR == 1 {file++; next}
    { gsub(/"/, ""); name = $1; sub(/.*\./, "", name); key = name;
      for (i = 8; i <= NF; i++) if ($i != "") key = key " " $i;
      if (file == 1) { b[key] = $5; be[key] = $6; u[key] = $7; order[++n] = key } else { a[key] = $5; ae[key] = $6 } }
    END { for (i = 1; i <= n; i++) { k = order[i]; if (!(k in a)) continue;
      lo = (a[k] - ae[k]) / (b[k] + be[k]); hi = (a[k] + ae[k]) / (b[k] - be[k]);
      printf "| %s | %s | %.4g ± %.2g | %.4g ± %.2g | %.3f | [%.3f, %.3f] |\n", k, u[k], b[k], be[k], a[k], ae[k], a[k] / b[k], lo, hi } }' \
    "$out/$set-before.csv" "$out/$set-after.csv"
done | tee "$out/ab.md"
