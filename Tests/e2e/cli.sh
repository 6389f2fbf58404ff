#!/usr/bin/env bash
# End to end: the real mdmconsole binary on a fresh demo database, as a script would use it.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MDMCONSOLE_DB=$work/tenant.sqlite MDMCONSOLE_OPERATOR=admin@contoso.com
m() { "$bin" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

expect_exit "demo creates the tenant" 0 m demo --now 2026-11-24T09:00:00Z --seed 1
check "demo names its creator Intune Administrator" contains "$out" "admin@contoso.com (Intune Administrator)"
expect_exit "demo refuses to replace a tenant without --force" 2 m demo --now 2026-11-24T09:00:00Z
check "and says how" contains "$err" "--force"

expect_exit "devices --json" 0 m devices --json
count=$(json 'print(len(d))' <<<"$out")
check "a few hundred devices ($count)" test "$count" -ge 290
wp=$(json 'print([x for x in d if x["managementType"]=="androidWorkProfile" and x["managementState"]=="managed" and x["online"]][0]["deviceName"])' <<<"$out")
laptop=$(json 'print([x for x in d if x["operatingSystem"]=="Windows" and x["managementState"]=="managed"][0]["deviceName"])' <<<"$out")
iphone=$(json 'print([x for x in d if x["managementType"]=="appleDeviceEnrollment" and x["operatingSystem"]=="iOS" and x["managementState"]=="managed" and x["online"]][0]["deviceName"])' <<<"$out")
offline=$(json 'print([x for x in d if not x["online"] and x["managementState"]=="managed" and x["managementCertificateExpirationDate"]>"2027-10"][0]["id"])' <<<"$out")

expect_exit "device --json" 0 m device "$wp" --json
check "wipe greyed with R4 in the JSON" test "$(json 'print([(a["enabled"],a["rule"]) for a in d["actions"] if a["action"]=="wipe"][0])' <<<"$out")" = "(False, 'R4')"
check "every action listed with action/enabled/reason/remedy/rule" test "$(json 'print(sorted(a["action"] for a in d["actions"]) == sorted(["retire","wipe","delete","sync","reset-passcode","bypass-activation-lock","remote-lock","restart","shut-down","enable-lost-mode","disable-lost-mode","locate","play-lost-mode-sound","rename","send-notification","collect-diagnostics"]) and all(set(["action","enabled","reason","remedy","rule"]) <= set(a) for a in d["actions"]))' <<<"$out")" = True

expect_exit "run wipe on a work profile is greyed: exit 3" 3 m run wipe "$wp" --confirm "$wp"
check "with the R4 reason" contains "$out" "(R4): Google does not allow"
check "and nothing taken" contains "$out" "Nothing was taken"

expect_exit "run retire without --yes: exit 2 after the R12 note" 2 m run retire "$iphone"
check "R12 note shown" contains "$out" "does not revoke access tokens"
expect_exit "run retire --yes: exit 0" 0 m run retire "$iphone" --yes
check "prints the action id and state" contains "$out" "state pending"
expect_exit "actions --state pending lists it" 0 m actions --state pending --json
check "the retire is pending" test "$(json "print(any(x['deviceName']==\"$iphone\" and x['action']=='retire' for x in d))" <<<"$out")" = True
expect_exit "audit --actor shows the operator's retire" 0 m audit --actor admin@contoso.com --activity retire --json
check "audit entry names the device" test "$(json "print(d[0]['targetDeviceName'])" <<<"$out")" = "$iphone"

expect_exit "wipe with a wrong name typed: exit 2" 2 m run wipe "$laptop" --confirm "not the name"
check "says the name does not match" contains "$err" "does not match the device's name"
expect_exit "unknown device: exit 2" 2 m device "no such phone"
check "error says what" contains "$err" 'no device with id or name "no such phone"'
expect_exit "unknown action: exit 2" 2 m run explode "$iphone"

expect_exit "read-only operator: greyed by role, exit 3" 3 m --as auditor@contoso.com run sync "$wp"
check "reason names the role and the permission it lacks" contains "$out" "Read Only Operator, lacks Remote tasks/"
expect_exit "help desk may not delete: exit 3" 3 m --as helpdesk@contoso.com run delete "$wp" --confirm "$wp"

# R3: the code in any case, dashes optional.
expect_exit "devices --json (again)" 0 m devices --json
supervised=$(json 'print([x["id"] for x in d if x["isSupervised"] and x["operatingSystem"]=="iOS"][0])' <<<"$out")
code=""
for id in $(json 'print(" ".join(x["id"] for x in d if x["isSupervised"]))' <<<"$out"); do
    c=$(m device "$id" --json | json 'print(d["hardware"]["activationLockBypassCode"] or "")')
    if [ -n "$c" ]; then code=$c; supervised=$id; break; fi
done
check "a supervised device shows a valid bypass code" test -n "$code"
reads=$(m audit --activity "read ActivationLockBypassCode" --json | json 'print(len(d))')
check "each read of it is audited ($reads)" test "$reads" -ge 1
expect_exit "device --bypass-code prints it to an Administrator" 0 m device "$supervised" --bypass-code
check "the code itself" test "$out" = "$code"
expect_exit "a help desk operator may not read it: exit 3" 3 m --as helpdesk@contoso.com device "$supervised" --bypass-code
check "saying why" contains "$err" "reading a bypass code takes Remote tasks/Bypass activation lock"
check "and shown nowhere in their overview" bash -c "! '$bin' --as helpdesk@contoso.com device '$supervised' | grep -qF '$code'"
check "the refusal is audited as denied" test "$(m audit --activity "read ActivationLockBypassCode" --json | json 'print(len([e for e in d if e["activityResult"] == "denied"]))')" -ge 1
loose=$(tr 'A-Z' 'a-z' <<<"$code" | tr -d '-')
expect_exit "verify-code accepts it in lower case without dashes" 0 m verify-code "$supervised" "$loose"
expect_exit "verify-code refuses another code" 1 m verify-code "$supervised" "AAAAA-AAAAA"
expect_exit "bypass prints a fresh code and the copy-before-wiping advice" 0 m run bypass-activation-lock "$supervised"
check "copy it before wiping" contains "$out" "Copy it before wiping"

# The everyday remote tasks (docs/actions.md): inputs refused by the same rules as elsewhere,
# greyed with their rule, pending until the check-in, then on the device.
expect_exit "devices --json (for the everyday tasks)" 0 m devices --json
everyday=$out
lost=$(json 'print([x["deviceName"] for x in d if x["lostModeState"]=="enabled"][0])' <<<"$everyday")
check "the demo has a lost iPhone in Lost Mode ($lost)" test -n "$lost"
expect_exit "its overview shows Lost Mode and where it was found" 0 m device "$lost"
check "Lost Mode with its message (R30)" contains "$out" "Please call Contoso IT"
check "the located position, shown 24 hours (R32)" contains "$out" "Location"
phone=$(json 'print([x["id"] for x in d if x["isSupervised"] and x["operatingSystem"]=="iOS" and x["managedDeviceOwnerType"]=="company" and x["lostModeState"]=="disabled" and x["online"] and x["managementState"]=="managed"][0])' <<<"$everyday")
expect_exit "enable-lost-mode without --message: exit 2" 2 m --as helpdesk@contoso.com run enable-lost-mode "$phone"
check "naming the flag and the rule's words" contains "$err" "--message: is required"
expect_exit "a message of 161 characters: exit 2" 2 m run enable-lost-mode "$phone" --message "$(printf 'x%.0s' $(seq 161))"
check "saying the limit" contains "$err" "--message: is 161 characters; at most 160"
expect_exit "a message and a phone number: sent (help desk)" 0 m --as helpdesk@contoso.com run enable-lost-mode "$phone" --message "Lost: call IT" --phone "+33 1 70 00 12 34"
check "pending until it checks in" contains "$out" "state pending"
expect_exit "a stray input on another action: exit 2" 2 m run sync "$phone" --message "hello"
check "named by its flag" contains "$err" "--message: Sync takes no such input"
mac=$(json 'print([x["id"] for x in d if x["operatingSystem"]=="macOS" and x["managementType"]=="appleAutomatedEnrollment" and x["managementState"]=="managed" and x["online"]][0])' <<<"$everyday")
expect_exit "a Mac's remote lock with a 5-digit PIN: exit 2" 2 m run remote-lock "$mac" --pin 12345
check "the PIN is 6 digits" contains "$err" "--pin: is 6 digits"
expect_exit "a Mac's remote lock with its PIN" 0 m run remote-lock "$mac" --pin 246810
check "prints the PIN the Mac will ask for (R29)" contains "$out" "Unlock PIN: 246810"
check "never in the audit log in clear" bash -c "! '$bin' audit --device '$mac' --json | grep -q 246810"
expect_exit "remote lock on Windows: exit 3 (R29)" 3 m run remote-lock "$laptop"
check "greyed by design, with its rule" contains "$out" "(R29)"
expect_exit "rename with a space: exit 2" 2 m run rename "$laptop" --name "MY LAPTOP"
check "says where" contains "$err" "--name: has a space at character 3"
expect_exit "rename and restart a Windows laptop" 0 m run rename "$laptop" --name LAPTOP-ANA --restart-after-rename
notified=$(json 'print([x["id"] for x in d if x["operatingSystem"]=="iOS" and x["managementState"]=="managed" and x["online"] and x["id"] != "'"$phone"'"][0])' <<<"$everyday")
expect_exit "notify: title over 50 characters: exit 2" 2 m run send-notification "$notified" --title "$(printf 't%.0s' $(seq 51))" --body "b"
expect_exit "notify: sent at once" 0 m run send-notification "$notified" --title "IT help desk" --body "Please bring your phone in."
check "done when sent (R34)" contains "$out" "state done"
expect_exit "the clock moves: they check in" 0 m simulate advance 8h
expect_exit "the phone is now in Lost Mode" 0 m device "$phone" --json
check "lostModeState enabled" test "$(json 'print(d["device"]["lostModeState"])' <<<"$out")" = "enabled"
expect_exit "the laptop has its new name" 0 m device LAPTOP-ANA
check "renamed, then restarted (R33)" contains "$out" "then restarted"
expect_exit "the audit entry names the inputs by Graph's names" 0 m audit --activity enableLostMode --json
check "message and phoneNumber, by the help desk" test "$(json 'print([(e["actor"], [p["newValue"] for p in e["modifiedProperties"] if p["name"]=="message"]) for e in d][0])' <<<"$out")" = "('helpdesk@contoso.com', ['Lost: call IT'])"

# The lifecycle scenario: retire an offline device, 13 months, then 180 more days.
expect_exit "retire an offline device" 0 m run retire "$offline" --yes
expect_exit "advance 13 months" 0 m simulate advance 13mo
expect_exit "still retirePending" 0 m device "$offline" --json
check "state retirePending, certificate expired" test "$(json 'print(d["device"]["managementState"], d["hardware"]["certificateExpired"])' <<<"$out")" = "retirePending True"
expect_exit "no check-in possible: exit 1 naming R14" 1 m simulate checkin "$offline"
check "R14 named" contains "$err" "(R14)"
expect_exit "advance 180 more days" 0 m simulate advance 180d
expect_exit "the device is gone: exit 2" 2 m device "$offline"
check "removed by the service" contains "$err" "by Intune service"
expect_exit "the removal is audited, initiated by the service" 0 m audit --device "$offline" --json
check "actor Intune service" test "$(json 'print(d[0]["actor"], d[0]["actorType"])' <<<"$out")" = "Intune service service"
expect_exit "audit --csv" 0 m audit --csv --since 2026-01-01
check "csv header" contains "$(head -1 <<<"$out")" "id,activityDateTime,activity,activityResult,actor"
expect_exit "simulate set refuses to go back" 2 m simulate set 2026-01-01
expect_exit "bad duration: exit 2" 2 m simulate advance soon

# Bad stores: clear one-line errors, files left untouched.
echo "not a database" >"$work/notes.txt"
before=$(sha256sum "$work/notes.txt")
expect_exit "a text file as --db is refused" 1 m --db "$work/notes.txt" devices
check "error names the path" contains "$err" "$work/notes.txt: not an SQLite database"
check "and the file is untouched" test "$before" = "$(sha256sum "$work/notes.txt")"
expect_exit "a directory as --db is refused" 1 m --db "$work" devices
check "error says directory" contains "$err" "is a directory"
head -c 8192 "$MDMCONSOLE_DB" >"$work/truncated.sqlite"
expect_exit "a truncated database is refused" 1 m --db "$work/truncated.sqlite" devices

# Import and export: Graph JSON and the portal CSV; a bad file changes nothing.
fixtures=Tests/MDMCoreTests/Import/Fixtures
expect_exit "import Graph JSON into a new tenant" 0 m --db "$work/imported.sqlite" import "$fixtures/graph-managedDevices.json"
check "says what it imported" contains "$out" "Imported 7 devices"
expect_exit "an imported work profile has Wipe greyed (R4)" 3 m --db "$work/imported.sqlite" run wipe "Lina's Pixel" --confirm "Lina's Pixel"
expect_exit "devices --csv" 0 m --db "$work/imported.sqlite" devices --csv
printf '%s\n' "$out" >"$work/exported.csv"
check "the export has the portal's headers" contains "$(head -1 "$work/exported.csv")" "Device ID,Device name,Enrollment date,Last check-in,Azure AD Device ID"
expect_exit "the export imports back" 0 m --db "$work/reimported.sqlite" import "$work/exported.csv"
expect_exit "and exports the same rows" 0 m --db "$work/reimported.sqlite" devices --csv
check "CSV -> store -> CSV is the same" test "$(printf '%s\n' "$out")" = "$(cat "$work/exported.csv")"
expect_exit "the import is audited" 0 m --db "$work/imported.sqlite" audit --activity import --json
check "with the operator as actor" test "$(json 'print(d[0]["actor"])' <<<"$out")" = "admin@contoso.com"
sqlite3 "$work/imported.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
before=$(sha256sum "$work/imported.sqlite" | cut -d' ' -f1)
printf 'Device ID,Device name,OS\r\nx1,Phone,iOS\r\nx2,Pager,Palm\r\nx1,Again,iOS\r\n' >"$work/bad.csv"
expect_exit "a bad CSV is refused with exit 4" 4 m --db "$work/imported.sqlite" import "$work/bad.csv" --replace
check "naming the line and column" contains "$err" "$work/bad.csv: line 3, OS: expected one of"
check "and the duplicate" contains "$err" "$work/bad.csv: line 4, Device ID: duplicate id"
check "the store is byte-for-byte as before" test "$before" = "$(sha256sum "$work/imported.sqlite" | cut -d' ' -f1)"
expect_exit "a help desk operator cannot import: exit 3" 3 m --db "$work/imported.sqlite" --as helpdesk@contoso.com import "$fixtures/graph-bare-array.json"
expect_exit "a bad file into a missing store creates nothing" 4 m --db "$work/never.sqlite" import "$work/bad.csv"
check "no file left behind" test ! -e "$work/never.sqlite"

# First run on a missing database creates the demo tenant.
expect_exit "first run creates the demo" 0 m --db "$work/fresh/tenant.sqlite" devices
check "and says so on stderr" contains "$err" "created the demo tenant"

# Usage errors: exit 2 and a message that says what is wrong.
expect_exit "an unknown option exits 2 (not ArgumentParser's 64)" 2 m devices --bogus
expect_exit "a missing argument exits 2" 2 m run wipe
expect_exit "simulate advance -5d: exit 2" 2 m simulate advance -5d
check "saying the clock only moves forward" contains "$err" "only moves forward"
expect_exit "--db '' is a usage error" 2 m devices --db ""
check "saying the path is empty (no NSCocoaErrorDomain)" bash -c "grep -q 'the path is empty' '$work/err' && ! grep -q NSCocoa '$work/err'"
expect_exit "--since later than --until says so" 2 m audit --since 2026-11-20 --until 2026-11-01
check "naming both dates" contains "$err" "is later than --until"
# Root writes anywhere: as root, the unwritable folder is tried as user nobody.
mkdir -p "$work/shared" && chmod 755 "$work" "$work/shared" && mkdir -p "$work/shared/readonly" && chmod 555 "$work/shared/readonly"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
expect_exit "a demo into an unwritable folder is refused" 1 "${as_user[@]}" "$(realpath "$bin")" demo --db "$work/shared/readonly/t.sqlite"
check "naming the folder, not a temporary file" bash -c "grep -q 'its folder $work/shared/readonly is not writable' '$work/err' && ! grep -q building '$work/err'"
chmod 700 "$work"
expect_exit "demo --devices 9223372036854775807 is refused at once" 2 m demo --db "$work/huge.sqlite" --devices 9223372036854775807
check "saying the bound" contains "$err" "out of range (0 to 10000000)"
expect_exit "demo --devices 1 says why not" 2 m demo --db "$work/one.sqlite" --devices 1
check "the fewest is the showcase" contains "$err" "at least 33"
expect_exit "demo --devices 50 makes exactly 50" 0 m demo --db "$work/fifty.sqlite" --devices 50 --now 2026-11-24T09:00:00Z
check "50 devices" contains "$out" ": 50 devices, clock 2026-11-24T09:00:00Z"
echo 'not a tenant' >"$work/notes.txt"
expect_exit "demo --force on a text file is refused" 1 m demo --db "$work/notes.txt" --force
check "and the file is as it was" test "$(cat "$work/notes.txt")" = "not a tenant"
expect_exit "a simulate by a read only operator is refused: exit 3" 3 m simulate advance 2y --as auditor@contoso.com
expect_exit "and audited as denied" 0 m audit --actor auditor@contoso.com --activity "advance TenantClock" --json
check "one denied entry" test "$(json 'print([e["activityResult"] for e in d])' <<<"$out")" = "['denied']"
expect_exit "simulate advance 99999999999y is refused" 2 m simulate advance 99999999999y
check "saying the bound" contains "$err" "at most 100 years"
imported=$work/imported-real.sqlite
expect_exit "an imported tenant" 0 m --db "$imported" import "$fixtures/graph-bare-array.json"
expect_exit "refuses the simulator until allowed: exit 3" 3 m --db "$imported" simulate advance 1d
check "saying how to allow it" contains "$err" "simulate allow"
expect_exit "an Administrator allows it" 0 m --db "$imported" simulate allow
expect_exit "then it runs" 0 m --db "$imported" simulate advance 1d
expect_exit "check passes on the imported tenant (the creator's role audited)" 0 m --db "$imported" check

echo "== scope tags: a regional help desk sees its region only"
expect_exit "scope-tags define Europe" 0 m scope-tags define Europe --description "The European help desk's devices"
europe=$(m devices --json | json 'print("\n".join(x["id"] for x in d[:3]))')
outside=$(m devices --json | json 'print(d[-1]["deviceName"])')
# shellcheck disable=SC2086
expect_exit "scope-tags tag Europe on three devices" 0 m scope-tags tag Europe $europe
check "says how many changed" contains "$out" "3 of 3 devices changed"
expect_exit "a help desk operator may not tag: exit 3" 3 m scope-tags tag Europe "$outside" --as helpdesk@contoso.com
check "naming Roles/Assign" contains "$err" "Roles/Assign"
expect_exit "roles grant --scope-tag Europe" 0 m roles grant eu@contoso.com helpdesk --scope-tag Europe
check "says the scope" contains "$out" "eu@contoso.com is now Help Desk Operator for the devices tagged Europe"
expect_exit "devices as the European help desk" 0 m devices --json --as eu@contoso.com
check "three devices, the tagged ones" test "$(json 'print(" ".join(sorted(x["id"] for x in d)))' <<<"$out")" = "$(tr '\n' ' ' <<<"$europe" | xargs -n1 | sort | xargs)"
expect_exit "another region's device is not there for them: exit 2" 2 m device "$outside" --as eu@contoso.com
expect_exit "nor can they act on it: exit 2" 2 m run sync "$outside" --as eu@contoso.com
expect_exit "their own region's, they can" 0 m run sync "$(head -1 <<<"$europe")" --as eu@contoso.com
expect_exit "the scope tag in use cannot be deleted: exit 2" 2 m scope-tags delete Europe
check "saying who holds it" contains "$err" "eu@contoso.com"
expect_exit "check explains every scope" 0 m check

echo "== Multi Admin Approval: a wipe waits for a second administrator"
expect_exit "a second Intune Administrator" 0 m roles grant lea@contoso.com administrator
expect_exit "an access policy is asked for" 0 m approvals policy define "Device actions" --approver admin@contoso.com lea@contoso.com --justification "MAA, change 2231"
policy_request=$(grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' <<<"$out" | head -1)
expect_exit "nothing is protected before it is approved" 0 m approvals policy
check "no policy yet" contains "$out" "No access policy"
expect_exit "its requester may not approve it: exit 3" 3 m approvals approve "$policy_request" --note "mine"
check "saying nobody approves their own" contains "$err" "nobody approves their own request"
expect_exit "another holder approves it" 0 m approvals approve "$policy_request" --note "Agreed" --as lea@contoso.com
expect_exit "its requester completes it" 0 m approvals complete "$policy_request"
expect_exit "the policy is in force" 0 m approvals policy --json
check "protecting wipe, retire and delete" test "$(json 'print(sorted(p["policyType"] for p in d))' <<<"$out")" = "['deviceDelete', 'deviceRetire', 'deviceWipe']"
maa_phone=$(m devices --json | json 'print([x["id"] for x in d if x["operatingSystem"]=="iOS" and x["managementState"]=="managed"][-1])')
maa_name=$(m device "$maa_phone" --json | json 'print(d["device"]["deviceName"])')
expect_exit "a protected wipe without a justification: exit 2" 2 m run wipe "$maa_phone" --confirm "$maa_name" --as helpdesk@contoso.com
check "saying a justification is needed" contains "$err" "--justification"
expect_exit "with one it becomes a request" 0 m run wipe "$maa_phone" --confirm "$maa_name" --justification "Stolen on the train, ticket 4411" --as helpdesk@contoso.com
wipe_request=$(grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' <<<"$out" | head -1)
check "saying nothing was taken" contains "$out" "Nothing was taken"
expect_exit "the device is not wiped" 0 m device "$maa_phone" --json
check "still managed" test "$(json 'print(d["device"]["managementState"])' <<<"$out")" = managed
expect_exit "a second request for the same wipe: exit 3" 3 m run wipe "$maa_phone" --confirm "$maa_name" --justification "again"
expect_exit "the administrator's list of requests to approve" 0 m approvals list --show to-approve --json
check "holds the wipe, with its justification" test "$(json 'print([(r["id"], r["status"], r["requestJustification"]) for r in d])' <<<"$out")" = "[('$wipe_request', 'needsApproval', 'Stolen on the train, ticket 4411')]"
expect_exit "the help desk may not approve (it lacks the permission): exit 3" 3 m approvals approve "$wipe_request" --note ok --as helpdesk@contoso.com
expect_exit "completing before approval: exit 3" 3 m approvals complete "$wipe_request" --as helpdesk@contoso.com
expect_exit "the administrator approves it" 0 m approvals approve "$wipe_request" --note "Checked with the user by phone"
expect_exit "another operator may not complete it: exit 3" 3 m approvals complete "$wipe_request" --as lea@contoso.com
expect_exit "the requester completes it" 0 m approvals complete "$wipe_request" --as helpdesk@contoso.com
check "and the wipe is sent" contains "$out" "Wipe sent to"
expect_exit "completed once" 3 m approvals complete "$wipe_request" --as helpdesk@contoso.com
expect_exit "every step in the audit log" 0 m audit --device "$maa_phone" --json
wipe_steps=$(json 'print([(e["activity"], e["actor"], e["activityResult"]) for e in d if "OperationApproval" in e["activity"] or e["activity"].startswith("wipe")])' <<<"$out")
expected_steps="[('wipe ManagedDevice', 'helpdesk@contoso.com', 'success'), ('Complete OperationApprovalRequest', 'helpdesk@contoso.com', 'success'), ('Approve OperationApprovalRequest', 'admin@contoso.com', 'success'), ('Approve OperationApprovalRequest', 'helpdesk@contoso.com', 'denied'), ('Create OperationApprovalRequest', 'helpdesk@contoso.com', 'success')]"
if [ "$wipe_steps" = "$expected_steps" ]; then pass "request, a refusal, approval, completion, wipe: each audited"; else fail "request, a refusal, approval, completion, wipe: each audited" "$wipe_steps"; fi
m devices --json | json 'print("\n".join([x["id"] for x in d if x["operatingSystem"]=="Windows" and x["managementState"]=="managed"][-2:]))' >"$work/retire-ids"
expect_exit "a bulk retire asks once" 0 m run retire --ids-from "$work/retire-ids" --confirm-count 2 --justification "Leavers of March"
bulk_request=$(grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' <<<"$out" | head -1)
expect_exit "its request lists both devices" 0 m approvals show "$bulk_request" --as lea@contoso.com
check "Retire of 2 devices" contains "$out" "Retire of 2 devices"
expect_exit "a bulk retire without a justification: exit 2" 2 m run retire --ids-from "$work/retire-ids" --confirm-count 2
expect_exit "lea rejects it" 0 m approvals reject "$bulk_request" --note "HR says they stay" --as lea@contoso.com
expect_exit "a rejected request does not run: exit 3" 3 m approvals complete "$bulk_request"
expect_exit "check passes after the approvals" 0 m check
expect_exit "the audit chain holds" 0 m audit verify

# The default store follows $HOME, as XDG says.
expect_exit "with no --db, the store is under \$HOME" 0 env -u MDMCONSOLE_DB -u XDG_DATA_HOME HOME="$work/home" "$bin" devices
check "at \$HOME/.local/share/mdmconsole/tenant.sqlite" test -f "$work/home/.local/share/mdmconsole/tenant.sqlite"
finish
