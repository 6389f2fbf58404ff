#!/usr/bin/env bash
# End to end: hostile names. A file of names holding terminal escapes, C1 controls, bidi
# overrides and invisible characters is refused at import with the field named; a store
# that already holds such names (written with sqlite3, as a store made before the checks
# would) prints no ESC, C1 or bidi control from any command or from the console's pty; wide
# and combining names keep every console row at exactly 80 columns (measured with Python's
# wcwidth, not with the console's own arithmetic). Also: the terminal after a resize and
# after quitting on a terminal without an alternate screen. Bounded: every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
python=${MDMCONSOLE_PYTHON:-python3}
"$python" -c 'import wcwidth' 2>/dev/null || { echo "hostile.sh needs Python's wcwidth (pip install wcwidth; .ci/run installs it)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "hostile.sh needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
work=$(mktemp -d)
socket="mdmconsole-hostile-$$"
# The pane's console may still be writing its last bytes when the server goes: retry once.
cleanup() { tmux_ kill-server 2>/dev/null || true; rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work"; }; }
trap cleanup EXIT
export MDMCONSOLE_OPERATOR=operator@contoso.com

# --- 1. Refused at the door --------------------------------------------------------------
"$python" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
hostile = {
    "title": "Kiosk\x1b]0;pwned\x07", "clear": "Lobby\x1b[2J", "c1": "Phone\u009b31m", "bidi": "evil\u202egnp.exe",
    "isolate": "x\u2066y", "zerowidth": "Zo\u200be", "newline": "two\nlines",
}
devices = [{"id": f"bad-{key}", "deviceName": name, "operatingSystem": "iOS", "osVersion": "18.1"} for key, name in hostile.items()]
devices.append({"id": "bad-user", "deviceName": "Fine name", "operatingSystem": "iOS", "userPrincipalName": "ana\x1b[31m@contoso.com"})
json.dump({"value": devices}, open(f"{work}/hostile.json", "w"))
fine = ["王小明的iPhone手机", "📱 Zoé's phone", "Zoe\u0301 combining", "Persian می\u200cخواهم", "A" * 500]
json.dump([{"id": f"ok-{i}", "deviceName": name, "operatingSystem": "iOS", "osVersion": "18.1", "model": "iPhone 15"}
           for i, name in enumerate(fine)], open(f"{work}/fine.json", "w"))
PY
expect_exit "a file of hostile names is refused: exit 4" 4 "$bin" import "$work/hostile.json" --db "$work/refused.sqlite"
for field in "value[0].deviceName: contains ESC (U+001B) at character 6" "value[2].deviceName: contains CSI (U+009B)" \
             "value[3].deviceName: contains U+202E RIGHT-TO-LEFT OVERRIDE" "value[5].deviceName: contains the invisible U+200B" \
             "value[7].userPrincipalName: contains ESC"; do
    if contains "$err" "$field"; then pass "names the field: ${field%%:*}"; else fail "names the field: ${field%%:*}" "$err"; fi
done
check "nothing was created" test ! -e "$work/refused.sqlite"
if printf '%s' "$err" | "$python" -c 'import sys; sys.exit(any(c == "\x1b" or 0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e for c in sys.stdin.read()))'; then
    pass "the refusal itself prints no control"
else
    fail "the refusal itself prints no control" "$err"
fi
"$bin" demo --db "$work/tenant.sqlite" --now 2026-11-24T09:00:00Z >/dev/null
expect_exit "wide, emoji, combining and 500-character names import" 0 "$bin" import "$work/fine.json" --db "$work/tenant.sqlite"
expect_exit "--as with an escape is refused: exit 2" 2 "$bin" devices --db "$work/tenant.sqlite" --as $'admin\e]0;x\a'
expect_exit "--as with a trailing space is refused: exit 2" 2 "$bin" devices --db "$work/tenant.sqlite" --as "root "
expect_exit "a role grant to a name with a bidi override is refused: exit 2" 2 "$bin" roles grant $'eve\u202e@contoso.com' helpDeskOperator --db "$work/tenant.sqlite"
check "and none of them reached the audit log" bash -c "! '$bin' audit --db '$work/tenant.sqlite' --json | grep -q 'eve\\\\u202e\\|admin\\\\u001b'"

# --- 2. A store that already holds them (as one made before the checks would) -------------
db=$work/tenant.sqlite
ids=$("$bin" devices --db "$db" --platform Windows --json | "$python" -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin)[:3]))')
read -r first second third <<<"$ids"
sqlite3 "$db" "UPDATE device SET name = 'Kiosk' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J', model = 'M' || char(155) || '31m' WHERE id = '$first';
               UPDATE device SET name = 'evil' || char(8238) || 'gnp.exe', primaryUserUPN = 'eve' || char(27) || '[31m@contoso.com' WHERE id = '$second';
               UPDATE device SET name = 'Zo' || char(8203) || 'e ' || char(133) || 'next' WHERE id = '$third';"
