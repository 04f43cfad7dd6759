#!/usr/bin/env bash
# Runs every test: unit tests, the Pax Exam tests of the assembled framework, and the end-to-end
# tests that unpack and start the distribution and use it with curl and ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
exec mvn -B -ntp verify
