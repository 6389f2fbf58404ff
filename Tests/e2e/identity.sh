#!/usr/bin/env bash
# End to end: identity that cannot be claimed. One service account (root here, with an
# authorized_keys file of this script's own) and two operators' keys, through a real OpenSSH
# server on 127.0.0.1, configured as badly as it could be (PermitUserEnvironment yes,
# AcceptEnv MDMCONSOLE_*): each key's session is its operator whatever the client asks for;
# the help-desk key cannot delete, the administrator key can, and the audit log says which
# key and which address. Plus the command line's own doors (--as, file modes). Bounded:
# every wait has a deadline, and everything started is killed by its pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
chmod 755 "$work"
socket="mdmconsole-identity-$$"
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    stop_sshd "$work"
    rm -rf "$work"
}
trap cleanup EXIT
unset MDMCONSOLE_OPERATOR MDMCONSOLE_DB
login=$(id -un)
m() { "$bin" --db "$store" "$@"; }

echo "== the command line: where identity comes from"
store=$work/tenant.sqlite
# A tenant that is not a demo: imported, its creator Administrator, this login mapped to them.
(umask 022 && "$bin" --db "$store" --as admin@contoso.com import Tests/MDMCoreTests/Import/Fixtures/graph-bare-array.json >/dev/null)
check "a store made under umask 022 is mode 600" test "$(stat -c %a "$store")" = 600
expect_exit "roles lists the creator with this login" 0 m roles --json
check "admin@contoso.com is $login" test "$(python3 -c 'import json,sys; print([o["login"] for o in json.load(sys.stdin) if o["userPrincipalName"] == "admin@contoso.com"][0])' <<<"$out")" = "$login"
expect_exit "without --as, this login is its operator" 0 m roles grant helpdesk@contoso.com helpdesk
expect_exit "a login mapped to an Administrator may act as someone else" 3 m --as helpdesk@contoso.com run delete "Tablet one" --confirm "Tablet one"
check "and is then refused as that help desk operator" contains "$out" "Your role, Help Desk Operator, lacks Managed devices/Delete, which Delete needs"
expect_exit "the entry records both" 0 m audit --json --activity delete
check "actor helpdesk, impersonated by admin, login $login" test "$(python3 -c '
import json, sys
e = json.load(sys.stdin)[0]
print(e["actor"], e["activityResult"], e["origin"]["impersonatedBy"], e["origin"]["login"], e["origin"]["applicationDisplayName"])' <<<"$out")" = "helpdesk@contoso.com denied admin@contoso.com $login mdmconsole cli"
# Another account on the host, mapped to the help desk operator, cannot claim anyone.
# No account is created: the help desk mapping goes to the login nobody, which exists everywhere.
expect_exit "map the login nobody to the help desk operator" 0 m roles grant helpdesk@contoso.com helpdesk --login nobody
chmod 666 "$store"; chmod 777 "$work"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --db "$store" "$@"; }
expect_exit "nobody is the help desk operator without saying so" 0 nobody roles
expect_exit "nobody's --as admin is refused: exit 3" 3 nobody --as admin@contoso.com run delete "Tablet one" --confirm "Tablet one"
check "with one error line saying why" bash -c "[ \$(grep -c 'error:' '$work/err') = 1 ] && grep -q 'only an OS login mapped to an operator whose role holds Roles/Assign may act as someone else' '$work/err'"
expect_exit "MDMCONSOLE_OPERATOR is a claim like --as: exit 3" 3 env MDMCONSOLE_OPERATOR=admin@contoso.com setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --db "$store" roles revoke helpdesk@contoso.com
expect_exit "USER=admin changes nothing either" 3 env USER=admin@contoso.com LOGNAME=admin@contoso.com setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --db "$store" run delete "Tablet one" --confirm "Tablet one"
check "the device is still there" bash -c "'$bin' --db '$store' devices | grep -q 'Tablet one'"
expect_exit "the refusals are audited as denied sign-ins from nobody" 0 m audit --json --activity "sign in Operator"
check "two denied claims by helpdesk@contoso.com, login nobody" test "$(python3 -c '
import json, sys
print(sorted({(e["actor"], e["activityResult"], e["origin"]["login"]) for e in json.load(sys.stdin)}))' <<<"$out")" = "[('helpdesk@contoso.com', 'denied', 'nobody')]"
chmod 600 "$store"; chmod 755 "$work"
expect_exit "an existing store others can read gets a warning" 0 bash -c "chmod 644 '$store' && '$bin' --db '$store' roles >/dev/null"
check "naming the mode and the fix" contains "$err" "can be read by other users (mode 644)"
chmod 600 "$store"

