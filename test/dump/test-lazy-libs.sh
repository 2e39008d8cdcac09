#!/bin/sh
# Start-up cost: libmount, libsmartcols and libsystemd are not linked
# (util/lazylib.h) but loaded by the paths that need them. Over a captured
# sysfs tree, with an unloadable copy of each (an empty file first on
# LD_LIBRARY_PATH, which dlopen() searches too): the paths that do not need
# a library run as before, which shows they never load it; each path that
# needs one fails with one line naming it and exit status 1. The working
# paths are the other tests' (tables: test-output.sh, --files:
# test-owners*.sh, the journal: test-journal.sh).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v readelf >/dev/null || cannot_run "readelf (binutils) is not installed"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount a dump over /sys, /dev and /run"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
. "$SRC/test/dump/mount-dump.sh"
work=$(mktemp -d)
LAZY="libmount.so.1 libsmartcols.so.1 libsystemd.so.0"

needed=$(readelf -d "$PMEMCTL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
for l in $LAZY; do
	case " $needed" in *" $l "*) not_ok "$l is not in DT_NEEDED (it is: $needed)" ;; *) ok "$l is not in DT_NEEDED" ;; esac
done
# the ELF dlopen note names them, for packagers and the lab's initramfs
objcopy -O binary --only-section=.note.dlopen "$PMEMCTL" "$work/note" 2>/dev/null
expect_eq "the .note.dlopen section names the three" "libmount.so.1 libsmartcols.so.1 libsystemd.so.0" \
	"$(grep -ao '"lib[a-z]*\.so\.[0-9]*"' "$work/note" | tr -d '"' | sort -u | tr '\n' ' ' | sed 's/ $//')"

mkdir "$work/broken"
for l in $LAZY; do : > "$work/broken/$l"; done
# without: $PMEMCTL ARGS with every lazily loaded library unloadable
without() { LD_LIBRARY_PATH=$work/broken "$PMEMCTL" "$@"; }
# one_line WHAT SONAME RC: the failure's status, its one stderr line, and an empty stdout
one_line() {
	expect_eq "$1: exit 1, one line naming $2, nothing on stdout" "$3 1 yes 0" \
		"$rc $(wc -l < "$work/err") $(grep -q "cannot load $2 " "$work/err" && echo yes) $(wc -c < "$work/out")"
	sed 's/^/#   /' "$work/err"
}

dump=$SRC/test/dump/dumps/6.12-phase1-raw-fsdax.tgz
mount_dump "$dump" "$work/d" || { not_ok "mount the dump over /sys"; t_done; exit; }
mount -t tmpfs none /run && mkdir -p /run/systemd/journal || cannot_run "cannot mount a private /run"

expect_eq "--version without the three" "$("$PMEMCTL" --version) 0" "$(without --version) $?"
"$PMEMCTL" list-poison > "$work/want"
without list-poison > "$work/out"; rc=$?
expect_eq "list-poison without the three: exit 0, the same records" "0 $(jq length "$work/want") same" \
	"$rc $(jq length "$work/out") $(cmp -s "$work/want" "$work/out" && echo same)"
without list-poison --summary > /dev/null
expect_eq "list-poison --summary without the three" 0 $?

without list-poison -u > "$work/out" 2> "$work/err"; rc=$?
one_line "a table (-u) without libsmartcols" libsmartcols.so.1 1
without list-poison -o region,spa > "$work/out" 2> "$work/err"; rc=$?
one_line "a table (-o) without libsmartcols" libsmartcols.so.1 1
without list-poison --files > "$work/out" 2> "$work/err"; rc=$?
one_line "--files without libmount" libmount.so.1 1
# a journal to write to (monitor tests only that the socket is writable before it loads libsystemd)
: > /run/systemd/journal/socket
without monitor --syslog --no-stdout --once > "$work/out" 2> "$work/err"; rc=$?
one_line "monitor --syslog with a journal, without libsystemd" libsystemd.so.0 1
rm /run/systemd/journal/socket

# A command that prints its table after it acts loads libsmartcols before
# it acts: salvage -u without it copies nothing (before: the copy, then exit 1).
mkdir "$work/nocols" && : > "$work/nocols/libsmartcols.so.1"
head -c 65536 /dev/urandom > "$work/src"
LD_LIBRARY_PATH=$work/nocols "$PMEMCTL" salvage "$work/src" "$work/dst" -u > "$work/out" 2> "$work/err"; rc=$?
one_line "salvage -u without libsmartcols" libsmartcols.so.1 1
expect_eq "salvage -u without libsmartcols: no copy made" no "$([ -e "$work/dst" ] && echo yes || echo no)"
# a destructive command loads libmount (its in-use checks) before it begins
without recover -n namespace0.0 --dry-run > "$work/out" 2> "$work/err"; rc=$?
one_line "recover without libmount" libmount.so.1 1
# monitor --files loads libmount at start, not at its first poison event
without monitor --files --once > "$work/out" 2> "$work/err"; rc=$?
one_line "monitor --files without libmount" libmount.so.1 1

umount /run; umount_dump
rm -rf "$work"
t_done
