#!/bin/sh
# Fuzzes Model.load(from:) and loadWeights(from:) with libFuzzer, seeded with the Keras fixtures.
# Usage: Fuzz/run.sh [SECONDS] [extra libFuzzer options]   (default: 3600 s; crashes land in Fuzz/crashes/)
# The fuzz target is built in its own folder (.build-fuzz) with -sanitize=fuzzer,address; the normal build and
# `make test` never see it (lld links it: ld.gold fails on its sanitizer objects). An input that crashes our code
# is fixed and kept in Fuzz/regressions/, which FuzzRegressionTests replays in `make test`. libhdf5 itself is not
# instrumented: inputs that crash or hang inside it are its own bugs, kept in Fuzz/libhdf5/, named after where they fail (not replayed).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-3600}
[ $# -gt 0 ] && shift
[ -d Fuzz/crashes ] || mkdir -p Fuzz/crashes
SWIFTDL_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product FuzzModelFiles \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
corpus=.build-fuzz/corpus
mkdir -p "$corpus" Fuzz/crashes
cp Tests/Fixtures/KerasFiles/keras3/mlp.* Tests/Fixtures/KerasFiles/keras2/mlp* "$corpus"/ 2>/dev/null || true
cp Fuzz/regressions/* "$corpus"/ 2>/dev/null || true
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/FuzzModelFiles "$corpus" -max_total_time="$seconds" \
    -artifact_prefix=Fuzz/crashes/ -timeout=20 -rss_limit_mb=4096 "$@"
