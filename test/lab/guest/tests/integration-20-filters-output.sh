# Filters, error cases, the table and summary views, and non-root use, on the
# poison that integration-10 left in place.
R1=$RAW_REGION R2=$FSDAX_REGION
all=$(pmemctl list-poison)
total=$(echo "$all" | jq length)
info "records in all: $total"

step "filters"
expect_eq "-r $R1 selects only $R1" "[\"$R1\"]" "$(pmemctl list-poison -r $R1 | jq -c 'map(.region) | unique')"
expect_eq "-r N means regionN" "$(pmemctl list-poison -r $R1)" "$(pmemctl list-poison -r ${R1#region})"
expect_eq "-n namespace" "[\"$RAW_NS\"]" "$(pmemctl list-poison -n $RAW_NS | jq -c 'map(.namespace) | unique')"
expect_eq "-n block device equals -n namespace" "$(pmemctl list-poison -n $RAW_NS)" "$(pmemctl list-poison -n $RAW_DEV)"
expect_eq "-n /dev/ path equals -n namespace" "$(pmemctl list-poison -n $RAW_NS)" "$(pmemctl list-poison -n /dev/$RAW_DEV)"
expect_eq "-m fsdax" "[\"fsdax\"]" "$(pmemctl list-poison -m fsdax | jq -c 'map(.mode) | unique')"
expect_eq "-m memory is fsdax" "$(pmemctl list-poison -m fsdax)" "$(pmemctl list-poison -m memory)"
expect_eq "-b provider equals -b device name" "$(pmemctl list-poison -b nfit_test.0)" "$(pmemctl list-poison -b $RAW_BUS)"
expect_eq "-b nfit_test.0 lists no other bus" "[\"nfit_test.0\"]" "$(pmemctl list-poison -b nfit_test.0 | jq -c 'map(.provider) | unique')"
expect_eq "filters combine: -b + -m" "$(pmemctl list-poison -m fsdax)" "$(pmemctl list-poison -b nfit_test.0 -m fsdax)"
out=$(pmemctl_rc list-poison -n namespace4.0); rc=$?
expect_eq "a namespace without poison: [] and exit 0" "[] 0" "$out $rc"

step "error cases: one line on stderr, documented exit code, nothing on stdout"
err_case() {	# err_case WANT_RC DESCRIPTION ARGS...
	want=$1 d=$2; shift 2
	pmemctl_rc "$@" > /tmp/o 2> /tmp/e; rc=$?
	lines=$(grep -c '' /tmp/e)
	first=$(head -1 /tmp/e)
	if [ $rc = $want ] && [ ! -s /tmp/o ] && case $first in "pmemctl"*) true;; *) false;; esac; then
		ok "$d (exit $rc: $first)"
	else
		not_ok "$d: exit $rc (want $want), $lines stderr lines, stdout $(wc -c < /tmp/o) bytes"; sed 's/^/#   /' /tmp/e /tmp/o | head -5
	fi
}
err_case 3 "unknown bus" list-poison -b nosuchbus
err_case 3 "unknown region" list-poison -r region99
err_case 3 "unknown namespace" list-poison -n namespace9.9
err_case 3 "mode present nowhere" list-poison -m devdax
err_case 2 "unknown mode" list-poison -m bogus
err_case 2 "unknown option" list-poison --bogus
err_case 2 "option without its argument" list-poison -r
err_case 2 "stray argument" list-poison extra
err_case 2 "unknown command" no-such-command
pmemctl_rc > /tmp/o 2> /tmp/e; rc=$?
expect_eq "no command: usage on stderr, exit 2" "2 usage: pmemctl" "$rc $(head -1 /tmp/e | cut -c1-14)"
n=$(pmemctl_rc list-poison -b nosuchbus 2>&1 >/dev/null | grep -c '')
expect_eq "filter error is exactly one line" 1 "$n"

step "views of the same model"
rows=$(pmemctl list-poison -u | tail -n +2 | grep -c '')
expect_eq "--human: one table row per JSON record" "$total" "$rows"
check "--human: header names the columns" sh -c "pmemctl list-poison -u | head -1 | grep -q 'REGION.*NAMESPACE.*SECTOR.*SPA.*LENGTH'"
expect_eq "JSON: every record has the same keys" 1 "$(echo "$all" | jq 'map(keys) | unique | length')"
expect_eq "JSON: flat records (only dimms is a list)" 0 "$(echo "$all" | jq '[.[] | to_entries[] | select(.key != "dimms" and (.value | type) == ("object","array"))] | length')"
s=$(pmemctl list-poison -s)
expect_eq "--summary: namespace bytes = sum of its record lengths" \
	"$(echo "$all" | jq '[.[] | select(.namespace == "'$FSDAX_NS'") | .length] | add')" \
	"$(echo "$s" | jq '.[] | select(.namespace == "'$FSDAX_NS'") | .bytes')"
expect_eq "--summary: region row counts all of the region's ranges" \
	"$(echo "$all" | jq '[.[] | select(.region == "'$R2'")] | length')" \
	"$(echo "$s" | jq '.[] | select(.region == "'$R2'" and .namespace == null) | .ranges')"
expect_eq "--summary: namespaces without poison are listed with 0" 0 \
	"$(echo "$s" | jq '.[] | select(.namespace == "namespace4.0") | .ranges')"
check "--summary --human prints a table" sh -c "pmemctl list-poison -s -u | head -1 | grep -q 'RANGES.*BYTES'"

step "as an unprivileged user"
su nobody -s /bin/sh -c 'pmemctl list-poison' > /tmp/u.json 2> /tmp/u.err; rc=$?
expect_eq "non-root: exit 0" 0 $rc
expect_eq "non-root: spa is null everywhere" 0 "$(jq '[.[] | select(.spa != null)] | length' /tmp/u.json)"
# notes only: the root-only fields once, and the poison a user cannot place
# (metadata, unclaimed space) as unknown where a region has some
expect_eq "non-root: only notes on stderr, the root-only fields named once" "1 0" \
	"$(grep -c 'physical addresses are visible to root only' /tmp/u.err) $(grep -vc '^pmemctl list-poison: note: ' /tmp/u.err)"
info "non-root note: $(cat /tmp/u.err)"
expect_eq "non-root: the block devices' ranges are still listed with their sectors" \
	"$(pm_ns_bb $FSDAX_DEV)" \
	"$(jq -r '.[] | select(.device == "'$FSDAX_DEV'" and .area == "data") | "\(.sector) \(.sectors)"' /tmp/u.json | sort -n)"
su nobody -s /bin/sh -c 'pmemctl list-poison --summary' > /tmp/us.json 2> /dev/null
# unknown is never shown as nothing: a region whose count is unknown has its
# ranges listed (placed false)
jq -c '[.[] | select(.placed == false) | .region] | unique' /tmp/u.json > /tmp/unplaced.json
expect_eq "non-root: every region with an unknown count has its ranges listed, placed false" "[]" \
	"$(jq -c --slurpfile p /tmp/unplaced.json '[.[] | select(.namespace == null and .ranges == null) | .region] - $p[0]' /tmp/us.json)"
info "non-root: regions with an unknown count: $(jq -c '[.[] | select(.namespace == null and .ranges == null) | .region]' /tmp/us.json)"
