#!/bin/sh
# cppcheck over cmd/ lib/ util/ (warnings, performance, portability). The
# iterator macros of libndctl and json-c are given to it as plain loops, so
# it checks the code inside them instead of stopping at an unknown macro.
# Ends with "N passed, N failed" (one check).
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(cppcheck -q --enable=warning,performance,portability --std=c11 --inline-suppr \
	--error-exitcode=1 -I"$top" -D__GNUC__ -DHAVE_DECL_RWF_RECOVERY_DATA=0 \
	'-Dndctl_bus_foreach(c,b)=for(b=0;b;)' '-Dndctl_region_foreach(b,r)=for(r=0;r;)' \
	'-Dndctl_namespace_foreach(r,n)=for(n=0;n;)' '-Dndctl_dimm_foreach(b,d)=for(d=0;d;)' \
	'-Djson_object_object_foreach(o,k,v)=for(char*k=0;k;)for(struct json_object*v=0;v;)' \
	"$top/cmd" "$top/lib" "$top/util" 2>&1)
rc=$?
[ -z "$out" ] || echo "$out"
if [ $rc = 0 ] && [ -z "$out" ]; then echo "cppcheck: clean"; echo "1 passed, 0 failed"
else echo "cppcheck: findings above"; echo "0 passed, 1 failed"; exit 1; fi
