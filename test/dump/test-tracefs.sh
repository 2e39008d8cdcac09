#!/bin/sh
# util/tracefs.c against the host's real tracefs: a private instance, an
# event enabled, read back, nothing left behind (test-tracefs --live). In a
# private mount namespace, so a tracefs this mounts does not stay mounted.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/test/lib.sh"
[ "$(id -u)" = 0 ] || cannot_run "needs root to create a tracefs instance"
grep -q tracefs /proc/filesystems || cannot_run "this kernel has no tracefs"
BIN=${TRACEFS_TEST:-./test/unit/test-tracefs}
[ -x "$BIN" ] || cannot_run "$BIN is not built"
rm -f "$PM_EXITS"	# no pmemctl call here to record, and exec skips t_done, which removes it
exec unshare -m --propagation private "$BIN" --live
