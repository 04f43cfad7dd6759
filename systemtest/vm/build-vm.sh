#!/usr/bin/env bash
# Builds the small amd64 Debian 12 virtual machine in which the V4L2 system test runs Nightjar
# against the kernel's vivid virtual camera. Writes to OUT_DIR: vmlinuz, initrd.img, rootfs.img.
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

# Use the host's own package sources, so the VM comes from wherever this machine installs from.
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list

packages=(
    systemd systemd-sysv udev kmod linux-image-amd64 initramfs-tools
    openjdk-17-jre-headless qemu-guest-agent procps
)

echo "build-vm: making the Debian 12 root file system (a few minutes)"
mmdebstrap --mode=root --variant=apt --format=directory \
    --include="$(IFS=,; echo "${packages[*]}")" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
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
    --customize-hook='chroot "$1" systemctl enable systemd-networkd nightjar.service' \
    --customize-hook='chroot "$1" passwd -d root' \
    bookworm "$root" "$sources"

kernel=$(ls "$root"/boot/vmlinuz-* | head -n 1)
initrd=$(ls "$root"/boot/initrd.img-* | head -n 1)
if ! find "$root/lib/modules" -name 'vivid.ko*' | grep -q .; then
    echo "build-vm: the kernel has no vivid module" >&2
    exit 1
fi
mkdir -p "$out"
cp "$kernel" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
cp "$initrd" "$out/initrd.img.tmp" && mv "$out/initrd.img.tmp" "$out/initrd.img"
echo "build-vm: writing the ext4 image"
rm -f "$out/rootfs.img.tmp"
mke2fs -q -t ext4 -L nightjar-vm -d "$root" "$out/rootfs.img.tmp" 2G
mv "$out/rootfs.img.tmp" "$out/rootfs.img"
echo "build-vm: done ($(du -sh "$root" | cut -f1) root file system)"
