#!/bin/sh
# Configure and build pmemctl; the last line printed is the binary's path.
# Out of tree in ${BUILD_DIR:-build} - unless the source tree is already
# configured in place (`./configure && make` by hand), which makes autoconf
# refuse any out-of-tree build: then the in-tree build is used and rebuilt.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
b=${BUILD_DIR:-$top/build}
if [ -f "$top/config.status" ]; then
	[ -z "${BUILD_DIR:-}" ] || [ "$(cd "$b" 2>/dev/null && pwd)" = "$top" ] ||
		echo "build.sh: $top is configured in place; building there, not in $b" >&2
	b=$top
fi
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1) || (cd "$top" && ./autogen.sh)
mkdir -p "$b"
cd "$b"
# CI builds with warnings as errors (PMEMCTL_WERROR=1, set by test/run-all.sh)
[ -f Makefile ] || "$top/configure" -q $([ "${PMEMCTL_WERROR:-0}" = 1 ] && echo --enable-werror)
make -s -j"${JOBS:-$(nproc)}"
echo "$b/pmemctl"
