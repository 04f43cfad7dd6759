#!/usr/bin/env bash
# Boots the SD-card image under emulation and checks from the host what a user would see:
#
#   image/smoke-test.sh IMAGE(.img or .img.xz)
#
# QEMU's arm64 "virt" board with a Cortex-A72, the kernel and initramfs taken from the image's boot
# partition, a copy-on-write overlay (the image stays pristine), user-mode networking with HTTPS
# forwarded to a loopback-only port, and the kernel's vivid virtual camera loaded from the kernel
# command line (modules-load=vivid). The test logs into the guest as a user would, with SSH and the key
# it put into nightjar.txt, to read GPIO lines back with libgpiod's gpioinfo and the kernel's debugfs;
# QEMU's monitor reads the same lines from the emulated PL061's data register. Each step is printed with
# its time; any failure exits non-zero.
# The work directory (serial console log, overlay) is kept on failure for a post-mortem.
#
# Environment: SMOKE_SMP (vCPUs, default 2: multi-threaded TCG, stable for the arm64 guest's JVM in our
# runs and 40% faster to HTTPS than 1; the amd64 system test's JVM crashed under it, so 1 is the fallback),
# SMOKE_PORT (host port, default a random one), SMOKE_BOOT_TIMEOUT (s, default 420).
set -euo pipefail

image=${1:?usage: smoke-test.sh IMAGE.img[.xz]}
smp=${SMOKE_SMP:-2}
boot_timeout=${SMOKE_BOOT_TIMEOUT:-420}
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/nightjar-smoke.XXXXXX")
qemu_pid=
ok=false

step() { printf '[%4ds] %s\n' "$(( $(date +%s) - start ))" "$*"; }
fail() {
    step "FAIL: $*"
    if [ -f "$work/console.log" ]; then
        echo "---- last lines of the serial console ($work/console.log) ----"
        tail -n 40 "$work/console.log"
    fi
    exit 1
}
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    if $ok; then rm -rf "$work"; else echo "smoke-test: kept $work"; fi
}
trap cleanup EXIT

for tool in qemu-system-aarch64 qemu-img qemu-io mcopy mdir mtype sfdisk curl openssl djpeg xz ssh ssh-keygen; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (image/setup.sh installs it)"
done

# --- the image, its partitions, kernel and initramfs -------------------------------------------------
case "$image" in
    *.xz) step "decompressing $image"; xz -T2 -dc "$image" > "$work/base.img"; base=$work/base.img ;;
    *) base=$(readlink -f "$image") ;;
esac
table=$(sfdisk -d "$base")
boot_start=$(echo "$table" | sed -n 's/.*1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1/p')
boot_size=$(echo "$table" | sed -n 's/.*1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\2/p')
root_size=$(echo "$table" | sed -n 's/.*2 : start= *\([0-9]*\), size= *\([0-9]*\).*/\2/p')
if [ -z "$boot_start" ] || [ -z "$root_size" ]; then fail "no MBR with two partitions in $image"; fi
offset=$((boot_start * 512))
# Copies of the boot partition in MiB blocks when it is aligned so (build.sh makes it so): fast.
if (( boot_start % 2048 == 0 && boot_size % 2048 == 0 )); then
    part=(bs=1M skip=$((boot_start / 2048)) count=$((boot_size / 2048)))
else
    part=(bs=512 skip="$boot_start" count="$boot_size")
fi
kernel=$(mdir -b -i "$base@@$offset" :: | sed -n 's|^::/||p' | grep '^vmlinuz-' | head -n 1)
initrd=$(mdir -b -i "$base@@$offset" :: | sed -n 's|^::/||p' | grep '^initrd.img-' | head -n 1)
if [ -z "$kernel" ] || [ -z "$initrd" ]; then fail "no kernel or initramfs in the boot partition"; fi
mcopy -n -i "$base@@$offset" "::$kernel" "$work/vmlinuz"
mcopy -n -i "$base@@$offset" "::$initrd" "$work/initrd.img"
step "boot partition: $kernel, $initrd, $(mdir -b -i "$base@@$offset" :: | wc -l) files"

