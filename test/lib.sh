# Shared by the host-side test scripts: TAP output and the no-quiet-skip rule.
T_RUN=0 T_FAIL=0
ok() { T_RUN=$((T_RUN + 1)); echo "ok $T_RUN - $*"; }
not_ok() { T_RUN=$((T_RUN + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_RUN - $*"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; printf '#   want: %s\n#   got:  %s\n' "$2" "$3"; fi; }
# A test that cannot run is a skip (automake's 77) for a developer, and a
# hard error (99) in CI or when PMEMCTL_NO_SKIP=1: CI never skips quietly.
cannot_run() {
	echo "# cannot run: $*" >&2
	if [ -n "${CI:-}" ] || [ "${PMEMCTL_NO_SKIP:-0}" = 1 ]; then exit 99; fi
	exit 77
}
t_done() { echo "1..$T_RUN"; echo "# $((T_RUN - T_FAIL)) passed, $T_FAIL failed"; [ $T_FAIL = 0 ]; }
