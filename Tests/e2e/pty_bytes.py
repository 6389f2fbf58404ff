#!/usr/bin/env python3
"""Counts the bytes the console writes to its terminal for one key, in a pseudo-terminal
of a given size: the first frame, then each key in turn. Prints one line per key.

    pty_bytes.py BINARY DATABASE [KEY...]     the console on DATABASE
    pty_bytes.py --keys "K1 K2" -- COMMAND... any command (an ssh client, say): the bytes
                                              that reach its terminal
    --dump FILE (first): also write every byte the terminal received to FILE"""
import fcntl, os, select, struct, subprocess, sys, termios, time

def read_quiet(fd, quiet=0.4, limit=5.0):
    """Reads until the program has been silent for `quiet` seconds."""
    data = b""
    start = last = time.time()
    while time.time() - start < limit:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            last = time.time()
        elif time.time() - last > quiet and data:
            break
        elif time.time() - last > quiet * 3:
            break
    return data

def main():
    dump = None
    if sys.argv[1] == "--dump":
        dump = open(sys.argv[2], "wb")
        del sys.argv[1:3]
    if sys.argv[1] == "--keys":
        keys = sys.argv[2].split()
        command = sys.argv[sys.argv.index("--") + 1:]
    else:
        binary, database = sys.argv[1], sys.argv[2]
        keys = sys.argv[3:] or ["j"]
        command = [binary, "--db", database]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               preexec_fn=os.setsid, close_fds=True)
    os.close(slave)
    first = read_quiet(master, quiet=0.8, limit=15.0)
    if dump: dump.write(first)
    print(f"first frame: {len(first)} bytes")
    names = {"j": "cursor down (j)", "\x1b[6~": "page down", "\x1b[B": "cursor down (arrow)", "m": "open More", "\x1b": "Esc"}
    for key in keys:
        key = key.encode().decode("unicode_escape")
        os.write(master, key.encode())
        out = read_quiet(master)
        if dump: dump.write(out)
        print(f"{names.get(key, repr(key))}: {len(out)} bytes")
    os.write(master, b"q")
    if dump: dump.write(read_quiet(master, quiet=0.3, limit=3.0))
    process.wait(timeout=5)
    os.close(master)

main()
