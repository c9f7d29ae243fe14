#!/usr/bin/env bash
# Fault injection at every step of a save (strace -e inject): errors (EIO, ENOSPC, EXDEV,
# EPERM) and SIGKILL at the lock holder's line, the temp write, its fsync, the link keeping
# the old version, the rename of the new version over the ledger, the rename of the old one
# to .bak and the directory fsync. The order of a save: write 1 is the holder's line in
# FILE.lock (best effort), write 2 the new version; rename 1 puts it in place, rename 2 makes
# the kept old version .bak. After each, the ledger must be exactly the old or the new version,
# load cleanly, and an error must come with a clear message. Needs strace (installed if missing).
set -uo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { apt-get install -y -qq strace || { apt-get update -qq && apt-get install -y -qq strace; }; }
cargo build --quiet --bin tracker
bin=$PWD/target/debug/tracker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ledger=$work/ledger.ron
cp tests/fixtures/valid/small.ron "$work/before.ron"
cp "$work/before.ron" "$ledger"
"$bin" done "$ledger" 南水北调生态文化公园 建成开放 --date 2018-06-01 --by s >/dev/null
cp "$ledger" "$work/after.ron"
fail=0
run_case() { # name, expect (error|any), strace inject spec
  local name=$1 expect=$2 spec=$3
  cp "$work/before.ron" "$ledger"; rm -f "$ledger.bak" "$work"/.ledger.ron.tmp.*
  local out status
  out=$(strace -f -qq -o /dev/null -e "inject=$spec" \
        "$bin" done "$ledger" 南水北调生态文化公园 建成开放 --date 2018-06-01 --by s 2>&1)
  status=$?
  local state=torn
  cmp -s "$ledger" "$work/before.ron" && state=old
  cmp -s "$ledger" "$work/after.ron" && state=new
  local loads=yes
  "$bin" check "$ledger" >/dev/null 2>&1 || loads=no
  local verdict=ok
  [ "$state" = torn ] && verdict=FAIL
  [ "$loads" = no ] && verdict=FAIL
  if [ "$expect" = error ] && { [ $status -eq 0 ] || [ -z "$out" ]; }; then verdict=FAIL; fi
  [ "$verdict" = FAIL ] && fail=1
  printf '%-4s %-34s exit %-3s file %-3s loads %-3s %s\n' "$verdict" "$name" "$status" "$state" "$loads" "$(echo "$out" | head -1 | cut -c1-110)"
}
run_case "lock holder line EIO (ignored)" any "write:error=EIO:when=1"
run_case "temp write EIO"              error "write:error=EIO:when=2"
run_case "temp write ENOSPC"           error "write:error=ENOSPC:when=2"
run_case "temp fsync EIO"              error "fsync:error=EIO:when=1"
run_case "old-version link EPERM (copy)" any "linkat:error=EPERM:when=1"
run_case "final rename EXDEV"          error "rename:error=EXDEV:when=1"
run_case "final rename EIO"            error "rename:error=EIO:when=1"
run_case ".bak rename EXDEV"           error "rename:error=EXDEV:when=2"
run_case "directory fsync EIO"         error "fsync:error=EIO:when=2"
run_case "kill at temp write"          any   "write:signal=KILL:when=2"
run_case "kill at temp fsync"          any   "fsync:signal=KILL:when=1"
run_case "kill at old-version link"    any   "linkat:signal=KILL:when=1"
run_case "kill at final rename"        any   "rename:signal=KILL:when=1"
run_case "kill at .bak rename"         any   "rename:signal=KILL:when=2"
run_case "kill at directory fsync"     any   "fsync:signal=KILL:when=2"
exit $fail
