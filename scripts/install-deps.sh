#!/bin/sh
# Install what pmemctl needs to build, test and run its lab on Debian 12.
# The lab's kernels are installed by test/lab/run.sh itself (it picks a
# matching image/headers/source set at run time).
set -e
BUILD="build-essential autoconf automake libtool pkg-config libndctl-dev libdaxctl-dev \
libjson-c-dev libkmod-dev libsmartcols-dev libmount-dev xfslibs-dev asciidoctor"
TEST="jq util-linux prometheus systemd logrotate clang libclang-rt-14-dev clang-tidy bear cppcheck valgrind tmux"
LAB="qemu-system-x86 busybox-static ndctl daxctl xfsprogs e2fsprogs kmod cpio xz-utils bc \
flex bison libelf-dev libssl-dev patch"
missing=""
for p in $BUILD $TEST $LAB; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root to install:$missing" >&2
	exit 1
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
