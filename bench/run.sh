#!/bin/sh
# make bench: pmemctl list-poison vs ndctl list -M, side by side in the same
# lab guest (600 ranges: 75 + 75 ARS ranges on nfit_test, 450 on the QEMU
# NVDIMM), median of interleaved runs and their ratio, plus the start-up
# floor both tools pay. BENCH_KERNELS=all runs it on 6.1 too.
top=$(cd "$(dirname "$0")/.." && pwd)
PMEMCTL=${PMEMCTL:-$(pwd)/pmemctl}
[ -x "$PMEMCTL" ] || PMEMCTL=$top/build/pmemctl
PMEMCTL=$PMEMCTL "$top/test/lab/run.sh" -k "${BENCH_KERNELS:-6.12}" -s bench > bench.log 2>&1
rc=$?
grep -E 'LAB-BENCH|lab\[' bench.log
[ $rc = 0 ] || { echo "bench: the lab run failed, see bench.log" >&2; exit 1; }
