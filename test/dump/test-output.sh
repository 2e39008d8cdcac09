#!/bin/sh
# Dump tier: what pmemctl's output promises, over captured sysfs trees.
# - The table options (-o, --list-columns, --noheadings, --raw, --bytes, -J)
#   print the records and values of the JSON of the same run.
# - In an 80-column terminal (tmux) no line overflows into the next and no
#   wrapped cell is cut inside a word; an empty result prints its header.
# - Output that cannot be written (/dev/full) is exit 1 and one line; a
#   reader that went away (| head) is exit 0 and no message.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v tmux >/dev/null || cannot_run "tmux is not installed (scripts/install-deps.sh)"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount dumps and a terminal over /sys and /dev"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
. "$SRC/test/dump/mount-dump.sh"
work=$(mktemp -d)
T="tmux -L pmemctl-test-$$ -f /dev/null"

# term NAME ARGS...: pmemctl ARGS in an 80-column terminal; $work/NAME.shown
# is the screen, $work/NAME.joined the same with lines the terminal wrapped
# joined again (they differ when a line was wider than the terminal).
term() {
	f=$work/$1; shift
	$T new-session -d -x 80 -y 200 "$PMEMCTL $*; echo @done; sleep 60"
	for _ in $(seq 100); do $T capture-pane -p | grep -q '^@done' && break; sleep 0.1; done
	$T capture-pane -p | sed 's/ *$//' > "$f.shown"
	$T capture-pane -pJ | sed 's/ *$//' > "$f.joined"
	$T kill-server
}
# words of the reasons in a JSON report, one a line (cells wrap at spaces and commas)
words() { jq -r '.[].reason // empty' "$1" | tr ' ,' '\n\n' | grep -v '^$' | sort -u; }

# -J -o every column of @view against the JSON: same records, same values
# (a list that is null in the JSON is [null], as libsmartcols prints it; a
# column of another record kind, e.g. memdev in an NVDIMM record, is null)
same_json() {	# same_json LABEL JSON-FILE NAME ARGS...
	label=$1 json=$2 cmd=$3; shift 3
	keys=$("$PMEMCTL" "$cmd" "$@" --list-columns | awk '{print $2}' | paste -sd, -)
	expect_eq "$label: -J -o (all $(echo "$keys" | tr ',' '\n' | grep -c '') columns) has the JSON's records and values" \
		"$(jq -Sc --arg k "$keys" '($k | split(",")) as $ks
			| map(. as $r | reduce $ks[] as $x ({}; .[$x] = $r[$x])
			      | with_entries(if (.key == "dimms" or .key == "files") and .value == null then .value = [null] else . end))' "$json")" \
		"$("$PMEMCTL" "$cmd" "$@" -J -o "$keys" | jq -Sc --arg c "$cmd" '.[$c]')"
}

