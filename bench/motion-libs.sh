# shellcheck shell=sh
# Sourced by bench/motion.sh and bench/versus-motion.sh: the jars the motion detector's classes need
# besides the reactor's target/classes, from the local Maven repository (nothing is installed there).
m2=$HOME/.m2/repository
motion_libs="$m2/org/osgi/org.osgi.service.metatype.annotations/1.4.1/org.osgi.service.metatype.annotations-1.4.1.jar"
motion_libs="$motion_libs:$m2/org/jspecify/jspecify/1.0.0/jspecify-1.0.0.jar"
motion_libs="$motion_libs:$m2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
motion_libs="$motion_libs:$m2/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"
