# Shared helpers for the end-to-end scripts: counting checks and reporting them.
passed=0
failed=0

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '      %s\n' "$2"; return 0; }

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

# free_port: a TCP port on 127.0.0.1 nobody listens on now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_sshd WORK PORT [CONFIG LINES...]: a real OpenSSH server on 127.0.0.1:PORT with its own
# configuration, host key and pid file in WORK (nothing under /etc is touched), logging to
# WORK/sshd.log; stop it with `kill "$(cat WORK/sshd.pid)"`. Needs root (sshd switches users).
start_sshd() {
    local work=$1 port=$2; shift 2
    [ "$(id -u)" = 0 ] || { echo "this check runs sshd, which needs root"; exit 1; }
    [ -x /usr/sbin/sshd ] || { echo "this check needs OpenSSH's server (apt-get install openssh-server)"; exit 1; }
    mkdir -p /run/sshd
    ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
    {
        printf '%s\n' "ListenAddress 127.0.0.1" "Port $port" "HostKey $work/host_key" "PidFile $work/sshd.pid" \
            "UsePAM no" "StrictModes no" "PasswordAuthentication no" "KbdInteractiveAuthentication no" \
            "PermitRootLogin prohibit-password"
        printf '%s\n' "$@"
    } >"$work/sshd_config"
    /usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log"
    local deadline=$((SECONDS + 10))
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { fail "sshd listens" "$(cat "$work/sshd.log")"; return 1; }
        sleep 0.1
    done
    pass "sshd listens on 127.0.0.1:$port"
}

# descendants PID: every process below PID (children, their children, …), one pid a line.
descendants() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# stop_sshd WORK: the sshd of start_sshd and every session it started, by pid, then a moment
# for them to let go of WORK's files.
stop_sshd() {
    local sshd_pid p
    sshd_pid=$(cat "$1/sshd.pid" 2>/dev/null || true)
    [ -n "$sshd_pid" ] || return 0
    for p in $(descendants "$sshd_pid"); do kill -KILL "$p" 2>/dev/null || true; done
    kill "$sshd_pid" 2>/dev/null || true
    sleep 0.3
}

# tmux on this script's own server (set `socket` first), never the user's.
tmux_() { tmux -L "$socket" -f /dev/null "$@"; }
# pane_text SESSION: what SESSION shows, lines a shell wrapped joined.
pane_text() { tmux_ capture-pane -p -J -t "$1"; }
# pane_keys SESSION KEYS...: types into SESSION.
pane_keys() { local session=$1; shift; tmux_ send-keys -t "$session" "$@"; }
# pane_wait SESSION NAME TEXT [SECONDS]: passes as soon as TEXT shows in SESSION (10 s at most).
pane_wait() {
    local session=$1 name=$2 text=$3 deadline=$((SECONDS + ${4:-10}))
    while [ $SECONDS -lt $deadline ]; do
        if pane_text "$session" | grep -qF -- "$text"; then pass "$name"; return 0; fi
        sleep 0.1
    done
    fail "$name" "never saw: $text"
    pane_text "$session" | sed 's/^/      | /'
    return 0
}
