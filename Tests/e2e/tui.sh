#!/usr/bin/env bash
# End to end: the real console in tmux at 80x24 on a fresh demo database, driven by keys
# as a person would, read back with capture-pane. Bounded: every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
socket="mdmconsole-e2e-$$"
cleanup() { tmux_ kill-server 2>/dev/null || true; sleep 0.2; rm -rf "$work"; }
trap cleanup EXIT
export MDMCONSOLE_DB=$work/tenant.sqlite
operator=operator@contoso.com
MDMCONSOLE_OPERATOR=$operator "$bin" demo --now 2026-11-24T09:00:00Z --seed 1 >/dev/null
# An online, managed iPhone to retire, chosen through the command line.
iphone=$("$bin" devices --platform iOS --json | python3 -c '
import json, sys
devices = json.load(sys.stdin)
print([d["deviceName"] for d in devices if d["online"] and d["managementState"] == "managed" and d["managementType"] == "appleDeviceEnrollment"][0])')
# A supervised company iPhone, online, not in Lost Mode: the phone someone lost.
lostphone=$("$bin" devices --platform iOS --json | python3 -c '
import json, sys
devices = json.load(sys.stdin)
print([d["deviceName"] for d in devices if d["online"] and d["managementState"] == "managed" and d["isSupervised"]
       and d["managedDeviceOwnerType"] == "company" and d["lostModeState"] == "disabled"][0])')
# An online company Windows laptop: the one frozen on an update.
laptop=$("$bin" devices --platform Windows --json | python3 -c '
import json, sys
devices = json.load(sys.stdin)
print([d["deviceName"] for d in devices if d["online"] and d["managementState"] == "managed"
       and d["managedDeviceOwnerType"] == "company"][0])')

screen() { pane_text e2e; }
wait_for() { pane_wait e2e "$@"; }   # wait_for NAME TEXT [SECONDS]
keys() { pane_keys e2e "$@"; }
# A real shell in a real terminal, so "the shell is usable afterwards" can be checked.
start_shell() {
    tmux_ kill-server 2>/dev/null || true
    tmux_ new-session -d -s e2e -x 80 -y 24 "env -i HOME=$work HISTFILE=/dev/null PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color PS1='$ ' bash --norc --noprofile"
    wait_for "shell started" '$'
}
launch() {
    keys "clear; MDMCONSOLE_DB=$MDMCONSOLE_DB MDMCONSOLE_OPERATOR=$operator $bin; echo EXITED=\$?" Enter
    wait_for "the console opens on the demo tenant" "Contoso (demo)"
}
shell_is_usable() {
    keys "clear; stty -a | grep -o -- '-*icanon\\|-*echo ' | tr '\\n' ' '; echo; echo sum=\$((20+22))" Enter
    wait_for "$1: the shell answers" "sum=42"
    if screen | grep -q -- "-icanon\|-echo "; then fail "$1: terminal modes restored" "$(screen | grep icanon)"; else pass "$1: terminal modes restored (icanon, echo)"; fi
}

start_shell
launch
wait_for "header shows operator, role and clock" "operator@contoso.com · Admin · 2026-11-24 09:00 UTC"
wait_for "footer shows the keys" "Enter open  m More  / filter"

# Find a work-profile device with /, open More, see Wipe greyed with R4.
keys /
keys -l AndroidForWork
wait_for "/ filters as you type" "Filter: AndroidForWork"
keys Enter m
wait_for "… More opens" "… More:"
keys Down
wait_for "Wipe is greyed and bracketed, with its rule" "[Wipe]  greyed out (R4)"
wait_for "the R4 reason is shown" "Google does not allow an MDM to factory-reset"
wait_for "with the remedy" "Remedy: Retire it"
keys Enter
wait_for "Enter on it takes nothing and says why" "Wipe cannot be taken (R4)"

# Retire another device through its confirmation.
keys Escape Escape
keys /
keys -l "$iphone"
keys Enter
wait_for "filtered to one iPhone" "1 of 300 devices"
keys Enter
wait_for "device overview opens" "Device actions   m: … More"
keys m
wait_for "More lists Retire" "Retire"
keys Enter
wait_for "retire confirmation shows R12" "R12: Retire does not revoke access tokens"
keys y
wait_for "the result shows at once on the device" "retirePending"
wait_for "and in the status line" "Retire sent to $iphone: pending."
keys a
wait_for "Device actions lists it as pending" "$iphone"
check "with state pending" grep -q "Retire.*$iphone.*pending" <(screen)
keys l
wait_for "the audit pane shows the retire first" "success operator@contoso"
check "on that device" grep -q "retire ManagedDevice *success operator@contoso.*${iphone:0:10}" <(screen)
keys Enter
wait_for "Enter shows the whole entry, with the operator as actor" "Initiated by   operator@contoso.com (user)"
wait_for "and what changed" "managementState: managed → retirePending"
keys Escape

# "I lost my phone": Lost Mode with a message, Sync, Locate, Sync, the position on screen, Disable.
keys d
wait_for "d goes back to All devices, still filtered" "Filter: $iphone"
keys Escape
wait_for "Esc clears the filter" "· 300 devices"
keys /
keys -l "$lostphone"
keys Enter
wait_for "filtered to the lost phone, first on the list" "› $lostphone "
keys Enter
wait_for "its overview opens" "Device actions   m: … More"
keys m
wait_for "More lists Retire first" "Retire"
for _ in 1 2 3 4 5 6 7 8 9; do keys Down; done
wait_for "Enable Lost Mode is reached with the arrows, the menu scrolling" "›  Enable Lost Mode"
wait_for "its note says what it does (R30)" "R30: Locks the device with your message"
keys Enter
wait_for "the confirmation asks for the message" "Lock screen message*"
keys Enter
wait_for "Enter with no message sends nothing and says why" "Lock screen message: is required; nothing was sent."
keys -l "Lost: please call Contoso IT"
keys Tab
keys -l "+33 1 70 00 12 34"
wait_for "the phone number is typed in its field" "+33 1 70 00 12 34"
keys Enter
wait_for "sent, pending until it checks in" "Enable Lost Mode sent to $lostphone: pending."
keys m Home Down Down Down
wait_for "Sync is highlighted" "›  Sync"
keys Enter y
wait_for "after the check-in the overview shows Lost Mode with the message" 'on since 2026-11-24 09:00: "Lost: please call'
keys m
for _ in $(seq 11); do keys Down; done
wait_for "Locate device is now enabled (R32)" "›  Locate device"
keys Enter y
wait_for "the locate is sent" "Locate device sent to $lostphone: pending."
keys m Home Down Down Down Enter y
wait_for "after the check-in the position is on screen, for 24 hours" "shown until 2026-11-25 09:00 (R32)"
check "as latitude, longitude and accuracy" grep -q "Location  *48\.[0-9]*, 2\.[0-9]* (±[0-9]* m)" <(screen)
keys m
for _ in $(seq 10); do keys Down; done
wait_for "Disable Lost Mode is highlighted" "›  Disable Lost Mode"
keys Enter y
keys m Home Down Down Down Enter y
wait_for "after the check-in Lost Mode is over" "Lost Mode ended."
if screen | grep -q 'on since'; then fail "and the overview no longer says Lost Mode" "$(screen | grep 'on since')"; else pass "and the overview no longer says Lost Mode"; fi
keys l
wait_for "the audit pane lists the Lost Mode steps" "disableLostMode"

# "My laptop is frozen": a few keys from All devices — a letter in … More reaches Restart.
keys d
keys Escape
wait_for "back on All devices, unfiltered" "· 300 devices"
keys /
keys -l "$laptop"
keys Enter Enter m
wait_for "the laptop's … More is open" "… More:"
keys r
wait_for "r highlights the next action beginning with R (greyed here: its reason shows)" "› [Reset passcode]  greyed out (R8)"
keys r r
wait_for "and again until Restart" "›  Restart"
# Home and End as other terminals send them (xterm's ESC O H, a VT's ESC [ F), which this
# terminal's terminfo does not list: still Home and End, not Esc and typed letters.
keys -l $'\eOH'
wait_for "xterm's Home (ESC O H) goes to the first action, the menu still open" "›  Retire"
keys -l $'\e[F'
wait_for "ESC [ F goes to the last" "›  Collect diagnostics"
keys r r r r
wait_for "r wraps round to Retire and on to Restart" "›  Restart"
keys Enter
wait_for "Restart asks to confirm" "Restart"
keys y
wait_for "Restart is sent, pending until the laptop checks in" "Restart sent to $laptop: pending."
keys l
wait_for "the audit pane lists it" "rebootNow"

# Esc stays responsive: a single Esc closes an overlay at once.
keys "?"
wait_for "? opens the help" "Everywhere"
keys Escape
wait_for "Esc closes it" "Enter entry  / filter"

# Too small, then back.
tmux_ resize-window -t e2e -x 70 -y 20
wait_for "a too-small terminal gets a message" "Terminal too small: 70x20."
tmux_ resize-window -t e2e -x 80 -y 24
wait_for "resizing back redraws" "Enter entry  / filter"

# Quit with q: the shell is usable afterwards.
keys q
wait_for "q quits with status 0" "EXITED=0"
shell_is_usable "after q"

# Again with Ctrl-C.
launch
keys C-c
wait_for "Ctrl-C quits with status 0" "EXITED=0"
shell_is_usable "after Ctrl-C"

# And with SIGTERM from outside.
launch
# The console this script started: the child of its own pane's shell, never another user's.
pane=$(tmux_ display-message -p -t e2e '#{pane_pid}')
kill -TERM "$(pgrep -P "$pane" -x mdmconsole)"
wait_for "SIGTERM quits with 143" "EXITED=143"
shell_is_usable "after SIGTERM"

# Live: a write by another process shows up without a key press.
launch
MDMCONSOLE_OPERATOR=$operator "$bin" simulate advance 8h >/dev/null
wait_for "another process's clock change appears without a key" "2026-11-24 17:00 UTC" 5
keys q
wait_for "quit" "EXITED=0"

# A bigger tenant: a one-letter filter's count is estimated at once (ConsoleUITests check
# that state; here it lasts too short to catch reliably), then the exact one from the
# background count is painted by the loop without a key press.
big=$work/big.sqlite
MDMCONSOLE_OPERATOR=$operator "$bin" --db "$big" demo --devices 6000 --now 2026-11-24T09:00:00Z >/dev/null
exact=$("$bin" --db "$big" devices --search a | tail -1 | sed 's/ devices$//')
keys "clear; MDMCONSOLE_DB=$big MDMCONSOLE_OPERATOR=$operator $bin; echo EXITED=\$?" Enter
wait_for "the big tenant opens" "Contoso (demo)"
keys / a
wait_for "then counted exactly in the background, without a key ($exact)" "$(python3 -c "import sys; a, b = sys.argv[1].split(' of '); print(f'{int(a):,} of {int(b):,} devices')" "$exact")" 5
keys Escape Escape q
wait_for "quit" "EXITED=0"

# One refresh per key, not a full redraw: a cursor move sends a few rows' worth of bytes.
bytes=$(python3 Tests/e2e/pty_bytes.py "$bin" "$MDMCONSOLE_DB" j j)
echo "$bytes" | sed 's/^/      /'
first=$(echo "$bytes" | sed -n 's/^first frame: \([0-9]*\) bytes/\1/p')
move=$(echo "$bytes" | sed -n 's/^cursor down (j): \([0-9]*\) bytes/\1/p' | tail -1)
check "a cursor move sends under 400 bytes ($move), a small part of a frame ($first)" test "$move" -gt 0 -a "$move" -lt 400 -a "$((move * 5))" -lt "$first"

# Multi Admin Approval: a help desk's wipe waits; the administrator's header says so, and the
# :approvals panel approves it with a note.
m_as() { local who=$1; shift; "$bin" "$@" --as "$who"; }
m_as "$operator" roles grant lea@contoso.com administrator >/dev/null
policy=$(m_as "$operator" approvals policy define "Device actions" --approver "$operator" lea@contoso.com --justification MAA | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | head -1)
m_as lea@contoso.com approvals approve "$policy" --note ok >/dev/null
m_as "$operator" approvals complete "$policy" >/dev/null
stolen=$("$bin" devices --platform Windows --json | python3 -c '
import json, sys
print([d["deviceName"] for d in json.load(sys.stdin) if d["managementState"] == "managed" and d["deviceName"] != sys.argv[1]][-1])' "$laptop")
wipe_request=$(m_as helpdesk@contoso.com run wipe "$stolen" --confirm "$stolen" --justification "Stolen at the airport" | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | head -1)
launch
wait_for "the header counts the request waiting for this administrator" "1 to approve"
keys : && keys -l approvals && keys Enter
wait_for ":approvals lists it" "Needs approval"
wait_for "with its justification" "Stolen at the airport"
keys a
wait_for "a asks for the approver's note" "Your note for the requester"
keys -l "Checked with the user" && keys Enter
wait_for "approved, said on the status line" "Approved: Wipe of"
check "the store says approved, by this operator" bash -c "'$bin' approvals show '$wipe_request' --as '$operator' | grep -q 'Approved by:    $operator'"
keys Escape q
wait_for "quit after approving" "EXITED=0"

# Not a terminal: a one-line error, exit 2, never a screen.
set +e
"$bin" </dev/null >"$work/out" 2>"$work/err"; code=$?
set -e
check "stdin not a terminal: exit 2" test "$code" = 2
check "with a one-line error pointing to the sub-commands" grep -q "use the sub-commands instead" "$work/err"
check "and nothing on stdout" test ! -s "$work/out"
keys "clear; TERM=dumb $bin; echo EXITED=\$?" Enter
wait_for "TERM=dumb is refused with exit 2" "EXITED=2"
wait_for "saying why" "TERM=dumb cannot move the cursor"
finish
