#!/usr/bin/env bash
# Copyright 2026 The ramattr Authors
# SPDX-License-Identifier: Apache-2.0
#
# Builds the project twice, in two copies of the work tree at different paths, and compares the
# SHA-256 of every jar both builds produce (main, sources and javadoc jars, the shaded
# ramattr-bench.jar) and of the CycloneDX SBOM. Prints one line per artifact and exits non-zero if
# any artifact differs or exists in only one build.
#
# Usage: scripts/check-reproducible.sh [extra mvn arguments]
#   e.g. scripts/check-reproducible.sh -o        (offline, once ~/.m2 holds the plugins)
# Environment: KEEP=1 keeps the two copies (their paths are printed) for a closer look with
# diffoscope or `unzip -l`.
#
# Nothing is installed: each copy runs `mvn clean package -DskipTests` on its own.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ramattr-repro.XXXXXX")"
keep="${KEEP:-0}"
trap '[[ "$keep" == 1 ]] || rm -rf "$work"' EXIT

build() { # $1 = copy name
  local dir="$work/$1"
  mkdir -p "$dir"
  # Tracked files plus untracked ones that are not ignored: what the next commit would hold.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$root" && tar --null -T - -cf -) | tar -xf - -C "$dir"
  echo "building copy $1 in $dir" >&2
  local start=$SECONDS
  if ! (cd "$dir" && mvn -B -q clean package -DskipTests "${@:2}" >"$work/$1.log" 2>&1); then
    echo "build $1 failed; last lines of $work/$1.log:" >&2
    tail -n 40 "$work/$1.log" >&2
    keep=1
    exit 2
  fi
  echo "copy $1 built in $((SECONDS - start)) s" >&2
  (cd "$dir" && find . -path ./.git -prune -o -type f \
    \( -path '*/target/*.jar' -o -path './target/bom.json' -o -path './target/bom.xml' \) \
    -not -path '*/target/*/*' -print0 | sort -z | xargs -0 sha256sum) >"$work/$1.sha256"
}

build a "$@"
build b "$@"

differ=0
printf '%-72s  %-16s  %-16s  %s\n' artifact "sha256 (a)" "sha256 (b)" result
while read -r file; do
  ha="$(awk -v f="$file" '$2 == f { print $1 }' "$work/a.sha256")"
  hb="$(awk -v f="$file" '$2 == f { print $1 }' "$work/b.sha256")"
  if [[ -z "$ha" || -z "$hb" ]]; then
    result="MISSING in $([[ -z "$ha" ]] && echo a || echo b)"
    differ=1
  elif [[ "$ha" == "$hb" ]]; then
    result=same
  else
    result=DIFFERENT
    differ=1
  fi
  printf '%-72s  %-16s  %-16s  %s\n' "${file#./}" "${ha:0:16}" "${hb:0:16}" "$result"
done < <(cat "$work/a.sha256" "$work/b.sha256" | awk '{ print $2 }' | sort -u)

count="$(wc -l <"$work/a.sha256")"
if [[ "$differ" != 0 ]]; then
  echo "NOT reproducible: see the lines above (copies kept in $work)" >&2
  keep=1
  exit 1
fi
echo "reproducible: $count artifacts identical in both builds${KEEP:+ (copies in $work)}"
