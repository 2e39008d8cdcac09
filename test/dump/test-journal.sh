#!/bin/sh
# monitor --syslog, over each captured sysfs tree: the events reach the
# journal as fields, through journald's native socket protocol (a reader,
# test/journal-reader.py, bound at /run/systemd/journal/socket in a private
# mount namespace), so that journalctl PMEMCTL_EVENT=... would find them:
# every poison-present entry carries its record's fields; without that
# socket, the JSON lines go to plain syslog (/dev/log).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v python3 >/dev/null || cannot_run "python3 is not installed"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount dumps over /sys, /dev and /run"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
. "$SRC/test/dump/mount-dump.sh"
work=$(mktemp -d)
READER="python3 $SRC/test/journal-reader.py"
mount -t tmpfs none /run && mkdir -p /run/systemd/journal || cannot_run "cannot mount a private /run"

# listen MODE PATH OUT ARGS: a reader in the background, ready before we go on
listen() {
	rm -f "$work/ready" "$2"
	$READER "$1" "$2" "$work/ready" --timeout 10 $4 $5 > "$3" &
	reader=$!
	for _ in $(seq 50); do [ -e "$work/ready" ] && break; sleep 0.1; done
}

for dump in "$SRC"/test/dump/dumps/*.tgz; do
	name=$(basename "$dump" .tgz)
	mount_dump "$dump" "$work/d" || { not_ok "$name: mount the dump over /sys"; continue; }
	echo "# $name"
	pm list-poison > "$work/list"
	listen --native /run/systemd/journal/socket "$work/journal" --until PMEMCTL_EVENT=snapshot
	pm monitor --syslog --no-stdout --once
	wait $reader
	expect_eq "$name: one journal entry per poison-present event, then the snapshot" \
		"$(jq length "$work/list") 1" \
		"$(jq -s '[.[] | select(.PMEMCTL_EVENT == "poison-present")] | length' "$work/journal")\
 $(jq -s '[.[] | select(.PMEMCTL_EVENT == "snapshot")] | length' "$work/journal")"
	# what journalctl PMEMCTL_EVENT=poison-present -o json would show, against list-poison
	expect_eq "$name: each entry's PMEMCTL_* fields are its record's (null fields absent)" \
		"$(jq -c '.[] | [.bus, .region, .namespace, .area, .sector, .region_sector, .length, ((.dimms // []) | join(","))] | map(if . == null then "" else tostring end)' "$work/list" | sort)" \
		"$(jq -c 'select(.PMEMCTL_EVENT == "poison-present") | [.PMEMCTL_BUS, .PMEMCTL_REGION, .PMEMCTL_NAMESPACE, .PMEMCTL_AREA, .PMEMCTL_SECTOR, .PMEMCTL_REGION_SECTOR, .PMEMCTL_LENGTH, .PMEMCTL_DIMMS] | map(. // "")' "$work/journal" | sort)"
	expect_eq "$name: MESSAGE is the event's JSON line, SYSLOG_IDENTIFIER pmemctl-monitor, PRIORITY 5" \
		"true" "$(jq -s 'all(.[]; (.MESSAGE | fromjson | .event) == .PMEMCTL_EVENT and .SYSLOG_IDENTIFIER == "pmemctl-monitor" and .PRIORITY == "5")' "$work/journal")"
	umount_dump
done

# no journald: plain syslog, the JSON line as the message
rm -f /run/systemd/journal/socket
mount_dump "$dump" "$work/d"
listen --syslog /dev/log "$work/syslog" --until EVENT=snapshot
pm monitor --syslog --no-stdout --once
wait $reader
expect_eq "without journald's socket: each event to syslog (/dev/log), pmemctl-monitor, the JSON line" \
	"$(pm monitor --once | jq -r .event | paste -sd' ')" \
	"$(jq -r '.SYSLOG | select(test("pmemctl-monitor\\[[0-9]+\\]: ")) | sub("^[^{]*"; "") | fromjson | .event' "$work/syslog" | paste -sd' ')"
umount_dump
umount /run
rm -rf "$work"
t_done
