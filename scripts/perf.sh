#!/usr/bin/env bash
# Performance figures for docs/performance.md, measured on the real binary in a 200x60
# pseudo-terminal at 1,000 / 10,000 / 100,000 / 200,000 projects: open (first open, and a
# reopen from the load cache) against the bare ron parse floor, the first frame, each key to
# screen, and the peak resident memory against the file's size. Prints a markdown table per
# size and one across sizes, then runs the in-process benchmarks (cargo bench).
#
#   scripts/perf.sh                 all four sizes, then cargo bench
#   SIZES="1000 10000" scripts/perf.sh
#   SKIP_BENCH=1 scripts/perf.sh    without cargo bench
#   PERF_DIR=/some/dir              where the ledgers, caches and raw outputs go (target/perf)
#
# Every figure printed is read from the harnesses' output in this run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${PERF_DIR:-$PWD/target/perf}
sizes=${SIZES:-1000 10000 100000 200000}
# The ledgers in a folder of their own: the binary keeps no cache inside a ledger's folder.
mkdir -p "$out/ledgers"
cargo build --release --quiet
cargo build --release --quiet --examples
bin=$PWD/target/release/tracker
ex=$PWD/target/release/examples

# Field $2 of the line of $1 that starts with $3<TAB>$4 (a summary line of a harness).
field() { awk -F'\t' -v k="$3" -v n="$4" -v f="$2" '$1 == k && $2 == n { print $f; exit }' "$1"; }

for n in $sizes; do
  ledger=$out/ledgers/ledger-$n.ron
  [ -s "$ledger" ] || "$ex/gen_ledger" "$n" 42 > "$ledger"
  bytes=$(stat -c %s "$ledger")
  runs=7; rounds=5
  if [ "$n" -ge 100000 ]; then runs=3; rounds=3; fi
  # The binary's load cache goes to a folder of this run's own, never the user's.
  cache=$out/cache-$n
  raw=$out/raw-$n
  mkdir -p "$raw"
  echo "== $n projects: $ledger ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'))" >&2

  # First open: the cache folder emptied before each run.
  TRACKER_CACHE_DIR=$cache "$ex/first_frame" "$bin" "$ledger" "$runs" fresh | tee "$raw/first.txt" >&2
  # Reopen: a cache written first (check writes it before it exits), kept for every run.
  rm -rf "$cache"
  TRACKER_CACHE_DIR=$cache "$bin" check "$ledger" > /dev/null || true
  ls "$cache"/*.ledger-cache > /dev/null
  TRACKER_CACHE_DIR=$cache "$ex/first_frame" "$bin" "$ledger" "$runs" cached | tee "$raw/cached.txt" >&2
  # The floor: bare ron parse of the same file, in a process of its own.
  "$ex/load_phases" "$ledger" | tee "$raw/phases.txt" >&2
  # Keys, on a copy (the cross-offs and their undoing are saved to it).
  work=$out/ledgers/work-$n.ron
  cp "$ledger" "$work"
  rm -f "$work.bak" "$work.lock"
  TRACKER_CACHE_DIR=$cache "$ex/key_latency" "$bin" "$work" "$rounds" | tee "$raw/keys.txt" >&2
  rm -f "$work" "$work.bak" "$work.lock"

  first_ms=$(field "$raw/first.txt" 3 first_frame fresh)
  first_rss=$(field "$raw/first.txt" 6 first_frame fresh)
  cached_ms=$(field "$raw/cached.txt" 3 first_frame cached)
  cached_rss=$(field "$raw/cached.txt" 6 first_frame cached)
  # load_phases: "bare ron parse   <ms> ms   rss <MiB> MiB   peak <MiB> MiB".
  parse_ms=$(awk '/^bare ron parse/ { print $4; exit }' "$raw/phases.txt")
  parse_peak=$(awk '/^bare ron parse/ { print $10; exit }' "$raw/phases.txt")
  load_ms=$(awk '/^load_str/ { print $5; exit }' "$raw/phases.txt")
  read -r _ open_peak end_peak end_now < <(grep -P '^rss\t' "$raw/keys.txt")

  {
    printf '%s\t%s\n' file_mb "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
    printf '%s\t%s\n' parse_ms "$parse_ms" load_ms "$load_ms" first_ms "$first_ms" \
      cached_ms "$cached_ms" parse_peak "$parse_peak" first_rss "$first_rss" \
      cached_rss "$cached_rss" keys_open_rss "$open_peak" keys_end_rss "$end_peak" \
      keys_now_rss "$end_now"
    grep -P '^key\t' "$raw/keys.txt" | cut -f2,3
  } > "$out/results-$n.tsv"

  echo
  echo "### $n projects (ledger $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'))"
  echo
  echo "| measure | figure | floor |"
  echo "|---|---:|---:|"
  echo "| open, first (spawn to first frame, no cache) | $first_ms ms | bare ron parse $parse_ms ms |"
  echo "| open, reopen (spawn to first frame, from the cache) | $cached_ms ms | bare ron parse $parse_ms ms |"
  echo "| load in process (parse + validate, no cache) | $load_ms ms | bare ron parse $parse_ms ms |"
  echo "| peak RSS, first open | $first_rss MiB | file $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB; bare parse peak $parse_peak MiB |"
  echo "| peak RSS, reopen from the cache | $cached_rss MiB | |"
  echo "| peak RSS, after the first frame / after $((2 * rounds)) saves | $open_peak / $end_peak MiB | |"
  echo
  echo "| key (one keypress, to screen; $rounds rounds) | median | slowest |"
  echo "|---|---:|---:|"
  grep -P '^key\t' "$raw/keys.txt" | awk -F'\t' '{ printf "| %s | %s ms | %s ms |\n", $2, $3, $4 }'
done

# One table across the sizes: the rows of the first size's results, a column per size.
echo
echo "### All sizes"
echo
set -- $sizes
{
  printf '| measure |'; for n in "$@"; do printf ' %s |' "$n"; done; echo
  printf '|---|'; for _ in "$@"; do printf -- '---:|'; done; echo
  awk -F'\t' '
    FNR == 1 { col++ }
    { if (!($1 in seen)) { seen[$1] = 1; order[++rows] = $1 } val[$1, col] = $2 }
    END {
      unit["file_mb"] = " MB"; label["file_mb"] = "file size"
      label["parse_ms"] = "bare ron parse (floor)"; label["load_ms"] = "load in process (parse + validate)"
      label["first_ms"] = "open, first: first frame"; label["cached_ms"] = "open, reopen from the cache: first frame"
      label["parse_peak"] = "peak RSS, bare parse"; label["first_rss"] = "peak RSS, first open"
      label["cached_rss"] = "peak RSS, reopen"; label["keys_open_rss"] = "peak RSS after the first frame (key run)"
      label["keys_end_rss"] = "peak RSS after the keys and saves"; label["keys_now_rss"] = "RSS at the end of the key run"
      for (r = 1; r <= rows; r++) {
        k = order[r]
        name = (k in label) ? label[k] : "key: " k
        u = (k in unit) ? unit[k] : (k ~ /rss|peak/ ? " MiB" : " ms")
        printf "| %s |", name
        for (c = 1; c <= col; c++) printf " %s |", ((k, c) in val ? val[k, c] u : "")
        print ""
      }
    }' $(for n in "$@"; do echo "$out/results-$n.tsv"; done)
}

[ "${SKIP_BENCH:-}" = 1 ] || cargo bench --bench perf
