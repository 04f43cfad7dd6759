#!/bin/sh
# CPU of the GPIO bundle's scene-brightness analysis (see bench/README.md). Build first:
#   mvn -B -ntp -q verify -pl bundles/gpio -am
set -eu
cd "$(dirname "$0")/.."
repo=${MAVEN_REPO:-$HOME/.m2/repository}
cp=bundles/gpio/target/classes:bundles/codec/target/classes:bundles/api/target/classes
cp=$cp:$repo/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:$repo/org/jspecify/jspecify/1.0.0/jspecify-1.0.0.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -nowarn -d "$out" -cp "$cp" bench/gpio/nightjar/gpio/internal/SceneMeterTiming.java
for size in "640 480" "1280 720" "1920 1080"; do
  # shellcheck disable=SC2086
  java -cp "$out:$cp" nightjar.gpio.internal.SceneMeterTiming $size
done
