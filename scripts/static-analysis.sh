#!/bin/sh
# Static analysis of cmd/ lib/ util/: cppcheck (warnings, performance,
# portability; the iterator macros of libndctl and json-c given to it as
# plain loops) and clang-tidy (clang-analyzer-* and bugprone-*, on the
# compile commands of a build recorded with bear). Checks left out, and why:
#   bugprone-easily-swappable-parameters, -narrowing-conversions: style, noisy
#   bugprone-reserved-identifier: json-c's and the kernel's names
#   bugprone-assignment-in-if-condition, -suspicious-string-compare: the
#     project's C style (if (!strcmp(...)), while ((d = readdir(dp))))
#   clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling:
#     flags every snprintf/memcpy
# Other findings are fixed, or marked NOLINT with the reason next to them.
# Ends with "N passed, N failed" (one check per tool).
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
out=$(cppcheck -q --enable=warning,performance,portability --std=c11 --inline-suppr \
	--error-exitcode=1 -I"$top" -D__GNUC__ -DHAVE_DECL_RWF_RECOVERY_DATA=0 \
	'-Dndctl_bus_foreach(c,b)=for(b=0;b;)' '-Dndctl_region_foreach(b,r)=for(r=0;r;)' \
	'-Dndctl_namespace_foreach(r,n)=for(n=0;n;)' '-Dndctl_dimm_foreach(b,d)=for(d=0;d;)' \
	'-Djson_object_object_foreach(o,k,v)=for(char*k=0;k;)for(struct json_object*v=0;v;)' \
	"$top/cmd" "$top/lib" "$top/util" 2>&1)
if [ $? = 0 ] && [ -z "$out" ]; then echo "cppcheck: clean"; pass=$((pass + 1))
else echo "$out"; echo "cppcheck: findings above"; fail=$((fail + 1)); fi

work=$(mktemp -d)
# clang-tidy needs the compile commands of a build: out of tree from the
# sources, or - when the tree is configured in place, which rules that out -
# in a copy of the distributed sources (make distdir)
src=$top build=$work
if [ -f "$top/config.status" ]; then
	src=$work/src build=$work/src
	(cd "$top" && make -s distdir distdir="$src") > /dev/null 2>&1 || src=""
fi
checks='-*,clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-narrowing-conversions,-bugprone-reserved-identifier,-bugprone-assignment-in-if-condition,-bugprone-suspicious-string-compare,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'
if [ -n "$src" ] && (cd "$build" && "$src/configure" -q --disable-docs > /dev/null 2>&1 &&
	bear -- make -j"$(nproc)" > /dev/null 2>&1); then
	out=$(run-clang-tidy -quiet -p "$build" -checks="$checks" "$src/(cmd|lib|util)/" 2>/dev/null |
		sed 's/\x1b\[[0-9;]*m//g' | grep -E ': (warning|error):')
	if [ -z "$out" ]; then echo "clang-tidy: clean"; pass=$((pass + 1))
	else echo "$out"; echo "clang-tidy: findings above"; fail=$((fail + 1)); fi
else
	echo "clang-tidy: could not build with bear"; fail=$((fail + 1))
fi
rm -rf "$work"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
