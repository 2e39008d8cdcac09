#!/bin/sh
# Build the libFuzzer harnesses (clang, with ASan and UBSan) and run each for
# FUZZ_SECONDS (default 20) from the corpus kept here. New inputs go to a
# scratch corpus (FUZZ_KEEP=1 merges them back into test/fuzz/corpus). Ends
# with "N passed, N failed", one per harness; a crash keeps its input in
# $FUZZ_OUT (default /tmp/pmemctl-fuzz) and fails. FUZZ_ONLY="uevent plan"
# runs only those harnesses.
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_OUT:-/tmp/pmemctl-fuzz}
secs=${FUZZ_SECONDS:-20}
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: no $CC"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$out"
pass=0 fail=0
build() {	# build NAME SOURCES...
	n=$1; shift
	"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$top" \
		-o "$out/fuzz-$n" "$top/test/fuzz/fuzz-$n.c" "$@" 2> "$out/build-$n.txt"
}
run() {	# run NAME: fuzz for $secs seconds from the kept corpus
	n=$1
	rm -rf "$out/corpus-$n"; mkdir -p "$out/corpus-$n"
	if (cd "$out" && ./fuzz-$n -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$out/crash-$n-" \
		"$out/corpus-$n" "$top/test/fuzz/corpus/$n") > "$out/run-$n.txt" 2>&1; then
		pass=$((pass + 1))
		echo "fuzz-$n: ok, $(sed -n 's/^stat::number_of_executed_units: *//p' "$out/run-$n.txt") executions in ${secs}s"
	else
		fail=$((fail + 1))
		echo "fuzz-$n: FAILED, see $out/run-$n.txt and $out/crash-$n-*"
		grep -m3 -E 'ERROR|runtime error|deadly' "$out/run-$n.txt"
	fi
	[ "${FUZZ_KEEP:-0}" != 1 ] || "$out/fuzz-$n" -merge=1 "$top/test/fuzz/corpus/$n" "$out/corpus-$n" > /dev/null 2>&1
}
for spec in "parse-u64 util/strings.c" "mountinfo lib/mount.c util/sysfs.c util/strings.c util/lazylib.c" "plan lib/plan.c lib/range.c" \
	"file-range lib/fiemap.c lib/range.c" "uevent lib/uevent.c" \
	"badblocks lib/range.c"; do
	set -- $spec
	n=$1; shift
	case " ${FUZZ_ONLY:-$n} " in *" $n "*) ;; *) continue ;; esac
	srcs=""; for s in "$@"; do case $s in -*) srcs="$srcs $s" ;; *) srcs="$srcs $top/$s" ;; esac; done
	if build "$n" $srcs; then run "$n"; else fail=$((fail + 1)); echo "fuzz-$n: build failed"; cat "$out/build-$n.txt"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
