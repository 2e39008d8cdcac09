# Helpers sourced by every guest script (busybox sh).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/bbin
# busybox prefers its own applets: its modprobe ignores softdeps, so use kmod's
modprobe() { /usr/bin/modprobe "$@"; }
TAPN_FILE=/tmp/tap.n
up() { cut -d' ' -f1 /proc/uptime; }
_tap() {
	_tapn=$(( $(cat $TAPN_FILE 2>/dev/null || echo 0) + 1 )); echo $_tapn > $TAPN_FILE
	echo "LABTAP $1 $_tapn - $2"
}
ok() { _tap ok "$*"; }
not_ok() { _tap "not ok" "$*"; echo x >> /tmp/tap.fail; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() { d=$1; shift; if "$@" > /tmp/check.out 2>&1; then ok "$d"; else not_ok "$d"; sed 's/^/#   /' /tmp/check.out | head -20; fi; }
# wait_for WHAT SECONDS CMD...: until CMD succeeds (every 0.25 s); a check
# that fails, naming WHAT, when it has not within SECONDS
wait_for() {
	_wf_what=$1 _wf_n=$(( $2 * 4 )); shift 2
	while ! "$@" > /dev/null 2>&1; do
		_wf_n=$((_wf_n - 1)); [ $_wf_n -gt 0 ] || { not_ok "waited for $_wf_what"; return 1; }
		usleep 250000
	done
}
# expect_eq DESCRIPTION WANT GOT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   want: $2"; echo "#   got:  $3"; fi; }
# refused EXIT DESCRIPTION TEXT PMEMCTL-ARGS...: pmemctl ARGS exits EXIT with
# one line on stderr, and that line holds TEXT (a fixed string); the line
# stays in /tmp/r.err
refused() {
	_rf_want=$1 _rf_d=$2 _rf_text=$3; shift 3
	pmemctl_rc "$@" > /tmp/r.out 2> /tmp/r.err; _rf_rc=$?
	expect_eq "$_rf_d: exit $_rf_want, one line: $_rf_text" "$_rf_want 1 1" \
		"$_rf_rc $(grep -c '' /tmp/r.err) $(grep -cF -- "$_rf_text" /tmp/r.err)"
	[ "$_rf_rc $(grep -c '' /tmp/r.err)" = "$_rf_want 1" ] || sed 's/^/#   /' /tmp/r.err
}
info() { echo "LAB-INFO: $*"; }
step() { echo; echo "=== [$(up)s] $*"; }
ltime() { echo "LAB-TIME $1: $(awk -v a="$2" -v b="$(up)" 'BEGIN{printf "%.2f", b-a}')s"; }

# Every pmemctl call's exit status is checked. A plain "pmemctl ..." must
# exit 0: any other status is recorded in $PM_EXITS, and suite.sh turns each
# record into a failed check of the script that made it (so calls inside
# $(...) and pipelines count too). A call whose status the script reads
# itself ("; rc=$?", "expect_eq ... $?", "& ... wait") runs as pmemctl_rc.
PM_EXITS=/tmp/pm.exits
# Every JSON pmemctl prints on standard output, through pmemctl or
# pmemctl_rc, is also kept in $LAB_JSON as KIND--TEST-N.json(l), KIND naming
# its schema (test/validate-json.py); the suite sends the lot to the host,
# which validates each file against Documentation/schema. Output written to
# a file (monitor --log) is kept by the test with keep_json.
LAB_JSON=/tmp/lab-json
json_kind() {	# json_kind ARGS...: the schema of pmemctl ARGS's standard output, or nothing
	_c=$1; shift
	_sum=
	for _a in "$@"; do
		case $_a in
		-u|--human|-J|--json|-o|-o?*|--output|--output=*|--list-columns|--noheadings|--raw|--bytes|\
		-h|--help|--list-opts|--list-values|--list-values=*|prometheus|--format=prometheus|--no-stdout) return 0;;
		-s|--summary) _sum=1;;
		esac
	done
	case $_c in
	list-poison) [ -n "$_sum" ] && echo summary || echo list-poison;;
	inject|recover|salvage|unbind|monitor) echo $_c;;
	scrub) echo scrub-status;;
	esac
}
json_keep_path() {	# json_keep_path KIND: a new file name in $LAB_JSON for output of KIND
	# writable for all: calls made as nobody (su nobody -c "pmemctl_rc ...") keep theirs too
	[ -d $LAB_JSON ] || { mkdir -p $LAB_JSON && chmod 1777 $LAB_JSON; }
	_n=$(( $(cat $LAB_JSON/.n 2>/dev/null || echo 0) + 1 )); { echo $_n > $LAB_JSON/.n; } 2>/dev/null
	_ext=json; [ "$1" = monitor ] && _ext=jsonl
	# the pid too: a background call and the test may take a number at once,
	# and nobody cannot move root's counter on
	echo "$LAB_JSON/$1--${LAB_TEST:-setup}-$_n-$$.$_ext"
}
keep_json() {	# keep_json KIND FILE: keep a copy of FILE for validation on the host
	[ -s "$2" ] || return 0
	cp "$2" "$(json_keep_path $1)"
}
pmemctl() {
	_kind=
	[ -z "${LAB_JSON_KEEP:-}" ] || _kind=$(json_kind "$@")	# not in the bench suite: timed calls
	if [ -z "$_kind" ]; then
		command pmemctl "$@"; _pmrc=$?
	else
		_out=$(mktemp /tmp/pm.out.XXXXXX)
		command pmemctl "$@" > "$_out"; _pmrc=$?
		cat "$_out"
		keep_json $_kind "$_out"
		rm -f "$_out"
	fi
	[ $_pmrc = 0 ] || echo "pmemctl $*: exit $_pmrc" >> $PM_EXITS
	return $_pmrc
}
# pmemctl_rc is a program, not a function: "pmemctl_rc monitor ... &" must
# make $! a process that signals reach (a background job of a script ignores
# SIGINT, which pmemctl's handler overrides but a subshell's trap cannot). It
# execs pmemctl, or, when the output is JSON to keep, labtool tee, which
# copies pmemctl's output and passes on the signals it gets.
pmemctl_rc_exec() {
	_kind=
	[ -z "${LAB_JSON_KEEP:-}" ] || _kind=$(json_kind "$@")
	[ -n "$_kind" ] || exec pmemctl "$@"
	exec labtool tee "$(json_keep_path $_kind)" pmemctl "$@"
}
[ -x /usr/bin/pmemctl_rc ] || printf '#!/bin/sh\n. /lab/lib.sh\npmemctl_rc_exec "$@"\n' > /usr/bin/pmemctl_rc 2>/dev/null &&
	chmod 755 /usr/bin/pmemctl_rc 2>/dev/null
