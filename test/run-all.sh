#!/bin/sh
# The whole test suite, as root: unit, CLI, dump and fs tiers (make check),
# short libFuzzer runs, static analysis, make distcheck, and the lab on both
# kernels (6.1 and 6.12) inside a check that the lab left the host unchanged.
# Then the re-runs: make check and the lab with an ASan+UBSan build, and the
# dump tier under valgrind.
#
# Each distinct check is counted once. The re-runs are reported on their own
# line ("sanitizers: N checks re-run, N clean") and not added to the total;
# a failure in them still fails the run and is counted as failed. Ends with a
# per-tier table (tier, checks, passed, failed, seconds) and the line
# "N passed, N failed". Exit 0 only when nothing failed or was skipped.
# Old logs are removed before the run. Takes about 35 minutes on 2 cores
# once the lab's kernels are cached (README.md, "Tests").
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/tally.sh"

"$top/scripts/install-deps.sh" test || { echo "run-all: cannot install dependencies" >&2; echo "0 passed, 1 failed"; exit 1; }
# build.sh builds in place when the tree was configured by hand
pm=$(PMEMCTL_WERROR=1 "$top/scripts/build.sh" | tail -1) && [ -x "$pm" ] || { echo "0 passed, 1 failed"; exit 1; }
b=$(dirname "$pm")
log=${TEST_LOG_DIR:-$b/test-logs}
mkdir -p "$log" && rm -f "$log"/*.txt
clear_test_logs() {	# a stale log of a test that no longer runs must not count
	[ -d "$1/test" ] && find "$1/test" \( -name '*.log' -o -name '*.trs' \) -delete
	rm -f "$1/test-suite.log"
}
check_logs() { find "$1/test" -name '*.log' ! -name test-suite.log; }

echo "== make check (unit, cli, dump, fs)"
tier_start; clear_test_logs "$b"
# CI=true (or PMEMCTL_NO_SKIP=1) turns a test that cannot run into a failure
# inside a check that the tests took down what they set up (mounts, loop and zram devices, files in /tmp)
(cd "$b" && PMEMCTL_NO_SKIP=${PMEMCTL_NO_SKIP:-1} "$top/test/lab/host-unchanged.sh" --no-deps make -s check) \
	> "$log/check.txt" 2>&1 || tier_failed "make check"
grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):|^# (TOTAL|PASS|FAIL|SKIP|ERROR)|host|^#   ' "$log/check.txt"
grep -q '^# SKIP: *[1-9]' "$log/check.txt" && tier_failed "make check skipped tests"
# shellcheck disable=SC2046 # one argument per log file
tier_end check "make check" $(check_logs "$b") "$log/check.txt"

echo "== fuzzing (libFuzzer, ${FUZZ_SECONDS:-20} s per harness)"
tier_start
sh "$top/test/fuzz/run.sh" > "$log/fuzz.txt" 2>&1 || tier_failed "fuzzing"
grep -E '^fuzz-' "$log/fuzz.txt"
tier_end check "fuzz" "$log/fuzz.txt"

echo "== static analysis (cppcheck, clang-tidy)"
tier_start
sh "$top/scripts/static-analysis.sh" > "$log/static.txt" 2>&1 || tier_failed "static analysis"
tail -5 "$log/static.txt"
tier_end check "static analysis" "$log/static.txt"

echo "== make distcheck"
tier_start
if (cd "$b" && make -s distcheck) > "$log/distcheck.txt" 2>&1; then echo "distcheck: 1 passed, 0 failed" >> "$log/distcheck.txt"
else tail -20 "$log/distcheck.txt"; tier_failed "make distcheck"; fi
tail -1 "$log/distcheck.txt"
tier_end check "make distcheck" "$log/distcheck.txt"

# what a lab run says when its guest hung, stopped or gave no result (test/lab/README.md)
LAB_WHY='^\[lab\] (hang|stopped|console|sysrq|side port|the guest|TIMEOUT)'
echo "== lab (6.1 and 6.12), and the host unchanged by it"
tier_start
PMEMCTL=$pm "$top/test/lab/host-unchanged.sh" "$top/test/lab/run.sh" -k all > "$log/lab.txt" 2>&1 || tier_failed "lab"
grep -E '^\[lab\]|^lab\[|not ok|^ok .* host|^host:|^#' "$log/lab.txt"
tier_end check "lab + host unchanged" "$log/lab.txt"

echo "== CXL lab probe (QEMU 10, kernel 6.12; 6.1 has no CXL poison interface)"
# what the kernel and QEMU do with CXL poison, that pmemctl's CXL support
# will build on (test/lab/README.md, "CXL lab (probe)")
tier_start
for k in 6.12 6.1; do
	PMEMCTL=$pm "$top/test/lab/cxl.sh" -k $k > "$log/cxl-$k.txt" 2>&1 || tier_failed "CXL lab probe ($k)"
	grep -E 'not ok|passed, .* failed' "$log/cxl-$k.txt" | sed "s/^/cxl[$k]: /"
done
tier_end check "CXL lab probe" "$log/cxl-6.12.txt" "$log/cxl-6.1.txt"

echo "== machine checks on an Intel CPU model (6.1 and 6.12; tests 97 and 98)"
# the vendor decides how the kernel decodes a machine-check record (MISC LSB
# beyond a page, UCNA against AMD's deferred error): the same tests on
# -cpu max,vendor=GenuineIntel,... (test/lab/README.md, "CPU model"), on
# single-threaded TCG: CI6's 6.12 run died of an "Oops: int3" in __schedule
# (the kernel patching its text while another vCPU ran it) under
# thread=multi; a short tier affords the slower, race-free mode
tier_start
LAB_CPU=intel LAB_TCG=single LAB_ONLY='9[78]*' PMEMCTL=$pm "$top/test/lab/run.sh" -k all > "$log/lab-intel.txt" 2>&1 ||
	tier_failed "lab (Intel CPU model)"
grep -E "^lab\\[|not ok|$LAB_WHY" "$log/lab-intel.txt" | sed 's/^/intel: /'
tier_end check "lab, Intel CPU model" "$log/lab-intel.txt"

# ---- re-runs of the checks above, under checkers
# sanitizer build: out of tree beside the main one, or - when the source tree
# is configured in place, which rules out out-of-tree builds - in a copy of
# the distributed sources (make distdir)
sb=$top/build-sanitize
[ "$b" = "$top" ] || sb=${b%/}-sanitize
echo "== make check under AddressSanitizer + UndefinedBehaviorSanitizer (re-run)"
tier_start
sanitize_build() {
	san_cflags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
	if [ "$b" = "$top" ]; then
		rm -rf "$sb" && mkdir -p "$sb" && (cd "$top" && make -s distdir distdir="$sb/src") &&
			sb=$sb/src && cd "$sb" && ./configure -q CFLAGS="$san_cflags" LDFLAGS="-fsanitize=address,undefined"
	else
		mkdir -p "$sb" && cd "$sb" && { [ -f Makefile ] ||
			"$top/configure" -q CFLAGS="$san_cflags" LDFLAGS="-fsanitize=address,undefined"; }
	fi && make -s -j"$(nproc)" && echo "$sb" > "$log/sanitize-dir"
}
if (sanitize_build) > "$log/sanitize-build.txt" 2>&1; then
	sb=$(cat "$log/sanitize-dir"); clear_test_logs "$sb"
	(cd "$sb" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		PMEMCTL_NO_SKIP=${PMEMCTL_NO_SKIP:-1} make -s check) > "$log/sanitize.txt" 2>&1 || tier_failed "make check (sanitizers)"
	grep -E '^(PASS|FAIL|SKIP|ERROR):|^# (TOTAL|PASS|FAIL)' "$log/sanitize.txt" | sed 's/^/sanitize: /'
	# shellcheck disable=SC2046 # one argument per log file
	tier_end rerun "make check, ASan+UBSan" $(check_logs "$sb")
else
	tail -20 "$log/sanitize-build.txt"; tier_failed "sanitizer build"; tier_end rerun "make check, ASan+UBSan"
fi

echo "== dump tier under valgrind (re-run; memcheck errors and definite leaks fail a check)"
tier_start
printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite %s "$@"\n' \
	"$pm" > "$log/vg-pmemctl" && chmod +x "$log/vg-pmemctl"
PMEMCTL=$log/vg-pmemctl PMEMCTL_SRCDIR=$top PMEMCTL_NO_SKIP=1 sh "$top/test/dump/test-dumps.sh" \
	> "$log/valgrind.txt" 2>&1 || tier_failed "dump tier under valgrind"
tail -1 "$log/valgrind.txt" | sed 's/^/valgrind: /'
tier_end rerun "dump tier, valgrind" "$log/valgrind.txt"

echo "== lab (6.1 and 6.12) with the ASan+UBSan build (re-run)"
tier_start
if [ -x "$sb/pmemctl" ]; then
	PMEMCTL=$sb/pmemctl "$top/test/lab/run.sh" -k all > "$log/lab-sanitize.txt" 2>&1 || tier_failed "lab (sanitizers)"
	grep -E "^lab\\[|not ok|$LAB_WHY" "$log/lab-sanitize.txt" | sed 's/^/sanitize: /'
	tier_end rerun "lab, ASan+UBSan" "$log/lab-sanitize.txt"
else
	tier_failed "lab (sanitizers): no sanitizer build"; tier_end rerun "lab, ASan+UBSan"
fi

echo "== summary"
tally_report
