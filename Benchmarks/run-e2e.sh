#!/usr/bin/env bash
# Times `sglab run FILE` (release build, process start included) on the 10,000-line script
# from make-script.sh, outside the benchmark harness: with hyperfine when it is installed
# (`apt-get install -y hyperfine`), else with a bash loop. Target: under 1 s.
#
#   Benchmarks/run-e2e.sh [RUNS]          # default 20 runs
#   SGLAB_BIN=/path/to/sglab Benchmarks/run-e2e.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${1:-20}

if [[ -z ${SGLAB_BIN:-} ]]; then
    if ! log=$(cd "$root" && swift build -c release --product sglab 2>&1); then
        printf '%s\n' "$log" >&2
        echo "run-e2e.sh: the release build of sglab failed" >&2
        exit 1
    fi
    SGLAB_BIN="$root/.build/release/sglab"
fi
script=$(mktemp --suffix=.sglab)
trap 'rm -f "$script"' EXIT
"$here/make-script.sh" "$script"

# One checked run: every expectation in the script must hold.
summary=$("$SGLAB_BIN" run "$script" | tail -n 1)
echo "$(wc -l <"$script") lines: $summary"
[[ $summary == *" passed, 0 failed" ]] || { echo "the benchmark script does not pass" >&2; exit 1; }

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$runs" -N "$SGLAB_BIN --version" "$SGLAB_BIN run $script"
else
    times=()
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        "$SGLAB_BIN" run "$script" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '
        { t[NR] = $1; sum += $1 }
        END {
            printf "sglab run (%d runs): mean %.1f ms, median %.1f ms, min %.1f ms, max %.1f ms\n",
                NR, sum / NR / 1000, t[int((NR + 1) / 2)] / 1000, t[1] / 1000, t[NR] / 1000
        }'
fi
