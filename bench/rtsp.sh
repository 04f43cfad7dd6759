#!/usr/bin/env bash
# RTSP ingest benchmark: GStreamer's RTSP server on loopback serves an H.264 test pattern (1280x720 at
# 15 fps unless WIDTH, HEIGHT and FPS say otherwise; PATTERN=snow for noise, the worst case, instead of a
# moving ball; distribution/src/test/rtsp/rtsp-server.py), camera
# front ingests it through ffmpeg as 640x480 MJPEG at the same rate, motion detection off so that only the
# ingest counts, no viewer. Prints the CPU of ffmpeg and of the JVM over SECONDS (default 30), in % of one
# core and in milliseconds a frame, from /proc/<pid>/stat.
# Needs a built tarball (mvn -DskipTests package) and the RTSP server's packages (scripts/setup-debian.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/appliance.sh
. bench/appliance.sh
width=${WIDTH:-1280}
height=${HEIGHT:-720}
fps=${FPS:-15}
seconds=${SECONDS_MEASURED:-30}
rtsp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 distribution/src/test/rtsp/rtsp-server.py "$rtsp_port" "$width" "$height" "$fps" bench benchpass "${PATTERN:-ball}" \
    > "$work/rtsp-server.out" 2> "$work/rtsp-server.log" &
server=$!
# Replaces bench/appliance.sh's trap, doing what it did and stopping the server too.
trap 'kill "$server" 2>/dev/null || true; if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q ready "$work/rtsp-server.out" && break; sleep 0.1; done
grep -q ready "$work/rtsp-server.out" || { cat "$work/rtsp-server.log" >&2; exit 1; }

camera="$home/config/nightjar.camera-front.cfg"
sed -i "s|^source = .*|source = rtsp://127.0.0.1:$rtsp_port/cam|; s/^fps = .*/fps = $fps/; s/^width = .*/width = 640/;
    s/^height = .*/height = 480/" "$camera"
printf 'username = bench\npassword = benchpass\n' >> "$camera"
sed -i "s/^enabled = .*/enabled = false/" "$home/config/nightjar.motion-front.cfg"
start_appliance
ffmpeg_pid=$(ps --ppid "$pid" -o pid=,comm= | awk '$2 == "ffmpeg" {print $1}')
[ -n "$ffmpeg_pid" ] || { echo "no ffmpeg under the JVM" >&2; exit 1; }
echo "Nightjar $(basename "$tarball") pid $pid, ffmpeg pid $ffmpeg_pid: RTSP H.264 ${width}x${height} at $fps fps (${PATTERN:-ball})" \
    "-> MJPEG 640x480, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
measure_cpu "$ffmpeg_pid"
report ffmpeg "$child_ticks"
report JVM "$jvm_ticks"
report both $((child_ticks + jvm_ticks))
echo "frames about $((frame / 1024)) KB, the camera's own fps figure: ${measured_fps:-?}; server: $(footprint)"