for dump in "$SRC"/test/dump/dumps/*.tgz; do
	name=$(basename "$dump" .tgz)
	mount_dump "$dump" "$work/d" || { not_ok "$name: mount the dump over /sys"; continue; }
	echo "# $name"
	"$PMEMCTL" list-poison > "$work/json"
	n=$(jq length "$work/json")

	expect_eq "$name: -J: the default columns, keyed and valued as the JSON" \
		"$(jq -c 'map({region, namespace, device, area, sector, offset, spa, length, dimms: (.dimms // [null])})' "$work/json")" \
		"$("$PMEMCTL" list-poison -J | jq -c '."list-poison"')"
	same_json "$name: list-poison" "$work/json" list-poison
	expect_eq "$name: --raw --noheadings --bytes -o: one line a record, exact values" \
		"$(jq -r '.[] | "\(.region) \(.namespace) \(.sector // "-") \(.sectors) \(.length)"' "$work/json")" \
		"$("$PMEMCTL" list-poison --raw --noheadings --bytes -o region,NAMESPACE,sector,sectors,length)"
	expect_eq "$name: --bytes: LENGTH is the exact byte count" "$(jq -r '.[].length' "$work/json")" \
		"$("$PMEMCTL" list-poison --bytes -o length | tail -n +2 | tr -d ' ')"
	expect_eq "$name: -o +COL adds to the defaults; a header, then a line a record" \
		"$((n + 1)) REGION NAMESPACE DEVICE AREA SECTOR OFFSET SPA LENGTH DIMMS SOURCE" \
		"$("$PMEMCTL" list-poison -o +source | grep -c '') $("$PMEMCTL" list-poison -u | head -1 | tr -s ' ') SOURCE"
	"$PMEMCTL" list-poison --summary > "$work/sum"
	same_json "$name: --summary" "$work/sum" list-poison --summary
	empty=$(jq -r '[.[] | select(.namespace == null and .ranges == 0)][0].region // "none"' "$work/sum")
	expect_eq "$name: an empty result ($empty) prints the header alone; -J an empty list" "0 1 REGION 0" \
		"$("$PMEMCTL" list-poison -r "$empty" -u > "$work/out"; echo $?) $(grep -c '' "$work/out")\
 $(cut -d' ' -f1 "$work/out") $("$PMEMCTL" list-poison -r "$empty" -J | jq '."list-poison" | length')"
	"$PMEMCTL" scrub --status > "$work/scrub"
	same_json "$name: scrub --status" "$work/scrub" scrub --status
	for r in $(jq -r '.[] | select(.namespace == null and .ranges > 0) | .region' "$work/sum"); do
		"$PMEMCTL" recover -r "$r" --dry-run > "$work/rec" 2>/dev/null || continue
		same_json "$name: recover -r $r --dry-run" "$work/rec" recover -r "$r" --dry-run
		term rec recover -r "$r" --dry-run -u
		words "$work/rec" > "$work/words"
		tr ' ,' '\n\n' < "$work/rec.shown" | grep -v '^$' | sort -u > "$work/tokens"
		expect_eq "$name: recover -r $r --dry-run -u in 80 columns: no line wider, every word of REASON whole" \
			"$(cat "$work/rec.joined" "$work/words")" \
			"$(cat "$work/rec.shown"; grep -Fxf "$work/tokens" "$work/words")"
	done
	# a region whose poison recover cannot reach is refused, never passed over as clean
	for r in $(jq -r '[.[] | select(.mode == "sector" and .ranges > 0) | .region] | unique | .[]' "$work/sum"); do
		"$PMEMCTL" recover -r "$r" --dry-run > "$work/rec" 2> "$work/err"; rc=$?
		expect_eq "$name: recover -r $r --dry-run: its BTT namespace's poison is refused (exit 5, one line)" "5 1" \
			"$rc $(grep -c 'BTT' "$work/err")"
	done
	# namespace metadata recover cannot reach: placed by region offset alone, nothing written
	for ns in $(jq -r '[.[] | select(.area == "metadata" and .mode != "sector") | .namespace] | unique | .[]' "$work/json"); do
		"$PMEMCTL" recover -n "$ns" --dry-run > "$work/rec" 2>/dev/null
		expect_eq "$name: recover -n $ns --dry-run: a skipped metadata record has no data offset, its region's, nothing replaced or kept" \
			"$(jq -c --arg ns "$ns" '[.[] | select(.namespace == $ns and .area == "metadata")
				| [null, null, .region_offset, .region_sector, .length, 0, 0]] | sort' "$work/json")" \
			"$(jq -c '[.[] | select(.status == "skipped") | [.offset, .sector, .region_offset, .region_sector, .length, .replaced, .kept]] | sort' "$work/rec")"
	done
	term list list-poison -u
	expect_eq "$name: list-poison -u in 80 columns: no line wider, a header and a line a record" \
		"$(cat "$work/list.joined") $((n + 1))" "$(cat "$work/list.shown") $(grep -c '^[A-Za-z]' "$work/list.shown")"

	for args in "list-poison" "list-poison -u" "list-poison -J" "list-poison --format prometheus" \
		"scrub --status -u" "recover -r region0 --dry-run"; do
		# shellcheck disable=SC2086
		"$PMEMCTL" $args > /dev/full 2> "$work/err"; rc=$?
		expect_eq "$name: $args > /dev/full: exit 1, one line saying so" "1 1 1" \
			"$rc $(grep -c '' "$work/err") $(grep -c 'write error on standard output' "$work/err")"
		# the reader is gone before pmemctl writes: EPIPE, not a failure
		# shellcheck disable=SC2086
		{ sleep 0.2; "$PMEMCTL" $args 2> "$work/err"; echo $? > "$work/rc"; } | true
		expect_eq "$name: $args | a reader that went away: exit 0, no message" "0 0" \
			"$(cat "$work/rc") $(grep -c '' "$work/err")"
		# shellcheck disable=SC2086
		{ "$PMEMCTL" $args 2> "$work/err"; echo $? > "$work/rc"; } | head -1 > /dev/null
		expect_eq "$name: $args | head -1: exit 0, no message" "0 0" "$(cat "$work/rc") $(grep -c '' "$work/err")"
	done
	umount_dump
done
rm -rf "$work"
t_done
