#!/usr/bin/python3
"""What a stopped lab guest was doing, then QEMU told to quit (run.sh).

usage: stopped-guest.py HMP_SOCKET CONSOLE

run.sh calls it when the guest's console has printed nothing, the guest's
heartbeat included, for LAB_STALL seconds. Over QEMU's human monitor it
prints each vCPU's RIP, also as an offset from the kernel's _stext (the
guest printed it at boot; Debian's System.map is a stub, the offset finds
the symbol in linux-image-*-dbg's), asks the guest's kernel for its
backtraces with sysrq (console loglevel 9, then l: all CPUs, w: blocked
tasks; these reach the console only if the kernel still takes keyboard
interrupts), waits for the console, and quits QEMU. Exit 1 when the
monitor does not answer (run.sh then kills QEMU).
"""
import re
import socket
import sys
import time


def hmp(path, command):
    """One human-monitor command's output (the text between prompts)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(20)
        s.connect(path)
        out = b""
        while not out.endswith(b"(qemu) "):
            chunk = s.recv(65536)
            if not chunk:
                return ""
            out += chunk
        s.sendall(command.encode() + b"\n")
        out = b""
        try:
            while not out.endswith(b"(qemu) "):
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except socket.timeout:
            pass
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode(errors="replace"))
    lines = text.replace("\r", "").split("\n")
    return "\n".join(lines[1:]).replace("(qemu) ", "").strip()


def stext(console):
    """The guest's _stext, from the line guest/init printed at boot."""
    found = None
    with open(console, errors="replace") as f:
        for line in f:
            m = re.search(r"LAB-INFO: kernel _stext ([0-9a-f]+)", line)
            if m:
                found = int(m.group(1), 16)
    return found


def main():
    sock, console = sys.argv[1:3]
    base = stext(console)
    try:
        regs = hmp(sock, "info registers -a")
    except OSError as e:
        print("QEMU's monitor did not answer: %s" % e)
        return 1
    for cpu, rip in re.findall(r"CPU#(\d+)[\s\S]*?RIP=([0-9a-f]+)", regs):
        where = ""
        if base is not None and int(rip, 16) >= base:
            where = " (_stext+0x%x)" % (int(rip, 16) - base)
        print("vCPU %s: RIP %s%s" % (cpu, rip, where))
    try:
        for key in ("alt-sysrq-9", "alt-sysrq-l", "alt-sysrq-w"):
            hmp(sock, "sendkey " + key)
            time.sleep(5)
        time.sleep(10)
        hmp(sock, "quit")
    except OSError as e:
        print("QEMU's monitor stopped answering: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