echo "== operators by SSH key, through sshd"
for who in help admin stranger; do ssh-keygen -q -t ed25519 -N '' -C "$who key" -f "$work/$who"; done
expect_exit "an Administrator adds the help desk key" 0 m operators add-key helpdesk@contoso.com "$work/help.pub"
expect_exit "and their own" 0 m operators add-key admin@contoso.com "$work/admin.pub"
help_fp=$(ssh-keygen -lf "$work/help.pub" | cut -d' ' -f2)
admin_fp=$(ssh-keygen -lf "$work/admin.pub" | cut -d' ' -f2)
expect_exit "operators keys lists them" 0 m operators keys --json
check "with ssh-keygen's fingerprints" test "$(python3 -c 'import json,sys; print(" ".join(sorted(k["fingerprint"] for k in json.load(sys.stdin))))' <<<"$out")" = "$(printf '%s\n' "$help_fp" "$admin_fp" | sort | tr '\n' ' ' | sed 's/ $//')"
expect_exit "a help desk operator cannot add a key: exit 3" 3 m --as helpdesk@contoso.com operators add-key helpdesk@contoso.com "$work/stranger.pub"
expect_exit "a private key is refused" 2 m operators add-key helpdesk@contoso.com "$work/stranger"
check "saying so" contains "$err" "this is a private key"
expect_exit "authorized-keys prints one forced command per key" 0 m operators authorized-keys
check "restrict,pty,command=\"… --operator-key FP\" for each" test "$(grep -c '^restrict,pty,command=".*--operator-key SHA256:' <<<"$out")" = 2
# The worst configuration: the client may set the environment, and the key line tries to.
sed "s|^restrict,pty,command=\\(.*$help_fp\\)|environment=\"MDMCONSOLE_OPERATOR=admin@contoso.com\",restrict,pty,command=\\1|" <<<"$out" >"$work/authorized_keys"
check "the help desk line also tries environment=" grep -q '^environment="MDMCONSOLE_OPERATOR' "$work/authorized_keys"
port=$(free_port)
start_sshd "$work" "$port" "AuthorizedKeysFile $work/authorized_keys" "PermitUserEnvironment yes" "AcceptEnv MDMCONSOLE_* LANG" \
    || { finish; exit 1; }

wait_for() { pane_wait "$1" "$2" "$3" "${4:-15}"; }   # wait_for SESSION NAME TEXT [SECONDS]
keys() { pane_keys "$@"; }
connect() {  # connect SESSION KEY [REMOTE WORDS...]: ssh in an 80x24 terminal, reporting how it ended
    local session=$1 key=$2; shift 2
    tmux_ new-session -d -s "$session" -x 80 -y 24 "env -i HOME=$work PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 MDMCONSOLE_OPERATOR=admin@contoso.com bash --norc --noprofile -c 'ssh -tt -i $work/$key -o SendEnv=MDMCONSOLE_OPERATOR -o SendEnv=LANG -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $port root@127.0.0.1 -- $*; echo SSH_EXIT=\$?; sleep 600'"
}

connect help help --as admin@contoso.com run delete "\\\"Tablet one\\\"" --confirm "\\\"Tablet one\\\""
wait_for help "the help desk key opens the console (the client's command ignored)" "Device name"
wait_for help "as the help desk operator, despite --as, SendEnv and environment=" "helpdesk@contoso.com · Help desk"
keys help /; keys help -l "Tablet one"; keys help Enter Enter m Down Down
wait_for help "Delete is greyed for the help desk key" "[Delete]"
keys help Enter
wait_for help "and says why" "Help Desk Operator"
keys help Escape q
wait_for help "the session ends" "SSH_EXIT=0"
check "Tablet one is still there" bash -c "'$bin' --db '$store' devices | grep -q 'Tablet one'"

connect admin admin
wait_for admin "the administrator key opens the console as the administrator" "admin@contoso.com · Admin"
keys admin /; keys admin -l "Tablet one"; keys admin Enter Enter m Down Down Enter
wait_for admin "Delete asks for the device's name" "Type the device's name"
keys admin -l "Tablet one"; keys admin Enter
wait_for admin "the delete is taken: the device is gone from the list" "0 of 1 devices" 10
keys admin q
wait_for admin "the session ends" "SSH_EXIT=0"
check "Tablet one is gone" bash -c "! '$bin' --db '$store' devices | grep -q 'Tablet one'"
expect_exit "the delete's audit entry" 0 m audit --json --activity "delete ManagedDevice" --actor admin@contoso.com
check "names the admin key, the client address, the login and the console" test "$(python3 -c '
import json, sys
e = [e for e in json.load(sys.stdin) if e["activityResult"] == "success"][0]
o = e["origin"]
print(o["userPrincipalName"], o["keyFingerprint"], o["ipAddress"], o["login"], o["applicationDisplayName"], o["impersonatedBy"])' <<<"$out")" = "admin@contoso.com $admin_fp 127.0.0.1 root mdmconsole console None"
expect_exit "audit --ip 127.0.0.1 finds it" 0 m audit --ip 127.0.0.1 --json
check "and only entries from 127.0.0.1" test "$(python3 -c 'import json,sys; print({e["origin"]["ipAddress"] for e in json.load(sys.stdin)})' <<<"$out")" = "{'127.0.0.1'}"
expect_exit "the chain verifies with origins in it" 0 m audit verify

# A key removed from the tenant (authorized_keys not yet regenerated) is refused by the console.
expect_exit "remove the help desk key" 0 m operators remove-key "$help_fp"
connect gone help
wait_for gone "a removed key's session ends with exit 3" "SSH_EXIT=3"
wait_for gone "saying the key is no operator" "is no operator of this tenant"
expect_exit "the attempt is audited" 0 m audit --json --activity "sign in Operator" --ip 127.0.0.1
check "as a denied sign-in naming the key" contains "$out" "$help_fp"
finish
