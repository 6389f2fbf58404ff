#!/usr/bin/env bash
# End to end, for trust: tampering done with the sqlite3 shell is found by `audit verify`;
# SIGKILLed writers lose nothing and half-write nothing; 8 concurrent writers are
# serialised; damaged or foreign stores are refused and left byte-for-byte untouched.
# Bounded: fixed counts, and every background process is waited for or killed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Tests/e2e/lib.sh
bin=$(pwd)/${MDMCONSOLE_BIN:-.build/debug/mdmconsole}
work=$(mktemp -d)
chmod 755 "$work"
# Every background writer's pid is kept, so clean-up ends only what this script started.
started_pids=()
trap 'for p in "${started_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export MDMCONSOLE_OPERATOR=admin@contoso.com
m() { "$bin" "$@"; }
fresh() { m --db "$1" demo --now 2026-11-24T09:00:00Z --devices "${2:-300}" >/dev/null; }

echo "== tampering with sqlite3"
for kind in edited missing inserted reordered; do
    db=$work/tamper-$kind.sqlite
    fresh "$db" 120
    m --db "$db" exercise --actions 30 --seed 5 >/dev/null
    expect_exit "$kind: intact before" 0 m --db "$db" audit verify
    case $kind in
        edited) sql="UPDATE auditEntry SET actor = 'mallory@contoso.com' WHERE id = 12;" ;;
        missing) sql="DELETE FROM auditEntry WHERE id = 12;" ;;
        inserted) sql="INSERT INTO auditEntry(time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash, origin) SELECT time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash, origin FROM auditEntry WHERE id = 12;" ;;
        reordered) sql="UPDATE auditEntry SET id = -1 WHERE id = 12; UPDATE auditEntry SET id = 12 WHERE id = 13; UPDATE auditEntry SET id = 13 WHERE id = -1;" ;;
    esac
    sqlite3 "$db" "DROP TRIGGER auditEntry_no_update; DROP TRIGGER auditEntry_no_delete; $sql"
    expect_exit "$kind: audit verify exits 5" 5 m --db "$db" audit verify
    check "$kind: it names the entry and how ($out)" grep -q "entry [0-9]* $kind" <<<"$out"
done
db=$work/append-only.sqlite
fresh "$db" 40
set +e; sqlite3 "$db" "UPDATE auditEntry SET actor = 'x' WHERE id = 1" 2>"$work/err"; code=$?; set -e
check "UPDATE of an audit entry is refused by the store itself" grep -q "append-only" "$work/err"
set +e; sqlite3 "$db" "DELETE FROM auditEntry WHERE id = 1" 2>"$work/err"; set -e
check "DELETE of an audit entry is refused by the store itself" grep -q "append-only" "$work/err"

echo "== SIGKILL at random moments"
db=$work/crash.sqlite
fresh "$db" 150
kills=${CRASH_KILLS:-120}
started=$SECONDS
for i in $(seq 1 "$kills"); do
    m --db "$db" exercise --actions 100000 --move-clock --seed "$i" >/dev/null 2>"$work/crash-err" &
    pid=$!
    started_pids+=("$pid")
    sleep "0.$(( (RANDOM % 35) + 5 ))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -s "$work/crash-err" ]; then fail "writer $i reported an error" "$(head -1 "$work/crash-err")"; fi
done
actions=$(sqlite3 "$db" "SELECT COUNT(*) FROM action")
entries=$(sqlite3 "$db" "SELECT COUNT(*) FROM auditEntry")
echo "      $kills kills in $((SECONDS - started)) s; the store holds $actions actions and $entries audit entries"
check "$kills kills survived, with work done in between ($actions actions)" test "$actions" -gt 200
expect_exit "after the kills: every action has its audit entry and every device matches its last action" 0 m --db "$db" check
expect_exit "after the kills: audit verify passes" 0 m --db "$db" audit verify

