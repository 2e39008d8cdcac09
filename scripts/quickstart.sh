#!/bin/sh
# Fresh Debian 12 machine -> dependencies, a build, and `pmemctl list-poison`
# on real poison. On a host without NVDIMMs the poison is made in the lab: a
# Debian 6.12 kernel with emulated NVDIMMs under QEMU (first run ~5 minutes,
# then about a minute).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
pm=$("$top/scripts/build.sh" | tail -1)
if [ -n "$(ls /sys/bus/nd/devices 2>/dev/null)" ]; then
	"$pm" list-poison --human
	exit 0
fi
echo "This host has no NVDIMMs: running pmemctl in the lab (QEMU, kernel 6.12, nfit_test)." >&2
PMEMCTL=$pm "$top/test/lab/run.sh" -k 6.12 -s demo
