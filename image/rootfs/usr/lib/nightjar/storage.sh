#!/bin/sh
# Before Nightjar starts (ExecStartPre, as root): recordings go to a USB disk labelled NIGHTJAR when one
# is plugged in, mounted on /var/lib/nightjar/recordings; else they stay on the SD card, where the
# recorder keeps at most a quarter of the card, and deletes clips after 7 days. The free-space floor is
# the recorder's own (minFreeMB 0: 5 % of the file system, 64 to 500 MB), so a small card still records.
set -eu

recordings=/var/lib/nightjar/recordings
config=/etc/nightjar/nightjar.recorder.cfg
# The image's own state (which retention it set), beside the package's /var/lib/nightjar.
state=/var/lib/nightjar-image
mkdir -p "$state"
mkdir -p "$recordings"

set_key() {
    if grep -q "^$1[[:space:]]*=" "$config"; then
        sed -i "s|^$1[[:space:]]*=.*|$1 = $2|" "$config"
    else
        echo "$1 = $2" >> "$config"
    fi
}

usb=$(blkid -L NIGHTJAR 2>/dev/null || true)
if [ -n "$usb" ]; then
    if ! mountpoint -q "$recordings"; then
        type=$(blkid -o value -s TYPE "$usb")
        case "$type" in
            vfat|exfat|ntfs|ntfs3) mount -o noatime,uid=nightjar,gid=nightjar,umask=0077 "$usb" "$recordings" ;;
            *) mount -o noatime "$usb" "$recordings" && chown nightjar:nightjar "$recordings" ;;
        esac
    fi
    echo "nightjar-storage: recordings on the USB disk $usb"
    where=usb
else
    chown nightjar:nightjar "$recordings"
    echo "nightjar-storage: recordings on the SD card (no disk labelled NIGHTJAR)"
    where=sd
fi

# The retention follows where the recordings are, unless the user chose a limit (any other value).
[ -f "$config" ] || exit 0
marker=$state/retention
previous=$(cat "$marker" 2>/dev/null || echo none)
[ "$previous" = "$where" ] && exit 0
current_total=$(sed -n 's/^maxTotalMB[[:space:]]*=[[:space:]]*I\{0,1\}"\{0,1\}\([0-9]*\).*/\1/p' "$config")
ours=$(cat "$state/retention-total" 2>/dev/null || echo 0)
if [ "$previous" != none ] && [ "${current_total:-0}" != "$ours" ]; then
    exit 0
fi
if [ "$where" = sd ]; then
    size=$(df -m --output=size "$recordings" | tail -n 1 | tr -d ' ')
    total=$((size / 4))
    set_key maxTotalMB "$total"
    set_key minFreeMB 0
    set_key maxAgeDays 7
else
    total=0
    set_key maxTotalMB 0
    set_key minFreeMB 0
    set_key maxAgeDays 30
fi
echo "$total" > "$state/retention-total"
echo "$where" > "$marker"
chown nightjar:nightjar "$config"
echo "nightjar-storage: retention for the $where: maxTotalMB = $total"
