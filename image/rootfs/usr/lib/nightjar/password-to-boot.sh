#!/bin/sh
# Copies Nightjar's first admin password to the boot partition (nightjar-password.path), so a user
# without a screen reads it from the card, and shows it on the console.
# With "forget" (nightjar-password-gone.path, at every change of that file): once Nightjar has
# deleted its copy (the admin chose a password), the one on the boot partition, which anyone holding
# the card can read, goes too.
set -eu

source=/var/lib/nightjar/admin-password.txt
target=/boot/firmware/nightjar-admin-password.txt

if [ "${1:-}" = forget ]; then
    if [ ! -f "$source" ] && [ -f "$target" ]; then
        rm -f "$target"
        sync
        echo "Nightjar: the admin chose a password; nightjar-admin-password.txt is removed from the boot partition"
    fi
    exit 0
fi
[ -f "$source" ] || exit 0
if [ ! -f "$target" ] || ! cmp -s "$source" "$target"; then
    cp "$source" "$target.tmp"
    mv "$target.tmp" "$target"
    sync
fi
echo "Nightjar: the first password of the account 'admin' is $(cat "$source") (also in nightjar-admin-password.txt on the card's boot partition)"
