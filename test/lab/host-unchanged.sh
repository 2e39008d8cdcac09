#!/bin/sh
# Run a command (the lab, make check) and check it left the host as it
# found it: the installed packages and their versions (dpkg), every file and
# link under /etc/apt (checksums), /boot, the /vmlinuz and /initrd.img
# links, /lib/modules and /usr/src; and what tests make and must take down:
# mounts of loop or zram devices or under /tmp, attached loop devices, zram
# devices, /tmp/pmemctl-* files. The lab's own host packages are installed
# first (scripts/install-deps.sh lab), before the snapshot, unless
# --no-deps: they are documented, the kernels are not allowed. The lab's
# cache (/var/cache/pmemctl-lab) is not looked at.
#
# usage: test/lab/host-unchanged.sh [--no-deps] COMMAND [ARG...]
#   e.g. test/lab/host-unchanged.sh test/lab/run.sh -k all
# Output: the command's output, then one TAP line per aspect (a failure lists
# what changed) and "host: N passed, N failed".
# Exit: the command's status if it failed, else 1 when the host changed, else 0.
top=$(cd "$(dirname "$0")/../.." && pwd)
deps=yes
[ "${1:-}" != --no-deps ] || { deps=; shift; }
[ $# -gt 0 ] || { echo "usage: host-unchanged.sh [--no-deps] COMMAND [ARG...]" >&2; exit 2; }
[ -z "$deps" ] || "$top/scripts/install-deps.sh" lab ||
	{ echo "host-unchanged: cannot install the lab's host packages" >&2; exit 2; }

ASPECTS="dpkg etc-apt boot vmlinuz lib-modules usr-src mounts loop-devices zram-devices tmp-files"
snap_one() {	# snap_one ASPECT: a text listing that changes when the aspect does
	case $1 in
	dpkg) dpkg-query -W -f='${Package}:${Architecture} ${Version} ${db:Status-Abbrev}\n' | sort;;
	etc-apt) find /etc/apt -printf '%p %y %m %l\n' | sort
		find /etc/apt -type f -print0 | sort -z | xargs -0 -r sha256sum;;
	boot) ls -lA --time-style=full-iso /boot;;
	vmlinuz) for l in /vmlinuz /vmlinuz.old /initrd.img /initrd.img.old /boot/vmlinuz /boot/initrd.img; do
			if [ -e "$l" ] || [ -L "$l" ]; then echo "$l -> $(readlink "$l")"; else echo "$l absent"; fi
		done;;
	lib-modules) ls -lA --time-style=full-iso /lib/modules/;;
	usr-src) ls -lA --time-style=full-iso /usr/src/;;
	mounts) awk '$1 ~ "^/dev/(loop|zram)" || $2 ~ "^/tmp/" { print $1, $2, $3 }' /proc/self/mounts | sort;;
	loop-devices) losetup -l -n -O NAME,BACK-FILE 2>/dev/null | sort;;
	zram-devices) for z in /sys/block/zram*; do [ ! -e "$z" ] || echo "${z##*/} $(cat "$z/disksize")"; done;;
	tmp-files) ls -d /tmp/pmemctl-* 2>/dev/null | sort;;
	esac
}
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
for a in $ASPECTS; do snap_one "$a" > "$snap/$a.before" 2>&1; done

"$@"
rc=$?

n=0 bad=0
for a in $ASPECTS; do
	n=$((n + 1))
	snap_one "$a" > "$snap/$a.after" 2>&1
	if cmp -s "$snap/$a.before" "$snap/$a.after"; then
		echo "ok $n - host unchanged: $a"
	else
		bad=$((bad + 1))
		echo "not ok $n - host CHANGED: $a"
		diff "$snap/$a.before" "$snap/$a.after" | grep '^[<>]' | head -20 | sed 's/^/#   /'
	fi
done
echo "host: $((n - bad)) passed, $bad failed"
[ $rc = 0 ] || exit $rc
[ $bad = 0 ]
