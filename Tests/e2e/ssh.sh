#!/usr/bin/env bash
# End to end, over a real OpenSSH server on 127.0.0.1 (its own configuration, host key and
# authorised key in a temporary folder; nothing under /etc touched): demos on a throwaway
# tenant per session. Bounded: every wait has a deadline, and everything started is killed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
chmod 755 "$work"
socket="mdmconsole-ssh-$$"
# Only what this script started is stopped: its tmux server (and the ssh clients in it), its
# sshd, and the sessions that sshd started.
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    stop_sshd "$work"
    rm -rf "$work"
}
trap cleanup EXIT

# The template tenant every session copies, made once here with a fixed clock.
template=$work/template.sqlite
MDMCONSOLE_OPERATOR=demo-template "$bin" --db "$template" demo --now 2026-11-24T09:00:00Z --seed 1 >/dev/null
device=$("$bin" --db "$template" devices --platform iOS --json | python3 -c '
import json, sys
print([d["deviceName"] for d in json.load(sys.stdin) if d["online"] and d["managementState"] == "managed" and d["managementType"] == "appleDeviceEnrollment"][0])')
template_sum=$(sha256sum "$template" | cut -d' ' -f1)
# Copies of the template live here while sessions run; none may be left afterwards.
sandboxes=$work/sandboxes
mkdir -p "$sandboxes"
# Consoles of this script's own sshd only (never another user's sessions on the machine).
consoles_gone() {
    local p
    for p in $(descendants "$(cat "$work/sshd.pid")"); do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = mdmconsole ] && return 1
    done
    return 0
}
sandbox_count() { find "$sandboxes" -mindepth 1 -maxdepth 1 -name 'mdmconsole-sandbox-*' | wc -l; }

echo "== sshd on 127.0.0.1"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
port=$(free_port)
start_sshd "$work" "$port" "AuthorizedKeysFile $work/authorized_keys" "AllowTcpForwarding no" "AllowAgentForwarding no" \
    "X11Forwarding no" "PermitTunnel no" \
    "ForceCommand env LANG=C.UTF-8 TMPDIR=$sandboxes MDMCONSOLE_SANDBOX_TEMPLATE=$template MDMCONSOLE_OPERATOR=viewer@contoso.com $bin --sandbox" \
    || { finish; exit 1; }
ssh_command="ssh -tt -i $work/client_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $port root@127.0.0.1"

wait_for() { pane_wait "$1" "$2" "$3" "${4:-15}"; }   # wait_for SESSION NAME TEXT [SECONDS]
keys() { pane_keys "$@"; }
# A shell in an 80x24 terminal that runs the ssh client and reports how it ended.
connect() {
    tmux_ new-session -d -s "$1" -x 80 -y 24 "env -i HOME=$work PATH=/usr/bin:/bin TERM=xterm-256color bash --norc --noprofile -c '$ssh_command; echo SSH_EXIT=\$?; sleep 600'"
}

echo "== one session: All devices → a device → … More → Retire → confirmed"
connect one
wait_for one "the console opens over ssh on the demo tenant" "Contoso (demo)"
wait_for one "as the configured operator, Administrator of the sandbox" "viewer@contoso.com · Admin"
check "one sandbox exists while the session runs" test "$(sandbox_count)" = 1
keys one /
keys one -l "$device"
keys one Enter
wait_for one "/ filters as you type" "1 of 300 devices"
keys one Enter
wait_for one "Enter opens the device" "Device actions   m: … More"
keys one m
wait_for one "… More lists the actions" "… More:"
keys one Enter
wait_for one "Retire asks for confirmation with the R12 note" "R12: Retire does not revoke access tokens"
keys one y
wait_for one "the retire is taken: the device shows retirePending" "retirePending"
keys one q
wait_for one "q ends the session and the connection" "SSH_EXIT=0"
deadline=$((SECONDS + 10)); while [ "$(sandbox_count)" != 0 ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
check "the sandbox was deleted" test "$(sandbox_count)" = 0
check "the template tenant is unchanged" test "$template_sum" = "$(sha256sum "$template" | cut -d' ' -f1)"
check "no console process is left" consoles_gone

echo "== two sessions at once see independent tenants"
connect a
connect b
wait_for a "session A opens" "Contoso (demo)"
wait_for b "session B opens" "Contoso (demo)"
check "two sandboxes exist" test "$(sandbox_count)" = 2
keys a /; keys a -l "$device"; keys a Enter
wait_for a "A: filtered to the device" "1 of 300 devices"
keys a Enter m Enter
wait_for a "A: retire confirmation" "R12: Retire does not revoke access tokens"
keys a y
wait_for a "A: retired in A's tenant" "retirePending"
keys b /; keys b -l "$device"; keys b Enter
wait_for b "B: filtered to the same device" "1 of 300 devices"
keys b Enter
wait_for b "B: its overview opens" "Device actions   m: … More"
check "B does not see A's retire" bash -c "! tmux -L '$socket' -f /dev/null capture-pane -p -t b | grep -q retirePending"
keys a q; keys b q
wait_for a "A closes" "SSH_EXIT=0"
wait_for b "B closes" "SSH_EXIT=0"

echo "== a killed client leaves nothing behind"
connect killed
wait_for killed "a third session opens" "Contoso (demo)"
check "its sandbox exists" test "$(sandbox_count)" = 1
# The ssh client this script started: the child of the tmux pane's shell.
kill -KILL $(pgrep -P "$(tmux_ display-message -p -t killed '#{pane_pid}')" -x ssh) 2>/dev/null || true
deadline=$((SECONDS + 15))
while { [ "$(sandbox_count)" != 0 ] || ! consoles_gone; } && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
check "no console process is left after the client was killed" consoles_gone
check "and no sandbox" test "$(sandbox_count)" = 0
check "the template tenant is still unchanged" test "$template_sum" = "$(sha256sum "$template" | cut -d' ' -f1)"

echo "== bytes sent to the client through ssh, 80x24"
bytes=$(python3 Tests/e2e/pty_bytes.py --keys 'j \x1b[6~' -- $ssh_command)
echo "$bytes" | sed 's/^/      /'
move=$(echo "$bytes" | sed -n 's/^cursor down (j): \([0-9]*\) bytes/\1/p')
page=$(echo "$bytes" | sed -n 's/^page down: \([0-9]*\) bytes/\1/p')
first=$(echo "$bytes" | sed -n 's/^first frame: \([0-9]*\) bytes/\1/p')
check "a cursor move over ssh sends under 3 rows' worth ($move bytes < 240)" test "${move:-0}" -gt 0 -a "${move:-999}" -lt 240
check "a page down over ssh sends less than the first frame ($page < $first)" test "${page:-0}" -gt 0 -a "${page:-0}" -lt "${first:-0}"
deadline=$((SECONDS + 10)); while [ "$(sandbox_count)" != 0 ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
check "that session's sandbox was deleted too" test "$(sandbox_count)" = 0
finish
