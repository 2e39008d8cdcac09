#!/bin/sh
# Configure and build pmemctl out of tree in ${BUILD_DIR:-build}.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
b=${BUILD_DIR:-$top/build}
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null 2>&1) || (cd "$top" && ./autogen.sh)
mkdir -p "$b"
cd "$b"
[ -f Makefile ] || "$top/configure" -q
make -s -j"$(nproc)"
echo "$b/pmemctl"
