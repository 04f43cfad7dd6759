#!/usr/bin/env bash
# Nightjar's motion detector against the motion daemon (Debian's motion 4.5) on the same labelled frames:
#   bench/versus-motion.sh [--fps N] FRAMES_DIR LABELS_CSV [FRAMES_DIR LABELS_CSV ...]
# FRAMES_DIR holds JPEG frames (name order is time order); LABELS_CSV is "file,present" with a header,
# present 1 (something moving in the frame), 0 (nothing) or -1 (not labelled: the frame is not counted).
# For each sequence it prints, per detector, true and false positives and negatives, recall,
# false-positive rate, precision and F1 over the labelled frames, from each detector's own decision
# for each frame. OUT=dir keeps the per-frame decisions (<sequence>.nightjar.csv, <sequence>.motion.csv:
# file,motion) and motion's logs there. MOTION_OPTIONS="option value; option value" adds lines to
# motion's configuration, for checks (bench/versus-motion-check.sh saves its pictures); the figures
# in bench/README.md are with none.
#
# Nightjar: `motion-detect` (nightjar.motion.internal.MotionDetect) run with java against the
# reactor's target/classes and jars from ~/.m2, as bench/motion.sh does (nothing is installed into
# ~/.m2); build first: mvn -o -q -pl bundles/motion -am package -DskipTests. Its `motion` column
# is the frame's own decision, with the configuration's defaults.
#
# motion: installed from Debian's packages when missing (as root; otherwise it says what to run).
# It runs with its built-in defaults (threshold 1500 changed pixels, noise_level 32 with noise_tune
# on, minimum_motion_frames 1, no despeckle, no masks, lightswitch off, ...) and only these options
# set, none of them a detection setting (Debian's package also enables its own motion.service, which
# this does not use or touch):
#   netcam_url mjpeg://127.0.0.1:PORT/  the frames, from bench/versus-motion-feed.py: a "non-streaming"
#                                       camera, one picture per request, paced at --fps; motion's
#                                       camera thread fetches the next picture only once the main
#                                       loop has taken the last, so motion analyses every frame,
#                                       once, in order
#   framerate N                         the footage's rate (--fps; 15, motion's default, unless told)
#   log_level 8, log_file               its debug log, which says which frame each pass of its main
#                                       loop decoded (see the feeder) and each motion frame (below)
#   on_motion_detected true ...         motion runs this command for every frame it flags as motion
#                                       (after its start-up frames, minimum_motion_frames 1: the frame's
#                                       own decision, not only event starts) and logs "Executing
#                                       external command" as it does, in the same pass of its loop
#   movie_output off, target_dir        it writes no movies (on by default), and nothing elsewhere
#   daemon off                          it stays in the foreground, to be stopped when done
# A frame is motion for motion when that command ran in the pass that analysed the frame. The
# feeder tags frame k with k spaces after its APPn segments: libjpeg skips them (same pixels) and
# motion logs "k extraneous bytes" when its loop decodes the frame, so nothing depends on timing.
# Like Nightjar's detector, motion learns from the first frames: its first picture is its reference
# and it flags nothing in its first 2 s (2 x framerate + 1 frames); both see the same frames.
# Above 5 fps motion compares a picture with its reference about 3 times a second and repeats the
# verdict in between, on frames that depend on the clock: its figures vary a little from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."

fps=15
if [ "${1:-}" = --fps ]; then
    fps=${2:?--fps needs a value}
    shift 2
