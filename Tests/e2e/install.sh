#!/usr/bin/env bash
# End to end: mdmconsole installed as a new user installs it, on a machine without Swift.
# `make` (man pages, completions, a binary with the Swift runtime linked in), `make install`
# and `make uninstall` into a folder of this script's, and the Debian package installed with
# dpkg, run from /usr/bin with the toolchain hidden, then removed. The binary runs with
# `env -i` and, as root, in a mount namespace where the toolchain's folder is empty.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
work=$(mktemp -d)
socket="mdmconsole-install-$$"
installed_package=
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    # Only a package this script installed is removed.
    if [ -n "$installed_package" ]; then dpkg -P mdmconsole >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/home"

if ! make --no-print-directory all >"$work/make.log" 2>&1; then
    tail -30 "$work/make.log"; fail "make all"; finish; exit 1
fi
pass "make all: release binary, man pages, completions"
stage=.build/stage-release
bin=$stage/bin/mdmconsole

# 1. Self-contained: nothing from the toolchain, only the system's libc, SQLite and ncursesw.
libraries=$(ldd "$bin")
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
if grep -qE "libswift|libFoundation|libdispatch|$toolchain" <<<"$libraries"; then fail "links nothing from the Swift toolchain" "$libraries"; else pass "links nothing from the Swift toolchain ($toolchain)"; fi
check "links the system's SQLite" grep -q "libsqlite3.so" <<<"$libraries"
check "links the system's ncursesw" grep -q "libncursesw.so" <<<"$libraries"

# hidden COMMAND...: no environment but a PATH without Swift; as root, the toolchain's folder
# is also an empty tmpfs in a mount namespace of its own, so nothing of it can be loaded.
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    hidden_by="env -i and an empty $toolchain"
    cat >"$work/hidden" <<SCRIPT
#!/bin/sh
exec unshare --mount sh -c 'mount -t tmpfs none "\$0" && exec env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 TERM="\${TERM:-xterm}" "\$@"' "$toolchain" "\$@"
SCRIPT
else
    hidden_by="env -i only (hiding the toolchain's folder needs root and mount namespaces)"
    cat >"$work/hidden" <<SCRIPT
#!/bin/sh
exec env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 TERM="\${TERM:-xterm}" "\$@"
SCRIPT
fi
chmod +x "$work/hidden"
hidden() { "$work/hidden" "$@"; }
echo "      toolchain hidden by: $hidden_by"
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    expect_exit "the hidden environment sees the toolchain's folder empty" 0 hidden ls -A "$toolchain"
    check "nothing of the toolchain is visible there" test -z "$out"
fi
mkdir -p "$work/fresh" && cp "$bin" "$work/fresh/mdmconsole"
fresh=$work/fresh/mdmconsole

# 2. --version, from a copy in a fresh folder.
version=$(sed -n 's/.*static let number = "\(.*\)"/\1/p' Sources/MDMCore/Store/ProgramVersion.swift)
expect_exit "--version runs from a copy in a fresh folder" 0 hidden "$fresh" --version
check "--version names the version, the schema and the build" grep -qE "^mdmconsole $version \(store schema [0-9]+, (debug|release) build\)$" <<<"$out"
expect_exit "demo from the copy" 0 hidden "$fresh" demo --db "$work/fresh/tenant.db" --now 2026-11-24T09:00:00Z --seed 1
expect_exit "a command from the copy" 0 hidden "$fresh" devices --db "$work/fresh/tenant.db" --platform iOS --csv
check "the command lists the demo's iPhones" grep -q "iOS" <<<"$out"

# The console itself, in tmux at 80x24, from the copy.
tmux -L "$socket" new-session -d -s i -x 80 -y 24 "TERM=tmux-256color $work/hidden $fresh --db $work/fresh/tenant.db; sleep 30"
deadline=$((SECONDS + 15))
until tmux -L "$socket" capture-pane -p -t i 2>/dev/null | grep -q "All devices"; do
    [ $SECONDS -lt $deadline ] || break
    sleep 0.2
done
if tmux -L "$socket" capture-pane -p -t i | grep -q "All devices"; then pass "the console opens on the demo from the copy"; else fail "the console opens on the demo from the copy" "$(tmux -L "$socket" capture-pane -p -t i)"; fi
tmux -L "$socket" send-keys -t i q
tmux -L "$socket" kill-server 2>/dev/null || true