for id in $first $second $third; do "$bin" run sync "$id" --db "$db" >/dev/null; done
no_controls() {  # no_controls NAME FILE: no ESC, C1 control or bidi override in the file's text
    if "$python" - "$2" <<'PY'
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
bad = [hex(ord(c)) for c in text if c == "\x1b" or 0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
sys.exit(1 if bad else 0)
PY
    then pass "$1"; else fail "$1" "$(head -c 300 "$2" | cat -v)"; fi
}
for command in "devices" "devices --json" "devices --csv" "device $first" "device $second --json" "device $third" \
               "actions" "actions --json" "audit" "audit --json" "audit --csv"; do
    # shellcheck disable=SC2086
    "$bin" $command --db "$db" >"$work/out" 2>"$work/err" || true
    no_controls "$command: no ESC, C1 or bidi control on stdout" "$work/out"
done
grep -qF 'Kiosk\u001b]0;pwned\u0007' "$work/out" && pass "the escape is shown visibly as \\u001b" || fail "the escape is shown visibly as \\u001b" "$(head -5 "$work/out")"
"$bin" devices --db "$db" --json | "$python" -c '
import json, sys
names = [d["deviceName"] for d in json.load(sys.stdin)]
sys.exit(0 if "Kiosk\x1b]0;pwned\x07\x1b[2J" in names else 1)' && pass "--json still carries the exact name (as a JSON escape)" || fail "--json still carries the exact name"

# The console's own bytes to a pty: only its drawing, never the name's title or clear.
"$python" Tests/e2e/pty_bytes.py --dump "$work/pty" "$bin" "$db" j j j >/dev/null
if "$python" - "$work/pty" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8", "replace")
sys.exit(1 if b"\x1b]0;" in data or b"pwned\x07" in data or any(0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e for c in text) else 0)
PY
then pass "the console's pty: no title escape, no C1 or bidi control"; else fail "the console's pty: no title escape, no C1 or bidi control"; fi

# --- 3. Widths in a real terminal ----------------------------------------------------------
screen() { tmux_ capture-pane -p -N -t hostile; }
wait_for() { pane_wait hostile "$@"; }   # wait_for NAME TEXT [SECONDS]
all_rows_80() {  # all_rows_80 NAME: no row wider than 80 columns, and every device row's OS
    # column where the header's is, by Python's wcwidth (tmux keeps no trailing blanks to count)
    if screen | "$python" -c '
import re, sys, wcwidth
rows = sys.stdin.read().split("\n")[:24]
wide = [(i, wcwidth.wcswidth(r)) for i, r in enumerate(rows) if wcwidth.wcswidth(r) > 80]
header = next((r for r in rows if "Device name" in r and " OS " in r), None)
column = wcwidth.wcswidth(header[:header.index(" OS ") + 1]) if header else None
shifted = []
for i, r in enumerate(rows):
    m = re.search(r" (iOS|iPadOS|macOS|Windows|Android) ", r)
    if m and r is not header and wcwidth.wcswidth(r[:m.start() + 1]) != column:
        shifted.append((i, wcwidth.wcswidth(r[:m.start() + 1]), r))
print(wide[:3], shifted[:3]); sys.exit(1 if wide or shifted or column is None else 0)' >"$work/widths"; then pass "$1"; else fail "$1" "$(cat "$work/widths")"; fi
}
start() {  # start LANG TERM: the console in a fresh 80x24 tmux pane
    tmux_ kill-server 2>/dev/null || true
    # A server still on its way out would take the new session down with it.
    for _ in $(seq 30); do tmux_ list-sessions >/dev/null 2>&1 || break; sleep 0.1; done
    sleep 0.2
    tmux_ new-session -d -s hostile -x 80 -y 24 "env -i HOME=$work PATH=/usr/bin:/bin LANG=$1 TERM=$2 MDMCONSOLE_OPERATOR=$MDMCONSOLE_OPERATOR bash --norc --noprofile"
    sleep 0.3
}
keys() { pane_keys hostile "$@"; }
start C.UTF-8 tmux-256color
keys "$bin --db $db; echo EXITED=\$?" Enter
wait_for "the console opens" "Contoso"
keys /; keys -l "王小明"
wait_for "a CJK name is listed" "王小明的iPhone"
all_rows_80 "CJK: every row fits 80 columns, the columns aligned"
keys Escape; keys -l "/📱"; wait_for "an emoji name is listed" "📱 Zoé"
all_rows_80 "emoji: every row fits 80 columns, the columns aligned"
keys Escape; keys -l "/pwned"; wait_for "the hostile name is listed, escaped" 'Kiosk\u001b]0;'
all_rows_80 "escaped names: every row fits 80 columns, the columns aligned"
keys Escape; keys -l "/ombining"; wait_for "a combining name is listed" $'Zoe\u0301 combining'
all_rows_80 "combining marks: every row fits 80 columns, the columns aligned"
# Resized to 40x10 and back: no stray character left in the bottom-right cell.
tmux_ resize-window -t hostile -x 40 -y 10; sleep 0.5
bottom=$(tmux_ capture-pane -p -N -t hostile | sed -n 10p)
if [ "${bottom: -1}" = " " ] || [ -z "${bottom// /}" ]; then pass "40x10: the bottom-right cell is blank"; else fail "40x10: the bottom-right cell is blank" "[$bottom]"; fi
tmux_ resize-window -t hostile -x 80 -y 24; sleep 0.5
keys Escape Escape q; wait_for "quits" "EXITED=0"

# LANG=C: what the locale cannot show is a visible '?', one per column, never dropped.
start C tmux-256color
keys "$bin --db $db; echo EXITED=\$?" Enter
wait_for "the console opens in ASCII" "Contoso"
keys /; keys -l "Zo"; wait_for "LANG=C: Zoé shows as Zo? (not Zo)" "Zo?'s phone"
keys Escape Escape End; wait_for "LANG=C: a CJK name shows two ? per character" "????????iPhone??"
all_rows_80 "LANG=C: every row fits 80 columns, the columns aligned"
keys Escape Escape q; wait_for "quits" "EXITED=0"

# A console whose store is replaced under it (demo --force) stops and says so, rather than
# writing into the deleted file.
replaced=$work/replaced.sqlite
"$bin" demo --db "$replaced" --devices 0 --now 2026-11-24T09:00:00Z >/dev/null
start C.UTF-8 tmux-256color
keys "$bin --db $replaced; echo EXITED=\$?" Enter
wait_for "the console opens on a store" "Contoso"
"$bin" demo --db "$replaced" --devices 0 --now 2026-11-24T09:00:00Z --force >/dev/null
wait_for "replaced under it: the console stops with exit 1" "EXITED=1" 5
wait_for "saying the store was replaced" "was deleted or replaced by another file while open"

# An installed copy of the binary, alone in a folder, still has its themes.
mkdir -p "$work/installed" && cp "$bin" "$work/installed/mdmconsole"
keys "clear; cd $work; $work/installed/mdmconsole --db $db --theme high-contrast; echo EXITED=\$?" Enter
wait_for "a copied binary opens with --theme high-contrast" "Device name"
keys ":theme light" Enter; wait_for ":theme light works in the copy" "Theme: light"
keys q; wait_for "quits" "EXITED=0"

# A big demo ended by SIGTERM leaves no temporary file behind.
"$bin" demo --db "$work/big.sqlite" --devices 2000000 >/dev/null 2>&1 &
builder=$!
for _ in $(seq 50); do compgen -G "$work/.big.sqlite.building-*" >/dev/null && break; sleep 0.1; done
sleep 1
kill -TERM "$builder"; wait "$builder" 2>/dev/null || true
check "SIGTERM during a big demo leaves no temporary file" bash -c "! compgen -G '$work/.big.sqlite.building*' >/dev/null && test ! -e '$work/big.sqlite'"

# A terminal without an alternate screen keeps nothing of the console after quitting.
for term in vt100 linux; do
    start C.UTF-8 $term
    keys "clear; $bin --db $db; echo EXITED=\$?" Enter
    wait_for "TERM=$term: the console opens" "Device name"
    keys q; wait_for "TERM=$term: quits" "EXITED=0"
    if screen | grep -q "All devices\|Device name"; then fail "TERM=$term: the last frame is gone after quitting" "$(screen | head -5)"; else pass "TERM=$term: the last frame is gone after quitting"; fi
done

finish
