#!/usr/bin/env bash
# Installs from Debian's packages what building, running and testing Nightjar needs, skipping what
# is already there: a Java 17 JDK, Maven, curl and ffmpeg (the tests' independent HTTPS and MJPEG
# clients and video decoder), libjpeg-turbo's tools (cjpeg, jpegtran: JPEG test files of every kind),
# gcc and the aarch64 and armhf cross compilers (the V4L2 structure layouts are checked against them),
# mmdebstrap, e2fsprogs and QEMU (the V4L2 system test boots a VM with the vivid camera),
# Mosquitto with its clients (the MQTT tests start a real broker and subscribe with mosquitto_sub),
# Chromium and Node.js with npm (the web UI's browser test drives headless Chromium with playwright-core),
# GStreamer's RTSP server with x264 through Python (the RTSP camera test serves an H.264 test pattern),
# python3-zeroconf and avahi-daemon (the mDNS test browses with the library Home Assistant uses, and runs
# an avahi-daemon in a network namespace beside Nightjar, as Raspberry Pi OS has one),
# GStreamer's command-line tools (the RTSP server's test reads it with rtspsrc),
# and shellcheck, systemd's systemd-analyze and lintian (the scripts, the SD-card image's units and the
# Debian package are checked).
# What building and booting the SD-card image needs on top of this is installed by image/setup.sh.
set -euo pipefail

missing=()
if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -qE ' (1[7-9]|[2-9][0-9])(\.|$)'; then
    missing+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v curl >/dev/null 2>&1 || missing+=(curl)
{ command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg)
{ command -v cjpeg && command -v jpegtran; } >/dev/null 2>&1 || missing+=(libjpeg-turbo-progs)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/include/sys ] || missing+=(libc6-dev-arm64-cross)
command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || missing+=(gcc-arm-linux-gnueabihf)
[ -d /usr/arm-linux-gnueabihf/include/sys ] || missing+=(libc6-dev-armhf-cross)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
command -v mke2fs >/dev/null 2>&1 || missing+=(e2fsprogs)
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
command -v qemu-img >/dev/null 2>&1 || missing+=(qemu-utils)
{ command -v mosquitto || [ -x /usr/sbin/mosquitto ]; } >/dev/null 2>&1 || missing+=(mosquitto)
{ command -v mosquitto_sub && command -v mosquitto_pub; } >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v node && command -v npm; } >/dev/null 2>&1 || missing+=(nodejs npm)
# iproute2: the ONVIF test probes from a network namespace joined by a veth pair (ip netns, ip link).
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
for package in python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
    gstreamer1.0-plugins-ugly gstreamer1.0-tools python3-zeroconf avahi-daemon; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "Installing ${missing[*]} from Debian's packages"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# playwright-core (pinned in its package-lock.json) for the browser test; it drives /usr/bin/chromium.
browser_test="$(dirname "$0")/../distribution/src/test/browser"
if [ ! -d "$browser_test/node_modules/playwright-core" ]; then
    echo "Installing playwright-core for the browser test"
    (cd "$browser_test" && npm ci --no-audit --no-fund)
fi
