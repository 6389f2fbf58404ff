#!/usr/bin/env bash
# End to end: keys people remap (keys.yaml, presets), screen-reader mode (--plain) followed
# by the terminal's cursor alone, and the mouse, on the real console in tmux at 80x24.
# Bounded: every wait has a deadline. Only this script's own tmux server is touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
socket="mdmconsole-keys-$$"
cleanup() { tmux_ kill-server 2>/dev/null || true; sleep 0.2; rm -rf "$work"; }
trap cleanup EXIT
export MDMCONSOLE_DB=$work/tenant.sqlite
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME/mdmconsole"
operator=operator@contoso.com
MDMCONSOLE_OPERATOR=$operator "$bin" demo --now 2026-11-24T09:00:00Z --seed 1 >/dev/null
iphone=$("$bin" devices --platform iOS --json | python3 -c '
import json, sys
devices = json.load(sys.stdin)
print([d["deviceName"] for d in devices if d["online"] and d["managementState"] == "managed" and d["managementType"] == "appleDeviceEnrollment"][0])')

screen() { pane_text k; }
wait_for() { pane_wait k "$@"; }
keys() { pane_keys k "$@"; }
start_shell() {
    tmux_ kill-server 2>/dev/null || true
    tmux_ new-session -d -s k -x 80 -y 24 "env -i HOME=$work HISTFILE=/dev/null PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color XDG_CONFIG_HOME=$XDG_CONFIG_HOME PS1='$ ' bash --norc --noprofile"
    wait_for "shell started" '$'
}
# launch ARGS...: the console in the pane, its exit status echoed when it ends. The pane is
# cleared first, and seen cleared, so a wait for EXITED=N never matches the previous run's line.
launch() {
    keys "clear" Enter
    local deadline=$((SECONDS + 5))
    while screen | grep -q "EXITED=" && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
    keys "MDMCONSOLE_DB=$MDMCONSOLE_DB MDMCONSOLE_OPERATOR=$operator $bin $*; echo EXITED=\$?" Enter
}
cursor() { tmux_ display-message -p -t k '#{cursor_x},#{cursor_y}'; }
# line_at Y: the screen's line Y (0 is the top).
line_at() { tmux_ capture-pane -p -t k | sed -n "$(($1 + 1))p"; }
under_cursor() { line_at "$(cursor | cut -d, -f2)"; }
bottom_line() { line_at 23; }
# cursor_on NAME TEXT: the line under the terminal's cursor holds TEXT (within 5 s).
cursor_on() {
    local name=$1 text=$2 deadline=$((SECONDS + 5))
    while [ $SECONDS -lt $deadline ]; do
        if under_cursor | grep -qF -- "$text"; then pass "$name"; return 0; fi
        sleep 0.1
    done
    fail "$name" "cursor at $(cursor) on: $(under_cursor)"
}
# cursor_at NAME X,Y: the cursor is exactly there (within 5 s).
cursor_at() {
    local name=$1 want=$2 deadline=$((SECONDS + 5))
    while [ $SECONDS -lt $deadline ]; do
        if [ "$(cursor)" = "$want" ]; then pass "$name"; return 0; fi
        sleep 0.1
    done
    fail "$name" "cursor at $(cursor), expected $want; line: $(under_cursor)"
}
boxes='[─│┌┐└┘├┤┬┴┼›·↑↓←→]'
no_decoration() {
    if screen | grep -q "$boxes"; then fail "$1: no box-drawing or decorative character" "$(screen | grep "$boxes" | head -3)"; else pass "$1: no box-drawing or decorative character"; fi
}
# What a screen reader would say: the line under the cursor, and the bottom line.
transcript=$work/transcript
say() { printf '%-28s cursor: %-60s | bottom: %s\n' "$1" "$(under_cursor | sed 's/ *$//')" "$(bottom_line | sed 's/ *$//')" >>"$transcript"; }

start_shell

echo "== keys.yaml remaps the whole flow"
cat >"$XDG_CONFIG_HOME/mdmconsole/keys.yaml" <<'YAML'
# A user's own keys: capitals for the views, n to go down, t to take, s to send.
global:
  audit: L
  actions: A
devices:
  more: M
  filter: ctrl-f
lists:
  down: [down, n]
menu:
  down: [down, n]
  take: [enter, t]
confirm:
  send: [s, enter]
YAML
launch
wait_for "the console opens with the user's keys.yaml" "Contoso (demo)"
wait_for "the footer shows the remapped keys" "M More  Ctrl-F filter  A actions  L audit"
keys m
sleep 0.5
if screen | grep -qF "… More:"; then fail "m no longer opens More"; else pass "m no longer opens More"; fi
keys C-f
keys -l "$iphone"
keys Enter
wait_for "Ctrl-F filters" "1 of 300 devices"
keys M
wait_for "M opens More" "… More: $iphone"
keys t
wait_for "t takes Retire: the confirmation names the remapped key" "s or Enter to send"
keys s
wait_for "s sends it: retired, pending" "Retire sent to $iphone: pending."
keys A
wait_for "A opens Device actions" "Showing all states"
check "with the retire, pending" grep -q "Retire.*${iphone:0:10}.*pending" <(screen)
keys L
wait_for "L opens the audit log" "Audit log"
wait_for "which shows the retire first" "retire ManagedDevice"
keys "?"
wait_for "? shows the effective keys: M for More" "M … More for the selected device"
wait_for "and n instead of j to move" "↑↓ k/n move"
keys Escape q
wait_for "q quits" "EXITED=0"

echo "== a bad keys.yaml: the exact error, nothing drawn, exit 2"
printf 'devices:\n  more: ctrl-1\n' >"$XDG_CONFIG_HOME/mdmconsole/keys.yaml"
launch
wait_for "exit 2" "EXITED=2"
check "the error names the file, the line, the key and why" grep -qF "$XDG_CONFIG_HOME/mdmconsole/keys.yaml, line 2: \`devices.more\`: \"ctrl-1\" cannot be typed: terminals send Ctrl with the letters a to z only" <(screen)
printf '# mine\ndevices:\n  filter: q\n' >"$XDG_CONFIG_HOME/mdmconsole/keys.yaml"
launch
wait_for "a clash: exit 2" "EXITED=2"
check "names both bindings" grep -qF "keys.yaml, line 3: \`devices.filter\`: q is already \`global.quit\` (a standard key) in devices" <(screen)
printf 'confirm:\n  send: [y, j]\n' >"$XDG_CONFIG_HOME/mdmconsole/keys.yaml"
launch
wait_for "a destructive key that moves: exit 2" "EXITED=2"
check "says send never shares a key with a move" grep -qF "keys.yaml, line 2: \`confirm.send\`: j also moves the cursor" <(screen)
rm "$XDG_CONFIG_HOME/mdmconsole/keys.yaml"
launch --keys /nonexistent/keys.yaml
wait_for "a --keys file that is not there: exit 2" "EXITED=2"
check "says so" grep -qF "/nonexistent/keys.yaml: cannot read the keys file" <(screen)

echo "== the vim preset"
launch --keys vim
wait_for "--keys vim opens" "Contoso (demo)"
wait_for "its footer" "A actions  L audit"
keys j j l
wait_for "j j l opens the third device" "Device actions   m: … More"
keys L
wait_for "L opens the audit log" "Audit log"
keys h h
wait_for "h h goes back to All devices" "/ filters by name"
keys q
wait_for "q quits" "EXITED=0"

echo "== --plain: the cursor on the selection, the bottom line announcing, no decoration"
: >"$transcript"
launch --plain
wait_for "--plain opens" "Contoso (demo), All devices"
cursor_at "the cursor is on the first device" "0,3"
check "and visible" test "$(tmux_ display-message -p -t k '#{cursor_flag}')" = 1
say "open"
no_decoration "All devices"
first=$(line_at 6)
keys j j j
cursor_at "j j j: the cursor moved three rows" "0,6"
check "onto the fourth device" test "$(under_cursor)" = "$first"
say "j j j"
keys PgDn
cursor_at "PgDn: the cursor on the last row shown" "0,21"
say "PgDn"
keys g
cursor_at "g: back on the first row" "0,3"
keys Space
cursor_at "Space marks and moves on" "0,4"
check "the marked row says marked in words" grep -q "^  marked " <(line_at 3)
say "Space"
keys u /
keys -l AndroidForWork
cursor_at "typing a filter: the cursor at its end" "23,1"
say "/AndroidForWork"
keys Enter m
cursor_on "More: the cursor on its first entry, numbered" "1 of 16: Retire"
say "m"
no_decoration "More"
keys Down
cursor_on "Down: on Wipe, greyed out in words with its rule and reason" "2 of 16: Wipe, greyed out: R4, Google does not allow"
say "Down"
keys Enter
wait_for "Enter on it: the bottom line says why, as an error in words" "Error: Wipe cannot be taken (R4)"
check "on the bottom line" grep -q "^ Error: Wipe cannot be taken (R4)" <(bottom_line)
say "Enter"
keys Escape Escape
cursor_at "Esc Esc: back on the list's row" "0,3"
keys "?"
wait_for "? opens the help" "Everywhere"
no_decoration "help"
say "?"
keys Escape l
wait_for "l opens the audit log" "Audit log"
cursor_at "the cursor on the newest entry" "0,3"
no_decoration "audit log"
say "l"
keys Enter
wait_for "Enter opens the entry" "Initiated by"
no_decoration "audit entry"
say "Enter"
keys Escape q
wait_for "q quits" "EXITED=0"
echo "      a screen reader's transcript (the line under the cursor, and the bottom line):"
sed 's/^/      | /' "$transcript"

echo "== bytes per cursor move: --plain no more than the default"
default=$(python3 Tests/e2e/pty_bytes.py "$bin" "$MDMCONSOLE_DB" j j | sed -n 's/^cursor down (j): \([0-9]*\) bytes/\1/p' | tail -1)
plain=$(MDMCONSOLE_PLAIN=1 python3 Tests/e2e/pty_bytes.py "$bin" "$MDMCONSOLE_DB" j j | sed -n 's/^cursor down (j): \([0-9]*\) bytes/\1/p' | tail -1)
check "a move sends $plain bytes in --plain, $default in the default mode" test -n "$plain" -a -n "$default" -a "${plain:-1}" -le "${default:-0}"

echo "== the mouse"
launch
wait_for "the console opens" "Contoso (demo)"
check "it asks the terminal for clicks" test "$(tmux_ display-message -p -t k '#{mouse_any_flag}')" = 1
# X10 mouse reports (tmux-256color's kmous): ESC [ M, then button+32, column+33, row+33.
click() { keys -l "$(printf '\033[M %b%b\033[M#%b%b' "\\$(printf '%03o' $(($1 + 33)))" "\\$(printf '%03o' $(($2 + 33)))" "\\$(printf '%03o' $(($1 + 33)))" "\\$(printf '%03o' $(($2 + 33)))")"; }
wheel_down() { keys -l "$(printf '\033[Ma%b%b' "\\$(printf '%03o' $(($1 + 33)))" "\\$(printf '%03o' $(($2 + 33)))")"; }
click 10 7
cursor_at "a click selects the row under it" "0,7"
wheel_down 10 7
cursor_at "the wheel moves three rows" "0,10"
name=$(line_at 5 | cut -c3-18 | sed 's/ *$//')
click 10 5; click 10 5
wait_for "a double click opens the device under it ($name)" "Device actions   m: … More"
check "the right one" grep -qF "$name" <(line_at 1)
column=$(line_at 23 | grep -bo "m More" | cut -d: -f1)
click "$column" 23
wait_for "a click on the footer's m More opens More" "… More:"
keys Escape Escape q
wait_for "q quits" "EXITED=0"
launch --no-mouse
wait_for "--no-mouse opens" "Contoso (demo)"
check "and leaves the mouse to the terminal (text selection)" test "$(tmux_ display-message -p -t k '#{mouse_any_flag}')" = 0
keys q
wait_for "q quits" "EXITED=0"

finish
