#!/usr/bin/env bash
# Installs from Debian's packages what building and smoke-testing the SD-card image needs, and makes
# qemu-user emulation of aarch64 work (binfmt_misc is not always mounted, e.g. in a container):
#
#   image/setup.sh            packages and emulation
#   image/setup.sh --binfmt   emulation only (build.sh calls this)
set -euo pipefail

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

if [ "${1:-}" != "--binfmt" ]; then
    missing=()
    command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
    command -v arch-test >/dev/null 2>&1 || missing+=(arch-test)
    [ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
    command -v update-binfmts >/dev/null 2>&1 || missing+=(binfmt-support)
    command -v qemu-system-aarch64 >/dev/null 2>&1 || missing+=(qemu-system-arm)
    command -v qemu-img >/dev/null 2>&1 || missing+=(qemu-utils)
    [ -e /usr/share/qemu/efi-virtio.rom ] || [ -e /usr/lib/ipxe/qemu/efi-virtio.rom ] || missing+=(ipxe-qemu)
    command -v mkfs.vfat >/dev/null 2>&1 || missing+=(dosfstools)
    command -v mcopy >/dev/null 2>&1 || missing+=(mtools)
    command -v sfdisk >/dev/null 2>&1 || missing+=(fdisk)
    command -v mke2fs >/dev/null 2>&1 || missing+=(e2fsprogs)
    command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
    command -v djpeg >/dev/null 2>&1 || missing+=(libjpeg-turbo-progs)
    if ((${#missing[@]})); then
        echo "setup: installing ${missing[*]} from Debian's packages"
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi

if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    echo "setup: mounting binfmt_misc"
    "${sudo[@]}" mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if ! grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
    echo "setup: enabling qemu-aarch64 emulation"
    "${sudo[@]}" update-binfmts --enable qemu-aarch64
fi
