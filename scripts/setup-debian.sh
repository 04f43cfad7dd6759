#!/usr/bin/env bash
# Installs from Debian's packages what building, running and testing Nightjar needs, skipping what
# is already there: a Java 17 JDK, Maven, curl and ffmpeg (the tests' independent HTTPS and MJPEG
# clients and video decoder), and libjpeg-turbo's tools (cjpeg, jpegtran: JPEG test files of every kind).
set -euo pipefail

missing=()
if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -qE ' (1[7-9]|[2-9][0-9])(\.|$)'; then
    missing+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v curl >/dev/null 2>&1 || missing+=(curl)
{ command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg)
{ command -v cjpeg && command -v jpegtran; } >/dev/null 2>&1 || missing+=(libjpeg-turbo-progs)

if ((${#missing[@]})); then
    echo "Installing ${missing[*]} from Debian's packages"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
