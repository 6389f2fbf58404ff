#!/usr/bin/env bash
# End to end: bulk actions from the command line on a demo tenant, and a bulk run of 5,000
# devices killed with SIGKILL at 10 moments (trust.sh kills single writers 120 times): after each, `check` and `audit verify` pass and
# the killed run's results read back. Everything it starts it stops by pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
runner=
socket="mdmconsole-bulk-$$"
cleanup() { [ -n "$runner" ] && kill -KILL "$runner" 2>/dev/null; tmux_ kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
unset MDMCONSOLE_OPERATOR MDMCONSOLE_DB
db=$work/tenant.sqlite
m() { "$bin" --db "$db" "$@"; }
json() { python3 -c "import json,sys; $1"; }

"$bin" --db "$db" --as admin@contoso.com demo --devices 300 --now 2026-11-24T09:00:00Z >/dev/null

echo "== preview, confirmation by count, results"
expect_exit "a dry run: exit 0" 0 m run retire --platform android --dry-run
takeable=$(sed -n 's/^retire: \([0-9]*\) of \([0-9]*\) devices would take it\.$/\1/p' <<<"$out")
total=$(sed -n 's/^retire: \([0-9]*\) of \([0-9]*\) devices would take it\.$/\2/p' <<<"$out")
check "it counts the devices that would take it ($takeable of $total)" test -n "$takeable"
check "groups the others by rule" bash -c "grep -Eq '^  R[0-9]+: [0-9]+ greyed — ' <<<'$out'"
check "and says how to confirm" contains "$out" "add --confirm-count $takeable"
check "the dry run took nothing" test "$(m actions --json | json 'print(len(json.load(sys.stdin)))')" = "$(m actions --json | json 'print(len(json.load(sys.stdin)))')"
before=$(m audit --json | json 'print(len(json.load(sys.stdin)))')
expect_exit "--dry-run --json: one object per device, then the summary" 0 m run retire --platform android --dry-run --json
check "$total lines and a summary" test "$(wc -l <<<"$out")" = $((total + 1))
check "the summary's counts" bash -c "tail -1 <<<'$out' | grep -q '\"takeable\":$takeable'"
expect_exit "a bulk retire without --confirm-count: exit 2" 2 m run retire --platform android
check "saying the number to type" contains "$err" "--confirm-count $takeable"
expect_exit "a wrong count: exit 2" 2 m run retire --platform android --confirm-count 1
check "saying both numbers" contains "$err" "the confirmation says 1 but $takeable devices would take it now"
check "nothing was done" test "$(m audit --json | json 'print(len(json.load(sys.stdin)))')" = "$before"
expect_exit "the right count: some greyed, exit 3" 3 m run retire --platform android --confirm-count "$takeable" --json
check "one object per device" test "$(grep -c '"result":"taken"' <<<"$out")" = "$takeable"
bulk_id=$(tail -1 <<<"$out" | json 'print(json.load(sys.stdin)["summary"]["bulkDeviceActionId"])')
check "every audit entry of the run carries its bulkDeviceActionId and deviceActionCategory bulk" \
    test "$(m audit --json --activity retire | json "print(len([e for e in json.load(sys.stdin) if e['bulkDeviceActionId'] == '$bulk_id' and e['deviceActionCategory'] == 'bulk']))")" = "$takeable"
expect_exit "bulk show lists its results" 0 m bulk show "$bulk_id" --result greyed
check "the greyed ones with their rule" bash -c "grep -q 'greyed' <<<'$out'"
expect_exit "bulk list shows the run" 0 m bulk list
check "done" bash -c "grep '$bulk_id' <<<'$out' | grep -q done"

echo "== roles, caps, files"
expect_exit "a help desk's bulk wipe: nothing to take, exit 3" 3 m --as helpdesk@contoso.com run wipe --all --confirm-count 1
check "by role" contains "$err" "no selected device can take it"
expect_exit "bulk max is an Administrator's: exit 3" 3 m --as helpdesk@contoso.com bulk max 5000
expect_exit "an Administrator lowers it" 0 m --as admin@contoso.com bulk max 100
expect_exit "a selection over the cap is refused before anything: exit 3" 3 m --as admin@contoso.com run sync --all
check "saying the cap" contains "$err" "300 devices selected; one bulk run takes at most 100"
m --as admin@contoso.com devices --json | json 'print("\n".join(d["id"] for d in json.load(sys.stdin)[:3]))' >"$work/ids.txt"
expect_exit "--ids-from: the ids of a file" 0 m --as admin@contoso.com run sync --ids-from "$work/ids.txt" --dry-run
check "3 devices" contains "$out" "of 3 devices"
cp "$work/ids.txt" "$work/unknown.txt"; printf 'not-a-device\n' >>"$work/unknown.txt"
expect_exit "--ids-from with an id of no device: exit 2, nothing done" 2 m --as admin@contoso.com run sync --ids-from "$work/unknown.txt"
check "naming its line" contains "$err" "line 4: no device not-a-device in this tenant; nothing was done"
cp "$work/ids.txt" "$work/twice.txt"; head -1 "$work/ids.txt" >>"$work/twice.txt"
expect_exit "--ids-from with an id twice: exit 2" 2 m --as admin@contoso.com run sync --ids-from "$work/twice.txt"
check "naming both lines" contains "$err" "line 4: the id $(head -1 "$work/ids.txt") is already on line 1"
mkfifo "$work/ids.fifo"
expect_exit "--ids-from a FIFO: exit 2 at once, never blocked" 2 timeout 10 "$bin" --db "$db" --as admin@contoso.com run sync --ids-from "$work/ids.fifo"
check "saying it is not a regular file" contains "$err" "not a regular file"
head -c 300000 /dev/zero | tr '\0' a >"$work/long.txt"
expect_exit "--ids-from with a 300 KB line: exit 2" 2 m --as admin@contoso.com run sync --ids-from "$work/long.txt"
check "naming the line and the limit" contains "$err" "line 1: 300000 bytes; an id is at most 256"
printf 'ok\nbad\x1b[2Jid\n' >"$work/bad.txt"
expect_exit "--ids-from with a control character: exit 2" 2 m run sync --ids-from "$work/bad.txt"
check "naming the line" contains "$err" "line 2"
expect_exit "DEVICE and a selection: exit 2" 2 m run sync "x" --all

echo "== in the console (tmux, 80x24)"
"$bin" --db "$db" --as admin@contoso.com bulk max 1000 >/dev/null
tmux_ new-session -d -s bulk -x 80 -y 24 "env HOME=$work LANG=C.UTF-8 TERM=tmux-256color $bin --db $db --as admin@contoso.com"
pane_wait bulk "All devices opens" "devices"
pane_keys bulk Space Space Space
pane_wait bulk "Space marks three devices: 3 marked in the header" "3 marked"
check "with a mark column" test "$(pane_text bulk | grep -c '^ \*')" = 3
pane_keys bulk u
pane_keys bulk / iphone Enter '*'
pane_wait bulk "* marks the whole filter" "Every device of this filter is marked"
pane_keys bulk m
pane_wait bulk "the bulk menu counts each action" "Retire: "
pane_keys bulk End
pane_wait bulk "Collect diagnostics's greyed groups (iPhones: R35) are numbered" "1. R35:"
pane_keys bulk 1
pane_wait bulk "a group opens to its devices" "iPhone"
pane_keys bulk Home Enter
pane_wait bulk "retire asks for the number" "Type the number of devices"
count=$(pane_text bulk | sed -n 's/.*Type the number of devices, \([0-9]*\), to confirm.*/\1/p' | head -1)
pane_keys bulk "$count" Enter
pane_wait bulk "the results come: every device's outcome" "Retire: results" 30
pane_keys bulk f
pane_wait bulk "f filters the results" "Showing taken"
pane_keys bulk Escape
pane_keys bulk : bulk Enter
pane_wait bulk ":bulk reopens the runs" "Bulk runs"
pane_keys bulk Escape q
sleep 0.5

echo "== a bulk run of 5,000 devices killed 10 times"
big=$work/big.sqlite
"$bin" --db "$big" --as admin@contoso.com demo --devices 5000 --now 2026-11-24T09:00:00Z >/dev/null
"$bin" --db "$big" --as admin@contoso.com bulk max 5000 >/dev/null
consistent=0
for attempt in $(seq 1 10); do
    "$bin" --db "$big" --as admin@contoso.com run sync --all >/dev/null 2>&1 &
    runner=$!
    sleep "$((RANDOM % 5 + 1)).$((RANDOM % 10))"
    kill -KILL "$runner" 2>/dev/null || true
    wait "$runner" 2>/dev/null || true
    runner=
    if "$bin" --db "$big" check >/dev/null 2>&1 && "$bin" --db "$big" audit verify >/dev/null 2>&1; then consistent=$((consistent + 1)); fi
done
check "check and audit verify pass after each of 10 SIGKILLs ($consistent of 10)" test "$consistent" = 10
killed=$("$bin" --db "$big" bulk list | grep -c 'running or killed' || true)
check "the killed runs are listed as running or killed ($killed)" test "$killed" -ge 1
last=$("$bin" --db "$big" bulk list | sed -n '2p' | cut -d' ' -f1)
expect_exit "a killed run's results read back" 0 "$bin" --db "$big" bulk show "$last" --json
entries=$("$bin" --db "$big" audit --json --activity syncDevice | json "print(len([e for e in json.load(sys.stdin) if e['bulkDeviceActionId'] == '$last']))")
check "one audit entry per taken result of the killed run ($entries)" test "$(grep -c '"result":"taken"' <<<"$out" || true)" = "$entries"

echo "== Esc stops a console run after the device in progress"
tmux_ new-session -d -s stop -x 80 -y 24 "env HOME=$work LANG=C.UTF-8 TERM=tmux-256color $bin --db $big --as admin@contoso.com"
pane_wait stop "the big tenant opens" "devices" 20
pane_keys stop '*' m
pane_wait stop "the bulk menu of every device" "Sync: " 30
pane_keys stop Down Down Down Enter
pane_wait stop "sync asks y or Enter" "Send Sync to"
pane_keys stop y
pane_wait stop "the run shows its progress" "Esc stops after the device in progress" 20
pane_keys stop Escape
pane_wait stop "Esc stops it: the results say what was not reached" "not reached" 30
check "check passes after the stopped run" bash -c "'$bin' --db '$big' check >/dev/null"
pane_keys stop Escape q
finish
