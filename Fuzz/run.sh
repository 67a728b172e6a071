#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer on) and runs each for SECONDS (default 60),
# from a copy of the committed seed corpus (Fuzz/corpus/TARGET), with the command-word
# dictionary. Any crash fails the run; its input is kept under .build-fuzz/findings/ and
# printed in base64, so it can become a regression test.
#
#   Fuzz/run.sh [SECONDS]        # every target
#   TARGETS=FuzzWorld Fuzz/run.sh 300
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=${TARGETS:-"FuzzSession FuzzContent FuzzWorld FuzzProgress FuzzAccounts"}
scratch=.build-fuzz
swift=${SWIFT:-swift}
flags=(--scratch-path "$scratch" --sanitize fuzzer --sanitize address -Xswiftc -parse-as-library)

for target in $targets; do
    "$swift" build "${flags[@]}" --product "$target" 2>&1 | grep -vE "ld.gold: warning: Cannot export local symbol|^\[" || true
done
bin=$("$swift" build "${flags[@]}" --show-bin-path)
mkdir -p "$scratch/findings"
status=0
for target in $targets; do
    work=$(mktemp -d)
    corpus=$(echo "${target#Fuzz}" | tr '[:upper:]' '[:lower:]')
    cp -R "Fuzz/corpus/$corpus"/. "$work/"
    echo "fuzz: $target for ${seconds}s from $(ls "$work" | wc -l) seed inputs"
    # SWIFT_BACKTRACE off: the Swift crash handler under ASan hides libFuzzer's report. Leak
    # detection off: Swift's once-initialised statics (the grammar table) live until exit.
    if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin/$target" "$work" -dict=Fuzz/dictionary.txt \
        -detect_leaks=0 -max_total_time="$seconds" \
        -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$scratch/findings/$target-" -print_final_stats=1 \
        >"$scratch/$target.log" 2>&1; then
        echo "fuzz: $target FOUND A CRASH:"
        tail -n 40 "$scratch/$target.log"
        for finding in "$scratch/findings/$target-"*; do
            [ -f "$finding" ] && { echo "input ($finding), base64:"; base64 -w0 "$finding"; echo; }
        done
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$scratch/$target.log" | tail -n 3 | sed "s/^/fuzz: $target /"
    fi
    rm -rf "$work"
done
failed=$(ls "$scratch/findings" 2>/dev/null | wc -l)
echo "fuzz: $(echo $targets | wc -w) targets run, $failed findings"
exit $status
