#!/usr/bin/env bash
# SIGKILL `tracker done` / `undone` at random moments N times (default 2000); after every
# kill the ledger must be exactly the old or the new version and load. (cargo test runs the
# same check 500 times: tests/reliability.rs.)
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
cargo build --quiet --bin tracker
bin=$PWD/target/debug/tracker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ledger=$work/ledger.ron
cp tests/fixtures/valid/small.ron "$work/open.ron"
cp "$work/open.ron" "$ledger"
"$bin" done "$ledger" 南水北调生态文化公园 建成开放 --date 2018-06-01 --by k >/dev/null
cp "$ledger" "$work/done.ron"
cp "$work/open.ron" "$ledger"
kills=0
for i in $(seq "$n"); do
  if cmp -s "$ledger" "$work/open.ron"; then
    "$bin" done "$ledger" 南水北调生态文化公园 建成开放 --date 2018-06-01 --by k >/dev/null 2>&1 &
  else
    "$bin" undone "$ledger" 南水北调生态文化公园 建成开放 >/dev/null 2>&1 &
  fi
  pid=$!
  sleep "0.00$((RANDOM % 6))"
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  wait "$pid" 2>/dev/null
  if ! cmp -s "$ledger" "$work/open.ron" && ! cmp -s "$ledger" "$work/done.ron"; then
    echo "FAIL after $i runs: the ledger is neither version"; exit 1
  fi
  "$bin" check "$ledger" >/dev/null 2>&1 || { echo "FAIL after $i runs: the ledger does not load"; exit 1; }
done
echo "ok: $n runs, $kills killed mid-run; the ledger was always the old or the new version"
