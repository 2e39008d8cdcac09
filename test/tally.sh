# shellcheck shell=sh
# Sourced by test/run-all.sh: the per-tier tally. Each tier's checks are
# counted from the "N passed, N failed" lines its logs end with; a tier is
# either distinct checks (counted in the total) or a re-run of checks already
# counted, under a sanitizer or valgrind (reported on its own line; its
# failures still fail the run).
TALLY=${TALLY:-$(mktemp)}
: > "$TALLY"
T_START=0 T_NOTE=0
tier_start() { T_START=$(date +%s); T_NOTE=0; }
tier_failed() { echo "run-all: $1 failed" >&2; T_NOTE=$((T_NOTE + 1)); }
# sum_logs FILE...: "passed failed" over every "N passed, N failed" line
sum_logs() {
	[ $# -gt 0 ] || { echo "0 0"; return; }
	sed -n 's/^\(.*[ :]\)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2 \3/p' "$@" |
		awk '{p += $1; f += $2} END {print p + 0, f + 0}'
}
# tier_end KIND NAME FILE...: KIND is "check" (distinct) or "rerun". A tier
# that failed without a failed check in its logs (setup, a crash) counts one.
tier_end() {
	_kind=$1 _name=$2; shift 2
	# shellcheck disable=SC2046 # "passed failed" into $1 $2
	set -- $(sum_logs "$@")
	_f=$2; [ "$T_NOTE" -gt 0 ] && [ "$_f" = 0 ] && _f=1
	printf '%s\t%s\t%s\t%s\t%s\n' "$_kind" "$_name" "$1" "$_f" "$(($(date +%s) - T_START))" >> "$TALLY"
}
# tally_report: the per-tier table, the sanitizer line, the final line; the
# status is 0 only when nothing failed
tally_report() {
	awk -F'\t' '
	BEGIN { printf "%-34s %7s %7s %7s %8s\n", "tier", "checks", "passed", "failed", "seconds" }
	{
		name = $2 ($1 == "rerun" ? " (re-run)" : "")
		printf "%-34s %7d %7d %7d %8d\n", name, $3 + $4, $3, $4, $5
		if ($1 == "rerun") { rr += $3 + $4; rp += $3; rf += $4 } else { p += $3; f += $4 }
		secs += $5
	}
	END {
		printf "%-34s %7d %7d %7d %8d\n", "total (distinct checks)", p + f, p, f, secs
		printf "sanitizers: %d checks re-run, %d clean\n", rr, rp
		# a failure under a sanitizer is a failed check of the run
		printf "%d passed, %d failed\n", p, f + rf
		exit (f + rf > 0)
	}' "$TALLY"
}
