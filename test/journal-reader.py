#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A stand-in for journald (or syslogd) for the tests: bind a datagram
socket at PATH, write "ready" to READY, then print each message received,
one JSON object a line, until one matches --until FIELD=VALUE or --timeout.

usage: journal-reader.py --native|--syslog PATH READY [--until K=V] [--timeout S]

--native parses journald's native protocol (what sd_journal_sendv() sends
to /run/systemd/journal/socket): fields "NAME=value\\n", or "NAME\\n", a
64-bit little-endian length, the value and "\\n" for values with newlines;
a message passed as a memfd (SCM_RIGHTS) is read from the descriptor.
--syslog keeps the datagram (what syslog(3) sends to /dev/log) as
{"SYSLOG": text, "EVENT": the "event" of the JSON line in it}.
"""
import array
import json
import os
import socket
import struct
import sys


def parse_native(data):
    fields, i = {}, 0
    while i < len(data):
        nl = data.index(b"\n", i)
        line = data[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            n = struct.unpack("<Q", data[nl + 1:nl + 9])[0]
            v = data[nl + 9:nl + 9 + n]
            i = nl + 9 + n + 1
        fields[k.decode()] = v.decode(errors="replace")
    return fields


def parse_syslog(data):
    """The datagram, and EVENT: the event of the JSON line it carries."""
    text = data.decode(errors="replace")
    try:
        event = json.loads(text[text.index("{"):]).get("event")
    except ValueError:
        event = None
    return {"SYSLOG": text, "EVENT": event}


def main(argv):
    mode, path, ready = argv[0], argv[1], argv[2]
    until, timeout = None, 10.0
    rest = argv[3:]
    while rest:
        if rest[0] == "--until":
            until = rest[1].split("=", 1)
        elif rest[0] == "--timeout":
            timeout = float(rest[1])
        rest = rest[2:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    s.settimeout(timeout)
    with open(ready, "w") as f:
        f.write("ready\n")
    while True:
        try:
            data, anc, _, _ = s.recvmsg(1 << 20, socket.CMSG_SPACE(4))
        except socket.timeout:
            return 1 if until else 0
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fd = array.array("i", payload[:4])[0]
                data = os.pread(fd, 1 << 24, 0)
                os.close(fd)
        msg = parse_native(data) if mode == "--native" else parse_syslog(data)
        print(json.dumps(msg), flush=True)
        if until and msg.get(until[0]) == until[1]:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
