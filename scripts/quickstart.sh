#!/bin/sh
# Fresh Debian 12 machine, as root -> the build dependencies, a build, and
# `pmemctl list-poison` on real poison. On a host without NVDIMMs the poison
# is made in the lab: the lab's host packages (install-deps.sh lab), then a
# Debian 6.12 kernel with emulated NVDIMMs under QEMU. The kernel is
# downloaded and unpacked into the lab's cache (/var/cache/pmemctl-lab), never
# installed. The test-suite packages are not installed (install-deps.sh test).
# Figures (disk, time): README.md, "Quick start".
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" build
pm=$("$top/scripts/build.sh" | tail -1)
if [ -n "$(ls /sys/bus/nd/devices 2>/dev/null)" ]; then
	"$pm" list-poison --human
	exit 0
fi
echo "This host has no NVDIMMs: running pmemctl in the lab (QEMU, kernel 6.12, nfit_test)." >&2
"$top/scripts/install-deps.sh" lab
PMEMCTL=$pm "$top/test/lab/run.sh" -k 6.12 -s demo
