#!/usr/bin/env bash
# Fan-out benchmark against the built distribution over HTTPS: the synthetic camera at 640x480 and
# 30 fps, 1, 10, 50 and 100 clients (override with CLIENTS="1 10"), SECONDS per step (default 20).
# Prints delivered fps per client, server CPU and frame latency, plus the server's memory.
# Needs a built tarball: mvn -DskipTests package (or scripts/run.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls distribution/target/nightjar-*.tar.gz)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
home="$work/nightjar"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/^httpsPort = .*/httpsPort = $port/" "$home/config/nightjar.security.cfg"
sed -i "s/^fps = .*/fps = 30/; s/^width = .*/width = 640/; s/^height = .*/height = 480/" "$home/config/nightjar.camera-front.cfg"
# All clients are one account at one address: lift the per-account and per-address stream caps (20).
sed -i "s/^maxStreamsPerAccount = .*/maxStreamsPerAccount = 1000/; s/^maxStreamsPerAddress = .*/maxStreamsPerAddress = 1000/" \
    "$home/config/nightjar.stream.cfg"
"$home/bin/nightjar" > "$work/nightjar.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
    if [ -s "$home/data/admin-password.txt" ] && curl -sf --cacert "$home/data/tls/device.crt" \
        -u "admin:$(cat "$home/data/admin-password.txt")" -o /dev/null "https://localhost:$port/cameras/front/snapshot.jpg"; then
        break
    fi
    sleep 0.5
done
password=$(cat "$home/data/admin-password.txt")
frame=$(curl -s --cacert "$home/data/tls/device.crt" -u "admin:$password" "https://localhost:$port/cameras/front/snapshot.jpg" | wc -c)
echo "Nightjar $(basename "$tarball") pid $pid, 640x480 at 30 fps, frames about $((frame / 1024)) KB, $(nproc) cores"
sleep 5
idle_start=$(awk '{print $14+$15}' "/proc/$pid/stat"); sleep 10; idle_end=$(awk '{print $14+$15}' "/proc/$pid/stat")
# Clock ticks are 1/100 s; over 10 s, ticks / 10 is the percentage of one core.
echo "server CPU with no client (the synthetic camera drawing and encoding): $(awk -v t=$((idle_end - idle_start)) 'BEGIN{printf "%.1f", t/10}')% of one core"
read -r -a clients <<< "${CLIENTS:-1 10 50 100}"
java bench/FanOut.java "https://localhost:$port/cameras/front/stream.mjpg" admin "$password" \
    "$home/data/tls/device.crt" "$pid" "${SECONDS_PER_STEP:-20}" "${clients[@]}"
echo "server memory: $(grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | tr -s ' ' | tr '\n' ' ')"
echo "server threads: $(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 | wc -l)"
