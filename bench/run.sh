#!/bin/sh
# make bench, side by side in one lab guest:
# - pmemctl list-poison vs ndctl list -M (850 ranges: 200 + 200 ARS ranges on
#   nfit_test's interleaved regions, 450 on the QEMU NVDIMM), medians of
#   interleaved runs, their ratio, the floor (exec + reading the badblocks
#   files), both tools' firmware calls, and the ratio with every firmware
#   call delayed 0, 1 and 5 ms; each ratio with its goal, met or not met;
# - pmemctl recover vs ndctl clear-errors on the same poison: wall time,
#   writes, whether the namespace went offline, whether good data survived.
# BENCH_KERNELS=all runs it on 6.1 too. BENCH_PROFILE=1 adds a profile of
# list-poison in the guest (perf stat, strace, perf report; bench/README.md).
top=$(cd "$(dirname "$0")/.." && pwd)
PMEMCTL=${PMEMCTL:-$(pwd)/pmemctl}
[ -x "$PMEMCTL" ] || PMEMCTL=$top/build/pmemctl
PMEMCTL=$PMEMCTL "$top/test/lab/run.sh" -k "${BENCH_KERNELS:-6.12}" -s bench > bench.log 2>&1
rc=$?
grep -E 'LAB-BENCH|lab\[' bench.log
[ $rc = 0 ] || { echo "bench: the lab run failed, see bench.log" >&2; exit 1; }
