#!/usr/bin/env bash
# Builds .build/mdmconsole_VERSION_ARCH.deb from `make install` into a staging tree, with
# dpkg-deb. Depends is read off the binary: the package owning each shared library it links.
set -euo pipefail
version=$1
cd "$(dirname "$0")/../.."
root=.build/deb-root
rm -rf "$root"
make --no-print-directory install DESTDIR="$root" PREFIX=/usr >/dev/null
arch=$(dpkg --print-architecture)

# Each library the binary needs, to the package that ships it (libc6, libsqlite3-0, libncursesw6, …).
depends=$(ldd "$root/usr/bin/mdmconsole" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | while read -r library; do
    [ -e "$library" ] || continue
    dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
case "$depends" in
    *libsqlite3*) ;;
    *) echo "build-deb: cannot tell the binary's dependencies (ldd found: $depends)" >&2; exit 1 ;;
esac

mkdir -p "$root/DEBIAN" "$root/usr/share/doc/mdmconsole"
install -m 0644 README.md "$root/usr/share/doc/mdmconsole/README.md"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: mdmconsole
Version: $version
Architecture: $arch
Maintainer: mdmconsole developers <mdmconsole@localhost>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Description: terminal admin console for managed mobile and desktop devices
 Browse all devices, take remote actions (retire, wipe, delete, reset passcode,
 sync, bypass Activation Lock) greyed out with the reason where they cannot be
 taken, follow their status and review a hash-chained audit log. Works on an
 embedded demo tenant, a store of your own, or a Microsoft Intune tenant
 mirrored through Microsoft Graph; serves a Graph-compatible endpoint.
CONTROL
output=.build/mdmconsole_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$root" "$output" >/dev/null
echo "$output"