fi
if [ $# -lt 2 ] || [ $(($# % 2)) -ne 0 ]; then
    echo "usage: bench/versus-motion.sh [--fps N] FRAMES_DIR LABELS_CSV [FRAMES_DIR LABELS_CSV ...]" >&2
    exit 2
fi
if ! awk -v f="$fps" 'BEGIN { exit !(f ~ /^[0-9]+$/ && f >= 3 && f <= 100) }'; then
    # motion's framerate is a whole number of frames a second, and its main loop waits at most 0.5 s
    # for a new picture.
    echo "bench/versus-motion.sh: --fps must be a whole number from 3 to 100, was '$fps'" >&2
    exit 2
fi

# shellcheck source=bench/motion-libs.sh
. bench/motion-libs.sh
classpath="bundles/motion/target/classes:bundles/codec/target/classes:bundles/api/target/classes:$motion_libs"
IFS=: read -ra entries <<< "$classpath"
for entry in "${entries[@]}"; do
    if [ ! -e "$entry" ]; then
        echo "bench/versus-motion.sh: $entry missing; build first: mvn -o -q -pl bundles/motion -am package -DskipTests" >&2
        exit 1
    fi
done
if [ ! -f bundles/motion/target/classes/nightjar/motion/internal/MotionDetect.class ]; then
    echo "bench/versus-motion.sh: MotionDetect not built; build first: mvn -o -q -pl bundles/motion -am package -DskipTests" >&2
    exit 1
fi

if ! command -v motion >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench/versus-motion.sh: the motion daemon is missing; install it with:" >&2
        echo "  sudo apt-get install -y --no-install-recommends motion" >&2
        exit 1
    fi
    echo "Installing motion from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends motion
fi
command -v python3 >/dev/null 2>&1 || { echo "bench/versus-motion.sh: python3 missing (it serves the frames to motion)" >&2; exit 1; }

work=$(mktemp -d)
feeder=""
daemon=""
stop() {
    # The feeder first: motion's camera thread is waiting on it, and gives up at once.
    if [ -n "$feeder" ]; then kill "$feeder" 2>/dev/null || true; wait "$feeder" 2>/dev/null || true; fi
    feeder=""
    if [ -n "$daemon" ]; then
        kill "$daemon" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$daemon" 2>/dev/null || true
        wait "$daemon" 2>/dev/null || true
    fi
    daemon=""
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
out=${OUT:-}
[ -z "$out" ] || mkdir -p "$out"

# score NAME DECISIONS_CSV LABELS_CSV: one line of figures over the labelled frames.
score() {
    awk -F, -v name="$1" '
        NR == FNR { if (FNR > 1) label[$1] = $2 + 0; next }
        FNR > 1 && ($1 in label) && label[$1] >= 0 {
            if (label[$1] && $2) tp++; else if (label[$1]) fn++; else if ($2) fp++; else tn++
        }
        END {
            recall = tp + fn ? tp / (tp + fn) : 0; fpr = fp + tn ? fp / (fp + tn) : 0
            precision = tp + fp ? tp / (tp + fp) : 0
            f1 = precision + recall ? 2 * precision * recall / (precision + recall) : 0
            printf "  %-9s tp %4d  fn %4d  fp %4d  tn %4d   recall %.3f  FPR %.3f  precision %.3f  F1 %.3f\n",
                name, tp, fn, fp, tn, recall, fpr, precision, f1
        }' "$3" "$2"
}

# motion_decisions LOG NAMES CSV: file,motion per frame from motion's log (see the comment at the top)
# into CSV, and a line saying whether motion analysed every frame once.
motion_decisions() {
    awk -v names="$2" -v csv="$3" '
        function handle(line,   n) {
            if (line ~ /netcam_proc_jpeg: processing jpeg image/) {
                passes++; current = 0          # a pass of the main loop takes a picture
            } else if (passes > 0 && match(line, /Corrupt JPEG data: [0-9]+ extraneous bytes/)) {
                n = substr(line, RSTART + 19) + 0
                analysed[n]++; current = n     # ... and it is frame n
            } else if (line ~ /exec_command: Executing external command .true nightjar-versus-motion/) {
                # A pass that got no new picture (after 0.5 s) analyses the last one again: not counted,
                # and said unless it is the pass after the last frame, which runs as motion is stopped.
                if (current) flagged[current] = 1; else if (!analysed[frames]) stale++
            }
        }
        BEGIN { while ((getline name < names) > 0) file[++frames] = name }
        {
            if (match($0, /Above message repeats [0-9]+ times/)) {
                for (i = substr($0, RSTART + 22) + 0; i > 0; i--) handle(last)
            } else {
                handle($0); last = $0
            }
        }
        END {
            print "file,motion" > csv
            for (k = 1; k <= frames; k++) {
                if (!analysed[k]) never++
                else if (analysed[k] > 1) twice++
                if (analysed[k]) verdict = flagged[k] ? 1 : 0   # a frame never analysed keeps the last verdict
                print file[k] "," verdict + 0 > csv
            }
            printf "  (motion analysed %d of %d frames once, %d more than once, %d never", frames - never - twice, frames, twice, never
            if (stale) printf "; %d passes without a new picture flagged motion, not counted", stale
            printf ")\n"
        }' "$1"
}

while [ $# -gt 0 ]; do
    frames=$1 labels=$2
    shift 2
    [ -d "$frames" ] || { echo "bench/versus-motion.sh: $frames is not a directory" >&2; exit 1; }
    [ -f "$labels" ] || { echo "bench/versus-motion.sh: $labels is not a file" >&2; exit 1; }
    python3 bench/versus-motion-feed.py --check "$frames"
    sequence=$(basename "$frames")
    dir="$work/$sequence"
    mkdir -p "$dir/target"
    find "$frames" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) -printf '%f\n' | LC_ALL=C sort > "$dir/names"
    count=$(wc -l < "$dir/names")
    [ "$count" -gt 0 ] || { echo "bench/versus-motion.sh: no .jpg or .jpeg files in $frames" >&2; exit 1; }
    awk -F, 'FNR > 1 { n[$2 + 0]++ } END { printf "%d labelled: %d with motion, %d without", n[1] + n[0], n[1], n[0] }' "$labels" > "$dir/summary"
    echo "$sequence: $count frames at $fps fps, $(cat "$dir/summary")"

    java -XX:+UseSerialGC -cp "$classpath" nightjar.motion.internal.MotionDetect --fps "$fps" "$frames" \
        | cut -d, -f1,2 > "$dir/nightjar.csv"
    score nightjar "$dir/nightjar.csv" "$labels"

    python3 bench/versus-motion-feed.py "$fps" "$frames" "$dir/port" &
    feeder=$!
    for _ in $(seq 1 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
    [ -s "$dir/port" ] || { echo "bench/versus-motion.sh: the feeder did not start" >&2; exit 1; }
    cat > "$dir/motion.conf" <<EOF
daemon off
log_level 8
log_file $dir/motion.log
target_dir $dir/target
netcam_url mjpeg://127.0.0.1:$(cat "$dir/port")/frame.jpg
framerate $fps
movie_output off
on_motion_detected true nightjar-versus-motion %D
EOF
    if [ -n "${MOTION_OPTIONS:-}" ]; then
        tr ';' '\n' <<< "$MOTION_OPTIONS" | sed 's/^ *//' >> "$dir/motion.conf"
    fi
    motion -n -c "$dir/motion.conf" > "$dir/motion.out" 2>&1 &
    daemon=$!
    # Done when the pass after the last frame's has begun (the last frame's pass has logged everything).
    deadline=$((SECONDS + count / fps + 60))
    until awk -v last="$count" '
            match($0, /Corrupt JPEG data: [0-9]+ extraneous bytes/) && substr($0, RSTART + 19) + 0 == last { seen = 1; next }
            seen && /netcam_proc_jpeg: processing jpeg image/ { done = 1; exit }
            END { exit !done }' "$dir/motion.log" 2>/dev/null; do
        if ! kill -0 "$daemon" 2>/dev/null; then
            echo "bench/versus-motion.sh: motion stopped early; its output:" >&2
            tail -20 "$dir/motion.out" "$dir/motion.log" >&2 || true
            exit 1
        fi
        if [ "$SECONDS" -gt "$deadline" ]; then
            echo "bench/versus-motion.sh: motion did not analyse the last frame in time; see its log" >&2
            [ -z "$out" ] || cp "$dir/motion.log" "$out/$sequence.motion.log"
            exit 1
        fi
        sleep 0.5
    done
    stop
    motion_decisions "$dir/motion.log" "$dir/names" "$dir/motion.csv" > "$dir/check"
    score motion "$dir/motion.csv" "$labels"
    cat "$dir/check"
    if [ -n "$out" ]; then
        cp "$dir/nightjar.csv" "$out/$sequence.nightjar.csv"
        cp "$dir/motion.csv" "$out/$sequence.motion.csv"
        cp "$dir/motion.log" "$out/$sequence.motion.log"
        if [ -n "$(ls -A "$dir/target")" ]; then
            rm -rf "$out/$sequence.motion-pictures"
            cp -r "$dir/target" "$out/$sequence.motion-pictures"
        fi
    fi
done
