#!/usr/bin/env bash
# End to end: a help desk on one connected tenant, as it is deployed. `serve` stands in for
# Intune on a free loopback port; one service account (root here, with an authorized_keys file
# of this script's own) holds the mirror; two people's SSH keys open the console through a real
# OpenSSH server on 127.0.0.1, each as their own operator. Each signs in to the service as
# themselves with a device code from inside their console (`:sign-in`), and each one's Sync
# reaches the service under their own name. Bounded: every wait has a deadline; everything
# started is stopped by its pid; the tokens live under this script's own folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
chmod 755 "$work"
socket="mdmconsole-helpdesk-$$"
server=
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    stop_sshd "$work"
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
unset MDMCONSOLE_OPERATOR MDMCONSOLE_DB
export XDG_STATE_HOME=$work/state
served=$work/service.sqlite mirror=$work/mirror.sqlite
s() { "$bin" --db "$served" "$@"; }
c() { "$bin" --db "$mirror" "$@"; }

s --as admin@contoso.com demo --devices 300 --now 2026-11-24T09:00:00Z >/dev/null
port=$(free_port)
: >"$work/serve.out"
"$bin" --db "$served" serve --listen "127.0.0.1:$port" --throttle off >"$work/serve.out" 2>"$work/serve.log" &
server=$!
deadline=$((SECONDS + 15))
until grep -q '^listening on ' "$work/serve.out"; do
    [ $SECONDS -lt $deadline ] || { fail "serve starts" "$(tail -3 "$work/serve.log")"; finish; exit 1; }
    sleep 0.1
done
url=http://127.0.0.1:$port/v1.0

# approve_code FILE UPN: waits for the code the service printed into FILE, and approves it as UPN.
approve_code() {
    local file=$1 upn=$2 deadline=$((SECONDS + 15)) code=
    until code=$(grep -o 'tokens approve [A-Z0-9]\{8\}\|enter [A-Z0-9]\{8\} to sign in' "$file" 2>/dev/null | grep -o '[A-Z0-9]\{8\}' | head -1) && [ -n "$code" ]; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
    s tokens approve "$code" --as "$upn" --yes >/dev/null
}

echo "== the service account connects the tenant (the administrator's device code)"
"$bin" --db "$mirror" connect "$url" --tenant contoso >"$work/connect.out" 2>&1 &
connector=$!
check "the service's code is approved by the administrator" approve_code "$work/connect.out" admin@contoso.com
check "connect signs in and syncs" wait "$connector"
c roles grant helpdesk@contoso.com helpdesk >/dev/null

echo "== one key per person"
for who in help admin; do ssh-keygen -q -t ed25519 -N '' -C "$who key" -f "$work/$who"; done
c operators add-key helpdesk@contoso.com "$work/help.pub" >/dev/null
c operators add-key admin@contoso.com "$work/admin.pub" >/dev/null
# The service account's own state folder: here this script's, not root's home.
c operators authorized-keys | sed "s|command=\"|command=\"env XDG_STATE_HOME=$XDG_STATE_HOME |" >"$work/authorized_keys"
check "one forced command per key" test "$(grep -c 'operator-key SHA256:' "$work/authorized_keys")" = 2
sshd_port=$(free_port)
start_sshd "$work" "$sshd_port" "AuthorizedKeysFile $work/authorized_keys" "AcceptEnv LANG" || { finish; exit 1; }
session() {  # session NAME KEY: ssh in with KEY in an 80x24 terminal
    tmux_ new-session -d -s "$1" -x 80 -y 24 "env -i HOME=$work PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 bash --norc --noprofile -c 'ssh -tt -i $work/$2 -o SendEnv=LANG -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $sshd_port root@127.0.0.1; echo SSH_EXIT=\$?; sleep 600'"
}
device=$(c devices --json | python3 -c '
import datetime, json, sys
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
print([x["deviceName"] for x in json.load(sys.stdin) if x["operatingSystem"] == "Windows" and x["managementState"] == "managed"
       and x["managementCertificateExpirationDate"] > now][0])')

echo "== the help desk: their own key, then their own sign-in"
session help help
pane_wait help "the help desk key opens the console as the help desk" "helpdesk@contoso.com · Help desk" 20
pane_keys help /; pane_keys help -l "$device"; pane_keys help Enter Enter
pane_wait help "its overview opens" "Device actions"
pane_keys help m
pane_wait help "every action is greyed until they sign in as themselves" "not signed in to the service"
pane_keys help Escape Escape : sign-in Enter
pane_wait help "the status line gives the address and the code" "and enter "
tmux_ capture-pane -p -t help >"$work/help.screen"
check "the help desk approves their own code" approve_code "$work/help.screen" helpdesk@contoso.com
pane_wait help "signed in as themselves" "Signed in to the service as helpdesk@contoso.com" 15
# Still filtered to that device: open it again.
pane_keys help Enter
pane_wait help "its overview opens again" "Device actions"
pane_keys help m
pane_wait help "… More opens on its first entry" "›  Retire"
for _ in 1 2 3; do pane_keys help Down; sleep 0.2; done
pane_wait help "… More offers Sync, no longer greyed" "›  Sync"
pane_keys help Enter y
pane_wait help "their sync reaches the service" "accepted by the service" 15
pane_keys help Escape q
pane_wait help "the session ends" "SSH_EXIT=0"

echo "== the administrator: their own key, already signed in"
session admin admin
pane_wait admin "the administrator key opens the console as the administrator" "admin@contoso.com · Admin" 20
pane_keys admin /; pane_keys admin -l "$device"; pane_keys admin Enter Enter
pane_wait admin "its overview opens" "Device actions"
pane_keys admin m
pane_wait admin "… More opens on its first entry" "›  Retire"
for _ in 1 2 3; do pane_keys admin Down; sleep 0.2; done
pane_wait admin "Sync is offered" "›  Sync"
pane_keys admin Enter y
pane_wait admin "their sync reaches the service" "accepted by the service" 15
pane_keys admin Escape q
pane_wait admin "the session ends" "SSH_EXIT=0"

echo "== what each side's audit log says"
id=$(c devices --json | python3 -c "import json,sys; print([x['id'] for x in json.load(sys.stdin) if x['deviceName'] == sys.argv[1]][0])" "$device")
served_actors=$(s audit --device "$id" --activity syncDevice --json | python3 -c '
import json, sys
print(" ".join(sorted(e["actor"] for e in json.load(sys.stdin) if e["activityResult"] == "success")))')
check "the service's audit log names each person for their own sync ($served_actors)" test "$served_actors" = "admin@contoso.com helpdesk@contoso.com"
mirror_keys=$(c audit --device "$id" --activity sync --json | python3 -c '
import json, sys
print(" ".join(sorted("%s=%s" % (e["actor"], (e["origin"] or {}).get("keyFingerprint")) for e in json.load(sys.stdin) if e["activityResult"] == "success")))')
help_fp=$(ssh-keygen -lf "$work/help.pub" | cut -d' ' -f2)
admin_fp=$(ssh-keygen -lf "$work/admin.pub" | cut -d' ' -f2)
check "the mirror's names the same people, each with their key" test "$mirror_keys" = "admin@contoso.com=$admin_fp helpdesk@contoso.com=$help_fp"
check "each person's tokens are in a file of their own" test "$(ls "$XDG_STATE_HOME/mdmconsole/tokens" | grep -c operator-)" = 2
check "none of them in the store" bash -c "! sqlite3 '$mirror' .dump | grep -q 'refreshToken'"
check "the mirror's audit chain is intact" bash -c "'$bin' --db '$mirror' audit verify >/dev/null"
finish
