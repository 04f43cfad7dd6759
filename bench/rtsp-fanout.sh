#!/usr/bin/env bash
# What delivering pictures costs: CLIENTS (default 20) clients of camera front (synthetic, 640x480 at 30 fps,
# motion detection off so that only delivery counts) over MJPEG/HTTPS, then RTSPS (RTP/JPEG interleaved in
# TLS), then plain RTSP (interleaved, Digest with the device credential), SECONDS_PER_STEP (default 20) each
# after 3 s of warm-up. Prints per protocol the frames per second each client got (min/median), the bytes
# delivered, the server's CPU (% of one core, from /proc/<pid>/stat) and CPU per delivered Gbit/s, and the
# server's CPU with no client (the synthetic camera drawing and encoding), which every row includes.
# Needs a built tarball: mvn -DskipTests package (or scripts/run.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/appliance.sh
. bench/appliance.sh
sed -i "s/^fps = .*/fps = 30/; s/^width = .*/width = 640/; s/^height = .*/height = 480/" "$home/config/nightjar.camera-front.cfg"
sed -i "s/^enabled = .*/enabled = false/" "$home/config/nightjar.motion-front.cfg"
rtsps_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rtsp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/^tlsPort = .*/tlsPort = $rtsps_port/; s/^plainEnabled = .*/plainEnabled = true/; s/^plainPort = .*/plainPort = $rtsp_port/;
    s/^maxClients = .*/maxClients = 1000/" "$home/config/nightjar.rtsp.cfg"
start_appliance
for _ in $(seq 1 100); do grep -q "Plain RTSP on port $rtsp_port" "$work/nightjar.log" && break; sleep 0.1; done
device_user=$(sed -n 's/^username=//p' "$home/data/device-credential.properties")
device_secret=$(sed -n 's/^secret=//p' "$home/data/device-credential.properties")
frame=$(curl -s --cacert "$home/data/tls/device.crt" -u "admin:$password" "https://localhost:$port/cameras/front/snapshot.jpg" | wc -c)
echo "Nightjar $(basename "$tarball") pid $pid, 640x480 at 30 fps, frames about $((frame / 1024)) KB, $(nproc) cores," \
    "load $(cut -d' ' -f1 /proc/loadavg)"
sleep 5
idle_start=$(awk '{print $14+$15}' "/proc/$pid/stat"); sleep 10; idle_end=$(awk '{print $14+$15}' "/proc/$pid/stat")
idle=$(awk -v t=$((idle_end - idle_start)) 'BEGIN{printf "%.1f", t/10}')
echo "server CPU with no client: $idle% of one core"
java bench/DeliveryCost.java localhost "$port" "$rtsps_port" "$rtsp_port" admin "$password" "$device_user" "$device_secret" \
    "$home/data/tls/device.crt" "$pid" "${SECONDS_PER_STEP:-20}" "${CLIENTS:-20}" "$idle"
echo "server: $(footprint)"
