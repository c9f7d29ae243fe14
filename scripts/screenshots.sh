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
# The exported workbook as LibreOffice prints it: the first page of 项目台账 (A3), its top.
command -v soffice >/dev/null && command -v pdftoppm >/dev/null || {
  apt-get install -y -qq libreoffice-calc-nogui poppler-utils \
    || { apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui poppler-utils; }
}
shot_dir=$(mktemp -d)
"$target_dir/release/tracker" --lang zh export xlsx data/erqi-2018.ron --today 2018-06-15 \
  -o "$shot_dir/台账.xlsx" >/dev/null
HOME="$shot_dir" soffice --headless --convert-to pdf --outdir "$shot_dir" "$shot_dir/台账.xlsx" >/dev/null 2>&1
pdftoppm -png -r 110 -f 1 -l 1 -x 0 -y 0 -W 1819 -H 620 -singlefile "$shot_dir/台账.pdf" \
  "$PWD/screenshots/excel-export"
rm -rf "$shot_dir"
echo "$PWD/screenshots/excel-export.png"
