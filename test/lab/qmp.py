#!/usr/bin/python3
"""Minimal QMP client for the lab: qmp.py SOCKET 'JSON command'...
                                    qmp.py SOCKET -   (commands from stdin, one a line)

Connects to QEMU's QMP unix socket (waiting up to 30 s for it to appear),
negotiates capabilities, runs each command in order and prints one line per
command: "qmp: <command> -> <return or error>". Asynchronous events are
skipped. Exit 0 when every command returned, 1 when one failed (the rest
still run), 2 when the socket cannot be reached.
"""
import itertools
import json
import socket
import sys
import time


def connect(path):
    deadline = time.monotonic() + 30
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def reply(f):
    """The next line that answers a command (events are not answers)."""
    while True:
        line = f.readline()
        if not line:
            raise EOFError("QMP connection closed")
        msg = json.loads(line)
        if "return" in msg or "error" in msg:
            return msg


def main():
    if len(sys.argv) < 2:
        print("usage: qmp.py SOCKET 'JSON command'...", file=sys.stderr)
        return 2
    try:
        s = connect(sys.argv[1])
    except OSError as e:
        print(f"qmp: cannot connect to {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    f = s.makefile("rw")
    json.loads(f.readline())  # the greeting
    rc = 0
    cmds = sys.argv[2:]
    if cmds == ["-"]:
        cmds = (line.strip() for line in sys.stdin)
    # chain, not a list: commands from stdin run as they arrive
    for cmd in itertools.chain([json.dumps({"execute": "qmp_capabilities"})], cmds):
        f.write(cmd + "\n")
        f.flush()
        msg = reply(f)
        if "error" in msg:
            rc = 1
            print(f"qmp: {cmd} -> ERROR {msg['error'].get('desc', msg['error'])}", flush=True)
        elif "qmp_capabilities" not in cmd:
            print(f"qmp: {cmd} -> {json.dumps(msg['return'])}", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
