#!/bin/sh
# The whole test suite: unit, CLI, dump and fs tiers (make check), the same
# under ASan+UBSan, the dump tier under valgrind, short libFuzzer runs,
# cppcheck, make distcheck,
# the lab on both kernels (6.1 and 6.12), and the lab on both again with the
# sanitizer build. Ends with "N passed, N failed",
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
BUILD_DIR=$b PMEMCTL_WERROR=1 "$top/scripts/build.sh" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$log"

echo "== make check (unit, cli, dump)"
# CI=true (or PMEMCTL_NO_SKIP=1) turns a test that cannot run into a failure
(cd "$b" && PMEMCTL_NO_SKIP=${PMEMCTL_NO_SKIP:-1} make -s check) > "$log/check.txt" 2>&1 || tier_failed "make check"
grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):|^# (TOTAL|PASS|FAIL|SKIP|ERROR)' "$log/check.txt"
grep -q '^# SKIP: *[1-9]' "$log/check.txt" && tier_failed "make check skipped tests"
count $(find "$b/test" -name '*.log' ! -name test-suite.log)

echo "== make check under AddressSanitizer + UndefinedBehaviorSanitizer"
# a second build: any ASan/UBSan report fails the test that triggered it
sb=$b-sanitize
mkdir -p "$sb"
if (cd "$sb" && { [ -f Makefile ] || "$top/configure" -q \
	CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	LDFLAGS="-fsanitize=address,undefined"; } && make -s -j"$(nproc)") > "$log/sanitize-build.txt" 2>&1; then
	(cd "$sb" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		PMEMCTL_NO_SKIP=${PMEMCTL_NO_SKIP:-1} make -s check) > "$log/sanitize.txt" 2>&1 || tier_failed "make check (sanitizers)"
	grep -E '^(PASS|FAIL|SKIP|ERROR):|^# (TOTAL|PASS|FAIL)' "$log/sanitize.txt" | sed 's/^/sanitize: /'
	count $(find "$sb/test" -name '*.log' ! -name test-suite.log)
else
	tail -20 "$log/sanitize-build.txt"; tier_failed "sanitizer build"
fi

echo "== dump tier under valgrind (memcheck errors and definite leaks fail a check)"
printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite %s "$@"\n' \
	"$b/pmemctl" > "$log/vg-pmemctl" && chmod +x "$log/vg-pmemctl"
PMEMCTL=$log/vg-pmemctl PMEMCTL_SRCDIR=$top PMEMCTL_NO_SKIP=1 sh "$top/test/dump/test-dumps.sh" \
	> "$log/valgrind.txt" 2>&1 || tier_failed "dump tier under valgrind"
tail -1 "$log/valgrind.txt" | sed 's/^/valgrind: /'
count "$log/valgrind.txt"

echo "== fuzzing (libFuzzer, ${FUZZ_SECONDS:-20} s per harness)"
sh "$top/test/fuzz/run.sh" > "$log/fuzz.txt" 2>&1 || tier_failed "fuzzing"
grep -E '^fuzz-' "$log/fuzz.txt"
count "$log/fuzz.txt"

echo "== static analysis (cppcheck)"
sh "$top/scripts/static-analysis.sh" > "$log/static.txt" 2>&1 || tier_failed "static analysis"
cat "$log/static.txt" | tail -5
count "$log/static.txt"

echo "== make distcheck"
if (cd "$b" && make -s distcheck) > "$log/distcheck.txt" 2>&1; then PASS=$((PASS + 1)); echo "distcheck: ok"
else tail -20 "$log/distcheck.txt"; tier_failed "make distcheck"; fi

echo "== lab (6.1 and 6.12)"
PMEMCTL=$b/pmemctl "$top/test/lab/run.sh" -k all > "$log/lab.txt" 2>&1 || tier_failed "lab"
grep -E '^\[lab\]|^lab\[|not ok' "$log/lab.txt"
count "$log/lab.txt"

echo "== lab (6.1 and 6.12) with the ASan+UBSan build"
PMEMCTL=$sb/pmemctl "$top/test/lab/run.sh" -k all > "$log/lab-sanitize.txt" 2>&1 || tier_failed "lab (sanitizers)"
grep -E '^lab\[|not ok' "$log/lab-sanitize.txt" | sed 's/^/sanitize: /'
count "$log/lab-sanitize.txt"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
