#!/usr/bin/env bash
# Builds the Raspberry Pi SD-card image from Nightjar's Debian package:
#
#   image/build.sh [DEB]     (default: package/target/nightjar_*_all.deb)
#
# writes image/target/nightjar-<version>-arm64.img.xz and its .sha256 (the package's version, "~" as "-").
# The package is installed with dpkg, as on Raspberry Pi OS, so the image and the package are the same
# install; the image adds its own files (rootfs/: first boot, nightjar.txt, Wi-Fi, storage). The Debian base
# (image/base.sh) is cached in ~/.cache/nightjar/image/<hash of base.sh> (or $NIGHTJAR_IMAGE_CACHE), so
# with a warm cache a new Nightjar takes minutes. Needs root; no loop devices or mounts: the FAT boot
# partition is written with mtools, the ext4 root with mke2fs -d, and the two are put behind an MBR from sfdisk.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(dirname "$here")
deb=${1:-$(find "$top/package/target" -maxdepth 1 -name "nightjar_*_all.deb" 2>/dev/null | head -n 1)}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "build: no Debian package; build it first (mvn -B -ntp -DskipTests package -pl package -am)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "build: needs root (mmdebstrap and mke2fs -d keep file owners only as root); try: sudo $0 $*" >&2
    exit 1
fi
version=$(dpkg-deb -f "$deb" Version)
out=${NIGHTJAR_IMAGE_OUT:-$here/target}
name=nightjar-${version//\~/-}-arm64.img
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start )) s"; }

"$here/setup.sh" --binfmt

cache=${NIGHTJAR_IMAGE_CACHE:-$HOME/.cache/nightjar/image}/$(sha256sum "$here/base.sh" | cut -c1-16)
if [ -f "$cache/base.tar" ]; then
    echo "build: Debian base from the cache, $cache"
else
    mkdir -p "$cache"
    "$here/base.sh" "$cache/base.tar"
    echo "build: Debian base made and cached ($(elapsed))"
fi

mkdir -p "$out"
work=$(mktemp -d "$out/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir "$root"
tar -xpf "$cache/base.tar" -C "$root" --numeric-owner

# The image's own files, but the two that the package installs from here (its unit and udev rule).
tar -C "$here/rootfs" --exclude=./etc/systemd/system/nightjar.service --exclude=./etc/udev/rules.d/60-nightjar-gpio.rules \
    -cf - . | tar -C "$root" -xpf - --no-same-owner
echo "build: Nightjar $version from $(basename "$deb")"
# As apt would on a Pi (the base has its Depends); its postinst makes the user nightjar and enables the
# service, and starts nothing (no systemd runs here). Its documentation is kept, which the base's own
# dpkg settings would drop: the unit's Documentation= points there.
cp "$deb" "$root/tmp/nightjar.deb"
chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg --path-include='/usr/share/doc/nightjar/*' -i /tmp/nightjar.deb
rm "$root/tmp/nightjar.deb"
cp "$here/README.md" "$root/usr/share/doc/nightjar/IMAGE.md"

systemctl --root="$root" enable nightjar.service nightjar-firstboot.service nightjar-password.path nightjar-password-gone.path \
    systemd-networkd.service systemd-resolved.service systemd-timesyncd.service avahi-daemon.service >/dev/null 2>&1
systemctl --root="$root" disable ssh.service ssh.socket >/dev/null 2>&1 || true
ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
# Every card makes its own identity on first boot.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id" "$root"/etc/ssh/ssh_host_*
# /etc and /var are as up to date as /usr: dpkg's triggers rebuilt the linker cache and the hardware database
# here, so the first boot does not do it again (ldconfig alone took 2.5 minutes of an emulated first boot
# once ffmpeg's libraries were in). What systemd-update-done would write (ConditionNeedsUpdate reads it).
for updated in "$root/etc/.updated" "$root/var/.updated"; do
    printf 'TIMESTAMP_NSEC=%s\n' "$(stat -c %.9Y "$root/usr" | tr -d .)" > "$updated"
    touch -r "$root/usr" "$updated"
done

echo "build: the boot partition (FAT, from raspi-firmware's /boot/firmware)"
boot_mb=256
rm -f "$work/boot.img"
mkfs.vfat -C -F 32 -n NJBOOT "$work/boot.img" $((boot_mb * 1024)) >/dev/null
cp "$here/boot/nightjar.txt" "$root/boot/firmware/nightjar.txt"
mcopy -i "$work/boot.img" -s -p -Q "$root"/boot/firmware/* ::
find "$root/boot/firmware" -mindepth 1 -delete

echo "build: the root partition (ext4)"
used_mb=$(du -sm "$root" | cut -f1)
root_mb=$(( used_mb + used_mb / 4 + 256 ))
mke2fs -q -t ext4 -L nightjar-root -E root_owner=0:0 -d "$root" "$work/root.img" "${root_mb}M"

echo "build: the partitioned image"
image=$work/$name
total_mb=$(( 1 + boot_mb + root_mb ))
truncate -s "${total_mb}M" "$image"
sfdisk -q "$image" <<TABLE
label: dos
label-id: 0x4e4a0001
unit: sectors

start=2048, size=$((boot_mb * 2048)), type=c, bootable
start=$((2048 + boot_mb * 2048)), size=$((root_mb * 2048)), type=83
TABLE
dd if="$work/boot.img" of="$image" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$image" bs=1M seek=$((1 + boot_mb)) conv=notrunc,sparse status=none

echo "build: compressing (${total_mb} MB image)"
xz -T2 -3 -c "$image" > "$out/$name.xz.tmp"
mv "$out/$name.xz.tmp" "$out/$name.xz"
(cd "$out" && sha256sum "$name.xz" > "$name.xz.sha256")
echo "build: $out/$name.xz ($(du -h "$out/$name.xz" | cut -f1)) in $(elapsed)"
