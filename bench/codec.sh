#!/usr/bin/env bash
# Codec benchmark: our MJPEG -> Ogg/Theora transcode against ffmpeg's libtheora on one core, on a still
# scene with sensor noise and a moving subject (bench/jmh SceneFrames), at 640x480 and 1280x720.
# Prints file sizes and luma PSNR (ffmpeg's psnr filter against the source in video range) for both,
# ffmpeg's frames per second from its own user time, ours from JMH, and the JPEG reader's rates.
# FRAMES (default 300) sets the clip length.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -DskipTests install
mvn -B -ntp -q -f bench/jmh/pom.xml package
classpath="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)"
codec_jars=(bundles/codec/target/nightjar.codec-*.jar)
codec=${codec_jars[0]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
frames=${FRAMES:-300}

psnr() { # clip frames-directory
    ffmpeg -nostdin -i "$1" -framerate 15 -i "$2/%05d.jpg" -lavfi \
        "[1:v]scale=in_range=full:out_range=limited,format=yuv420p[r];[0:v]format=yuv420p[o];[o][r]psnr" \
        -f null - 2>&1 | grep -o "PSNR y:[0-9.]*" | cut -d: -f2
}

for size in 640x480 1280x720; do
    width=${size%x*}
    height=${size#*x}
    java -cp "$classpath" nightjar.bench.SceneFrames "$width" "$height" "$frames" 80 "$work/$size"
    echo
    echo "== $size, $frames frames at 15 fps, JPEG quality 80, $(du -sk "$work/$size" | cut -f1) KB of JPEG"
    printf "%-34s %10s %10s %12s\n" "encoder" "bytes" "PSNR y" "frames/s"
    for q in 1 3 5 7; do
        seconds=$(ffmpeg -benchmark -nostdin -nostats -y -threads 1 -framerate 15 -i "$work/$size/%05d.jpg" \
            -c:v libtheora -q:v "$q" "$work/libtheora.ogv" 2>&1 | sed -n 's/.*utime=\([0-9.]*\)s.*/\1/p')
        printf "%-34s %10d %10s %12.1f\n" "ffmpeg libtheora -q:v $q (1 thread)" "$(stat -c %s "$work/libtheora.ogv")" \
            "$(psnr "$work/libtheora.ogv" "$work/$size")" "$(awk -v f="$frames" -v s="$seconds" 'BEGIN { print f / s }')"
    done
    for setting in "70 9" "50 16"; do
        read -r quality skip <<< "$setting"
        java -cp "$codec" nightjar.codec.internal.JpegToOgg --fps 15 --quality "$quality" --skip "$skip" \
            "$work/$size" "$work/ours.ogg" > /dev/null
        printf "%-34s %10d %10s %12s\n" "nightjar quality $quality skip $skip" "$(stat -c %s "$work/ours.ogg")" \
            "$(psnr "$work/ours.ogg" "$work/$size")" "(JMH below)"
    done
done

echo
echo "== JMH, one thread: frames per second"
java -cp "$classpath" org.openjdk.jmh.Main -wi 3 -w 1 -i 5 -r 2 CodecBenchmark 2>&1 | grep -E "^(Benchmark|CodecBenchmark)"
