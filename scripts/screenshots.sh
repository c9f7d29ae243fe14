#!/usr/bin/env bash
# Regenerates every picture in screenshots/ from the real tracker binary:
# PTY -> vt100 cell grid -> SVG -> PNG (resvg). Installs the fonts it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! fc-list 2>/dev/null | grep -qi "DejaVu Sans Mono"; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq fonts-noto-cjk fonts-dejavu-core fontconfig \
    || { apt-get update -qq && apt-get install -y -qq fonts-noto-cjk fonts-dejavu-core fontconfig; }
fi
cargo build --release --quiet --bin tracker
cargo build --release --quiet -p screenshot --features png
target_dir=${CARGO_TARGET_DIR:-target}
case $target_dir in /*) ;; *) target_dir=$PWD/$target_dir ;; esac
"$target_dir/release/screenshot" --bin "$target_dir/release/tracker" \
  --ledger "$PWD/data/erqi-2018.ron" --out "$PWD/screenshots" "$@"
