#!/bin/sh
# Copies Nightjar's first admin password to the boot partition (nightjar-password.path), so a user
# without a screen reads it from the card, and shows it on the console.
set -eu

source=/opt/nightjar/data/admin-password.txt
target=/boot/firmware/nightjar-admin-password.txt

[ -f "$source" ] || exit 0
if [ ! -f "$target" ] || ! cmp -s "$source" "$target"; then
    cp "$source" "$target.tmp"
    mv "$target.tmp" "$target"
    sync
fi
echo "Nightjar: the first password of the account 'admin' is $(cat "$source") (also in nightjar-admin-password.txt on the card's boot partition)"
