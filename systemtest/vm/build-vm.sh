#!/usr/bin/env bash
# Builds the small amd64 Debian 13 (trixie) virtual machine in which the system test runs Nightjar
# against the kernel's vivid virtual camera and libcamera's virtual camera. Writes to OUT_DIR:
# vmlinuz, initrd.img, rootfs.img.
#
#   build-vm.sh OUT_DIR
#
# The result depends only on this script, so callers cache OUT_DIR keyed by its hash. Needs root
# (mmdebstrap's root mode keeps file ownership for mke2fs -d), mmdebstrap and e2fsprogs. No loop
# devices or mounts: the ext4 image is made from the directory with mke2fs -d.
set -euo pipefail

out=${1:?usage: build-vm.sh OUT_DIR}
if [ "$(id -u)" -ne 0 ]; then
    echo "build-vm: needs root (mmdebstrap keeps the file owners only as root); run the tests as root, or once" >&2
    echo "build-vm: with sudo: sudo $0 $out" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/nightjar-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"

# The host's Debian mirror (this machine may be Debian 12 itself), with trixie and trixie-backports.
mirror=$(cat /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null \
    | sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*\) .*/\2/p' \
    | grep -v -- -security | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

packages=(
    systemd systemd-sysv udev kmod linux-image-amd64 initramfs-tools zstd
    openjdk-21-jre-headless adduser qemu-guest-agent procps
    # libcamera 0.7 from trixie-backports (trixie's 0.4.0 libcamerasrc aborts after some hundred frames):
    # its virtual pipeline handler (a camera once the test writes its virtual.yaml), cam, and GStreamer's
    # libcamerasrc with what Nightjar's pipeline uses.
    libcamera-ipa libcamera-tools gstreamer1.0-libcamera gstreamer1.0-tools gstreamer1.0-plugins-base
    gstreamer1.0-plugins-good
)

# A small initramfs (MODULES=list: only what mounts the virtio disk), quicker to unpack under emulation
# than the usual one with most of the kernel's drivers.
export initramfs_hook='#!/bin/sh
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
for module in virtio_pci virtio_blk ext4; do
    manual_add_modules "$module"
    echo "$module" >> "$DESTDIR/conf/modules"
done'

# Nightjar's JVM in the VM, the tarball's service and the package's (same unit name): only the quick
# compiler (C1). Under emulation the optimising one (C2) costs more than it saves: the package's second
# start took 65 s to HTTPS with C1 only, 136 s with both. (JDK_JAVA_OPTIONS adds to bin/nightjar's options.)
export jvm_dropin='[Service]
Environment=JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1'

echo "build-vm: making the Debian 13 root file system (a few minutes)"
mmdebstrap --mode=root --variant=apt --format=directory \
    --include="$(IFS=,; echo "${packages[*]}")" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --setup-hook='mkdir -p "$1/etc/apt/preferences.d" "$1/etc/initramfs-tools/conf.d"' \
    --setup-hook='printf "Package: libcamera* gstreamer1.0-libcamera\nPin: release n=trixie-backports\nPin-Priority: 990\n" > "$1/etc/apt/preferences.d/libcamera"' \
    --setup-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/nightjar-vm.conf"' \
    --setup-hook='mkdir -p "$1/etc/initramfs-tools/hooks" && printf "%s\n" "$initramfs_hook" > "$1/etc/initramfs-tools/hooks/nightjar-vm" && chmod 755 "$1/etc/initramfs-tools/hooks/nightjar-vm"' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='echo nightjar-vm > "$1/etc/hostname"' \
    --customize-hook='printf "/dev/vda / ext4 rw,noatime 0 1\nshare /share 9p trans=virtio,version=9p2000.L,msize=262144,nofail 0 0\n" > "$1/etc/fstab"' \
    --customize-hook='mkdir -p "$1/share" "$1/etc/systemd/network"' \
    --customize-hook='printf "[Match]\nName=en*\n\n[Network]\nDHCP=ipv4\n" > "$1/etc/systemd/network/10-wired.network"' \
    --customize-hook='echo vivid > "$1/etc/modules-load.d/vivid.conf"' \
    --customize-hook='cat > "$1/etc/systemd/system/nightjar.service" <<UNIT
[Unit]
Description=Nightjar (copied from the test share at every boot)
After=network-online.target share.mount systemd-modules-load.service
Requires=share.mount

[Service]
ExecStartPre=/bin/sh -c "rm -rf /opt/nightjar && cp -a /share/nightjar /opt/nightjar"
ExecStart=/bin/sh -c "exec /opt/nightjar/bin/nightjar > /share/nightjar.log 2>&1"
WorkingDirectory=/opt

[Install]
WantedBy=multi-user.target
UNIT' \
    --customize-hook='mkdir -p "$1/etc/systemd/system/nightjar.service.d" && printf "%s\n" "$jvm_dropin" > "$1/etc/systemd/system/nightjar.service.d/vm.conf"' \
    --customize-hook='chroot "$1" systemctl enable systemd-networkd nightjar.service' \
    --customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer dpkg-db-backup.timer' \
    --customize-hook='chroot "$1" passwd -d root' \
    --customize-hook='touch "$1/etc/.updated" "$1/var/.updated"' \
    --customize-hook='chroot "$1" dpkg-query -W -f "\${Package} \${Version}\n" libcamera0.7 gstreamer1.0-libcamera openjdk-21-jre-headless linux-image-amd64' \
    trixie "$root" \
    "deb $mirror trixie main" "deb $mirror trixie-backports main"

kernel=$(ls "$root"/boot/vmlinuz-* | head -n 1)
initrd=$(ls "$root"/boot/initrd.img-* | head -n 1)
if ! find "$root/lib/modules" -name 'vivid.ko*' | grep -q .; then
    echo "build-vm: the kernel has no vivid module" >&2
    exit 1
fi
# libcamera's virtual camera allocates its buffers from a DMA heap (else udmabuf): built in, in Debian's kernel.
for option in CONFIG_UDMABUF CONFIG_DMABUF_HEAPS_SYSTEM; do
    if ! grep -q "^$option=y" "$root"/boot/config-*; then
        echo "build-vm: the kernel is not built with $option" >&2
        exit 1
    fi
done
mkdir -p "$out"
cp "$kernel" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
cp "$initrd" "$out/initrd.img.tmp" && mv "$out/initrd.img.tmp" "$out/initrd.img"
echo "build-vm: writing the ext4 image"
rm -f "$out/rootfs.img.tmp"
mke2fs -q -t ext4 -L nightjar-vm -d "$root" "$out/rootfs.img.tmp" 3G
mv "$out/rootfs.img.tmp" "$out/rootfs.img"
echo "build-vm: done ($(du -sh "$root" | cut -f1) root file system, $(du -h "$out/initrd.img" | cut -f1) initramfs)"
