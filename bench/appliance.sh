# shellcheck shell=bash
# Sourced by the benchmarks: unpacks the built tarball into a temporary directory and starts it.
# Sets: home, port, and after start_appliance pid (of the running appliance), password, start_ms; the EXIT trap stops it and cleans up.
tarball=${NIGHTJAR_TARBALL:-$(ls distribution/target/nightjar-*.tar.gz)}
work=$(mktemp -d)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM # so that the EXIT trap stops the appliance when the benchmark is stopped
tar xzf "$tarball" -C "$work"
home="$work/nightjar"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/^httpsPort = .*/httpsPort = $port/" "$home/config/nightjar.security.cfg"
# A benchmark's clients are one account at one address: lift the per-account and per-address stream caps (20).
if [ -f "$home/config/nightjar.stream.cfg" ]; then # builds before the caps have no such file
    sed -i "s/^maxStreamsPerAccount = .*/maxStreamsPerAccount = 1000/; s/^maxStreamsPerAddress = .*/maxStreamsPerAddress = 1000/" \
        "$home/config/nightjar.stream.cfg"
fi

# Starts bin/nightjar and waits until it serves a snapshot of camera front; sets start_ms to the
# milliseconds that took.
start_appliance() {
    local started
    started=$(date +%s%N)
    "$home/bin/nightjar" >> "$work/nightjar.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        if [ -s "$home/data/admin-password.txt" ] && curl -sf --cacert "$home/data/tls/device.crt" \
            -u "admin:$(cat "$home/data/admin-password.txt")" -o /dev/null "https://localhost:$port/cameras/front/snapshot.jpg"; then
            # shellcheck disable=SC2034 # password and start_ms are for the scripts that source this one
            password=$(cat "$home/data/admin-password.txt")
            # shellcheck disable=SC2034
            start_ms=$(( ($(date +%s%N) - started) / 1000000 ))
            return
        fi
        sleep 0.1
    done
    echo "Nightjar did not serve a snapshot within 60 s" >&2
    exit 1
}

stop_appliance() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
}

# The appliance's resident memory (now and its peak, MB) and thread count.
footprint() {
    echo "RSS $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status") MB" \
        "(peak $(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status") MB)," \
        "$(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 | wc -l) threads"
}

# After 5 s to settle, the CPU clock ticks (1/100 s) of the appliance and of one of its children over
# $seconds: sets jvm_ticks and child_ticks, frame (the bytes of a snapshot of camera front) and measured_fps
# (the camera's own fps figure). The sourcing script sets seconds, and fps for report.
# shellcheck disable=SC2034,SC2154 # the results are for the sourcing script, which sets seconds
measure_cpu() {
    local child=$1 jvm_start child_start
    sleep 5
    jvm_start=$(cpu_ticks "$pid"); child_start=$(cpu_ticks "$child")
    frame=$(curl -s --cacert "$home/data/tls/device.crt" -u "admin:$password" "https://localhost:$port/cameras/front/snapshot.jpg" | wc -c)
    sleep "$seconds"
    jvm_ticks=$(( $(cpu_ticks "$pid") - jvm_start )); child_ticks=$(( $(cpu_ticks "$child") - child_start ))
    measured_fps=$(curl -s --cacert "$home/data/tls/device.crt" -u "admin:$password" "https://localhost:$port/cameras" \
        | sed -n 's/.*"id":"front"[^}]*"fps":\([0-9.]*\).*/\1/p')
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# One line of CPU figures: name, ticks over $seconds at $fps, as % of one core and milliseconds a frame.
# shellcheck disable=SC2154 # seconds and fps are the sourcing script's
report() {
    awk -v name="$1" -v t="$2" -v s="$seconds" -v f="$fps" \
        'BEGIN {printf "%-7s %5.1f%% of one core, %5.2f ms a frame\n", name, t / s, t * 10 / (s * f)}'
}
