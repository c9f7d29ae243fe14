#!/usr/bin/env bash
# Performance figures for docs/performance.md: time to first frame and peak memory of the
# real binary in a pseudo-terminal at 165 / 1,000 / 10,000 / 100,000 projects, then the
# in-process benchmarks (cargo bench).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${PERF_DIR:-$PWD/target/perf}
mkdir -p "$out"
cargo build --release --quiet
cargo build --release --quiet --example gen_ledger --example first_frame
bin=$PWD/target/release/tracker
for n in 165 1000 10000 100000; do
  [ -s "$out/ledger-$n.ron" ] || target/release/examples/gen_ledger "$n" 42 > "$out/ledger-$n.ron"
  ls -l "$out/ledger-$n.ron" | awk '{printf "%s: %.1f MB\n", $NF, $5/1e6}'
  runs=7; [ "$n" = 100000 ] && runs=3
  target/release/examples/first_frame "$bin" "$out/ledger-$n.ron" "$runs"
done
[ "${SKIP_BENCH:-}" = 1 ] || cargo bench --bench perf
