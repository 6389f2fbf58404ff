# Shared helpers for the end-to-end scripts: counting checks and reporting them.
passed=0
failed=0

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '      %s\n' "$2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() {
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# expect_exit NAME CODE COMMAND...: runs COMMAND, keeps stdout/stderr in $out/$err.
expect_exit() {
    local name=$1 code=$2; shift 2
    set +e
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    set -e
    out=$(cat "$work/out"); err=$(cat "$work/err")
    if [ "$got" = "$code" ]; then pass "$name"; else fail "$name" "exit $got, expected $code; stderr: $err"; fi
}

contains() { grep -qF -- "$2" <<<"$1"; }

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}