# The overlay is larger than the image, as a card is: the first boot must grow the root partition.
qemu-img create -q -f qcow2 -b "$base" -F raw "$work/overlay.qcow2" 4G

# A nightjar.txt as a user would write it, put into the overlay's boot partition before the first boot.
ssh-keygen -q -t ed25519 -N '' -C nightjar-smoke-test -f "$work/ssh-key"
qemu-img dd -f raw -O raw if="$base" of="$work/boot.fat" "${part[@]}" 2>/dev/null
cat > "$work/nightjar.txt" <<SETTINGS
hostname = nightjar-smoke
timezone = Europe/Berlin
wifi_country = DE
wifi_ssid = Smoke test
wifi_password = not-a-real-secret-4711
ssh_key = $(cat "$work/ssh-key.pub")
SETTINGS
mcopy -o -i "$work/boot.fat" "$work/nightjar.txt" ::nightjar.txt
qemu-io -f qcow2 -c "write -s $work/boot.fat $offset $((boot_size * 512))" "$work/overlay.qcow2" >/dev/null
step "overlay made, nightjar.txt written to its boot partition"

port=${SMOKE_PORT:-$(( 20000 + RANDOM % 20000 ))}
monitor_port=$(( port + 1 ))
ssh_port=$(( port + 2 ))
url=https://127.0.0.1:$port
# Debian's QEMU has no efi-virtio.rom; an empty romfile= keeps virtio-net from asking for it.
rom=(romfile=)

boot() { # N: the boot's number, for its console log
    if [ -f "$work/console.log" ]; then mv "$work/console.log" "$work/console-$(( $1 - 1 )).log"; fi
    qemu-system-aarch64 -M virt -cpu cortex-a72 -m 1024 -smp "$smp" -accel tcg \
        -nodefaults -display none -no-reboot \
        -serial "file:$work/console.log" \
        -monitor "tcp:127.0.0.1:$monitor_port,server,nowait" \
        -kernel "$work/vmlinuz" -initrd "$work/initrd.img" \
        -append "root=LABEL=nightjar-root rw rootwait console=ttyAMA0 net.ifnames=0 modules-load=vivid systemd.journald.forward_to_console=1 panic=-1" \
        -drive "if=none,id=disk,file=$work/overlay.qcow2,format=qcow2" -device virtio-blk-pci,drive=disk \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:8443,hostfwd=tcp:127.0.0.1:$ssh_port-:22" \
        -device "virtio-net-pci,netdev=net0,$(IFS=,; echo "${rom[*]}")" \
        -device virtio-rng-pci \
        > "$work/qemu.log" 2>&1 &
    qemu_pid=$!
    booted_at=$(date +%s)
}

