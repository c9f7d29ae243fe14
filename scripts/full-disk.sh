#!/usr/bin/env bash
# A save onto a full filesystem fails with a clear message and leaves the ledger intact.
# Mounts a 64 KiB tmpfs (needs root), fills it, and crosses off a milestone.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin tracker
bin=$PWD/target/debug/tracker
mnt=$(mktemp -d)
mount -t tmpfs -o size=64k tmpfs "$mnt" || { echo "cannot mount a tmpfs (root needed)"; exit 2; }
trap 'umount "$mnt"; rmdir "$mnt"' EXIT
cp tests/fixtures/valid/small.ron "$mnt/ledger.ron"
cp "$mnt/ledger.ron" /tmp/full-disk-before.ron
dd if=/dev/zero of="$mnt/filler" bs=1k count=1000 2>/dev/null
out=$("$bin" done "$mnt/ledger.ron" 南水北调生态文化公园 建成开放 2>&1); status=$?
echo "exit $status: $out"
cmp -s "$mnt/ledger.ron" /tmp/full-disk-before.ron && echo "ok: the ledger is unchanged" || { echo "FAIL: the ledger changed"; exit 1; }
"$bin" check "$mnt/ledger.ron" >/dev/null && echo "ok: the ledger loads"
ls -a "$mnt" | grep -q '\.tmp\.' && { echo "FAIL: a temp file was left"; exit 1; }
[ $status -ne 0 ] && echo "$out" | grep -q "no space" && echo "ok: refused with a clear message"
