#!/usr/bin/env bash
# Prints the engine-at-scale table of the README: wall time and peak memory of `sglab run`
# (release build, process start included) on each script of make-scale-script.sh, the best of
# RUNS runs (default 3). With OLD_BIN set, a second pair of columns for that binary.
#
#   Benchmarks/scale-table.sh [RUNS]
#   OLD_BIN=/path/to/old/sglab SKIP_OLD="build-64000" Benchmarks/scale-table.sh 1
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${1:-3}
bin=${SGLAB_BIN:-$root/.build/release/sglab}
[[ -x $bin ]] || { echo "no release sglab at $bin: run swift build -c release first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Best wall time (s) and its peak memory (MB) of RUNS runs of BIN on FILE.
measure() {
    local binary=$1 file=$2 best="" line
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -o "$work/time" -f "%e %M" "$binary" run "$file" >/dev/null 2>&1 || true
        line=$(tail -n 1 "$work/time")
        if [[ -z $best ]] || awk -v a="${line% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
    done
    awk -v t="${best% *}" -v m="${best#* }" 'BEGIN { printf "%.2f s | %d MB", t, m / 1024 }'
}

cases=("build 1000" "build 4000" "build 16000" "build 64000" "mix" "expect 100000" "undo 16000")
if [[ -n ${OLD_BIN:-} ]]; then
    echo "| script | lines | before: time | before: peak memory | now: time | now: peak memory |"
    echo "|---|---|---|---|---|---|"
else
    echo "| script | lines | time | peak memory |"
    echo "|---|---|---|---|"
fi
for c in "${cases[@]}"; do
    file="$work/${c// /-}.sglab"
    # shellcheck disable=SC2086
    "$here/make-scale-script.sh" $c "$file"
    lines=$(wc -l <"$file")
    row="| $c | $lines |"
    if [[ -n ${OLD_BIN:-} ]]; then
        if [[ " ${SKIP_OLD:-} " == *" ${c// /-} "* ]]; then
            row+=" not run | not run |"
        else
            row+=" $(measure "$OLD_BIN" "$file") |"
        fi
    fi
    row+=" $(measure "$bin" "$file") |"
    echo "$row"
done