wait_for_https() {
    local deadline=$(( $(date +%s) + boot_timeout ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        kill -0 "$qemu_pid" 2>/dev/null || fail "QEMU exited ($(tail -n 3 "$work/qemu.log"))"
        code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 10 "$url/cameras" || true)
        if [ "$code" = 401 ]; then
            step "HTTPS answers (401 without an account) $(( $(date +%s) - booted_at )) s after power-on"
            return 0
        fi
        sleep 3
    done
    fail "no HTTPS answer within $boot_timeout s of power-on"
}

power_off() {
    step "powering off (ACPI-less virt: the power button is a GPIO key)"
    # QEMU's human monitor on a loopback port; bash's /dev/tcp is the client.
    if exec 3<>"/dev/tcp/127.0.0.1/$monitor_port"; then
        printf 'system_powerdown\n' >&3
        sleep 1
        exec 3>&-
    fi
    local deadline=$(( $(date +%s) + 120 ))
    while kill -0 "$qemu_pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 2; done
    if kill -0 "$qemu_pid" 2>/dev/null; then
        fail "the guest did not power off within 120 s"
    fi
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=
    step "powered off cleanly"
}

read_boot_file() { # name -> stdout, from the overlay's boot partition (qemu-img -U: may be running)
    qemu-img dd -U -f qcow2 -O raw if="$work/overlay.qcow2" of="$work/boot.now" "${part[@]}" 2>/dev/null
    mtype -i "$work/boot.now" "::$1" 2>/dev/null
}

api() { curl -sS --fail -k -u "admin:$password" --max-time 30 "$@"; }

console_save() { # what PID field...: saves the fields in the web console's configuration form, as its Save does
    local what=$1 pid=$2 field args=() code
    shift 2
    for field in apply=true "$@"; do args+=(--data-urlencode "$field"); done
    code=$(curl -sk -o /dev/null -w '%{http_code}' -u "admin:$password" --max-time 60 "${args[@]}" \
        "$url/system/console/configMgr/$pid" || true)
    [ "$code" = 302 ] || fail "the web console did not save the $what configuration ($code)"
}

await_streaming() { # waits up to 180 s for /cameras to show the camera streaming; sets cameras
    local deadline=$(( $(date +%s) + 180 ))
    cameras=
    while [ "$(date +%s)" -lt "$deadline" ]; do
        cameras=$(api "$url/cameras" || true)
        echo "$cameras" | grep -q '"state":"STREAMING"' && return 0
        sleep 3
    done
}

guest() { # command...: runs it in the guest as root, over SSH with the key from nightjar.txt
    ssh -q -i "$work/ssh-key" -p "$ssh_port" -o BatchMode=yes -o ConnectTimeout=20 -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile="$work/known_hosts" root@127.0.0.1 "$@"
}

monitor() { # command: QEMU's human monitor runs it; its answer on stdout
    local answer
    exec 4<>"/dev/tcp/127.0.0.1/$monitor_port" || return 1
    printf '%s\n' "$1" >&4
    answer=$(timeout 3 cat <&4 || true)
    exec 4>&-
    printf '%s\n' "$answer" | tr -d '\r'
}

# The virt board's PL061 (the kernel's 9030000.pl061) and its data register read through QEMU's monitor:
# at offset 0x3fc the address mask selects all eight lines.
pl061_data=0x090303fc
pl061_line() { # line -> 1 or 0: the level QEMU's PL061 drives on it
    local word
    word=$(monitor "xp /1wx $pl061_data" | sed -n 's/^0*90303fc: *0x\([0-9a-f]*\).*/\1/p' | tail -n 1)
    [ -n "$word" ] || return 1
    echo $(( (16#$word >> $1) & 1 ))
}

claimed() { # line consumer: whether $lines (gpioinfo) shows the line as an output of the consumer
    # libgpiod 2 (Debian 13): 'line   0:   unnamed   output consumer=nightjar-ir'; 1 wrote '"nightjar-ir"  output'.
    echo "$lines" | grep -E "line +$1:" | grep -w output | grep -Eq "(consumer=\"?|\")$2(\"| |\$)"
}

await_claimed() { # waits up to 60 s for gpioinfo to show IR on line 0 and the LED on line 1; sets lines
    local deadline=$(( $(date +%s) + 60 ))
    lines=
    while [ "$(date +%s)" -lt "$deadline" ]; do
        lines=$(guest gpioinfo 2>&1 || true)
        claimed 0 nightjar-ir && claimed 1 nightjar-led && return 0
        sleep 2
    done
}

ir_level() { # the IR line as the guest's kernel reports it: hi or lo
    guest "grep -E '[|]nightjar-ir +[)]' /sys/kernel/debug/gpio" | sed -n 's/.* out *\(hi\|lo\).*/\1/p'
}

# --- first boot ----------------------------------------------------------------------------------------
step "first boot (TCG, $smp vCPU)"
boot 1
wait_for_https

deadline=$(( $(date +%s) + 120 ))
password=
while [ -z "$password" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    password=$(read_boot_file nightjar-admin-password.txt | tr -d '\r\n' || true)
    [ -n "$password" ] || sleep 3
done
[ -n "$password" ] || fail "no nightjar-admin-password.txt on the boot partition"
step "admin password read from the image's boot partition (${#password} characters)"
code=$(curl -sk -o /dev/null -w '%{http_code}' -u "admin:$password" --max-time 30 "$url/cameras" || true)
[ "$code" = 200 ] || fail "the password from the boot partition is refused ($code)"

names=$(echo | openssl s_client -connect "127.0.0.1:$port" 2>/dev/null | openssl x509 -noout -ext subjectAltName 2>/dev/null | tr -d ' ' || true)
echo "$names" | grep -q 'DNS:nightjar-smoke' || fail "the device certificate does not name the host nightjar-smoke from nightjar.txt ($names)"
step "device certificate made on the device, for the host name from nightjar.txt ($(echo "$names" | tail -n 1))"

await_streaming
echo "$cameras" | grep -q '"state":"STREAMING"' || fail "the camera does not stream: $cameras"
echo "$cameras" | grep -Eq '/dev/video|vivid|"width":' || fail "unexpected camera list: $cameras"
step "/cameras: $cameras"

# Emulation is slow: fewer frames per second, through the web console as a user would. The new name
# is what the reboot must keep.
console_save camera nightjar.camera~front factoryPid=nightjar.camera \
    "propertylist=name,source,width,height,fps,quality,username,password,trustFingerprint" \
    "name=Smoke test camera" source=auto width=640 height=480 fps=5 quality=80 username= password= trustFingerprint=
step "camera renamed and set to 5 fps through the web console"

sleep 5
api -o "$work/snapshot.jpg" "$url/cameras/front/snapshot.jpg" || fail "no snapshot"
[ "$(head -c 2 "$work/snapshot.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ] || fail "the snapshot is not a JPEG"
djpeg -pnm "$work/snapshot.jpg" > "$work/snapshot.ppm" || fail "the snapshot does not decode"
read -r magic width height _ < <(head -c 20 "$work/snapshot.ppm" | tr '\n' ' '; echo)
[ "$magic" = P6 ] || fail "djpeg wrote no P6 picture"
header=$(printf 'P6\n%s %s\n255\n' "$width" "$height" | wc -c)
# vivid's default pattern, 75% colour bars: white, yellow, cyan, green, magenta, red, blue, black.
bars=(111 110 011 010 101 100 001 000)
row=$(( height * 3 / 4 ))
for bar in "${!bars[@]}"; do
    x=$(( width * (2 * bar + 1) / 16 ))
    read -r -a rgb < <(od -An -tu1 -j $(( header + (row * width + x) * 3 )) -N 3 "$work/snapshot.ppm")
    for c in 0 1 2; do
        on=${bars[$bar]:$c:1}
        if { [ "$on" = 1 ] && [ "${rgb[$c]}" -lt 150 ]; } || { [ "$on" = 0 ] && [ "${rgb[$c]}" -gt 60 ]; }; then
            fail "the snapshot is not vivid's colour bars: bar $bar is ${rgb[*]} (a synthetic picture, not the V4L2 camera?)"
        fi
    done
done
step "snapshot: a ${width}x${height} JPEG of $(stat -c %s "$work/snapshot.jpg") bytes showing vivid's colour bars (the V4L2 camera)"

frames=$( (curl -s -k -N -u "admin:$password" --max-time 120 "$url/cameras/front/stream.mjpg" || true) \
    | grep -a -m 30 -c '^Content-Type: image/jpeg' || true)
[ "$frames" -ge 30 ] || fail "only $frames of 30 stream frames arrived"
step "stream: 30 frames of MJPEG"

guest true || fail "no SSH login as root with the key from nightjar.txt"
step "SSH: logged in as root with the key from nightjar.txt ($(guest uname -srm); $(guest cat /etc/debian_version))"
installed=$(guest "dpkg-query -W -f '\${Package} \${Version} \${db:Status-Status}\n' nightjar; \
    systemctl show -p FragmentPath -p DropInPaths nightjar.service" 2>&1 || true)
echo "$installed" | grep -q '^nightjar .* installed' || fail "Nightjar is not installed from its Debian package: $installed"
echo "$installed" | grep -Eq '^FragmentPath=(/usr)?/lib/systemd/system/nightjar.service$' || fail "nightjar.service is not the package's unit: $installed"
echo "$installed" | grep -q 'package.conf.*sd-card.conf' || fail "nightjar.service lacks the package's or the image's drop-in: $installed"
step "Nightjar from its Debian package: $(echo "$installed" | head -n 1), the package's unit with the image's drop-in, Java $(guest "readlink -f /usr/bin/java" | sed -n 's|.*/java-\([0-9]*\)-.*|\1|p')"

# A network camera is read by ffmpeg: the image's own, reading the guest's own RTSPS stream as a network
# camera on the image would.
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$password")
probed=$(guest "ffprobe -v error -rtsp_transport tcp -select_streams v:0 -show_entries stream=codec_name,width,height \
    -of csv=p=0 'rtsps://admin:$encoded@127.0.0.1:8322/cameras/front'" 2>&1 || true)
[ "$probed" = "mjpeg,640,480" ] || fail "the image's ffprobe did not read the camera's RTSPS stream: $probed"
step "ffmpeg on the image: ffprobe read rtsps://127.0.0.1:8322/cameras/front as $probed"

wifi=$(guest "cat /etc/wpa_supplicant/wpa_supplicant-wlan0.conf; \
    ls /etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants/" 2>&1 || true)
echo "$wifi" | grep -q 'ssid="Smoke test"' || fail "no Wi-Fi network from nightjar.txt: $wifi"
echo "$wifi" | grep -Eq '^[[:space:]]*psk=[0-9a-f]{64}$' || fail "no derived Wi-Fi key: $wifi"
if echo "$wifi" | grep -q 'not-a-real-secret'; then fail "the Wi-Fi passphrase is stored in the guest"; fi
echo "$wifi" | grep -q '^wpa_supplicant@wlan0.service$' || fail "wpa_supplicant does not start with wlan0: $wifi"
step "Wi-Fi: the network from nightjar.txt with only its derived key, started whenever wlan0 appears"
failed=$(guest systemctl --failed --no-legend --plain 2>&1 || true)
[ -z "$failed" ] || fail "failed units in the guest: $failed"
step "no failed unit in the guest ($(guest systemd-analyze 2>/dev/null | head -n 1 || true))"
skipped=$(guest systemctl show -p ConditionResult ldconfig.service systemd-hwdb-update.service 2>&1 || true)
[ "$(echo "$skipped" | grep -c '^ConditionResult=no$')" = 2 ] \
    || fail "the first boot rebuilt the linker cache or the hardware database, which the build did: $skipped"
step "the first boot left the linker cache and the hardware database as the build made them"

# The IR LEDs on line 0 and the status LED on line 1 of the PL061 (line 3 is the power button), driven
# through the kernel's GPIO character device; set in the web console as a user would.
console_save GPIO nightjar.gpio "propertylist=provider,chip,mode,irPin,ledPin" provider=chardev chip= mode=OFF \
    irPin=0 ledPin=1
await_claimed
claimed 0 nightjar-ir || fail "gpioinfo shows no nightjar-ir output on line 0: $lines"
claimed 1 nightjar-led || fail "gpioinfo shows no nightjar-led output on line 1: $lines"
chip=$(echo "$lines" | sed -n 's/^\(gpiochip[0-9]*\) - .*/\1/p' | head -n 1)
step "gpioinfo in the guest: lines 0 and 1 of $chip claimed as outputs by nightjar-ir and nightjar-led"
if [ "$(ir_level || true)" != lo ] || [ "$(pl061_line 0 || true)" != 0 ]; then
    fail "the IR line is not low in mode OFF ($(ir_level), PL061 $(pl061_line 0))"
fi

ir_mode() { # mode level bit: switches through the API, then waits for the line in the guest and in QEMU
    api -H 'Content-Type: application/json' -d "{\"mode\":\"$1\"}" "$url/api/illumination" >/dev/null \
        || fail "POST /api/illumination $1 was refused"
    local deadline=$(( $(date +%s) + 30 )) level=
    while [ "$(date +%s)" -lt "$deadline" ]; do
        level=$(ir_level || true)
        [ "$level" = "$2" ] && break
        sleep 1
    done
    [ "$level" = "$2" ] || fail "IR $1: the guest's kernel reports the line $level, not $2"
    [ "$(pl061_line 0 || true)" = "$3" ] || fail "IR $1: QEMU's PL061 data register has line 0 at $(pl061_line 0), not $3"
}
ir_mode ON hi 1
step "IR ON through the API: line 0 is high in the guest (debugfs) and in QEMU's PL061 data register"
ir_mode OFF lo 0
step "IR OFF: line 0 low again, in the guest and in QEMU"

settings=$(read_boot_file nightjar.txt || true)
if echo "$settings" | grep -q 'not-a-real-secret'; then fail "the Wi-Fi passphrase is still in nightjar.txt"; fi
echo "$settings" | grep -q '^hostname = nightjar-smoke' || fail "nightjar.txt lost its settings: $settings"
step "nightjar.txt: settings kept, the Wi-Fi passphrase removed"

power_off

qemu-img dd -f qcow2 -O raw if="$work/overlay.qcow2" of="$work/mbr" bs=512 count=1 2>/dev/null
grown=$(sfdisk -d "$work/mbr" 2>/dev/null | sed -n 's/.*2 : start= *[0-9]*, size= *\([0-9]*\).*/\1/p')
if [ -z "$grown" ] || [ "$grown" -le "$root_size" ]; then fail "the root partition was not grown ($root_size sectors before, ${grown:-?} after)"; fi
step "root partition grown from $((root_size / 2048)) MB to $((grown / 2048)) MB"

# --- second boot -------------------------------------------------------------------------------------
step "second boot"
boot 2
wait_for_https
await_streaming
echo "$cameras" | grep -q '"name":"Smoke test camera"' || fail "the configuration changed before the reboot is lost: $cameras"
echo "$cameras" | grep -q '"state":"STREAMING"' || fail "the camera does not stream after the reboot: $cameras"
step "after the reboot: the same password, the changed configuration ($cameras)"
await_claimed
claimed 0 nightjar-ir || fail "after the reboot the GPIO configuration is lost: $lines"
wifi=$(guest cat /etc/wpa_supplicant/wpa_supplicant-wlan0.conf 2>&1 || true)
echo "$wifi" | grep -Eq '^[[:space:]]*psk=[0-9a-f]{64}$' || fail "after the reboot the Wi-Fi key is lost: $wifi"
step "after the reboot: the IR line claimed again, from the GPIO configuration set before; the Wi-Fi key kept"
guest test -f /boot/firmware/nightjar-admin-password.txt || fail "the first password left the boot partition too early"
api -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"current\":\"$password\",\"password\":\"smoke-test-own-password\"}" "$url/api/me/password" \
    || fail "the admin could not choose its own password"
password=smoke-test-own-password
gone=false
for _ in $(seq 1 30); do
    if guest test ! -e /boot/firmware/nightjar-admin-password.txt; then gone=true; break; fi
    sleep 1
done
[ "$gone" = true ] || fail "nightjar-admin-password.txt is still on the boot partition after the admin chose a password"
guest test ! -e /var/lib/nightjar/admin-password.txt || fail "/var/lib/nightjar/admin-password.txt is still there after the change"
step "the admin chose a password: the first one is gone from /var/lib/nightjar and from the boot partition"
power_off

ok=true
step "PASSED"
