#!/bin/sh
# Dump tier: every command's JSON, as printed over each captured sysfs tree,
# validates against Documentation/schema (pmemctl-json(7)) with Debian's
# python3-jsonschema: list-poison (with filters), --summary, scrub --status,
# recover --dry-run per poisoned region, inject --dry-run, unbind's
# pre-flight per namespace, salvage of a file, monitor's start-up snapshot.
# The validator itself must reject a doctored record (an old key name, a
# missing key, a wrong type), or a pass would say nothing.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
# Debian's validator (python3-jsonschema), not one from a private python
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || cannot_run "python3-jsonschema is not installed (scripts/install-deps.sh)"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount dumps over /sys and /dev"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
. "$SRC/test/dump/mount-dump.sh"
work=$(mktemp -d)
validate() { $PY "$SRC/test/validate-json.py" "$@"; }

for dump in "$SRC"/test/dump/dumps/*.tgz; do
	name=$(basename "$dump" .tgz)
	out=$work/out/$name
	mkdir -p "$out"
	mount_dump "$dump" "$work/d" || { not_ok "$name: mount the dump over /sys"; continue; }
	echo "# $name"
	pm list-poison > "$out/list-poison--all.json"
	for r in $(jq -r '.[].region' "$out/list-poison--all.json" | sort -u); do
		pm list-poison -r "$r" > "$out/list-poison--$r.json"
	done
	pm list-poison --summary > "$out/summary--all.json"
	pm scrub --status > "$out/scrub-status--all.json"
	for r in $(jq -r '.[] | select(.namespace == null and .ranges > 0) | .region' "$out/summary--all.json"); do
		"$PMEMCTL" recover -r "$r" --dry-run > "$out/recover--$r.json" 2>/dev/null || rm -f "$out/recover--$r.json"
	done
	for ns in $(jq -r '.[] | select(.namespace != null) | .namespace' "$out/summary--all.json"); do
		"$PMEMCTL" inject -n "$ns" -B 8 -c 2 --dry-run > "$out/inject--$ns.json" 2>/dev/null ||
			rm -f "$out/inject--$ns.json"	# a bus without injection DSMs: exit 5, no JSON
		pm unbind "$ns" > "$out/unbind--$ns.json" 2>/dev/null
		# a machine check's plan: nfit_test is a test platform, ACPI.NFIT without DMI QEMU is not (exit 5)
		"$PMEMCTL" inject -n "$ns" -B 8 --machine-check --granularity 64 --dry-run > "$out/inject--mce-$ns.json" \
			2>/dev/null || rm -f "$out/inject--mce-$ns.json"
	done
	printf 'some bytes\n' > "$work/file"
	rm -f "$work/copy"
	pm salvage "$work/file" "$work/copy" > "$out/salvage--file.json"
	pm monitor --once > "$out/monitor--once.jsonl"
	# the snapshot: a poison-present event per record list-poison prints, and a total of their ranges and bytes
	expect_eq "$name: monitor --once: list-poison's ranges and bytes as poison-present events, and in the snapshot's total" \
		"$(jq -r '"\(length) \(map(.length) | add // 0)" | . + " " + .' "$out/list-poison--all.json")" \
		"$(jq -rs '[.[] | select(.event == "poison-present")] as $p | (.[] | select(.event == "snapshot")) as $s
			| "\($p | length) \($p | map(.length) | add // 0) \($s.ranges) \($s.bytes)"' "$out/monitor--once.jsonl")"
	empty=$(jq -r '[.[] | select(.namespace == null and .ranges == 0)][0].region // "none"' "$out/summary--all.json")
	timeout 10 "$PMEMCTL" monitor --once -r "$empty" > "$out/monitor--quiet.jsonl"; rc=$?
	expect_eq "$name: monitor --once where there is no poison ($empty): the snapshot says 0 ranges, exit 0 at once" \
		'0 [{"event":"snapshot","ranges":0,"bytes":0}]' \
		"$rc $(jq -sc 'map(select(.event != "events-unwatched") | del(.time))' "$out/monitor--quiet.jsonl")"
	timeout 10 "$PMEMCTL" monitor --once --no-snapshot --timeout 1 > "$work/nothing"; rc=$?
	# events-unwatched (no machine-check tracepoint here, or not root) is a notice, not a change
	expect_eq "$name: monitor --once --no-snapshot: waits for a change (here --timeout 1: exit 0, nothing)" "0 0" \
		"$rc $(grep -v '"event":"events-unwatched"' "$work/nothing" | grep -c '')"
	umount_dump

	expect_eq "$name: scrub --status lists the buses sorted by number" \
		"$(jq -r '.[].bus' "$out/scrub-status--all.json" | sort -V | paste -sd' ')" \
		"$(jq -r '.[].bus' "$out/scrub-status--all.json" | paste -sd' ')"
	ls "$out" | sed 's/--.*//' | sort -u > "$work/kinds"
	expect_eq "$name: inject --machine-check --dry-run printed its plan on the nfit_test namespaces but BTT, not elsewhere" \
		"$(jq -r '.[] | select(.namespace != null and .mode != "sector" and (.provider | startswith("nfit_test"))) | .namespace' \
			"$out/summary--all.json" | sort | paste -sd' ')" \
		"$(ls "$out" | sed -n 's/^inject--mce-\(.*\)\.json$/\1/p' | sort | paste -sd' ')"
	expect_eq "$name: every kind of output was produced" \
		"inject list-poison monitor recover salvage scrub-status summary unbind" "$(paste -sd' ' "$work/kinds")"
	validate --dir "$out" > "$work/result"; rc=$?
	sed 's/^/# /' "$work/result"
	expect_eq "$name: $(grep -c '' "$work/result") outputs ($(grep -o '([0-9]* records)' "$work/result" |
		tr -dc '0-9\n' | paste -sd+ - | bc) records) validate against the schema" "0 0" \
		"$rc $(grep -vc '^ok ' "$work/result")"
done

# The validator catches drift: each doctored copy of a real output is rejected.
last=$(ls -d "$work"/out/*/ | tail -1)
doctor() {	# doctor KIND FILE JQ-FILTER WHAT
	jq "$3" "$last/$2" > "$work/bad.json"
	validate "$1" "$last/$2" > /dev/null; rc0=$?
	validate "$1" "$work/bad.json" > "$work/result"; rc=$?
	expect_eq "$1 output $2 is valid; doctored ($4) it is not" "0 1 invalid" "$rc0 $rc $(cut -d' ' -f1 "$work/result")"
}
doctor scrub-status scrub-status--all.json 'map(.count = .scrubs | del(.scrubs))' "the old key count"
doctor list-poison list-poison--all.json '.[0] |= del(.bus)' "a record without bus"
doctor list-poison list-poison--all.json '.[0].sector = "64"' "a sector as a string"
doctor summary summary--all.json '.[0].bytes = -1' "negative bytes"
doctor unbind "$(cd "$last" && ls unbind--* | head -1)" '.block_device = .device' "the old key block_device"
doctor recover "$(cd "$last" && ls -S recover--* | head -1)" 'map(.preserved = .kept | del(.kept))' "the old key preserved"
jq -c '.event = "poison-vanished"' "$last/monitor--once.jsonl" > "$work/bad.jsonl"
validate monitor "$work/bad.jsonl" > "$work/result"
expect_eq "monitor's snapshot events, with an undocumented event kind, are invalid" "$(grep -c '' "$last/monitor--once.jsonl") invalid" \
	"$(grep -c '' "$work/bad.jsonl") $(cut -d' ' -f1 "$work/result")"
rm -rf "$work"
t_done
