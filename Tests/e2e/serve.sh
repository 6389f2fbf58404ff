#!/usr/bin/env bash
# End to end: `mdmconsole serve` on a free loopback port, driven by Microsoft's own Graph SDK
# (msgraph-sdk, from the venv .ci/run makes) and by curl for the raw bodies. Everything it
# starts it stops by pid; every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
python=${MDMCONSOLE_PYTHON:-python3}
"$python" -c 'import msgraph' 2>/dev/null || { echo "serve.sh needs Microsoft's msgraph-sdk (pip install msgraph-sdk; .ci/run installs it)"; exit 1; }
command -v curl >/dev/null || { echo "serve.sh needs curl (apt-get install curl)"; exit 1; }
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill -KILL "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
unset MDMCONSOLE_OPERATOR MDMCONSOLE_DB
db=$work/tenant.sqlite
m() { "$bin" --db "$db" "$@"; }
sdk() { "$python" Tests/e2e/graph_sdk.py "$url" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

"$bin" --db "$db" --as admin@contoso.com demo --devices 2500 --now 2026-11-24T09:00:00Z >/dev/null
admin=$(m tokens issue admin@contoso.com --name "sdk e2e" 2>/dev/null)
helpdesk=$(m tokens issue helpdesk@contoso.com --name "help desk script" 2>/dev/null)
check "tokens are printed once, as mdm_ secrets" bash -c "[[ '$admin' == mdm_* && '$helpdesk' == mdm_* ]]"
check "only their hashes are stored" bash -c "! sqlite3 '$db' 'SELECT hash FROM apiToken' | grep -q '${admin#mdm_}'"

expect_exit "listening beyond loopback without TLS is refused" 2 "$bin" --db "$db" serve --listen 0.0.0.0:0
check "saying why" contains "$err" "without TLS the endpoint listens on loopback only"
expect_exit "--tls-cert without --tls-key: exit 2" 2 "$bin" --db "$db" serve --tls-cert "$db"
expect_exit "a --tls-cert that is no certificate: exit 2" 2 "$bin" --db "$db" serve --tls-cert "$db" --tls-key "$db"
check "naming the file" contains "$err" "--tls-cert $db: not a PEM certificate chain"

"$bin" --db "$db" serve --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server=$!
deadline=$((SECONDS + 15))
until grep -q '^listening on ' "$work/serve.out" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { fail "serve starts" "$(cat "$work/serve.log")"; finish; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
check "its first line is 'listening on http://127.0.0.1:PORT/v1.0' ($url)" bash -c "[[ '$url' =~ ^http://127\.0\.0\.1:[0-9]+/v1\.0$ ]]"

echo "== Microsoft's Graph SDK as the client"
sdk "$admin" list >"$work/listed.json"
m devices --json >"$work/cli.json"
check "every device still managed across pages of 1000, as devices --json lists them ($(json 'print(len(d))' <"$work/listed.json"); retired and wiped ones have left management)" \
    test "$(json 'print(sorted((x["id"], x["deviceName"]) for x in d))' <"$work/listed.json")" = "$(json 'print(sorted((x["id"], x["deviceName"]) for x in d if x["managementState"] not in ("retired", "wiped")))' <"$work/cli.json")"
pick() { json "print([x['id'] for x in d if $1][0])" <"$work/cli.json"; }
iphone=$(pick 'x["managementType"] == "appleDeviceEnrollment" and x["operatingSystem"] == "iOS" and x["managementState"] == "managed" and x["online"]')
windows=$(pick 'x["operatingSystem"] == "Windows" and x["managementState"] == "managed"')
other=$(json "print([x['id'] for x in d if x['operatingSystem'] == 'Windows' and x['managementState'] == 'managed'][1])" <"$work/cli.json")
workprofile=$(pick 'x["managementType"] == "androidWorkProfile" and x["managementState"] == "managed"')
expect_exit "retire through the SDK" 0 sdk "$admin" retire "$iphone"
check "the store shows it retirePending" bash -c "'$bin' --db '$db' device '$iphone' --json | grep -q '\"managementState\" : \"retirePending\"'"
expect_exit "wipe with a body through the SDK" 0 sdk "$admin" wipe "$windows"
check "the wipe's options are recorded in its audit entry" bash -c "'$bin' --db '$db' audit --json --device '$windows' --activity wipe | grep -q '\"name\" : \"keepUserData\"'"
expect_exit "sync through the SDK" 0 sdk "$admin" sync "$other"
expect_exit "the device's deviceActionResults list the sync" 0 sdk "$admin" get "$other"
check "syncDevice done" contains "$out" '"actionName": "syncDevice", "actionState": "done"'
expect_exit "a greyed wipe is an ODataError: exit 3" 3 sdk "$admin" wipe "$workprofile"
check "400 with the rule as its code" test "$(json 'print(d["status"], d["code"])' <<<"$out")" = "400 R4"
expect_exit "a help desk token's delete is refused" 3 sdk "$helpdesk" delete "$other"
check "403" test "$(json 'print(d["status"])' <<<"$out")" = "403"
expect_exit "an administrator's delete is taken" 0 sdk "$admin" delete "$other"
check "and the device is gone" bash -c "! '$bin' --db '$db' devices --json | grep -q '$other'"
expect_exit "audit events through the SDK" 0 sdk "$admin" audit
# A greyed wipe (R4) writes nothing, as in the console; a role refusal is audited as denied.
check "name each action with the token's operator, name and the client address" test "$(json '
print(sorted({(e["activity"], e["result"], e["actor"], e["application"], e["ipAddress"]) for e in d if e["application"] in ("sdk e2e", "help desk script")}))' <<<"$out")" = "[('Delete ManagedDevice', 'denied', 'helpdesk@contoso.com', 'help desk script', '127.0.0.1'), ('Delete ManagedDevice', 'success', 'admin@contoso.com', 'sdk e2e', '127.0.0.1'), ('retire ManagedDevice', 'success', 'admin@contoso.com', 'sdk e2e', '127.0.0.1'), ('syncDevice ManagedDevice', 'success', 'admin@contoso.com', 'sdk e2e', '127.0.0.1'), ('wipe ManagedDevice', 'success', 'admin@contoso.com', 'sdk e2e', '127.0.0.1')]"

echo "== the everyday remote tasks through Microsoft's SDKs (beta-only ones through msgraph-beta-sdk on /beta)"
beta_sdk() { "$python" Tests/e2e/graph_sdk.py "${url%/v1.0}/beta" "$@"; }
lostphone=$(pick 'x["operatingSystem"] == "iOS" and x["isSupervised"] and x["managedDeviceOwnerType"] == "company" and x["lostModeState"] == "disabled" and x["managementState"] == "managed" and x["online"]')
laptop=$(pick 'x["operatingSystem"] == "Windows" and x["managedDeviceOwnerType"] == "company" and x["managementState"] == "managed" and x["online"] and x["id"] not in ("'"$windows"'", "'"$other"'")')
mac=$(pick 'x["operatingSystem"] == "macOS" and x["managementType"] == "appleAutomatedEnrollment" and x["managementState"] == "managed" and x["online"]')
notified=$(pick 'x["operatingSystem"] == "iOS" and x["managementState"] == "managed" and x["id"] not in ("'"$iphone"'", "'"$lostphone"'")')
expect_exit "restart (v1.0 rebootNow) by a help desk token" 0 sdk "$helpdesk" reboot "$laptop"
expect_exit "remote lock on Windows is refused" 3 sdk "$helpdesk" lock "$laptop"
check "400 R29 (by design)" test "$(json 'print(d["status"], d["code"])' <<<"$out")" = "400 R29"
expect_exit "enable Lost Mode through msgraph-beta-sdk" 0 beta_sdk "$helpdesk" lostmode "$lostphone" "Lost: please call Contoso IT"
check "its message recorded in the audit entry" bash -c "'$bin' --db '$db' audit --json --device '$lostphone' --activity enableLostMode | grep -q 'Lost: please call Contoso IT'"
expect_exit "rename through msgraph-beta-sdk" 0 beta_sdk "$helpdesk" rename "$laptop" LAPTOP-SDK
expect_exit "a custom notification through msgraph-beta-sdk" 0 beta_sdk "$helpdesk" notify "$notified" "IT help desk" "Please bring your phone in."
expect_exit "collect diagnostics through msgraph-beta-sdk: its deviceLogCollectionResponse" 0 beta_sdk "$helpdesk" diagnostics "$laptop"
check "read by the SDK as pending, for the device, by the help desk" test "$(json 'print(d["status"], d["managedDeviceId"] == "'"$laptop"'", d["initiatedBy"])' <<<"$out")" = "pending True helpdesk@contoso.com"
check "a beta-only action on /v1.0 is 404, and nothing is taken" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $helpdesk" -H 'Content-Type: application/json' -d '{"deviceName":"X-1"}' "$url/deviceManagement/managedDevices/$laptop/setDeviceName")" = 404
expect_exit "lock a Mac (v1.0 remoteLock)" 0 sdk "$helpdesk" lock "$mac"
expect_exit "the phone checks in: in Lost Mode" 0 m simulate checkin "$lostphone"
expect_exit "locate it (v1.0 locateDevice)" 0 sdk "$helpdesk" locate "$lostphone"
expect_exit "play the Lost Mode sound through msgraph-beta-sdk" 0 beta_sdk "$helpdesk" sound "$lostphone" 2
expect_exit "the phone checks in again" 0 m simulate checkin "$lostphone"
expect_exit "its deviceActionResults, read by the SDK" 0 sdk "$admin" get "$lostphone"
check "a LocateDeviceActionResult with the position" test "$(json 'print([(r["type"], round(r["latitude"])) for r in d["deviceActionResults"] if r["actionName"] == "locateDevice"])' <<<"$out")" = "[('LocateDeviceActionResult', 49)]"
expect_exit "the Mac's, read by the SDK" 0 sdk "$admin" get "$mac"
check "a RemoteLockActionResult with its 6-digit unlockPin" test "$(json 'print([(r["type"], len(r["unlockPin"] or "")) for r in d["deviceActionResults"] if r["actionName"] == "remoteLock"])' <<<"$out")" = "[('RemoteLockActionResult', 6)]"
expect_exit "disable Lost Mode (v1.0)" 0 sdk "$helpdesk" unlost "$lostphone"

echo "== Multi Admin Approval's protocol through msgraph-beta-sdk: justification, approval code, a second approver"
m roles grant lea@contoso.com administrator --as admin@contoso.com >/dev/null
lea=$(m tokens issue lea@contoso.com --name "second admin" --as admin@contoso.com 2>/dev/null)
request_id() { grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' <<<"$1" | head -1; }
policy=$(request_id "$(m approvals policy define "Device actions" --approver admin@contoso.com lea@contoso.com --justification "MAA" --as admin@contoso.com)")
m approvals approve "$policy" --note ok --as lea@contoso.com >/dev/null && m approvals complete "$policy" --as admin@contoso.com >/dev/null
maa_phone=$(pick 'x["operatingSystem"] == "iOS" and x["managementState"] == "managed" and x["id"] not in ("'"$iphone"'", "'"$lostphone"'", "'"$notified"'")')
check "a protected wipe without the justification header is 403 ApprovalRequired" test "$(curl -s -o "$work/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $helpdesk" -H 'Content-Type: application/json' -d '{}' "${url%/v1.0}/beta/deviceManagement/managedDevices/$maa_phone/wipe") $(json 'print(d["error"]["code"])' <"$work/body")" = "403 ApprovalRequired"
expect_exit "the wipe with x-msft-approval-justification, through the SDK's request configuration" 0 beta_sdk "$helpdesk" maawipe "$maa_phone" "Stolen, ticket 4411"
check "is 403 ApprovalRequired with the request's id in x-msft-approval-code" test "$(json 'print(d["status"], d["code"], bool(d["approvalCode"]) and d["approvalCode"] in d["message"])' <<<"$out")" = "403 ApprovalRequired True"
code=$(json 'print(d["approvalCode"])' <<<"$out")
check "and nothing is taken" test "$(m device "$maa_phone" --json --as admin@contoso.com | json 'print(d["device"]["managementState"])')" = managed
expect_exit "its status, polled by \$filter=requestId eq" 0 beta_sdk "$helpdesk" maastatus "$code"
check "needsApproval, with the requestor, the justification and deviceWipe" test "$(json 'print([(r["status"], r["requestor"], r["requestJustification"], r["policyTypes"]) for r in d])' <<<"$out")" = "[('needsApproval', 'helpdesk@contoso.com', 'Stolen, ticket 4411', ['deviceWipe'])]"
expect_exit "resent with the code before approval" 0 beta_sdk "$helpdesk" maacomplete "$maa_phone" "$code"
check "is refused (403) and takes nothing" test "$(json 'print(d["status"])' <<<"$out")" = 403
expect_exit "the requester's own approval through the SDK is refused" 3 beta_sdk "$helpdesk" maaapprove "$code" "mine"
expect_exit "the second administrator approves through the SDK" 0 beta_sdk "$lea" maaapprove "$code" "Checked with the user"
check "answered approved" test "$(json 'print(d["value"])' <<<"$out")" = approved
expect_exit "another operator resending the code" 0 beta_sdk "$admin" maacomplete "$maa_phone" "$code"
check "is refused (400): the code is the requester's" test "$(json 'print(d["status"])' <<<"$out")" = 400
expect_exit "the requester resends the wipe with x-msft-approval-code" 0 beta_sdk "$helpdesk" maacomplete "$maa_phone" "$code"
check "and it is taken (204)" test "$(json 'print(d)' <<<"$out")" = "{'done': 'maacomplete'}"
check "the device is wiping" test "$(m device "$maa_phone" --json --as admin@contoso.com | json 'print(d["device"]["managementState"])')" = wipePending
expect_exit "its status now" 0 beta_sdk "$lea" maastatus "$code"
check "completed, approved by lea with her note" test "$(json 'print([(r["status"], r["approver"], r["approvalJustification"]) for r in d])' <<<"$out")" = "[('completed', 'lea@contoso.com', 'Checked with the user')]"
maa_other=$(pick 'x["operatingSystem"] == "iOS" and x["managementState"] == "managed" and x["id"] not in ("'"$iphone"'", "'"$lostphone"'", "'"$notified"'", "'"$maa_phone"'")')
check "a rejected one: the SDK's reject answers rejected" bash -c "
    c=\$('$python' Tests/e2e/graph_sdk.py '${url%/v1.0}/beta' '$helpdesk' maawipe '$maa_other' 'Lost' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"approvalCode\"])') &&
    '$python' Tests/e2e/graph_sdk.py '${url%/v1.0}/beta' '$lea' maareject \"\$c\" 'Found it' | grep -q rejected"
deletion=$(request_id "$(m approvals policy delete "Device actions" --justification "end of the check" --as admin@contoso.com)")
m approvals approve "$deletion" --note ok --as lea@contoso.com >/dev/null && m approvals complete "$deletion" --as admin@contoso.com >/dev/null
check "the policy is gone again (deleting it took a second approval too)" test "$(m approvals policy --json | json 'print(len(d))')" = 0

echo "== the raw answers, with curl"
get() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
check "no token: 401 with Graph's error body" test "$(get "$url/deviceManagement/managedDevices")" = 401
check "  code InvalidAuthenticationToken, innerError with request-id and date" test "$(json 'e=d["error"]; print(e["code"], sorted(e["innerError"]))' <"$work/body")" = "InvalidAuthenticationToken ['client-request-id', 'date', 'request-id']"
check "a revoked token: 401" bash -c "id=\$('$bin' --db '$db' tokens list | awk '/help desk script/ {print \$1}'); '$bin' --db '$db' tokens revoke \"\$id\" >/dev/null && [ \"\$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $helpdesk' '$url/deviceManagement/managedDevices')\" = 401 ]"
auth=(-H "Authorization: Bearer $admin")
check "an unknown query option is refused, not ignored: 400" test "$(get "${auth[@]}" "$url/deviceManagement/managedDevices?\$search=x")" = 400
check "  naming it" grep -q "Query option '\$search' is not supported here" "$work/body"
# $filter, $orderby and $count, followed across pages with curl.
ios=$(m devices --platform iOS --json | json 'print(len([x for x in d if x["managementState"] not in ("retired", "wiped")]))')
follow() {  # follow URL: every id across nextLinks, one a line
    local link=$1
    while [ -n "$link" ]; do
        curl -s "${auth[@]}" "$link" >"$work/page"
        json 'print("\n".join(x["id"] for x in d["value"]))' <"$work/page"
        link=$(json 'print(d.get("@odata.nextLink", ""))' <"$work/page")
    done
}
check "\$filter=operatingSystem eq 'iOS' with \$count: the count is devices --platform iOS still managed ($ios)" test "$(get "${auth[@]}" "$url/deviceManagement/managedDevices?\$filter=operatingSystem%20eq%20'iOS'&\$count=true&\$top=100"; json 'print(" " + str(d["@odata.count"]))' <"$work/body")" = "200 $ios"
check "  and its pages, followed, hold exactly those devices" test "$(follow "$url/deviceManagement/managedDevices?\$filter=operatingSystem%20eq%20'iOS'&\$top=100&\$select=id" | sort | md5sum)" = "$(m devices --platform iOS --json | json 'print("\n".join(sorted(x["id"] for x in d if x["managementState"] not in ("retired", "wiped"))))' | md5sum)"
check "\$orderby=lastSyncDateTime: its pages hold every device still managed once" test "$(follow "$url/deviceManagement/managedDevices?\$orderby=lastSyncDateTime&\$top=400&\$select=id" | sort -u | wc -l)" = "$(m devices --json | json 'print(len([x for x in d if x["managementState"] not in ("retired", "wiped")]))')"
check "a bad \$filter says which term: 400" bash -c "[ \"\$(curl -s -o '$work/body' -w '%{http_code}' -H 'Authorization: Bearer $admin' \"$url/deviceManagement/managedDevices?\\\$filter=operatingSystem%20eq%20'iOS'%20and%20shoeSize%20eq%20'9'\")\" = 400 ] && grep -q 'term 2' '$work/body'"
check "a bad \$skiptoken: 400" test "$(get "${auth[@]}" "$url/deviceManagement/managedDevices?\$skiptoken=garbage")" = 400
check "a bad \$select: 400 naming the property" bash -c "[ \"\$(curl -s -o '$work/body' -w '%{http_code}' -H 'Authorization: Bearer $admin' '$url/deviceManagement/managedDevices?\$select=deviceName,shoeSize')\" = 400 ] && grep -q shoeSize '$work/body'"
check "\$top=3 gives 3 devices and a nextLink" test "$(get "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=3&\$select=deviceName"; json 'print(" " + str(len(d["value"])), "@odata.nextLink" in d)' <"$work/body")" = "200 3 True"
check "a single device: activationLockBypassCode null unless selected" bash -c "curl -s -H 'Authorization: Bearer $admin' '$url/deviceManagement/managedDevices/$iphone' | grep -q '\"activationLockBypassCode\":null'"
check "an unknown device: 404 ResourceNotFound" test "$(get "${auth[@]}" "$url/deviceManagement/managedDevices/nope")" = 404
check "an unknown path: 404" test "$(get "${auth[@]}" "$url/deviceManagement/somethingElse")" = 404
check "malformed JSON in a wipe body: 400" test "$(get -X POST "${auth[@]}" -d '{"keepUserData": tru' "$url/deviceManagement/managedDevices/$iphone/wipe")" = 400
check "a wrong type in a wipe body: 400 naming it" bash -c "[ \"\$(curl -s -o '$work/body' -w '%{http_code}' -X POST -H 'Authorization: Bearer $admin' -d '{\"keepUserData\": 1}' '$url/deviceManagement/managedDevices/$iphone/wipe')\" = 400 ] && grep -q \"keepUserData' must be a boolean\" '$work/body'"
check "a 1 MB body is refused (413), nothing taken" test "$(head -c 1000000 /dev/zero | tr '\0' 'a' | curl -s -o /dev/null -w '%{http_code}' -X POST "${auth[@]}" --data-binary @- "$url/deviceManagement/managedDevices/$iphone/syncDevice")" = 413
check "auditEvents \$filter on activityDateTime" test "$(get "${auth[@]}" "$url/deviceManagement/auditEvents?\$filter=activityDateTime%20ge%202026-11-24T00:00:00Z%20and%20activityDateTime%20le%202026-11-30T00:00:00Z&\$top=5"; json 'print(" " + str(len(d["value"])))' <"$work/body")" = "200 5"
check "a bad \$filter says where: 400" bash -c "[ \"\$(curl -s -o '$work/body' -w '%{http_code}' -H 'Authorization: Bearer $admin' '$url/deviceManagement/auditEvents?\$filter=actor%20eq%20x')\" = 400 ] && grep -q 'clause 1' '$work/body'"
batch="{\"requests\": [{\"id\": \"1\", \"method\": \"GET\", \"url\": \"/deviceManagement/managedDevices/$iphone?\$select=deviceName\"},
  {\"id\": \"2\", \"method\": \"POST\", \"url\": \"/deviceManagement/managedDevices/$windows/syncDevice\"},
  {\"id\": \"3\", \"method\": \"POST\", \"url\": \"/deviceManagement/managedDevices/$workprofile/wipe\", \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": {\"keepUserData\": true}},
  {\"id\": \"4\", \"method\": \"GET\", \"url\": \"/deviceManagement/nothingHere\"}]}"
check "\$batch: each request answered on its own (200, 204, 400 R4, 404)" test "$(get -X POST "${auth[@]}" -H 'Content-Type: application/json' -d "$batch" "$url/\$batch"; json 'print(" " + " ".join(str(r["status"]) + (":" + r["body"]["error"]["code"] if r["status"] == 400 else "") for r in sorted(d["responses"], key=lambda r: r["id"])))' <"$work/body")" = "200 200 204 400:R4 404"
many=$(python3 -c 'import json; print(json.dumps({"requests": [{"id": str(i), "method": "GET", "url": "/deviceManagement/auditEvents?$top=1"} for i in range(21)]}))')
check "\$batch of 21 requests: 400" test "$(get -X POST "${auth[@]}" -d "$many" "$url/\$batch")" = 400
# A slow client (headers never finished) and one that leaves mid-body hold nothing up.
port=${url#http://127.0.0.1:}; port=${port%%/*}
python3 - "$port" >"$work/slow.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
slow = socket.create_connection(("127.0.0.1", port))
slow.sendall(b"GET /v1.0/deviceManagement/managedDevices HTTP/1.1\r\nHost: x\r\n")   # never finished
gone = socket.create_connection(("127.0.0.1", port))
gone.sendall(b"POST /v1.0/deviceManagement/managedDevices/x/syncDevice HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789")
gone.close()                                                                           # leaves mid-body
time.sleep(3)
slow.close()
PY
slow=$!
sleep 0.5
check "while a client dawdles and another leaves mid-body, others are served (200)" test "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=1")" = 200
wait "$slow" || true
check "one log line per request: method, path, status, ms, operator" grep -qE "POST /v1.0/deviceManagement/managedDevices/[^ ]+/retire 204 [0-9.]+ ms admin@contoso.com" "$work/serve.log"

echo "== Microsoft's generated models (msgraph-sdk) as the judges of every kind of answer"
expect_exit "the judge finds each kind of fault in a known-bad answer and a known-bad \$metadata" 0 "$python" Tests/e2e/graph_conformance.py --self-test
check "\$metadata answers without a token, as XML (v1.0 and beta)" bash -c "
    [ \"\$(curl -s -o /dev/null -w '%{http_code} %{content_type}' '$url/\$metadata')\" = '200 application/xml; charset=utf-8' ] &&
    curl -s '${url%/v1.0}/beta/\$metadata' | grep -q '<EnumType Name=\"chassisType\">' && ! curl -s '$url/\$metadata' | grep -q chassisType"
expect_exit "\$metadata, lists, selections, a device, action result subtypes, audit events, permissions, errors and \$batch read as v1.0's models read them" \
    0 "$python" Tests/e2e/graph_conformance.py "$url" "$admin"
[ -n "$out" ] && printf '      %s\n' "$out" | head -20
expect_exit "/beta's \$metadata and answers read as msgraph-beta-sdk's models read them, with all of beta's properties" 0 "$python" Tests/e2e/graph_conformance.py --beta "${url%/v1.0}/beta" "$admin"
[ -n "$out" ] && printf '      %s\n' "$out" | head -20
check "/beta tells a dedicated Android device from a fully managed one; v1.0 cannot" bash -c "
    id=\$('$bin' --db '$db' devices --json | $python -c 'import json,sys; print([x[\"id\"] for x in json.load(sys.stdin) if x[\"managementType\"] == \"androidDedicated\" and x[\"managementState\"] == \"managed\"][0])')
    curl -s -H 'Authorization: Bearer $admin' '${url%/v1.0}/beta/deviceManagement/managedDevices/'\$id | grep -q '\"deviceEnrollmentType\":\"androidEnterpriseDedicatedDevice\"' &&
    curl -s -H 'Authorization: Bearer $admin' '$url/deviceManagement/managedDevices/'\$id | grep -q '\"deviceEnrollmentType\":\"unknownFutureValue\"'"

echo "== health and metrics"
version=$("$bin" --version)
check "the first log line names the version and the store" grep -qF "$version serving $db" "$work/serve.log"
health=$(curl -s -D "$work/health.headers" "${url%/v1.0}/healthz")
check "/healthz answers without a token: up, store readable, schema version" \
    test "$(json 'print(d["status"], d["store"], d["schemaVersion"])' <<<"$health")" = "up readable $(sed -E 's/.*store schema ([0-9]+).*/\1/' <<<"$version")"
check "the Server header names the version" grep -qiE "^server: mdmconsole/[0-9]+\.[0-9]+\.[0-9]+" "$work/health.headers"
metrics_url=$(sed -n 's/^metrics on //p' "$work/serve.out")
check "the metrics listen on an address of their own ($metrics_url)" bash -c "[[ '$metrics_url' =~ ^http://127\.0\.0\.1:[0-9]+/metrics$ ]] && [ '${metrics_url%/metrics}' != '${url%/v1.0}' ]"
metrics=$(curl -s "$metrics_url")
check "metrics count the retires answered 204, by route" grep -qE '^mdmconsole_http_requests_total\{route="managedDevice/retire",status="204"\} [1-9]' <<<"$metrics"
check "metrics count the 401s of requests without a token" grep -qE '^mdmconsole_http_requests_total\{route="[^"]+",status="401"\} [1-9]' <<<"$metrics"
check "metrics have a latency histogram per route" grep -qE '^mdmconsole_http_request_duration_seconds_bucket\{route="managedDevices",le="0.1"\} [0-9]' <<<"$metrics"
check "metrics time the store's write waits" grep -qE '^mdmconsole_store_write_wait_seconds_count [1-9]' <<<"$metrics"
check "no device id or operator is ever a label" bash -c "! grep -qE '$iphone|contoso' <<<\"\$1\"" _ "$metrics"
check "the metrics address answers no Graph request" test "$(curl -s -o /dev/null -w '%{http_code}' "${metrics_url%/metrics}/v1.0/deviceManagement/managedDevices")" = 404

kill -TERM "$server"
set +e; wait "$server"; code=$?; set -e
server=
check "SIGTERM: the server stops with status 0" test "$code" = 0
expect_exit "the store tells one story" 0 m check
expect_exit "the audit chain is intact" 0 m audit verify

# start_server ARGS…: a server on a free port, its url in $url and pid in $server.
start_server() {
    # Emptied before the server starts: the loop below could otherwise read the last server's
    # "listening on" line before the background shell truncates the file (a CI run did).
    : >"$work/serve.out"
    "$bin" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$work/serve.out" 2>>"$work/serve.log" &
    server=$!
    local deadline=$((SECONDS + 15))
    until grep -q '^listening on ' "$work/serve.out" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "serve did not start: $(tail -3 "$work/serve.log")" >&2; return 1; }
        sleep 0.05
    done
    url=$(sed -n 's/^listening on //p' "$work/serve.out")
}

echo "== throttling"
start_server --throttle 5/20s
before=$(sqlite3 "$db" "SELECT COUNT(*) FROM action")
codes=""
for id in $(m devices --platform Windows --json | json 'print(" ".join(x["id"] for x in d[-6:]))'); do
    codes+=" $(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X POST "${auth[@]}" "$url/deviceManagement/managedDevices/$id/syncDevice")"
done
check "five syncs in 20 s are taken, the sixth is 429 ($codes)" test "$codes" = " 204 204 204 204 204 429"
check "with Retry-After in seconds" grep -qiE '^retry-after: [0-9]+' "$work/headers"
check "and Graph's body, code TooManyRequests" test "$(json 'print(d["error"]["code"])' <"$work/body")" = TooManyRequests
check "the throttled one was not carried out (5 new actions)" test "$(( $(sqlite3 "$db" "SELECT COUNT(*) FROM action") - before ))" = 5
kill -TERM "$server"; wait "$server" || true; server=

echo "== HTTPS"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
start_server --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
check "with --tls-cert and --tls-key it listens on https ($url)" bash -c "[[ '$url' == https://127.0.0.1:* ]]"
check "a client that trusts the certificate is served (200)" test "$(curl -s --cacert "$work/cert.pem" -o /dev/null -w '%{http_code}' "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=1")" = 200
check "one that does not trust it is refused by TLS (curl 60)" bash -c "curl -s -o /dev/null '$url/deviceManagement/managedDevices'; [ \$? = 60 ]"
check "plain HTTP to it gets no answer" test "$(curl -s -m 3 -o /dev/null -w '%{http_code}' "${url/https/http}/deviceManagement/managedDevices")" = 000
next=$(curl -s --cacert "$work/cert.pem" "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=2" | json 'print(d["@odata.nextLink"], d["@odata.context"])')
check "its nextLink and context are https at its own address ($next)" bash -c "[[ '$next' == '$url/deviceManagement/managedDevices?'*' $url/\$metadata'* ]]"
next=$(curl -s --cacert "$work/cert.pem" -H 'Host: evil.example' "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=2" | json 'print(d["@odata.nextLink"])')
check "a Host header of the client's choosing does not move them ($next)" bash -c "[[ '$next' == '$url/'* ]]"
kill -TERM "$server"; wait "$server" || true; server=

echo "== --public-url"
expect_exit "--public-url over plain http beyond loopback is refused" 2 "$bin" --db "$db" serve --listen 127.0.0.1:0 --public-url http://graph.example.org
expect_exit "--public-url that is no URL is refused" 2 "$bin" --db "$db" serve --listen 127.0.0.1:0 --public-url 'graph example'
start_server --public-url https://graph.example.org/
next=$(curl -s "${auth[@]}" "$url/deviceManagement/managedDevices?\$top=2" | json 'print(d["@odata.nextLink"])')
check "behind a proxy the links name the --public-url ($next)" bash -c "[[ '$next' == https://graph.example.org/v1.0/deviceManagement/managedDevices?* ]]"
kill -TERM "$server"; wait "$server" || true; server=

echo "== SIGKILL during 8 concurrent writers, 10 times (trust.sh kills the store's writers 120 times; these are the server's)"
devices=$(m devices --platform Windows --json | json 'print(" ".join(x["id"] for x in d[:40]))')
for round in $(seq 1 10); do
    start_server --throttle off || { fail "round $round: the server starts"; break; }
    writers=()
    for w in 1 2 3 4 5 6 7 8; do
        ( for id in $devices; do curl -s -o /dev/null -m 2 -X POST "${auth[@]}" "$url/deviceManagement/managedDevices/$id/syncDevice" || true; done ) &
        writers+=($!)
    done
    sleep "0.$(( (RANDOM % 4) + 2 ))"
    kill -KILL "$server"; wait "$server" 2>/dev/null || true; server=
    for w in "${writers[@]}"; do wait "$w" 2>/dev/null || true; done
    if ! m check >/dev/null 2>"$work/err" || ! m audit verify >/dev/null 2>>"$work/err"; then
        fail "round $round: check and audit verify pass after the kill" "$(head -3 "$work/err")"
    fi
done
expect_exit "after 10 kills: the store tells one story" 0 m check
check "  with the writers' work in it ($(sqlite3 "$db" "SELECT COUNT(*) FROM action") actions)" test "$(sqlite3 "$db" "SELECT COUNT(*) FROM action")" -gt 50
expect_exit "after 10 kills: the audit chain is intact" 0 m audit verify
finish
