#!/usr/bin/env bash
# Memory, threads and start-up time of the built distribution, as a 512 MB Pi would care about them:
# two synthetic cameras (640x480, 15 fps; motion detection and recording on camera front, as shipped),
# the time from launch to the first snapshot on a first start and on a restart, RSS and threads idle,
# with 20 viewers and with 500 viewers (bench/FanOut.java, SECONDS_PER_STEP each, default 20).
# JAVA_OPTS is passed to bin/nightjar, so other JVM settings can be compared.
# Needs a built tarball: mvn -DskipTests package (or scripts/run.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/appliance.sh
. bench/appliance.sh
sed -i "s/^fps = .*/fps = 15/; s/^width = .*/width = 640/; s/^height = .*/height = 480/" "$home/config/nightjar.camera-front.cfg"
printf 'name = Back\nsource = synthetic\nwidth = 640\nheight = 480\nfps = 15\n' > "$home/config/nightjar.camera-back.cfg"
echo "Nightjar $(basename "$tarball"), JAVA_OPTS=${JAVA_OPTS:-the default of bin/nightjar}, $(nproc) cores"
start_appliance
echo "first start: first snapshot after $start_ms ms"
sleep 20
echo "idle (2 cameras, 20 s after start): $(footprint)"
read -r -a clients <<< "${CLIENTS:-20 500}"
java bench/FanOut.java "https://localhost:$port/cameras/front/stream.mjpg" admin "$password" \
    "$home/data/tls/device.crt" "$pid" "${SECONDS_PER_STEP:-20}" "${clients[@]}"
echo "after the viewers: $(footprint)"
stop_appliance
start_appliance
echo "restart: first snapshot after $start_ms ms"
sleep 20
echo "idle after the restart: $(footprint)"