pm() { pmemctl "$@"; }	# what oracle.sh calls

# sysfs badblocks file -> "start len;start len;" (sectors)
bb() { tr '\n' ';' < "$1"; }
region_of_bus() {	# region_of_bus PROVIDER SIZE -> first such region name
	for r in /sys/bus/nd/devices/region*; do
		[ "$(cat "$(readlink -f "$r")/../provider" 2>/dev/null)" = "$1" ] || continue
		[ "$(cat "$r/size")" = "$2" ] || continue
		basename "$r"; return 0
	done
	return 1
}
first_ns() { ls /sys/bus/nd/devices/$1 | grep '^namespace' | head -1; }
# dax_chardev NS: the device-dax character device of a devdax namespace. It
# is a child of the namespace's nd dax device (its holder), whose name may
# differ (nd dax1.1 holding /dev/dax1.0).
dax_chardev() {
	for d in /sys/bus/nd/devices/$(cat /sys/bus/nd/devices/$1/holder)/dax*.*; do
		[ -e "$d/dev" ] && { basename "$d"; return 0; }
	done
	return 1
}
bus_of_region() { basename "$(readlink -f /sys/bus/nd/devices/$1/..)"; }

# inject NS BLOCK COUNT: latent poison (no notify); scrub afterwards to see it
inject() { ndctl inject-error --no-notify -B $2 -n $3 $1 >/dev/null || not_ok "inject $2+$3 into $1"; }
scrub() {	# scrub BUS: run ARS on BUS and wait for it to finish
	ndctl start-scrub "$1" >/dev/null 2>&1
	ndctl wait-scrub "$1" >/dev/null 2>&1
}

. /lab/oracle.sh

