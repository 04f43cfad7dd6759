#!/usr/bin/env bash
# Checks how bench/versus-motion.sh reads the motion daemon's per-frame decisions, on a clip with a known
# answer: 320x240 at 15 fps, a still grey picture with sensor noise, and a white 50x50 square that
# crosses it (5 pixels a frame, bobbing up and down) in frames 63 to 97 of 160.
#   bench/versus-motion-check.sh
# It runs bench/versus-motion.sh on the clip with motion's picture_output on (motion then saves each
# frame it flags as motion, as it analysed it, its time stamp drawn in a corner), then checks that
#   - motion analysed every frame once (the feed), and
#   - each saved picture is the frame the log says that pass of motion's loop analysed, not the one
#     before or after it: its PSNR against that frame is the highest of the three (ffmpeg's psnr), and
#   - the frames with a saved picture are the frames the script counts as motion's.
# motion saves a picture for every frame it flags (the first 2 s, its start-up, excepted) unless more
# than `framerate` frames fall in one second of the clock, which the feed's pacing prevents.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

mkdir -p "$work/square"
ffmpeg -v error -f lavfi -i "color=c=0x707070:s=320x240:r=15,format=yuv420p,noise=alls=10:allf=t[bg];\
color=c=white:s=50x50:r=15[box];[bg][box]overlay=x='20+(n-62)*5':y='90+10*sin(n)':eval=frame:enable='between(n,62,96)':shortest=1" \
    -frames:v 160 -q:v 3 "$work/square/f%04d.jpg"
{
    echo file,present
    for i in $(seq 1 160); do printf 'f%04d.jpg,%d\n' "$i" "$(( i >= 63 && i <= 97 ))"; done
} > "$work/labels.csv"

OUT="$work/out" MOTION_OPTIONS="picture_output on" bench/versus-motion.sh "$work/square" "$work/labels.csv" | tee "$work/result"
grep -q "motion analysed 160 of 160 frames once" "$work/result" || { echo "FAILED: motion did not analyse every frame once"; exit 1; }

# The frame of the pass that wrote each picture: "<frame> <picture file>".
awk 'match($0, /Corrupt JPEG data: [0-9]+ extraneous bytes/) { frame = substr($0, RSTART + 19) + 0 }
     /netcam_proc_jpeg: processing jpeg image/ { frame = 0 }
     match($0, /Writing image to file: .*/) { n = split(substr($0, RSTART + 23), path, "/"); print frame, path[n] }' \
    "$work/out/square.motion.log" > "$work/pictures"
psnr() {
    ffmpeg -nostdin -v info -i "$1" -i "$2" -lavfi "[0][1]psnr" -f null - 2>&1 | sed -n 's/.*PSNR y:\([0-9.inf]*\).*/\1/p'
}
failures=0
while read -r frame picture; do
    best="" best_psnr=-1
    for candidate in $((frame - 1)) "$frame" $((frame + 1)); do
        file=$(printf '%s/square/f%04d.jpg' "$work" "$candidate")
        [ -f "$file" ] || continue
        value=$(psnr "$work/out/square.motion-pictures/$picture" "$file")
        [ "$value" = inf ] && value=999
        if awk -v a="$value" -v b="$best_psnr" 'BEGIN { exit !(a > b) }'; then best=$candidate best_psnr=$value; fi
        printf ' %d:%s' "$candidate" "$value" >> "$work/psnr.$frame"
    done
    if [ "$best" != "$frame" ]; then
        echo "MISMATCH: the picture of frame $frame looks like frame $best (PSNR$(cat "$work/psnr.$frame"))"
        failures=$((failures + 1))
    fi
done < "$work/pictures"
pictures=$(wc -l < "$work/pictures")
awk -F, 'NR > 1 && $2 { sub(/^f0*/, "", $1); sub(/\.jpg$/, "", $1); print $1 }' "$work/out/square.motion.csv" | sort -n > "$work/flagged"
awk '{ print $1 }' "$work/pictures" | sort -n > "$work/saved"
if ! cmp -s "$work/flagged" "$work/saved"; then
    echo "MISMATCH: frames flagged $(tr '\n' ' ' < "$work/flagged")but pictures of $(tr '\n' ' ' < "$work/saved")"
    failures=$((failures + 1))
fi
echo "motion flagged frames $(tr '\n' ' ' < "$work/flagged")(the square is in 63 to 97)"
if [ "$failures" -gt 0 ]; then
    echo "FAILED: $failures mismatches"
    exit 1
fi
echo "OK: each of motion's $pictures pictures is the frame the log names (best PSNR of it and its neighbours), and they are the frames counted as motion's"
