#!/usr/bin/env bash
# End to end: the console on a tenant it reaches only through Microsoft Graph. `mdmconsole
# serve` stands in for Intune on a free loopback port (it speaks the same protocol, sign-in
# included); a second store is connected to it, mirrored, acted on, and put through the
# faults a real service has (throttling, 5xx, bad pages, loops, expired and revoked tokens,
# the server gone mid-sync, an action carried out whose answer is lost). Everything it
# starts it stops by pid; every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
socket="mdmconsole-connect-$$"
server=
connector=
replay=
cleanup() {
    [ -n "$server" ] && kill -KILL "$server" 2>/dev/null
    [ -n "$replay" ] && kill -KILL "$replay" 2>/dev/null
    [ -n "$connector" ] && kill -KILL "$connector" 2>/dev/null
    tmux_ kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
unset MDMCONSOLE_OPERATOR MDMCONSOLE_DB
export XDG_STATE_HOME=$work/state
served=$work/service.sqlite
mirror=$work/mirror.sqlite
s() { "$bin" --db "$served" "$@"; }
c() { "$bin" --db "$mirror" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
port=$(free_port)
url=http://127.0.0.1:$port/v1.0

# start_serve ARGS...: the service on $port, waiting until it listens.
start_serve() {
    # Emptied before the server starts: the loop below could otherwise read the last server's
    # "listening on" line before the background shell truncates the file (a CI run did).
    : >"$work/serve.out"
    "$bin" --db "$served" serve --listen "127.0.0.1:$port" "$@" >"$work/serve.out" 2>>"$work/serve.log" &
    server=$!
    local deadline=$((SECONDS + 15))
    until grep -q '^listening on ' "$work/serve.out" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { fail "serve starts" "$(tail -5 "$work/serve.log")"; finish; exit 1; }
        sleep 0.1
    done
}
stop_serve() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=; }

# connect_as UPN DB [ARGS...]: connect with a device code, approved on the service's store
# by UPN as `tokens approve` does; leaves the output in $work/connect.out.
connect_as() {
    local upn=$1 db=$2; shift 2
    # Emptied before the connect starts: on a loaded machine the loop below could otherwise
    # read the last sign-in's code before the background shell truncates the file.
    : >"$work/connect.out"
    "$bin" --db "$db" connect "$url" --tenant contoso "$@" >>"$work/connect.out" 2>"$work/connect.err" &
    connector=$!
    local deadline=$((SECONDS + 15)) code=
    until code=$(grep -o 'tokens approve [A-Z0-9]\{8\}' "$work/connect.out" 2>/dev/null | cut -d' ' -f3) && [ -n "$code" ]; do
        [ $SECONDS -lt $deadline ] || { fail "connect shows a code" "$(cat "$work/connect.err")"; return 0; }
        sleep 0.1
    done
    # Without a terminal to ask on and without --yes, nothing is approved (what is waiting is shown).
    approve_status=0
    s tokens approve "$code" --as "$upn" </dev/null >"$work/approve.out" 2>&1 || approve_status=$?
    s tokens approve "$code" --as "$upn" --yes >/dev/null
    local status=0
    wait "$connector" || status=$?
    connector=
    return $status
}

s --as admin@contoso.com demo --devices 2500 --now 2026-11-24T09:00:00Z >/dev/null
# Retired and wiped devices have left management: the service lists them no more, so a
# mirror holds the rest. n is how many the service lists.
left=$(s devices --json | python3 -c 'import json,sys; print(sum(1 for x in json.load(sys.stdin) if x["managementState"] in ("retired", "wiped")))')
n=$((2500 - left))

echo "== addresses: secrets only over https, plain http only to a parsed loopback"
expect_exit "connect to http://127.attacker.example is refused (a name, not loopback): exit 2" 2 "$bin" --db "$work/x.sqlite" connect http://127.attacker.example/v1.0 --no-sync
expect_exit "--authority over plain http beyond loopback is refused: exit 2" 2 "$bin" --db "$work/x.sqlite" connect "$url" --authority http://login.example.org --no-sync
check "saying secrets are sent there" contains "$err" "secrets are sent there"
check "and nothing was created" test ! -e "$work/x.sqlite"
expect_exit "serve --listen 127.attacker.example:0 without TLS is refused: exit 2" 2 s serve --listen 127.attacker.example:0
start_serve --throttle off

echo "== connect with a device code, approved by tokens approve"
check "connect signs in and syncs" connect_as admin@contoso.com "$mirror"
check "it printed the service's sign-in message first" grep -q 'To sign in, have an operator' "$work/connect.out"
check "then who signed in" grep -q "Signed in as admin@contoso.com to $url (device code)" "$work/connect.out"
check "and what it mirrored" grep -q "Synced $n devices ($n new, 0 changed, 0 removed)" "$work/connect.out"
tokens_file=$(ls "$XDG_STATE_HOME"/mdmconsole/tokens/*.json)
check "the tokens are in a 0600 file under XDG_STATE_HOME" test "$(stat -c %a "$tokens_file")" = 600
check "in a 0700 folder" test "$(stat -c %a "$(dirname "$tokens_file")")" = 700
access=$(json 'print(d["accessToken"])' <"$tokens_file")
check "never in the store" bash -c "! grep -qaF '${access##*.}' '$mirror'* && ! sqlite3 '$mirror' .dump | grep -qF '${access##*.}'"
check "tokens approve shows the application, the permissions and the address before approving" \
    bash -c "grep -q 'application  14d82eec' '$work/approve.out' && grep -q 'permissions  .*DeviceManagementManagedDevices' '$work/approve.out' && grep -q 'from 127.0.0.1' '$work/approve.out'"
check "and without a terminal or --yes approves nothing (exit 2)" bash -c "[ '$approve_status' = 2 ] && grep -q 'add --yes' '$work/approve.out'"
check "the approval is in the service's audit log" bash -c "'$bin' --db '$served' audit --activity 'approve DeviceCodeSignIn' | grep -q admin@contoso.com"

echo "== the mirror equals the service"
s devices --json >"$work/served.json"
c devices --json >"$work/mirrored.json"
check "devices --json on the mirror is the server's, value for value, but for the devices that left management" python3 -c '
import json, sys
served = [x for x in json.load(open(sys.argv[1])) if x["managementState"] not in ("retired", "wiped")]
sys.exit(0 if served == json.load(open(sys.argv[2])) else 1)' "$work/served.json" "$work/mirrored.json"
check "the mirror knows its source" bash -c "'$bin' --db '$mirror' simulate advance 1d 2>&1 | grep -q 'mirrored from $url'"
expect_exit "simulate on a connected tenant is refused: exit 3" 3 c simulate advance 1d
check "in one line" test "$(wc -l <<<"$err")" = 1

pick() { json "print([x['id'] for x in d if $1][0])" <"$work/mirrored.json"; }
nth() { json "print([x['id'] for x in d if $1][$2])" <"$work/mirrored.json"; }
iphone=$(pick 'x["managementType"] == "appleDeviceEnrollment" and x["operatingSystem"] == "iOS" and x["managementState"] == "managed"')
windows=$(pick 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"')
win2=$(nth 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"' 1)
win3=$(nth 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"' 2)
win4=$(nth 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"' 3)
kiosk=$(pick 'x["managementType"] == "androidDedicated" and x["managementState"] == "managed"')
workprofile=$(pick 'x["managementType"] == "androidWorkProfile" and x["managementState"] == "managed"')
name_of() { json "print([x['deviceName'] for x in d if x['id'] == '$1'][0])" <"$work/mirrored.json"; }
served_state() { "$bin" --db "$served" device "$1" --json | json 'print(d["device"]["managementState"] if "device" in d else d["managementState"])'; }

echo "== every action through the mirror, checked on the service"
expect_exit "retire through the service" 0 c run retire "$iphone" --yes
check "accepted, with the service's request-id" contains "$out" "accepted (request-id "
check "the service's device is retirePending" test "$(served_state "$iphone")" = retirePending
check "the mirror's too, right after (the device is read back)" bash -c "'$bin' --db '$mirror' device '$iphone' --json | grep -q '\"managementState\" : \"retirePending\"'"
check "the service audited it as the signed-in operator" bash -c "'$bin' --db '$served' audit --device '$iphone' --activity retire | grep -q 'success  admin@contoso.com'"
check "the mirror's audit log holds it, with the request-id" bash -c "'$bin' --db '$mirror' audit --json --device '$iphone' --activity retire | grep -q '\"name\" : \"requestId\"'"
expect_exit "wipe with its options" 0 c run wipe "$windows" --confirm "$(name_of "$windows")" --keep-user-data --keep-esim
check "the service's wipe audit entry carries keepUserData true" bash -c "'$bin' --db '$served' audit --json --device '$windows' --activity wipe | python3 -c 'import json,sys; e=json.load(sys.stdin)[0]; p={x[\"name\"]: x[\"newValue\"] for x in e[\"modifiedProperties\"]}; sys.exit(0 if p.get(\"keepUserData\") == \"true\" and p.get(\"persistEsimDataPlan\") == \"true\" and p.get(\"keepEnrollmentData\") == \"false\" else 1)'"
expect_exit "a wipe whose name is mistyped is not sent: exit 2" 2 c run wipe "$win2" --confirm "not its name"
check "the service saw no wipe of it" bash -c "! '$bin' --db '$served' audit --device '$win2' --activity wipe | grep -q success"
expect_exit "sync" 0 c run sync "$win2"
expect_exit "reset passcode of a kiosk" 0 c run reset-passcode "$kiosk"
expect_exit "delete" 0 c run delete "$win3" --confirm "$(name_of "$win3")"
check "the service no longer has it" bash -c "! '$bin' --db '$served' device '$win3' >/dev/null 2>&1"
check "nor the mirror" bash -c "! '$bin' --db '$mirror' device '$win3' >/dev/null 2>&1"
# The everyday remote tasks go to the service: beta-only ones to its /beta, v1.0's to v1.0.
expect_exit "a restart after the rename cannot be sent: exit 2" 2 c run rename "$win2" --name WIN-AGAIN --restart-after-rename
check "saying no Graph request carries it" contains "$err" "--restart-after-rename: no Graph request carries it"
expect_exit "rename through the service (beta setDeviceName)" 0 c run rename "$win2" --name WIN-RENAMED
check "the service has the rename, with the name" bash -c "'$bin' --db '$served' audit --device '$win2' --activity setDeviceName --json | grep -q WIN-RENAMED"
expect_exit "restart through the service (v1.0 rebootNow)" 0 c run restart "$win2"
check "accepted, with the service's request-id" contains "$out" "accepted (request-id"
expect_exit "remote lock of a Windows device is greyed here: exit 3" 3 c run remote-lock "$win2"
check "R29 named, nothing sent" bash -c "! '$bin' --db '$served' audit --device '$win2' --activity remoteLock | grep -q success"
bypassable=
for candidate in $(s devices --json | json 'print("\n".join([x["id"] for x in d if x["operatingSystem"] in ("iOS","iPadOS") and x["isSupervised"] and x["managementState"] == "managed"][:40]))'); do
    if s device "$candidate" | grep -q '\[x\] Bypass Activation Lock'; then bypassable=$candidate; break; fi
done
check "the service has a device whose bypass may be taken" test -n "$bypassable"
expect_exit "bypass activation lock shows the code read from the service" 0 c run bypass-activation-lock "$bypassable"
check "the code, never stored" contains "$out" "read from the service now; never stored"
code=$(sed -n 's/^Bypass code: \([A-Z0-9-]*\).*/\1/p' <<<"$out")
check "the code is the service's ($code)" bash -c "'$bin' --db '$served' device '$bypassable' | grep -qF '$code'"
check "and it is nowhere in the mirror" bash -c "! sqlite3 '$mirror' .dump | grep -qF '$code'"
expect_exit "device --bypass-code reads it from the service on demand" 0 c device "$bypassable" --bypass-code
check "the same code" test "$out" = "$code"
check "the overview says where it is" bash -c "'$bin' --db '$mirror' device '$bypassable' | grep -q 'held by the service: .mdmconsole device'"
expect_exit "a greyed action (R4: wipe of a work profile) is not sent: exit 3" 3 c run wipe "$workprofile" --confirm "$(name_of "$workprofile")"
check "R4 named" contains "$out" "(R4)"
expect_exit "sync brings the service's action results" 0 c sync
check "Device actions on the mirror show the sync done" bash -c "'$bin' --db '$mirror' actions | grep -F 'Sync' | grep -q done"
check "check passes on the mirror" bash -c "'$bin' --db '$mirror' check >/dev/null"
check "audit verify passes on the mirror" bash -c "'$bin' --db '$mirror' audit verify >/dev/null"

echo "== two operators on one store, each signed in as themselves"
# sign_in_as UPN APPROVER: `sign-in` on the mirror as UPN, its code approved on the service by APPROVER.
sign_in_as() {
    local upn=$1 approver=$2
    : >"$work/signin.out"
    "$bin" --db "$mirror" --as "$upn" sign-in >>"$work/signin.out" 2>"$work/signin.err" &
    local signer=$! deadline=$((SECONDS + 15)) code=
    until code=$(grep -o 'tokens approve [A-Z0-9]\{8\}' "$work/signin.out" 2>/dev/null | cut -d' ' -f3) && [ -n "$code" ]; do
        [ $SECONDS -lt $deadline ] || { kill "$signer" 2>/dev/null; wait "$signer" 2>/dev/null; return 9; }
        sleep 0.1
    done
    s tokens approve "$code" --as "$approver" --yes >/dev/null
    local status=0
    wait "$signer" || status=$?
    return $status
}
# An Administrator in this store, Help Desk at the service: the service's role is the one that counts.
c roles grant helpdesk@contoso.com administrator >/dev/null
c roles grant auditor@contoso.com readonly >/dev/null
win5=$(nth 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"' 4)
expect_exit "without a sign-in of their own, an operator's action is greyed: exit 3" 3 c --as helpdesk@contoso.com run sync "$win5"
check "saying why" contains "$out$err" "not signed in to the service as yourself"
check "and how to sign in" contains "$out$err" "mdmconsole sign-in"
check "they still browse the mirror" bash -c "'$bin' --db '$mirror' --as helpdesk@contoso.com device '$win5' | grep -q 'Sync'"
check "nothing was sent" bash -c "! '$bin' --db '$served' audit --device '$win5' | grep -q helpdesk"
token_files=$(ls "$XDG_STATE_HOME"/mdmconsole/tokens/ | wc -l)
sign_in_as auditor@contoso.com admin@contoso.com && status=0 || status=$?
check "signing in with another's account is refused: exit 3" test "$status" = 3
check "  saying whose account it was" grep -q "signed in as admin@contoso.com, but you are auditor@contoso.com" "$work/signin.err"
check "  and keeping nothing" bash -c "[ \$(ls '$XDG_STATE_HOME'/mdmconsole/tokens/ | wc -l) = $token_files ] && ! '$bin' --db '$mirror' audit --activity 'sign in ServiceSignIn' | grep -q auditor"
check "the help desk signs in as themselves (device code)" sign_in_as helpdesk@contoso.com helpdesk@contoso.com
check "  told who they act as" grep -q "Signed in to $url as helpdesk@contoso.com" "$work/signin.out"
check "  in a token file of their own" test "$(ls "$XDG_STATE_HOME"/mdmconsole/tokens/ | grep -c operator-)" -ge 2
expect_exit "their sync goes to the service" 0 c --as helpdesk@contoso.com run sync "$win5"
check "the service's audit log names the help desk" bash -c "'$bin' --db '$served' audit --device '$win5' --activity syncDevice | grep -q 'success  helpdesk@contoso.com'"
check "and the mirror's" bash -c "'$bin' --db '$mirror' audit --device '$win5' --activity sync | grep -q helpdesk@contoso.com"
expect_exit "the administrator's own sync goes as the administrator" 0 c run sync "$win5"
check "the service's audit log names each for their own action" bash -c "
    '$bin' --db '$served' audit --device '$win5' --activity syncDevice | grep -q 'success  admin@contoso.com' &&
    [ \$('$bin' --db '$served' audit --device '$win5' --activity syncDevice | grep -c success) = 2 ]"
expect_exit "the help desk's Intune role greys delete (Administrator in this store): exit 3" 3 c --as helpdesk@contoso.com run delete "$win5" --confirm "$(name_of "$win5")"
check "  naming the Intune role" contains "$out$err" "Intune role does not include"
check "  while the administrator's does not grey it" bash -c "'$bin' --db '$mirror' device '$win5' | grep -q '\[x\] Delete'"
expect_exit "the help desk logs out: their sign-in only" 0 c --as helpdesk@contoso.com logout
expect_exit "  their action is greyed again: exit 3" 3 c --as helpdesk@contoso.com run sync "$win5"
expect_exit "  the administrator's still goes" 0 c run sync "$win5"
c roles revoke helpdesk@contoso.com >/dev/null; c roles revoke auditor@contoso.com >/dev/null

echo "== a bulk run on the connected tenant, against the service's throttling"
stop_serve
start_serve --throttle 5/20s
# Eight Windows devices whose sync no rule greys (an expired certificate would, R14).
json "import datetime; now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'); print('\\n'.join([x['id'] for x in d if x['operatingSystem'] == 'Windows' and x['managementState'] == 'managed' and x['managementCertificateExpirationDate'] > now][10:18]))" <"$work/mirrored.json" >"$work/bulk-ids.txt"
expect_exit "run sync --ids-from on the mirror sends each device's sync to the service" 0 c run sync --ids-from "$work/bulk-ids.txt"
check "  every one taken, the 429 waited out" contains "$out" "8 taken"
once=yes
for id in $(cat "$work/bulk-ids.txt"); do
    count=$("$bin" --db "$served" audit --device "$id" --activity syncDevice --json | python3 -c '
import json, sys
print(len([e for e in json.load(sys.stdin) if e["activityResult"] == "success" and e["actor"] == "admin@contoso.com"]))')
    [ "$count" = 1 ] || once=no
done
check "the service carried out each exactly once, as the operator" test "$once" = yes
check "the mirror's audit entries carry the bulk run's id, one each" test "$(c audit --json --activity sync | python3 -c '
import json, sys
print(len({e["targetDeviceId"] for e in json.load(sys.stdin) if e["bulkDeviceActionId"]}))')" = 8
stop_serve
start_serve --throttle off

echo "== a help-desk sign-in"
helpdesk_db=$work/helpdesk.sqlite
check "a help-desk operator connects" connect_as helpdesk@contoso.com "$helpdesk_db"
expect_exit "delete is greyed for the sign-in: exit 3" 3 "$bin" --db "$helpdesk_db" run delete "$win4" --confirm x
check "by PERMISSION, naming the Intune resource action" contains "$out" "(PERMISSION): Your Intune role does not include Microsoft.Intune_ManagedDevices_Delete"
expect_exit "bypass is greyed for the sign-in: exit 3" 3 "$bin" --db "$helpdesk_db" run bypass-activation-lock "$bypassable"
check "by PERMISSION" contains "$out" "Microsoft.Intune_RemoteTasks_BypassActivationLock"
check "retire is not greyed" bash -c "'$bin' --db '$helpdesk_db' device '$win4' | grep -q '\\[x\\] Retire'"
check "nothing was sent for the greyed ones" bash -c "! '$bin' --db '$served' audit --device '$win4' | grep -q helpdesk"

echo "== automation: a client secret, a token command"
secret=$(s tokens issue admin@contoso.com --name "nightly sync" 2>/dev/null)
app_db=$work/app.sqlite
expect_exit "connect --client-secret-env (the secret of an application, here a token of the service)" 0 \
    env NIGHTLY_SECRET="$secret" "$bin" --db "$app_db" connect "$url" --tenant contoso --client-secret-env NIGHTLY_SECRET
check "it synced" contains "$out" "Synced $((n - 1)) devices"
check "the secret is in no file of the state folder" bash -c "! grep -rqF '$secret' '$XDG_STATE_HOME'"
expect_exit "connect --client-secret-env with the variable empty: exit 1" 1 env EMPTY= "$bin" --db "$work/app2.sqlite" connect "$url" --client-secret-env EMPTY
check "saying which variable" contains "$err" "EMPTY holds no client secret"
check "and no store is left behind" test ! -e "$work/app2.sqlite"
printf '%s\n' "$(s tokens issue auditor@contoso.com 2>/dev/null)" >"$work/token.txt"
expect_exit "connect --token-command (a token another tool signed in for)" 0 "$bin" --db "$work/cmd.sqlite" connect "$url" --token-command "cat $work/token.txt"
check "it synced with the token it printed" contains "$out" "Synced $((n - 1)) devices"
expect_exit "an opaque token names no one, so it is no operator's own sign-in: sync is greyed, exit 3" 3 "$bin" --db "$work/cmd.sqlite" run sync "$win4"
check "by PERMISSION, saying to sign in" contains "$out" "(PERMISSION): You have not signed in to the service as yourself"
gone=$(nth 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"' 5)
s --as admin@contoso.com run delete "$gone" --confirm "$(name_of "$gone")" >/dev/null
expect_exit "a device the service deleted since the last sync: the service's 404, exit 3" 3 c run sync "$gone"
check "in one line with its code and message" contains "$out" "The service refused Sync on $(name_of "$gone"): 404 ResourceNotFound: No managedDevice with id"
check "audited as a failure with the service's answer" bash -c "'$bin' --db '$mirror' audit --device '$gone' | grep -q failure"
expect_exit "a token command that fails: exit 1" 1 "$bin" --db "$work/cmd2.sqlite" connect "$url" --token-command "exit 7"
check "saying so" contains "$err" "the token command exited with status 7"

echo "== faults"
# The faults below hit a full listing's pages (between full listings a sync reads only what changed).
stop_serve
start_serve --throttle off --fault 429@list:1 --fault 429@list:2 --fault 429@list:3 --fault 503@list:4 --fault 500@list:5 --fault 401@list:6
expect_exit "a storm of 429s, then 503, 500 and an expired token: the sync completes" 0 c sync --full
check "all $((n - 2)) devices read, the deleted one removed" grep -qE "Synced $((n - 2)) devices \(0 new, [0-9]+ changed, 1 removed\)" <<<"$out"
check "waiting as Retry-After said" contains "$err" "throttled (429): waiting 1 s"
stop_serve
start_serve --throttle off --fault notjson@list:2
expect_exit "a page that is not JSON: the sync fails, exit 1" 1 c sync --full
check "saying which page and why" contains "$err" "page 2 of managedDevices: the service's answer is not JSON"
check "the mirror keeps every device" test "$(c devices --json | json 'print(len(d))')" = $((n - 2))
check "the header would say offline" bash -c "sqlite3 '$mirror' \"SELECT value FROM meta WHERE key = 'mirrorStatus'\" | grep -q offlineSince"
expect_exit "the next sync completes" 0 c sync --full
check "and the mirror is current again" bash -c "! sqlite3 '$mirror' \"SELECT value FROM meta WHERE key = 'mirrorStatus'\" | grep -q offlineSince"
stop_serve
start_serve --throttle off --fault loop@list:2
expect_exit "a nextLink that loops: the sync stops, exit 1" 1 c sync --full
check "saying so" contains "$err" "leads back to a page already read"
stop_serve
start_serve --throttle off --fault slow@list:2
c sync --full >"$work/gone.out" 2>"$work/gone.err" &
syncing=$!
sleep 2
stop_serve
set +e; wait "$syncing"; gone=$?; set -e
check "the server gone mid-sync: the sync fails (exit $gone)" test "$gone" = 1
check "the mirror keeps every device" test "$(c devices --json | json 'print(len(d))')" = $((n - 2))
start_serve --throttle off
expect_exit "with the server back, the next sync completes" 0 c sync --full
stop_serve
start_serve --throttle off --fault done-503@action:1
expect_exit "an action carried out whose answer is lost (503): unknown, exit 1" 1 c run retire "$win4" --yes
check "reported as unknown, not resent" contains "$out" "unknown — check Device actions"
check "the service carried it out exactly once" test "$("$bin" --db "$served" audit --json --device "$win4" --activity retire | json 'print(len([e for e in d if e["activityResult"] == "success"]))')" = 1
check "the mirror's audit entry says unknown" bash -c "'$bin' --db '$mirror' audit --device '$win4' --activity retire | grep -q unknown"
expect_exit "the next sync tells" 0 c sync --full
check "Device actions now show the retire as the service has it" bash -c "'$bin' --db '$mirror' actions | grep -F 'Retire' | grep -F \"$(name_of "$win4")\" | grep -qv unknown"
check "check passes after the faults" bash -c "'$bin' --db '$mirror' check >/dev/null"
check "audit verify passes after the faults" bash -c "'$bin' --db '$mirror' audit verify >/dev/null"
stop_serve
logged=$(wc -l <"$work/serve.log")
start_serve --throttle off --claims-clock-skew=-3h --access-token-lifetime 2s
check "a sign-in from a server whose clock is 3 hours behind" connect_as admin@contoso.com "$work/skew.sqlite" --no-sync
sleep 3
expect_exit "after its 2 s token lifetime: the sync renews it by expires_in and completes" 0 "$bin" --db "$work/skew.sqlite" sync
check "every device read" contains "$out" "Synced $((n - 2)) devices"
check "the sign-in and one renewal, not one per request" test "$(tail -n +$((logged + 1)) "$work/serve.log" | grep -c 'oauth2/v2.0/token 200')" -le 3
s tokens end-sign-ins admin@contoso.com --as admin@contoso.com >/dev/null
expect_exit "a revoked sign-in: the sync fails, exit 1" 1 c sync
check "with a clear prompt to sign in again" contains "$err" "sign in again with \`mdmconsole connect\`"

echo "== logout"
expect_exit "logout deletes the tokens" 0 c logout
check "the file is gone" test ! -e "$tokens_file"
check "the mirror stays" test "$(c devices --json | json 'print(len(d))')" = $((n - 2))

echo "== the console on the connected tenant"
check "a new sign-in" connect_as admin@contoso.com "$mirror" --no-sync
tmux_ new-session -d -s connected -x 100 -y 30 "env HOME=$work XDG_STATE_HOME=$XDG_STATE_HOME LANG=C.UTF-8 TERM=tmux-256color $bin --db $mirror"
pane_wait connected "the header says how current the mirror is" "synced "
pane_keys connected / "$(name_of "$win2")" Enter
pane_wait connected "the filter finds a device" "$(name_of "$win2")"
pane_keys connected Enter
pane_wait connected "its overview opens" "Device actions"
pane_keys connected m
pane_wait connected "… More lists the actions" "Retire"
pane_keys connected Enter
pane_wait connected "retire asks for confirmation with R12" "R12"
pane_keys connected y
pane_wait connected "accepted by the service" "accepted by the service"
check "the service has it retirePending" test "$(served_state "$win2")" = retirePending
pane_keys connected q
echo "== :sign-in in the console (a second operator, 80x24)"
c roles grant helpdesk@contoso.com helpdesk >/dev/null
tmux_ new-session -d -s second -x 80 -y 24 "env HOME=$work XDG_STATE_HOME=$XDG_STATE_HOME LANG=C.UTF-8 TERM=tmux-256color $bin --db $mirror --as helpdesk@contoso.com"
pane_wait second "the help desk's console opens on the mirror" "Help desk"
pane_keys second / "$(name_of "$win5")" Enter
pane_wait second "the filter finds a device" "$(name_of "$win5")"
pane_keys second Enter m
pane_wait second "… More greys the actions until they sign in" "not signed in to the service"
pane_keys second Escape Escape : sign-in Enter
pane_wait second "the status line gives the address and the code" "and enter "
code=$(tmux_ capture-pane -p -t second | grep -o 'enter [A-Z0-9]\{8\} to sign in' | cut -d' ' -f2)
check "the code is whole on 80 columns ($code)" test -n "$code"
s tokens approve "$code" --as helpdesk@contoso.com --yes >/dev/null
pane_wait second "signed in as themselves" "Signed in to the service as helpdesk@contoso.com"
pane_keys second m
pane_wait second "… More now offers Sync" "Sync"
check "  no longer greyed for the sign-in" bash -c "! tmux -L '$socket' capture-pane -p -t second | grep -q 'not signed in to the service'"
check "the sign-in is in the mirror's audit log" bash -c "'$bin' --db '$mirror' audit --activity 'sign in ServiceSignIn' | grep -q helpdesk@contoso.com"
pane_keys second Escape q
c roles revoke helpdesk@contoso.com >/dev/null
stop_serve

echo "== ten consoles on one store share one sync"
start_serve --throttle off
c sync >/dev/null
logged=$(wc -l <"$work/serve.log")
for i in $(seq 1 10); do
    tmux_ new-session -d -s "many$i" -x 80 -y 24 "env HOME=$work XDG_STATE_HOME=$XDG_STATE_HOME LANG=C.UTF-8 TERM=tmux-256color $bin --db $mirror --sync-every 6s"
done
for i in $(seq 1 10); do pane_wait "many$i" "console $i of 10 opens on the mirror" "synced "; done
sleep 24
syncs=$(tail -n +$((logged + 1)) "$work/serve.log" | grep -c 'GET /v1.0/deviceManagement/auditEvents 200' || true)
check "in 24 s at --sync-every 6s the service saw $syncs syncs: at most one an interval, not one per console (forty)" test "$syncs" -ge 1 -a "$syncs" -le 5
for i in $(seq 1 10); do pane_keys "many$i" q; done
stop_serve

echo "== the lease holder dies: another console takes over within the lease time"
# Its first listing's page is answered after 30 s: the holder waits on it, holding the lease.
start_serve --throttle off --fault slow@list:1
sleep 6  # a sync is due again
for i in 1 2 3; do
    tmux_ new-session -d -s "lease$i" -x 80 -y 24 "env HOME=$work XDG_STATE_HOME=$XDG_STATE_HOME LANG=C.UTF-8 TERM=tmux-256color $bin --db $mirror --sync-every 5s --sync-lease 12s"
done
deadline=$((SECONDS + 20)); holder=
until holder=$(sqlite3 "$mirror" "SELECT holder FROM syncLease" 2>/dev/null) && [ -n "$holder" ]; do
    [ $SECONDS -lt $deadline ] || break; sleep 0.2
done
check "one console holds the store's sync lease ($holder)" test -n "$holder"
holder_pid=$(cut -d: -f2 <<<"$holder")
# The pid is one of the consoles this script started in its own tmux sessions.
panes=$(for s in lease1 lease2 lease3; do tmux_ list-panes -t "$s" -F '#{pane_pid}' 2>/dev/null || true; done)
ours=no
if [ -n "$holder_pid" ] && { grep -qx "$holder_pid" <<<"$panes" || grep -qx "$(ps -o ppid= -p "$holder_pid" | tr -d ' ')" <<<"$panes"; }; then ours=yes; fi
check "  it is one of the consoles this script started" test "$ours" = yes
killed=$(date +%s)
# Killed only when it is ours: never a pid this script did not start.
[ "$ours" = yes ] && kill -KILL "$holder_pid"
deadline=$((SECONDS + 40)); taken=
until taken=$(python3 -c "
import json, sqlite3, sys
status = json.loads(sqlite3.connect(sys.argv[1]).execute(\"SELECT value FROM meta WHERE key = 'mirrorStatus'\").fetchone()[0])
done = status.get('lastCompleteSync', 0) + 978307200
print(int(done - $killed) if done > $killed else '', end='')" "$mirror") && [ -n "$taken" ]; do
    [ $SECONDS -lt $deadline ] || break; sleep 0.5
done
check "a sync by another console completed $taken s after the kill (lease 12 s, looked at every 5 s)" test -n "$taken" -a "${taken:-99}" -le 30
dead=$(ps -o stat= -p "$holder_pid" 2>/dev/null | tr -d ' ' || true)
check "  the dead one runs no more (gone, or a zombie its pane has not reaped yet)" bash -c "[ -z '$dead' ] || [[ '$dead' == Z* ]]"
check "the mirror still tells one story" bash -c "'$bin' --db '$mirror' check >/dev/null"
for i in 1 2 3; do pane_keys "lease$i" q 2>/dev/null || true; done
stop_serve

echo "== answers shaped as Microsoft documents them (a replay service of the tests' own, not serve)"
python3 Tests/e2e/graph_replay.py replay-token >"$work/replay.port" 2>"$work/replay.log" &
replay=$!
deadline=$((SECONDS + 10))
until [ -s "$work/replay.port" ]; do [ $SECONDS -lt $deadline ] || break; sleep 0.1; done
replay_url="http://127.0.0.1:$(cat "$work/replay.port")/v1.0"
r() { "$bin" --db "$work/replay.sqlite" "$@"; }
expect_exit "connect to it with a token command" 0 "$bin" --db "$work/replay.sqlite" connect "$replay_url" --token-command "echo replay-token"
check "every device across an empty middle page and absolute nextLinks" contains "$out" "Synced 3 devices"
expect_exit "devices --json on the replayed mirror" 0 r devices --json
replayed=$out
check "a null deviceName is named by its managedDeviceName" test "$(json 'print(sorted(x["deviceName"] for x in d)[2])' <<<"$replayed")" = "ana_Windows_3/1/2024_8:00 AM"
check "the docs' own jailBroken text keeps the iPhone (read as not jailbroken)" test "$(json 'print([x["jailBroken"] for x in d if x["operatingSystem"]=="iOS"])' <<<"$replayed")" = "['False']"
check "seven-digit fractions with an offset: the enrollment at 07:59:43 UTC" test "$(json 'print([x["enrolledDateTime"] for x in d if x["deviceName"].startswith("ana_Windows")][0])' <<<"$replayed")" = "2017-01-01T07:59:43Z"
check "v1.0's unknownFutureValue Android device read as a corporate work profile from /beta" \
    test "$(json 'print([x["managementType"] for x in d if x["operatingSystem"]=="Android"][0])' <<<"$replayed")" = "androidCorporateWorkProfile"
check "the beta read asked only Android devices' id and enrollment type" grep -q "GET /beta/deviceManagement/managedDevices?.*filter=operatingSystem.*select=id%2CdeviceEnrollmentType\|GET /beta/deviceManagement/managedDevices?.*select=id,deviceEnrollmentType" "$work/replay.log"
check "no device is called offline: Graph does not say (online null)" test "$(json 'print({x["online"] for x in d})' <<<"$replayed")" = "{None}"
expect_exit "the Android device's overview" 0 r device "ana_AndroidEnterprise_3/1/2024_8:00 AM"
check "shows the position its locate found (R32)" contains "$out" "48.85660, 2.35220 (±12 m)"
check "and Retire greyed as the service does for corporate Android (R24)" contains "$out" "(R24)"
check "the service's audit event is mirrored, by its actor" bash -c "'$bin' --db '$work/replay.sqlite' audit | grep -q 'portal.admin@contoso.com'"
kill "$replay" 2>/dev/null; wait "$replay" 2>/dev/null || true; replay=
finish
