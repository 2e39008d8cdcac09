#!/bin/sh
# The whole test suite: unit, CLI and dump tiers (make check), make distcheck,
# and the lab on both kernels (6.1 and 6.12). Ends with "N passed, N failed",
# counting individual checks. Exit 0 only when nothing failed or was skipped.
top=$(cd "$(dirname "$0")/.." && pwd)
b=${BUILD_DIR:-$top/build}
log=${TEST_LOG_DIR:-$b/test-logs}
PASS=0 FAIL=0
count() {	# count TIER FILE...: add up "N passed, N failed" lines
	for f in "$@"; do
		set -- $(sed -n 's/.*[ :]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$f" | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
		PASS=$((PASS + $1)) FAIL=$((FAIL + $2))
	done
}
tier_failed() { echo "run-all: $1 failed" >&2; FAIL=$((FAIL + 1)); }

"$top/scripts/install-deps.sh" || { echo "run-all: cannot install dependencies" >&2; echo "0 passed, 1 failed"; exit 1; }
BUILD_DIR=$b "$top/scripts/build.sh" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$log"

echo "== make check (unit, cli, dump)"
# CI=true (or PMEMCTL_NO_SKIP=1) turns a test that cannot run into a failure
(cd "$b" && PMEMCTL_NO_SKIP=${PMEMCTL_NO_SKIP:-1} make -s check) > "$log/check.txt" 2>&1 || tier_failed "make check"
grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):|^# (TOTAL|PASS|FAIL|SKIP|ERROR)' "$log/check.txt"
grep -q '^# SKIP: *[1-9]' "$log/check.txt" && tier_failed "make check skipped tests"
count $(find "$b/test" -name '*.log' ! -name test-suite.log)

echo "== make distcheck"
if (cd "$b" && make -s distcheck) > "$log/distcheck.txt" 2>&1; then PASS=$((PASS + 1)); echo "distcheck: ok"
else tail -20 "$log/distcheck.txt"; tier_failed "make distcheck"; fi

echo "== lab (6.1 and 6.12)"
PMEMCTL=$b/pmemctl "$top/test/lab/run.sh" -k all > "$log/lab.txt" 2>&1 || tier_failed "lab"
grep -E '^\[lab\]|^lab\[|not ok' "$log/lab.txt"
count "$log/lab.txt"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