# agree REGION [DEV...]: pmemctl matches the kernel's region list and each
# block device's list exactly, and every spa is region start + region offset
agree() {
	r=$1; shift
	expect_eq "$r: pmemctl ranges equal the region's badblocks" "$(kernel_region_bb $r)" "$(pm_region_bb $r)"
	expect_eq "$r: pmemctl's pieces, unmerged, are the region's badblocks cut where namespaces and data areas begin and end" \
		"$(kernel_region_pieces $r)" "$(pm_region_pieces $r)"
	for d in "$@"; do
		expect_eq "$d: pmemctl data ranges equal /sys/block/$d/badblocks" "$(kernel_ns_bb $d)" "$(pm_ns_bb $d)"
	done
	base=$(region_res $r)
	bad=$(pmemctl list-poison -r $r | jq --argjson b "$base" '[.[] | select(.spa != $b + .region_offset)] | length')
	expect_eq "$r: spa = region start + region offset for every record" 0 "$bad"
}

# dump NAME: the NVDIMM part of sysfs plus pmemctl's own view, base64 on the
# console for the host to keep (the fast test tier replays these)
dump() {
	sh /lab/capture-sysfs.sh /tmp/dump >/dev/null 2>&1
	pmemctl list-poison > /tmp/dump/pmemctl-list-poison.json
	pmemctl list-poison --summary > /tmp/dump/pmemctl-summary.json
	uname -r > /tmp/dump/kernel
	tar -C /tmp/dump -czf /tmp/$1 .
	echo "LAB-DUMP-BEGIN $1"; base64 /tmp/$1; echo "LAB-DUMP-END $1"
	rm -rf /tmp/dump /tmp/$1
}

# clear_injections NS: make firmware forget every injection in NS (the kernel
# keeps listing the sectors until they are rewritten)
clear_injections() {
	pmemctl inject --status -n $1 | jq -r '.[] | "\(.sector) \(.sectors)"' | while read s c; do
		pmemctl inject --uninject -n $1 -B $s -c $c --quiet >/dev/null 2>&1; done
}

# run_bounded SECONDS CMD...: CMD in a process group of its own; one still
# running after SECONDS hangs: what each of its processes waits on goes to
# the console and the side port (hang_report), the group is killed and
# /tmp/hung says so (with "unkillable" when a process outlived SIGKILL in
# uninterruptible sleep: it is left behind, and the caller goes on). One
# hung script costs a failed check and SECONDS, not the whole run.
run_bounded() {
	_rb_limit=$1; shift
	# a background job's stdin would be /dev/null: keep the caller's
	exec 3<&0
	setsid "$@" <&3 3<&- &
	_rb_pid=$!
	exec 3<&-
	trap : USR1	# the watchdog's word that the group cannot be waited for
	(	_rb_n=0
		while [ -d /proc/$_rb_pid ]; do
			if [ $_rb_n -ge $_rb_limit ]; then
				echo hung > /tmp/hung
				hang_report $_rb_pid $_rb_limit > /tmp/hang.txt 2>&1
				# either output can be what is stuck: neither may hold up the kill
				sed 's/^/LAB-HANG: /' /tmp/hang.txt > /dev/ttyS1 &
				timeout 10 cat /tmp/hang.txt
				kill -9 -$_rb_pid
				sleep 10
				if [ -d /proc/$_rb_pid ] && [ "$(proc_state $_rb_pid)" != Z ]; then
					echo unkillable > /tmp/hung; kill -USR1 $$
				fi
				exit
			fi
			sleep 2; _rb_n=$((_rb_n + 2))
		done ) &
	_rb_dog=$!
	wait $_rb_pid
	kill $_rb_dog 2>/dev/null
	trap - USR1
}
proc_state() { sed 's/.*) //' /proc/$1/stat 2>/dev/null | cut -d' ' -f1; }
# hang_report PGID SECONDS: each process of the group, its state, where it
# sleeps in the kernel and its kernel stack; the kernel's blocked tasks
# (sysrq w) and the end of its log
hang_report() {
	echo "# hung: process group $1 ($(tr '\0' ' ' < /proc/$1/cmdline 2>/dev/null | cut -c1-120)), still running after $2 s"
	for _hr_d in /proc/[0-9]*; do
		_hr_s=$(sed 's/.*) //' $_hr_d/stat 2>/dev/null) || continue
		[ "$(echo "$_hr_s" | cut -d' ' -f3)" = "$1" ] || continue
		echo "#   pid ${_hr_d#/proc/} state $(echo "$_hr_s" | cut -d' ' -f1) wchan $(cat $_hr_d/wchan 2>/dev/null):" \
			"$(tr '\0' ' ' < $_hr_d/cmdline 2>/dev/null)"
		sed 's/^/#     /' $_hr_d/stack 2>/dev/null
	done
	echo w > /proc/sysrq-trigger 2>/dev/null
	dmesg | tail -30 | sed 's/^/#   dmesg: /'
}
