# Shared by the host-side test scripts: TAP output and the no-quiet-skip rule.
T_RUN=0 T_FAIL=0
ok() { T_RUN=$((T_RUN + 1)); echo "ok $T_RUN - $*"; }
not_ok() { T_RUN=$((T_RUN + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_RUN - $*"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; printf '#   want: %s\n#   got:  %s\n' "$2" "$3"; fi; }
# A test that cannot run is a skip (automake's 77) for a developer, and a
# hard error (99) in CI or when PMEMCTL_NO_SKIP=1: CI never skips quietly.
cannot_run() {
	echo "# cannot run: $*" >&2
	rm -f "${PM_EXITS:-}"
	if [ -n "${CI:-}" ] || [ "${PMEMCTL_NO_SKIP:-0}" = 1 ]; then exit 99; fi
	exit 77
}
# pm ARGS...: $PMEMCTL ARGS, whose exit status must be 0; pm_expect WANT ARGS...: must be WANT.
# A wrong status is recorded and becomes a failed test in t_done, so a call
# inside $(...) or a pipeline is checked too (a crash after correct output fails).
PM_EXITS=${TMPDIR:-/tmp}/pmemctl-exits.$$
: > "$PM_EXITS"
pm() { pm_expect 0 "$@"; }
pm_expect() {
	_want=$1; shift
	"$PMEMCTL" "$@"; _rc=$?
	[ "$_rc" = "$_want" ] || echo "pmemctl $*: exit $_rc, not $_want" >> "$PM_EXITS"
	return $_rc
}
t_done() {
	while IFS= read -r _l; do not_ok "$_l"; done < "$PM_EXITS"
	rm -f "$PM_EXITS"
	echo "1..$T_RUN"; echo "# $((T_RUN - T_FAIL)) passed, $T_FAIL failed"; [ $T_FAIL = 0 ]
}
