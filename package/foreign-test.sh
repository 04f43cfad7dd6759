#!/usr/bin/env bash
# shellcheck disable=SC2016 # the hooks are expanded by mmdebstrap, with $1 the root directory
# Installs Nightjar's Debian package on another architecture and release than this machine's, under qemu-user
# emulation, and runs it there as its service would: apt resolves the package's Depends on that release (its
# Java), the maintainer scripts run, Nightjar starts as the user nightjar and serves a snapshot over HTTPS, and
# a purge leaves nothing behind. Slow (the JVM runs emulated), so not part of scripts/test.sh:
#
#   package/foreign-test.sh [ARCH [SUITE [DEB]]]   (default: armhf bookworm, the package/target .deb)
#   package/foreign-test.sh arm64 trixie
#
# Needs root, mmdebstrap, qemu-user-static and binfmt-support (image/setup.sh installs them). Nightjar runs in
# a network namespace of its own, so its ports and mDNS stay off this machine's network.
set -euo pipefail

arch=${1:-armhf}
suite=${2:-bookworm}
here=$(cd "$(dirname "$0")" && pwd -P)
deb=${3:-$(find "$here/target" -maxdepth 1 -name "nightjar_*_all.deb" 2>/dev/null | head -n 1)}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "foreign-test: no Debian package; build it first (mvn -B -ntp -DskipTests package -pl package -am)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "foreign-test: needs root (mmdebstrap, chroot); try: sudo $0 $*" >&2
    exit 1
fi
case "$arch" in
    armhf) emulator=qemu-arm ;;
    arm64) emulator=qemu-aarch64 ;;
    amd64) emulator= ;;
    *) echo "foreign-test: ARCH must be armhf, arm64 or amd64" >&2; exit 1 ;;
esac
if [ -n "$emulator" ]; then
    [ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    grep -q '^enabled' "/proc/sys/fs/binfmt_misc/$emulator" 2>/dev/null || update-binfmts --enable "$emulator"
fi

start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start )) s"; }
step() { echo "foreign-test: $* ($(elapsed))"; }
fail() { echo "foreign-test: FAILED: $*" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/nightjar-foreign.XXXXXX")
root=$work/root
# The root lives in memory: on ext4, a 32-bit program under qemu-user gets EOVERFLOW when it lists a directory
# (ext4 hands out 64-bit directory offsets), so armhf's Java saw every directory empty and installed no bundle.
mkdir "$root"
mount -t tmpfs -o size=3g,mode=0755 nightjar-foreign "$root"
cleanup() {
    umount -l "$root" 2>/dev/null || true
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
cp "$deb" "$work/nightjar.deb"

step "Debian $suite $arch with the package, installed by apt as a user would (apt install ./nightjar_....deb)"
mmdebstrap --mode=root --variant=apt --architectures="$arch" --format=directory \
    --include=ca-certificates,curl,util-linux,procps \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook="cp '$work/nightjar.deb' \"\$1/tmp/nightjar.deb\"" \
    --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/nightjar.deb' \
    "$suite" "$root" "deb http://deb.debian.org/debian $suite main" > "$work/mmdebstrap.log" 2>&1 \
    || { tail -n 40 "$work/mmdebstrap.log" >&2; fail "mmdebstrap or apt failed"; }

in_root() { chroot "$root" "$@"; }
machine=$(in_root uname -m)
java=$(in_root sh -c 'readlink -f "$(command -v java)"')
version=$(in_root dpkg-query -W -f '${Version} ${db:Status-Status}' nightjar)
[ "${version##* }" = installed ] || fail "the package is not installed: $version"
step "installed nightjar $version on $machine, with $java"
groups=$(in_root id -nG nightjar) || fail "no user nightjar"
for group in nightjar video gpio; do
    echo " $groups " | grep -q " $group " || fail "the user nightjar is not in the group $group: $groups"
done
owner=$(in_root stat -c '%U %a' /etc/nightjar /var/lib/nightjar | tr '\n' ' ')
[ "$owner" = "nightjar 700 nightjar 700 " ] || fail "/etc/nightjar and /var/lib/nightjar: $owner"
step "the user nightjar ($groups) owns /etc/nightjar and /var/lib/nightjar, mode 0700"

# As the unit runs it (User=nightjar, SupplementaryGroups=video gpio, its cache directory, the recordings
# directory bound over the program's), in a network
# namespace of its own, with /proc for the JVM; the snapshot is asked for from inside it.
mkdir -p "$root/var/cache/nightjar"
in_root chown nightjar:nightjar /var/cache/nightjar
step "starting Nightjar under emulation (minutes)"
unshare --net --mount --fork sh -c '
    root=$1
    ip link set lo up
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --bind "$root/var/lib/nightjar/recordings" "$root/usr/share/nightjar/recordings"
    chroot "$root" sh -c "cd / && XDG_CACHE_HOME=/var/cache/nightjar setpriv --reuid nightjar --regid nightjar \
        --init-groups /usr/share/nightjar/bin/nightjar > /tmp/nightjar.log 2>&1 &
        deadline=\$(( \$(date +%s) + 1200 ))
        until [ -f /var/lib/nightjar/admin-password.txt ] \
            && curl -sk -o /tmp/snapshot.jpg -w \"%{http_code}\" -u \"admin:\$(cat /var/lib/nightjar/admin-password.txt)\" \
                https://127.0.0.1:8443/cameras/front/snapshot.jpg | grep -q 200; do
            [ \$(date +%s) -lt \$deadline ] || { echo no snapshot within 20 minutes; exit 1; }
            sleep 5
        done
        pkill -TERM -u nightjar java || true
        for _ in \$(seq 60); do pgrep -u nightjar java > /dev/null || break; sleep 1; done"
' sh "$root" || { tail -n 40 "$root/tmp/nightjar.log" >&2; fail "Nightjar did not serve a snapshot"; }
[ "$(head -c 2 "$root/tmp/snapshot.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ] || fail "the snapshot is not a JPEG"
if grep -E ' ERROR ' "$root/tmp/nightjar.log" > "$work/errors"; then
    cat "$work/errors" >&2
    fail "Nightjar logged errors under emulation"
fi
step "Nightjar ran as the user nightjar and served a $(stat -c %s "$root/tmp/snapshot.jpg")-byte JPEG snapshot"

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y nightjar > "$work/purge.log" 2>&1 \
    || { cat "$work/purge.log" >&2; fail "apt-get purge failed"; }
left=$(in_root sh -c 'ls -d /etc/nightjar /var/lib/nightjar /usr/share/nightjar 2>/dev/null; getent passwd nightjar' || true)
[ -z "$left" ] || fail "the purge left: $left"
step "apt-get purge removed the program, its configuration, its data and the user nightjar"
echo "foreign-test: passed on Debian $suite $arch in $(elapsed)"
