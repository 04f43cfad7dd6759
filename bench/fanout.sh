#!/usr/bin/env bash
# Fan-out benchmark against the built distribution over HTTPS: the synthetic camera at 640x480 and
# 30 fps, 1, 10, 50 and 100 clients (override with CLIENTS="1 10"), SECONDS per step (default 20).
# Prints delivered fps per client, server CPU, frame latency, memory and threads.
# Needs a built tarball: mvn -DskipTests package (or scripts/run.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/appliance.sh
. bench/appliance.sh
sed -i "s/^fps = .*/fps = 30/; s/^width = .*/width = 640/; s/^height = .*/height = 480/" "$home/config/nightjar.camera-front.cfg"
start_appliance
frame=$(curl -s --cacert "$home/data/tls/device.crt" -u "admin:$password" "https://localhost:$port/cameras/front/snapshot.jpg" | wc -c)
echo "Nightjar $(basename "$tarball") pid $pid, 640x480 at 30 fps, frames about $((frame / 1024)) KB, $(nproc) cores"
sleep 5
idle_start=$(awk '{print $14+$15}' "/proc/$pid/stat"); sleep 10; idle_end=$(awk '{print $14+$15}' "/proc/$pid/stat")
# Clock ticks are 1/100 s; over 10 s, ticks / 10 is the percentage of one core.
echo "server CPU with no client (the synthetic camera drawing and encoding): $(awk -v t=$((idle_end - idle_start)) 'BEGIN{printf "%.1f", t/10}')% of one core"
read -r -a clients <<< "${CLIENTS:-1 10 50 100}"
java bench/FanOut.java "https://localhost:$port/cameras/front/stream.mjpg" admin "$password" \
    "$home/data/tls/device.crt" "$pid" "${SECONDS_PER_STEP:-20}" "${clients[@]}"
echo "server: $(footprint)"
