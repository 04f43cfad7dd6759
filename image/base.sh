#!/usr/bin/env bash
# shellcheck disable=SC2016 # the hooks are expanded by mmdebstrap, with $1 the root directory
# Builds the Debian 13 (trixie) arm64 root file system that the Nightjar image is made from, as a tarball:
#
#   base.sh OUT.tar
#
# Everything the base contains is in this file (the package list and the hooks), so build.sh caches
# OUT.tar keyed by this file's hash. Needs root, mmdebstrap and qemu-user binfmt emulation for
# aarch64 (image/setup.sh sets it up). Under emulation this took 48 minutes here; most of what could
# make it slower is the initramfs, so it is generated once, at the end, with a short module list.
set -euo pipefail

out=${1:?usage: base.sh OUT.tar}

packages=(
    # the system
    systemd systemd-sysv systemd-timesyncd systemd-resolved udev kmod dbus procps iproute2
    ca-certificates tzdata fake-hwclock cloud-guest-utils fdisk e2fsprogs dosfstools zstd
    # the Raspberry Pi's kernel, boot firmware and Wi-Fi
    linux-image-arm64 initramfs-tools raspi-firmware firmware-brcm80211 wireless-regdb wpasupplicant
    # what Nightjar's package needs (build.sh installs it) and what its users reach it with
    openjdk-21-jre-headless adduser avahi-daemon libnss-mdns openssh-server gpiod v4l-utils
    # the package's Recommends that the image's cameras use: ffmpeg reads network cameras (rtsp://);
    # not libcamera's, since Debian's kernel has no driver for a Pi camera module
    ffmpeg
)

# raspi-firmware's hooks write config.txt and cmdline.txt from /etc/default/raspi-firmware (at every kernel
# update too): the root by label, the serial console and the screen, and CMA=0, because the cma=64M they
# would add when the build cannot tell a Pi 4 makes a Pi 4 unbootable (the kernel's default applies).
# Modules the initramfs needs to find the root file system: the Pi's SD controllers (sdhci-iproc on the
# Pi 4 family, bcm2835 sdhost on the Pi 3 and Zero 2 W) and what they depend on, USB storage (a Pi 4
# booting from USB), and virtio (the smoke test's QEMU virt machine).
initramfs_modules=(
    ext4 mmc_block sdhci_iproc sdhci_pltfm bcm2835 bcm2835_dma gpio_raspberrypi_exp reset_raspberrypi
    clk_raspberrypi raspberrypi_cpufreq pcie_brcmstb xhci_pci xhci_plat_hcd dwc2 usb_storage uas
    virtio_blk virtio_pci virtio_mmio
)

mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

echo "base: making the Debian 13 arm64 root file system under emulation (most of an hour)"
mmdebstrap --mode=root --variant=apt --architectures=arm64 --format=tar \
    --include="$(IFS=,; echo "${packages[*]}")" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=list > "$1/etc/initramfs-tools/conf.d/nightjar.conf"' \
    --essential-hook='chroot "$1" dpkg-divert --local --rename --divert /usr/sbin/update-initramfs.nightjar --add /usr/sbin/update-initramfs' \
    --essential-hook='printf "#!/bin/sh\necho update-initramfs: deferred to the end of the image build\n" > "$1/usr/sbin/update-initramfs" && chmod 755 "$1/usr/sbin/update-initramfs"' \
    --customize-hook='printf "ROOTPART=LABEL=nightjar-root\nCONSOLES=\"ttyS1,115200 tty0\"\nCMA=0\n" > "$1/etc/default/raspi-firmware"' \
    --customize-hook="printf '%s\n' ${initramfs_modules[*]} >> \"\$1/etc/initramfs-tools/modules\"" \
    --customize-hook='rm "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --local --rename --remove /usr/sbin/update-initramfs' \
    --customize-hook='chroot "$1" update-initramfs -c -k all' \
    --customize-hook='test -f "$1"/boot/firmware/config.txt && test -f "$1"/boot/firmware/cmdline.txt' \
    --customize-hook='find "$1/lib/modules" -name "vivid.ko*" | grep -q .' \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
    trixie "$out.tmp" \
    "deb $mirror trixie main non-free-firmware" \
    "deb $mirror trixie-updates main non-free-firmware" \
    "deb $security trixie-security main non-free-firmware"
mv "$out.tmp" "$out"
echo "base: done ($(du -h "$out" | cut -f1))"
