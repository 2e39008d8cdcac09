#!/bin/sh
# The systemd units and the logrotate snippet in contrib/: valid for systemd,
# sandboxed (systemd-analyze security), consistent with what the commands
# write, and monitor's SIGHUP reopen that the snippet relies on.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v systemd-analyze >/dev/null || cannot_run "systemd-analyze is not installed (package systemd)"
command -v logrotate >/dev/null || cannot_run "logrotate is not installed"
tmp=$(mktemp -d)
trap 'kill $mon 2>/dev/null; rm -rf "$tmp"' EXIT
# exposure goal: well below systemd's "OK" band (<= 2.0 of 10)
MAX_EXPOSURE=2.0

# units as installed, with the build's binary (verify checks it exists)
for u in pmemctl-monitor pmemctl-metrics; do
	sed "s|@bindir@|$(dirname "$PMEMCTL")|g" "$SRC/contrib/$u.service.in" > "$tmp/$u.service"
done
cp "$SRC/contrib/pmemctl-metrics.timer" "$tmp/"
systemd-analyze verify --man=no "$tmp/pmemctl-monitor.service" "$tmp/pmemctl-metrics.service" \
	"$tmp/pmemctl-metrics.timer" > "$tmp/verify" 2>&1
expect_eq "systemd-analyze verify: the units are clean" "0 " "$? $(cat "$tmp/verify")"

for u in pmemctl-monitor pmemctl-metrics; do
	level=$(cd "$tmp" && systemd-analyze security --offline=yes "$u.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
	echo "# $u.service: exposure $level"
	expect_eq "$u.service: exposure ${level:-?} is at most $MAX_EXPOSURE" yes \
		"$(awk -v l="${level:-99}" -v m=$MAX_EXPOSURE 'BEGIN { print (l <= m) ? "yes" : "no" }')"
done

# what the sandbox allows matches what the commands write
log=$(sed -n 's|^ExecStart=.* --log \([^ ]*\).*|\1|p' "$tmp/pmemctl-monitor.service")
dir=$(sed -n 's|^LogsDirectory=||p' "$tmp/pmemctl-monitor.service")
expect_eq "monitor's --log file lies in its LogsDirectory" "/var/log/$dir" "$(dirname "$log")"
expect_eq "the logrotate snippet rotates monitor's --log file" 1 "$(grep -c "^$log {" "$SRC/contrib/pmemctl-monitor.logrotate")"
state=$(sed -n 's|^#define STATE_DIR "\(.*\)"|\1|p' "$SRC/lib/scrub.c")
expect_eq "monitor may write its scrub notes ($state): its RuntimeDirectory, kept" "$state yes" \
	"/run/$(sed -n 's|^RuntimeDirectory=||p' "$tmp/pmemctl-monitor.service") $(sed -n 's|^RuntimeDirectoryPreserve=||p' "$tmp/pmemctl-monitor.service")"
rw=$(sed -n 's|^ReadWritePaths=||p' "$tmp/pmemctl-metrics.service")
expect_eq "metrics: every path it writes is under its ReadWritePaths ($rw)" "$rw/pmemctl.prom $rw/pmemctl.prom.tmp" \
	"$(grep '^ExecStart=' "$tmp/pmemctl-metrics.service" | grep -o '/var/[^ '"'"']*' | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "metrics: the textfile directory is created when missing" 1 \
	"$(grep -c "^ExecStartPre=+/bin/mkdir -p $rw\$" "$tmp/pmemctl-metrics.service")"

# the snippet is valid for logrotate, and its rotation reaches monitor:
# the same snippet on a scratch log, with the postrotate aimed at our monitor
sed -e "s|$log|$tmp/monitor.jsonl|" -e "s|systemctl kill .*|kill -HUP \$(cat $tmp/pid)|" \
	"$SRC/contrib/pmemctl-monitor.logrotate" > "$tmp/rotate.conf"
"$PMEMCTL" monitor --no-stdout --log "$tmp/monitor.jsonl" --timeout 30 2> "$tmp/err" &
mon=$!
echo $mon > "$tmp/pid"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e "$tmp/monitor.jsonl" ] && break; sleep 0.2; done
echo '{"event":"test"}' >> "$tmp/monitor.jsonl"	# notifempty: give it a line
logrotate -f -s "$tmp/state" "$tmp/rotate.conf" > "$tmp/lr" 2>&1
expect_eq "logrotate: the snippet rotates without error" "0 " "$? $(cat "$tmp/lr")"
# monitor opens the path again, then closes the rotated file: wait for both
logs() { readlink /proc/$mon/fd/* 2>/dev/null | grep "$tmp/monitor" | sort -u | tr '\n' ' ' | sed 's/ $//'; }
for i in $(seq 50); do [ "$(logs)" = "$tmp/monitor.jsonl" ] && break; sleep 0.1; done
expect_eq "SIGHUP: monitor reopened --log at its path (the rotated file is closed)" \
	"$tmp/monitor.jsonl" "$(logs)"
kill -TERM $mon
wait $mon
expect_eq "monitor went on after the reopen; SIGTERM: exit 130 (interrupted), no message" "130 " "$? $(cat "$tmp/err")"
# a rotation while monitor still starts: SIGHUP as soon as the log exists
died=0
for i in 1 2 3 4 5; do
	rm -f "$tmp/early.jsonl"
	"$PMEMCTL" monitor --no-stdout --log "$tmp/early.jsonl" --timeout 1 2>> "$tmp/early.err" &
	mon=$!
	while [ ! -e "$tmp/early.jsonl" ] && kill -0 $mon 2>/dev/null; do :; done
	kill -HUP $mon
	wait $mon || died=$((died + 1))
done
expect_eq "SIGHUP while monitor starts: it goes on (5 tries), no message" "0 " "$died $(cat "$tmp/early.err")"
expect_eq "the monitor unit counts that 130 as success" "130" "$(sed -n 's|^SuccessExitStatus=||p' "$tmp/pmemctl-monitor.service")"
t_done
