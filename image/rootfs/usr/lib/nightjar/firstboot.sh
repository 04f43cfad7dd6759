#!/bin/sh
# Runs at every boot before the network and Nightjar (nightjar-firstboot.service), as root:
#  - on the first boot, grows the root partition and its file system to the whole card;
#  - applies /boot/firmware/nightjar.txt when the user put one there, then removes the secrets from it.
set -eu

settings=/boot/firmware/nightjar.txt
# The image's own state, beside the package's /var/lib/nightjar (Nightjar's data).
state=/var/lib/nightjar-image
mkdir -p "$state"

say() { echo "nightjar-firstboot: $*"; }

grow_root() {
    part=$(findmnt -n -o SOURCE /)
    name=$(basename "$(readlink -f "$part")")
    disk=$(lsblk -n -o PKNAME "/dev/$name" | head -n 1)
    number=$(cat "/sys/class/block/$name/partition")
    if growpart "/dev/$disk" "$number"; then
        say "root partition /dev/$name grown to the end of /dev/$disk"
    else
        say "root partition /dev/$name already fills /dev/$disk"
    fi
    resize2fs "/dev/$name" >/dev/null 2>&1 && say "root file system: $(df -h --output=size / | tail -n 1 | tr -d ' ')"
}

if [ ! -e "$state/grown" ]; then
    grow_root || say "could not grow the root partition"
    touch "$state/grown"
fi

# The SSH host keys are made on the device, never shipped in the image.
if [ ! -e /etc/ssh/ssh_host_ed25519_key ]; then
    ssh-keygen -A >/dev/null && say "SSH host keys made"
fi

[ -f "$settings" ] || exit 0

value() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$settings" | tr -d '\r' | sed 's/[[:space:]]*$//' | tail -n 1
}

hostname=$(value hostname)
timezone=$(value timezone)
country=$(value wifi_country)
ssid=$(value wifi_ssid)
passphrase=$(value wifi_password)
ssh_key=$(value ssh_key)

if [ -n "$hostname" ]; then
    if printf '%s' "$hostname" | grep -Eq '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$'; then
        echo "$hostname" > /etc/hostname
        sed -i "s/^127\.0\.1\.1.*/127.0.1.1\t$hostname/" /etc/hosts
        hostname "$hostname"
        say "host name $hostname ($hostname.local)"
    else
        say "ignoring hostname '$hostname': letters, digits and dashes only"
    fi
fi

if [ -n "$timezone" ]; then
    if [ -f "/usr/share/zoneinfo/$timezone" ]; then
        ln -sf "/usr/share/zoneinfo/$timezone" /etc/localtime
        echo "$timezone" > /etc/timezone
        say "time zone $timezone"
    else
        say "ignoring unknown time zone '$timezone'"
    fi
fi

conf=/etc/wpa_supplicant/wpa_supplicant-wlan0.conf
# Applied when it comes with its passphrase, or is a network not set up yet (an open one). At later
# boots the passphrase is gone from nightjar.txt, and the network set up with it is left as it is.
if [ -n "$ssid" ] && { [ -n "$passphrase" ] || ! grep -qF "ssid=\"$ssid\"" "$conf" 2>/dev/null; }; then
    umask 077
    {
        echo "ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev"
        echo "update_config=0"
        [ -n "$country" ] && echo "country=$country"
        if [ -n "$passphrase" ]; then
            # Only the derived key is kept, never the passphrase.
            wpa_passphrase "$ssid" "$passphrase" | grep -v '^[[:space:]]*#psk='
        else
            printf 'network={\n\tssid="%s"\n\tkey_mgmt=NONE\n}\n' "$ssid"
        fi
    } > "$conf.tmp"
    mv "$conf.tmp" "$conf"
    umask 022
    # Started whenever wlan0 appears (its driver may load after this script; a board without Wi-Fi
    # then waits for nothing, where enabling it for multi-user.target would hold up network.target
    # for the device's 90 s timeout at every boot), and now if wlan0 is already there: this boot's
    # jobs were planned before. --no-block, since the unit is ordered after this script.
    # (systemctl add-wants refuses a device, which has no unit file: the link is made here.)
    wants=/etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants
    mkdir -p "$wants"
    ln -sf /usr/lib/systemd/system/wpa_supplicant@.service "$wants/wpa_supplicant@wlan0.service"
    systemctl daemon-reload || true
    if [ -e /sys/class/net/wlan0 ]; then
        systemctl --no-block start wpa_supplicant@wlan0.service || true
    fi
    say "Wi-Fi network '$ssid'${country:+ (country $country)}"
elif [ -n "$country" ] && [ -z "$ssid" ]; then
    say "wifi_country without wifi_ssid: nothing to do"
fi

if [ -n "$ssh_key" ]; then
    install -d -m 700 /root/.ssh
    touch /root/.ssh/authorized_keys
    chmod 600 /root/.ssh/authorized_keys
    grep -qxF "$ssh_key" /root/.ssh/authorized_keys || echo "$ssh_key" >> /root/.ssh/authorized_keys
    systemctl enable ssh.service >/dev/null 2>&1 || true
    systemctl --no-block start ssh.service || true
    say "SSH enabled for root with the given key"
fi

# Remove the secrets: the Wi-Fi passphrase is applied now and must not stay readable on the card.
if [ -n "$passphrase" ]; then
    sed -i 's/^\([[:space:]]*wifi_password[[:space:]]*=\).*/# wifi_password was applied and removed from this file/' "$settings"
    sync
    say "removed the Wi-Fi passphrase from nightjar.txt"
fi