# 3. Man pages and completions, installed into a prefix of our own, then uninstalled.
prefix=$work/prefix
make --no-print-directory install PREFIX="$prefix" >"$work/install.log" 2>&1 && pass "make install PREFIX=…" || fail "make install PREFIX=…" "$(tail -5 "$work/install.log")"
page=$(MANPATH="$prefix/share/man" MANWIDTH=80 man mdmconsole 2>/dev/null | col -b || true)
check "man mdmconsole reads the installed page" grep -q "SYNOPSIS" <<<"$page"
check "the page lists the sub-commands" grep -qw "serve" <<<"$page"
serve_page=$(MANPATH="$prefix/share/man" MANWIDTH=80 man mdmconsole.serve 2>/dev/null | col -b || true)
check "man mdmconsole.serve documents --metrics-listen" grep -q -- "--metrics-listen" <<<"$serve_page"
completed=$(bash --norc --noprofile -c '
    source "$1"
    COMP_WORDS=(mdmconsole se); COMP_CWORD=1; COMP_LINE="mdmconsole se"; COMP_POINT=${#COMP_LINE}
    _mdmconsole mdmconsole se mdmconsole 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/mdmconsole" 2>&1 || true)
check "bash completes 'mdmconsole se' to serve" grep -qx "serve" <<<"$completed"
check "zsh's completion is a #compdef file for mdmconsole" grep -q "^#compdef mdmconsole" "$prefix/share/zsh/vendor-completions/_mdmconsole"
check "fish's completion names the sub-commands" grep -q "serve" "$prefix/share/fish/vendor_completions.d/mdmconsole.fish"
check "themes and keymaps are installed as examples" test -f "$prefix/share/mdmconsole/themes/dark.yaml" -a -f "$prefix/share/mdmconsole/keymaps/vim.yaml"
check "the systemd unit is installed as an example" test -f "$prefix/share/mdmconsole/examples/mdmconsole-serve.service"
make --no-print-directory uninstall PREFIX="$prefix" >/dev/null 2>&1
left=$(find "$prefix" -type f)
if [ -z "$left" ]; then pass "make uninstall removes every file install wrote"; else fail "make uninstall removes every file install wrote" "$left"; fi

# 4. The Debian package.
deb=$(make --no-print-directory deb 2>"$work/deb.log" | tail -1)
if [ -f "$deb" ]; then pass "make deb builds $(basename "$deb")"; else fail "make deb" "$(tail -5 "$work/deb.log")"; finish; exit 1; fi
control=$(dpkg-deb -f "$deb")
check "the package declares SQLite" grep -qE "^Depends:.*libsqlite3-0" <<<"$control"
check "the package declares ncursesw" grep -qE "^Depends:.*libncursesw6" <<<"$control"
check "the package's version is the program's" grep -qx "Version: $version" <<<"$control"
contents=$(dpkg-deb -c "$deb")
check "the package holds the binary" grep -q "\./usr/bin/mdmconsole$" <<<"$contents"
check "the package holds the man pages" grep -q "/usr/share/man/man1/mdmconsole\.serve\.1" <<<"$contents"
check "the package holds the completions" grep -q "/usr/share/bash-completion/completions/mdmconsole$" <<<"$contents"

if [ "$(id -u)" != 0 ]; then
    echo "      (installing the package needs root: dpkg -i was not tried)"
elif dpkg -s mdmconsole >/dev/null 2>&1; then
    fail "dpkg -i" "an mdmconsole package is already installed on this machine: not touched"
else
    installed_package=yes
    expect_exit "dpkg -i installs the package" 0 dpkg -i "$deb"
    files=$(dpkg -L mdmconsole)
    expect_exit "/usr/bin/mdmconsole --version with the toolchain hidden" 0 hidden /usr/bin/mdmconsole --version
    expect_exit "/usr/bin/mdmconsole demo with the toolchain hidden" 0 hidden /usr/bin/mdmconsole demo --db "$work/home/t.db" --now 2026-11-24T09:00:00Z --seed 1
    expect_exit "/usr/bin/mdmconsole devices with the toolchain hidden" 0 hidden /usr/bin/mdmconsole devices --db "$work/home/t.db" --platform Windows --csv
    check "man mdmconsole finds the installed page" sh -c 'MANWIDTH=80 man mdmconsole 2>/dev/null | col -b | grep -q SYNOPSIS'
    if command -v systemd-analyze >/dev/null; then
        # The unit as shipped: its syntax, its directives and the binary it starts.
        verify=$(systemd-analyze verify /usr/share/mdmconsole/examples/mdmconsole-serve.service 2>&1 || true)
        if grep -qiE "unknown|invalid|failed|not executable|bad" <<<"$verify"; then fail "systemd-analyze verify accepts the unit" "$verify"; else pass "systemd-analyze verify accepts the unit"; fi
    else
        echo "      (systemd-analyze is not on this machine: the unit was not verified)"
    fi
    expect_exit "dpkg -r removes the package" 0 dpkg -r mdmconsole
    remaining=$(while read -r file; do [ -f "$file" ] && echo "$file"; done <<<"$files" | grep -v "^/usr/share/doc" || true)
    if [ -z "$remaining" ]; then pass "no file of the package is left"; else fail "no file of the package is left" "$remaining"; fi
    dpkg -P mdmconsole >/dev/null 2>&1 || true
    installed_package=
fi

finish
