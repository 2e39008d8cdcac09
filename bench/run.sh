#!/bin/sh
# make bench, side by side in one lab guest:
# - pmemctl list-poison vs ndctl list -M (600 ranges: 75 + 75 ARS ranges on
#   nfit_test, 450 on the QEMU NVDIMM), medians of interleaved runs, their
#   ratio, and the start-up floor both tools pay;
# - pmemctl recover vs ndctl clear-errors on the same poison: wall time,
#   writes, whether the namespace went offline, whether good data survived.
# BENCH_KERNELS=all runs it on 6.1 too.
top=$(cd "$(dirname "$0")/.." && pwd)
PMEMCTL=${PMEMCTL:-$(pwd)/pmemctl}
[ -x "$PMEMCTL" ] || PMEMCTL=$top/build/pmemctl
PMEMCTL=$PMEMCTL "$top/test/lab/run.sh" -k "${BENCH_KERNELS:-6.12}" -s bench > bench.log 2>&1
rc=$?
grep -E 'LAB-BENCH|lab\[' bench.log
[ $rc = 0 ] || { echo "bench: the lab run failed, see bench.log" >&2; exit 1; }