echo "== 8 processes x 250 actions at once"
db=$work/concurrent.sqlite
fresh "$db" 300
before=$(sqlite3 "$db" "SELECT COUNT(*) FROM auditEntry")
started=$SECONDS
pids=()
for i in 1 2 3 4 5 6 7 8; do
    m --db "$db" exercise --actions 250 --seed "$((i * 101))" >"$work/writer-$i.out" 2>"$work/writer-$i.err" &
    pids+=($!)
    started_pids+=($!)
done
failures=0
for pid in "${pids[@]}"; do wait "$pid" || failures=$((failures + 1)); done
after=$(sqlite3 "$db" "SELECT COUNT(*) FROM auditEntry")
echo "      8 x 250 actions in $((SECONDS - started)) s"
check "no writer failed" test "$failures" = 0
check "no writer saw 'database is locked'" bash -c "! grep -qi 'locked\|busy' $work/writer-*.err"
check "exactly 2000 new audit entries ($((after - before)))" test "$((after - before))" = 2000
expect_exit "the chain verifies" 0 m --db "$db" audit verify
expect_exit "and the store is consistent" 0 m --db "$db" check

echo "== damaged or foreign stores"
fresh "$work/good.sqlite" 40
# refuse NAME FILE MESSAGE [RUNNER...]: the command fails with one line naming FILE, which is unchanged.
refuse() {
    local name=$1 file=$2 message=$3; shift 3
    local sum; sum=$(sha256sum "$file" 2>/dev/null || echo dir)
    set +e; "$@" "$bin" --db "$file" devices >"$work/out" 2>"$work/err"; local code=$?; set -e
    check "$name: exits non-zero ($code)" test "$code" -ne 0
    check "$name: one line naming the path and the cause" bash -c "[ \$(wc -l <'$work/err') = 1 ] && grep -qF -- '$file' '$work/err' && grep -qF -- '$message' '$work/err'"
    check "$name: left untouched" test "$sum" = "$(sha256sum "$file" 2>/dev/null || echo dir)"
    check "$name: no -wal or -shm created" test ! -e "$file-wal" -a ! -e "$file-shm"
}
printf 'Device name,Serial\nAna,123\n' >"$work/devices.csv"
refuse "a CSV file" "$work/devices.csv" "not an SQLite database"
head -c 20000 "$work/good.sqlite" >"$work/truncated.sqlite"
refuse "a truncated database" "$work/truncated.sqlite" "damaged"
sqlite3 "$work/foreign.sqlite" "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup');"
refuse "another program's database" "$work/foreign.sqlite" "not an mdmconsole store"
cp "$work/good.sqlite" "$work/newer.sqlite"
sqlite3 "$work/newer.sqlite" "PRAGMA journal_mode=DELETE; INSERT INTO grdb_migrations VALUES ('v9: from a newer mdmconsole');" >/dev/null
refuse "a newer schema" "$work/newer.sqlite" "written by a newer mdmconsole"
mkdir -p "$work/folder.sqlite"
refuse "a directory" "$work/folder.sqlite" "is a directory"
cp "$work/good.sqlite" "$work/readonly.sqlite"
chmod 444 "$work/readonly.sqlite"
chown 65534:65534 "$work/readonly.sqlite"
refuse "a read-only file" "$work/readonly.sqlite" "the file is read-only" setpriv --reuid=65534 --regid=65534 --clear-groups
cp "$work/good.sqlite" "$work/others.sqlite"
refuse "another user's store" "$work/others.sqlite" "belongs to root, and you (nobody) may not read and write it" setpriv --reuid=65534 --regid=65534 --clear-groups
mkdir -p "$work/locked" && cp "$work/good.sqlite" "$work/locked/tenant.sqlite" && chmod 666 "$work/locked/tenant.sqlite" && chmod 555 "$work/locked"
refuse "a read-only folder" "$work/locked/tenant.sqlite" "is read-only" setpriv --reuid=65534 --regid=65534 --clear-groups
finish
