#!/bin/sh
# Install the Debian 12 packages pmemctl needs, by purpose:
#   build  build and run pmemctl (compiler, autotools, the libraries, git)
#   lab    run test/lab/run.sh: QEMU, busybox, the guest's tools, what the
#          out-of-tree nfit_test build needs (the kernels themselves are
#          never installed: the lab downloads and unpacks them in its cache)
#   test   everything test/run-all.sh runs: build + lab + sanitizers,
#          valgrind, libFuzzer, cppcheck/clang-tidy, prometheus's promtool
#   all    the same as test (the default)
# usage: scripts/install-deps.sh [build|lab|test|all] [--list]
#   --list prints the group's packages and installs nothing.
# Exit: 0 installed (or already there), 1 not root and something missing,
# 2 usage.
set -e
BUILD="git ca-certificates build-essential autoconf automake libtool pkg-config \
libndctl-dev libdaxctl-dev libjson-c-dev libkmod-dev libsmartcols-dev libmount-dev libsystemd-dev xfslibs-dev asciidoctor"
LAB="qemu-system-x86 busybox-static ndctl daxctl xfsprogs e2fsprogs util-linux dmsetup kmod cpio gzip \
xz-utils jq python3-jsonschema systemd build-essential bc flex bison libelf-dev libssl-dev patch"
TEST="jq python3-jsonschema util-linux prometheus systemd logrotate clang libclang-rt-14-dev clang-tidy bear cppcheck valgrind tmux"
group=all list=0
for a in "$@"; do
	case $a in
	build|lab|test|all) group=$a;;
	--list) list=1;;
	-h|--help) sed -n '2,14p' "$0"; exit 0;;
	*) echo "install-deps: unknown argument '$a' (build, lab, test, all, --list)" >&2; exit 2;;
	esac
done
case $group in
build) pkgs=$BUILD;;
lab) pkgs=$LAB;;
test|all) pkgs="$BUILD $LAB $TEST";;
esac
pkgs=$(printf '%s\n' $pkgs | sort -u | tr '\n' ' ')
if [ $list = 1 ]; then echo "$pkgs"; exit 0; fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root to install:$missing" >&2
	exit 1
fi
echo "install-deps ($group): apt-get install$missing" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
