#!/usr/bin/env bash
# Process source benchmark, MJPEG input: camera front is `source = libcamera` with a stand-in for
# rpicam-vid first on PATH (rpicam-vid is what Nightjar runs for it where installed, MJPEG on its standard
# output): the stand-in runs ffmpeg, which writes JPEGs of its testsrc2 pattern at the size and rate asked
# (1280x720 at 15 fps unless WIDTH, HEIGHT and FPS say otherwise), in real time. Motion detection off, no
# viewer. Prints the CPU of ffmpeg and of the JVM over SECONDS_MEASURED (default 30), in % of one core and
# in milliseconds a frame, from /proc/<pid>/stat: the JVM's part is what the process source costs.
# Needs a built tarball (mvn -DskipTests package) and ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/appliance.sh
. bench/appliance.sh
width=${WIDTH:-1280}
height=${HEIGHT:-720}
fps=${FPS:-15}
seconds=${SECONDS_MEASURED:-30}

# The stand-in takes rpicam-vid's --width, --height and --framerate, and ignores its other options.
mkdir -p "$work/bin"
cat > "$work/bin/rpicam-vid" <<'STANDIN'
#!/bin/sh
while [ $# -gt 0 ]; do
    case "$1" in
        --width) w=$2; shift ;;
        --height) h=$2; shift ;;
        --framerate) r=$2; shift ;;
    esac
    shift
done
exec ffmpeg -nostdin -v error -re -f lavfi -i "testsrc2=size=${w}x${h}:rate=$r" -f mjpeg -q:v 5 -
STANDIN
chmod 755 "$work/bin/rpicam-vid"
export PATH="$work/bin:$PATH"

camera="$home/config/nightjar.camera-front.cfg"
sed -i "s|^source = .*|source = libcamera|; s/^fps = .*/fps = $fps/; s/^width = .*/width = $width/;
    s/^height = .*/height = $height/" "$camera"
sed -i "s/^enabled = .*/enabled = false/" "$home/config/nightjar.motion-front.cfg"
start_appliance
# The ffmpeg among the JVM's descendants (the process source may start its child through a helper).
descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
ffmpeg_pid=$(for p in $(descendants "$pid"); do [ "$(cat "/proc/$p/comm")" = ffmpeg ] && echo "$p"; done | head -n 1)
[ -n "$ffmpeg_pid" ] || { echo "no ffmpeg under the JVM" >&2; exit 1; }
echo "Nightjar $(basename "$tarball") pid $pid, ffmpeg pid $ffmpeg_pid: MJPEG ${width}x${height} at $fps fps" \
    "through the process source, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
measure_cpu "$ffmpeg_pid"
report ffmpeg "$child_ticks"
report JVM "$jvm_ticks"
echo "frames about $((frame / 1024)) KB, the camera's own fps figure: ${measured_fps:-?}; server: $(footprint)"
