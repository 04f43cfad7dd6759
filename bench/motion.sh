#!/bin/sh
# The motion detector's frames per second on one core (bench/jmh MotionBenchmark), at 640x480 and
# 1280x720, for the working tree or for the detector of an older revision ("before" figures):
#   bench/motion.sh            # the working tree (build it first: mvn -o -q -pl bundles/motion -am package -DskipTests)
#   bench/motion.sh 580ad90    # the detector classes of that revision, on this tree's codec
# Compiled with javac against the reactor's target/classes, so nothing is installed into ~/.m2.
# JMH comes from the local Maven repository (MAVEN_REPO, default ~/.m2/repository); if it is missing:
#   mvn dependency:get -Dartifact=org.openjdk.jmh:jmh-core:1.37
#   mvn dependency:get -Dartifact=org.openjdk.jmh:jmh-generator-annprocess:1.37
set -eu
cd "$(dirname "$0")/.."
repo=${MAVEN_REPO:-$HOME/.m2/repository}
jmh="$repo/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$repo/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$repo/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
processor="$repo/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar"
for jar in $(echo "$jmh" | tr ':' ' ') "$processor"; do
    [ -f "$jar" ] || { echo "bench/motion.sh: $jar missing (see the comment at the top)" >&2; exit 1; }
done
# shellcheck source=bench/motion-libs.sh
. bench/motion-libs.sh
libs=$motion_libs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
codec=bundles/codec/target/classes:bundles/api/target/classes
motion=bundles/motion/target/classes
if [ $# -gt 0 ]; then
    # Only what the benchmark runs: the detector without its OSGi component and servlet.
    mkdir -p "$work/src" "$work/motion"
    for name in CameraDetector MotionModel MotionSettings MotionConfig ConfigFile Zones BlockThumbnail RegionTracks package-info; do
        if git cat-file -e "$1:bundles/motion/src/main/java/nightjar/motion/internal/$name.java" 2>/dev/null; then
            git show "$1:bundles/motion/src/main/java/nightjar/motion/internal/$name.java" > "$work/src/$name.java"
        fi
    done
    javac -nowarn -d "$work/motion" -cp "$codec:$libs" "$work"/src/*.java
    motion="$work/motion"
    # The benchmark as it was then, so that it runs what that detector had.
    git show "$1:bench/jmh/src/main/java/nightjar/motion/internal/MotionBenchmark.java" > "$work/MotionBenchmark.java"
    benchmark="$work/MotionBenchmark.java"
else
    benchmark=bench/jmh/src/main/java/nightjar/motion/internal/MotionBenchmark.java
fi
mkdir -p "$work/bench"
javac -nowarn -d "$work/bench" -cp "$codec:$motion:$jmh:$libs" -processorpath "$processor:$jmh" \
    bench/jmh/src/main/java/nightjar/bench/CodecBenchmark.java "$benchmark" \
    bench/jmh/src/main/java/nightjar/motion/internal/MotionCpuTime.java
if [ "${JMH:-yes}" = yes ]; then
    # JMH_ARGS is split into words on purpose: JMH's own options ("-f 1 -wi 3 MotionBenchmark").
    # shellcheck disable=SC2086
    java -cp "$work/bench:$codec:$motion:$jmh:$libs" org.openjdk.jmh.Main ${JMH_ARGS:-MotionBenchmark} 2>&1 \
        | grep -E "^(Benchmark|MotionBenchmark)"
fi
# The same work timed by the thread's CPU time, which holds while other work keeps the machine busy.
java -XX:+UseSerialGC -cp "$work/bench:$codec:$motion:$jmh:$libs" nightjar.motion.internal.MotionCpuTime
