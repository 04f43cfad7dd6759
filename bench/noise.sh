#!/usr/bin/env bash
# Noisy still scene: bytes per minute and luma PSNR of `jpeg-to-ogg` at default settings (the
# recorder's encoder), 640x480 at 15 fps. ffmpeg makes the JPEGs (-q:v 3, camera-like: 28 KB a frame): a still
# background with sensor noise (noise=alls=6:allf=t in video range, new noise every frame), and a subject (ffmpeg's
# moving test pattern, 128x96, noisy too) crossing from left to right between 20 s and 32 s.
# Prints, for the still minute (no subject) and the minute with the subject: bytes, luma PSNR over
# all frames and over the frames with the subject (from the mean MSE, as ffmpeg reports it), the
# worst frame, and the PSNR of the band the subject crosses (rows 192-287), then the encoder's
# frames per second on one core (bench/NoiseSpeed.java, the JPEGs held in memory).
#   SECONDS_OF_VIDEO (default 60), BACKGROUND=gray (default; ffmpeg's color=gray, as issue 18
#   measured) or picture (a still frame of testsrc2, softened), CODEC_JAR (default: build
#   bundles/codec offline), QV (JPEG -q:v, default 3), ARGS (extra jpeg-to-ogg options).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CODEC_JAR:-}" ]; then
    mvn -B -ntp -o -q -pl bundles/codec -am package -DskipTests
    codec_jars=(bundles/codec/target/nightjar.codec-*.jar)
    CODEC_JAR=${codec_jars[0]}
fi
seconds=${SECONDS_OF_VIDEO:-60}
qv=${QV:-3}
frames=$((seconds * 15))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case "${BACKGROUND:-gray}" in
    gray) background="color=c=gray:s=640x480:r=15" ;;
    picture) background="testsrc2=s=640x480:r=15,trim=end_frame=1,loop=loop=-1:size=1,gblur=sigma=0.7" ;;
    *) echo "BACKGROUND is gray or picture" >&2; exit 2 ;;
esac
subject="testsrc2=s=128x96:r=15"
# Left to right across the picture in 12 s, from 20 s: in frames 300 to 480 (counting from 0).
crossing="overlay=x='-128+(t-20)*768/12':y=192:enable='between(t,20,32)'"
noise="format=yuv420p,noise=alls=6:allf=t,format=yuvj420p"
mkdir "$work/still" "$work/subject"
ffmpeg -nostdin -v error -f lavfi -i "$background" -vf "$noise" -frames:v "$frames" -q:v "$qv" "$work/still/%05d.jpg"
ffmpeg -nostdin -v error -f lavfi -i "$background" -f lavfi -i "$subject" \
    -filter_complex "[0:v][1:v]$crossing,$noise" -frames:v "$frames" -q:v "$qv" "$work/subject/%05d.jpg"

# Per-frame luma MSE of a clip against its JPEGs (in video range), optionally of a crop: "n mse_y".
mse() { # clip frames-directory [crop]
    local crop=${3:+,crop=$3}
    ffmpeg -nostdin -v error -i "$1" -framerate 15 -i "$2/%05d.jpg" -lavfi \
        "[1:v]scale=in_range=full:out_range=limited,format=yuv420p${crop}[r];[0:v]format=yuv420p${crop}[o];[o][r]psnr=stats_file=$work/stats" \
        -f null -
    sed -n 's/^n:\([0-9]*\) .*mse_y:\([0-9.]*\) .*/\1 \2/p' "$work/stats"
}
# Mean MSE as PSNR, and the worst frame's PSNR, over frames first..last (ffmpeg counts from 1).
summary() { # first last
    awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { s += $2; n++; if ($2 > m) m = $2 }
        END { printf "%6.2f dB (worst frame %5.2f dB)", 10 * log(255 * 255 / (s / n)) / log(10),
              10 * log(255 * 255 / m) / log(10) }'
}

echo "== 640x480, 15 fps, $seconds s, background ${BACKGROUND:-gray}, JPEG -q:v $qv ($(du -sk "$work/subject" | cut -f1) KB of JPEG with the subject)"
echo "   jpeg-to-ogg ${ARGS:-(defaults)}, $(basename "$CODEC_JAR")"
for scene in still subject; do
    # shellcheck disable=SC2086 # ARGS is a list of options
    java -XX:+UseSerialGC -cp "$CODEC_JAR" nightjar.codec.internal.JpegToOgg ${ARGS:-} --fps 15 "$work/$scene" \
        "$work/$scene.ogg" > /dev/null
    bytes=$(stat -c %s "$work/$scene.ogg")
    printf "%-8s %9d bytes, %9d bytes per minute\n" "$scene" "$bytes" $((bytes * 60 / seconds))
    mse "$work/$scene.ogg" "$work/$scene" > "$work/$scene.mse"
    printf "         PSNR y all frames:        %s\n" "$(summary 1 "$frames" < "$work/$scene.mse")"
    if [ "$scene" = subject ] && [ "$frames" -gt 301 ]; then
        last=$((frames < 481 ? frames : 481))
        mse "$work/$scene.ogg" "$work/$scene" 640:96:0:192 > "$work/band.mse"
        printf "         PSNR y subject frames:    %s\n" "$(summary 301 "$last" < "$work/$scene.mse")"
        printf "         band 192-287, subject:    %s\n" "$(summary 301 "$last" < "$work/band.mse")"
        printf "         band 192-287, after it:   %s\n" "$(summary $((last + 1)) "$frames" < "$work/band.mse")"
    fi
done
echo "== encoder speed, one thread, the subject minute held in memory"
# shellcheck disable=SC2086 # ARGS is a list of options
java -XX:+UseSerialGC -cp "$CODEC_JAR" bench/NoiseSpeed.java "$work/subject" ${ARGS:-}
