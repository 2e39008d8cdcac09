#!/bin/sh
# Configure and build pmemctl out of tree in ${BUILD_DIR:-build}.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
b=${BUILD_DIR:-$top/build}
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1) || (cd "$top" && ./autogen.sh)
mkdir -p "$b"
cd "$b"
# CI builds with warnings as errors (PMEMCTL_WERROR=1, set by test/run-all.sh)
[ -f Makefile ] || "$top/configure" -q $([ "${PMEMCTL_WERROR:-0}" = 1 ] && echo --enable-werror)
make -s -j"$(nproc)"
echo "$b/pmemctl"
