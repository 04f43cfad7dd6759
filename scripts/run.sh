#!/usr/bin/env bash
# Builds Nightjar and runs it from run/nightjar, with the synthetic camera when there is no other.
# The program is replaced on every run; config/ (new files added) and data/ (accounts, certificate) are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
mvn -B -ntp -DskipTests package

tarball=$(ls distribution/target/nightjar-*.tar.gz)
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
tar xzf "$tarball" -C "$unpacked"
mkdir -p run/nightjar
for part in bin conf lib system bundles; do
    rm -rf "run/nightjar/$part"
    cp -a "$unpacked/nightjar/$part" run/nightjar/
done
# Configuration the user has is kept; files of components that are new in this build are added.
mkdir -p run/nightjar/config
cp -an "$unpacked/nightjar/config/." run/nightjar/config/
[ -d run/nightjar/data ] || cp -a "$unpacked/nightjar/data" run/nightjar/

rm -rf "$unpacked"
trap - EXIT
exec run/nightjar/bin/nightjar
