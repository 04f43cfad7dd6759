#!/usr/bin/env bash
# ogv.js decode speed in headless Chromium (the recordings player of the web UI): makes a 20 s clip at
# 640x480 and one at 1280x720 (15 fps, ffmpeg's testsrc2 with sensor noise, so the encoder codes every
# block of every frame: the slowest case to decode) with the built distribution's `bin/nightjar
# jpeg-to-ogg`, serves them and the web bundle's ogv.js from a local HTTP server, plays each once at 8x
# and prints frames decoded per second of decoder time (bench/ogv-decode.mjs). Needs the build (for the
# tarball and bundles/web/target/classes/ui/ogv), ffmpeg, Chromium and the browser test's playwright-core
# (scripts/setup-debian.sh). FRAMES (default 300) sets the clip length.
set -euo pipefail
cd "$(dirname "$0")/.."
tarballs=(distribution/target/nightjar-*.tar.gz)
tarball=${NIGHTJAR_TARBALL:-${tarballs[0]}}
ogv=bundles/web/target/classes/ui/ogv
playwright=distribution/src/test/browser/node_modules/playwright-core/index.mjs
for needed in "$tarball" "$ogv/ogv-es2017.js" "$playwright"; do
    [ -e "$needed" ] || { echo "missing $needed: build first (mvn -DskipTests package; scripts/setup-debian.sh)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
frames=${FRAMES:-300}
tar xzf "$tarball" -C "$work"

clips=()
for size in 640x480 1280x720; do
    mkdir -p "$work/$size"
    ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=$size:rate=15,noise=alls=6:allf=t" -frames:v "$frames" \
        -q:v 3 "$work/$size/%05d.jpg"
    "$work/nightjar/bin/nightjar" jpeg-to-ogg --fps 15 "$work/$size" "$work/clip-$size.ogg"
    clips+=("$work/clip-$size.ogg")
done
PLAYWRIGHT="$PWD/$playwright" node bench/ogv-decode.mjs "$PWD/$ogv" "${clips[@]}"
