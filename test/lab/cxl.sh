#!/bin/bash
# The CXL lab probe: Debian's kernel on QEMU 10's emulated CXL type-3 devices
# (one persistent, one volatile, behind a pxb-cxl host bridge and two root
# ports, one 4 GiB CXL fixed memory window). The host injects poison through
# QMP (cxl-inject-poison) before the guest runs; the guest
# (guest/cxl-probe.sh) checks the kernel's poison interfaces against it and
# prints LABTAP lines. Nothing is installed into the host:
#
# - QEMU 10 comes from bookworm-backports through a private apt configuration
#   ($CACHE/cxl/apt) with `apt-get download`, unpacked with dpkg-deb -x into
#   $CACHE/qemu10 and run from there (-L for its firmware); the packages are
#   deleted afterwards.
# - The kernel and its modules are the NVDIMM lab's unpacked Debian kernel
#   ($CACHE/kernels/..., see run.sh), used read-only; the initramfs and the
#   device backing files live in $CACHE/cxl/$KV.
#
# usage: test/lab/cxl.sh [-k 6.12|6.1] [--cpu MODEL] [--shell]
#   --cpu   QEMU -cpu (default max,-hypervisor: 6.12 refuses to commit a
#           region when the CPUID hypervisor bit is set)
#   --shell interactive guest after boot (Ctrl-a x quits), no probe
# Env: PMEMCTL_LAB_CACHE (default /var/cache/pmemctl-lab), LAB_TIMEOUT (300).
# Exit: 0 all checks passed, 1 a check failed, 2 setup failed, 124 timeout,
#       4 the guest printed no result.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
CACHE=${PMEMCTL_LAB_CACHE:-/var/cache/pmemctl-lab}
SERIES=6.12 CPU=max,-hypervisor SHELL_MODE=0
log() { echo "cxl-lab: $*" >&2; }
die() { log "$*"; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-k) SERIES=$2; shift;;
	--cpu) CPU=$2; shift;;
	--shell) SHELL_MODE=1;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
	*) die "unknown argument: $1 (see --help)";;
	esac
	shift
done
[ "$(id -u)" = 0 ] || die "run as root (the lab cache is root's)"
since() { echo $(( $(date +%s) - $1 )); }

# --- QEMU 10 from bookworm-backports, unpacked, never installed ---
QDIR=$CACHE/qemu10
QEMU=$QDIR/usr/bin/qemu-system-x86_64
CXL_APT=$CACHE/cxl/apt
cxl_apt() { APT_CONFIG=$CXL_APT/apt.conf "$@"; }
cxl_apt_setup() {
	local codename mirror=${LAB_MIRROR:-http://deb.debian.org/debian}
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the Debian release from /etc/os-release"
	mkdir -p "$CXL_APT"/etc/apt.conf.d "$CXL_APT"/etc/sources.list.d "$CXL_APT"/etc/preferences.d \
		"$CXL_APT"/lists/partial "$CXL_APT"/cache/archives/partial "$CXL_APT"/state
	printf 'deb %s %s main\ndeb %s %s-backports main\n' "$mirror" "$codename" "$mirror" "$codename" \
		> "$CXL_APT/etc/sources.list"
	# Dir::Etc::main and ::parts first: the host's apt.conf(.d) stay out
	cat > "$CXL_APT/apt.conf" <<-EOT
	Dir::Etc::main "/dev/null";
	Dir::Etc::parts "$CXL_APT/etc/apt.conf.d";
	Dir::Etc::sourcelist "$CXL_APT/etc/sources.list";
	Dir::Etc::sourceparts "$CXL_APT/etc/sources.list.d";
	Dir::Etc::preferences "/dev/null";
	Dir::Etc::preferencesparts "$CXL_APT/etc/preferences.d";
	Dir::State "$CXL_APT/state";
	Dir::State::Lists "$CXL_APT/lists";
	Dir::State::status "/dev/null";
	Dir::Cache "$CXL_APT/cache";
	Dir::Cache::srcpkgcache "";
	Dir::Cache::pkgcache "";
	Acquire::Languages "none";
	APT::Get::AllowUnauthenticated "false";
	EOT
}
backports_version() {	# the newest version of package $1 that comes from -backports
	cxl_apt apt-cache madison "$1" | awk -F' *[|] *' '$3 ~ /-backports/ {print $2; exit}'
}
fetch_qemu() {
	[ -f "$QDIR/.complete" ] && return 0
	local t debs=$CACHE/cxl/debs p v list="" missing
	t=$(date +%s)
	cxl_apt_setup
	log "apt-get update (private lists in $CXL_APT)"
	cxl_apt apt-get update -q >&2 || die "apt-get update with the private sources failed"
	# qemu-system-x86 10 needs its own data (option ROMs, keymaps) and a
	# seabios newer than bookworm's; its libraries are bookworm's
	for p in qemu-system-x86 qemu-system-data seabios; do
		v=$(backports_version $p)
		[ -n "$v" ] || die "no $p in the -backports suite"
		list="$list $p=$v"
	done
	rm -rf "$debs"; mkdir -p "$debs"
	! id _apt > /dev/null 2>&1 || chown _apt "$debs"
	log "apt-get download$list"
	# shellcheck disable=SC2086
	(cd "$debs" && cxl_apt apt-get download -q $list >&2) || die "apt-get download failed"
	rm -rf "$QDIR"; mkdir -p "$QDIR"
	for p in "$debs"/*.deb; do dpkg-deb -x "$p" "$QDIR" || die "cannot unpack $p"; done
	rm -rf "$debs"
	missing=$(ldd "$QEMU" | awk '/not found/{print $1}' | tr '\n' ' ')
	[ -z "$missing" ] || die "QEMU 10 needs libraries this host lacks: $missing"
	"$QEMU" --version | head -1 > "$QDIR/.complete"
	log "QEMU 10 unpacked into $QDIR in $(since "$t")s: $(cat "$QDIR/.complete")"
}

# --- the NVDIMM lab's unpacked Debian kernel, read-only ---
resolve_kernel_ro() {
	local cur=$CACHE/kernels/current-$SERIES
	[ -f "$cur" ] || die "no unpacked $SERIES kernel in $CACHE/kernels: run test/lab/run.sh -k $SERIES once"
	read -r KV PKGVER < "$cur"
	KROOT=$CACHE/kernels/$KV-$PKGVER/root
	VMLINUZ=$KROOT/boot/vmlinuz-$KV
	KMODS=$KROOT/lib/modules/$KV
	[ -d "$KMODS" ] || KMODS=$KROOT/usr/lib/modules/$KV
	if [ ! -f "$VMLINUZ" ] || [ ! -d "$KMODS/kernel" ]; then die "$KROOT lacks a vmlinuz or modules"; fi
}

# --- initramfs: busybox, kmod, Debian's cxl/ndctl/daxctl as oracles, the CXL
# module closure and the probe ---
GUEST_BINS="/usr/bin/cxl /usr/bin/ndctl /usr/bin/daxctl /usr/bin/jq /usr/bin/kmod /usr/sbin/mkfs.xfs /usr/sbin/xfs_io"
MODULES="cxl_acpi cxl_pci cxl_mem cxl_pmem dax_cxl device_dax nd_pmem dax_pmem xfs"
# base.cpio.gz (binaries, libraries, modules) is rebuilt only when its
# inputs change; the init and the probe go in a small archive every run (the
# kernel unpacks concatenated cpio archives in order)
build_initrd() {
	local r=$WORK/root st=$WORK/modstage base=$WORK/base.cpio.gz m l rebuild=0
	[ -f "$base" ] || rebuild=1
	for l in $GUEST_BINS /bin/busybox "$0" "$VMLINUZ"; do [ "$l" -nt "$base" ] && rebuild=1; done
	if [ $rebuild = 1 ]; then
		rm -rf "$r" "$st"
		mkdir -p "$r"/{bin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc,lab,proc,sys,dev,tmp,mnt,run}
		cp /bin/busybox "$r/bin/busybox"; ln -s busybox "$r/bin/sh"
		# shellcheck disable=SC2086
		cp $GUEST_BINS "$r/usr/bin/"
		# shellcheck disable=SC2086
		for l in $(ldd $GUEST_BINS | awk '/=> \//{print $3} /^\t\/lib64/{print $1}' | sort -u); do
			mkdir -p "$r$(dirname "$l")"; cp -L "$l" "$r$l"
		done
		for l in modprobe insmod rmmod lsmod depmod modinfo; do ln -sf kmod "$r/usr/bin/$l"; done
		echo "root:x:0:0:root:/:/bin/sh" > "$r/etc/passwd"
		# modules.dep is made by the package's postinst, so the unpacked tree
		# has none: compute the closure in a hard-linked stage (the cache
		# stays as it is); modules a series lacks (6.1: dax_cxl) are skipped
		mkdir -p "$st/lib/modules/$KV"
		cp -al "$KMODS/kernel" "$st/lib/modules/$KV/"
		cp "$KMODS"/modules.{order,builtin,builtin.modinfo} "$st/lib/modules/$KV/"
		depmod -b "$st" "$KV"
		: > "$WORK/empty.conf"
		# shellcheck disable=SC2086
		for m in $(modprobe -C "$WORK/empty.conf" -d "$st" -S "$KV" -a --show-depends $MODULES 2>/dev/null |
				awk '$1=="insmod"{print $2}' | sort -u); do
			mkdir -p "$r/$(dirname "${m#"$st"/}")"; cp "$m" "$r/${m#"$st"/}"
		done
		cp "$KMODS"/modules.{order,builtin,builtin.modinfo} "$r/lib/modules/$KV/"
		depmod -b "$r" "$KV"
		(cd "$r" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$base.tmp"
		mv "$base.tmp" "$base"
		rm -rf "$r" "$st"
	fi
	rm -rf "$r"; mkdir -p "$r/lab"
	cp "$LAB/guest/cxl-init" "$r/init"; chmod +x "$r/init"
	cp "$LAB/guest/lib.sh" "$LAB/guest/oracle.sh" "$LAB/guest/cxl-probe.sh" "$r/lab/"
	(cd "$r" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 | cat "$base" - > "$WORK/initrd.img"
	rm -rf "$r"
}

# --- the poison the host injects through QMP before the guest starts: one
# range per device (serial:dpa:length; the guest reads the same list) ---
QMP_POISON="0x1001:0x2000:0x200 0x1002:0x4000:0x1000"
qmp_inject_commands() {
	local p sn start len id
	for p in $QMP_POISON; do
		IFS=: read -r sn start len <<< "$p"
		case $sn in 0x1001) id=cxl-pmem0;; 0x1002) id=cxl-vmem0;; esac
		printf '{"execute":"cxl-inject-poison","arguments":{"path":"/machine/peripheral/%s","start":%d,"length":%d}}\n' \
			"$id" "$start" "$len"
	done
}

# While it runs, the guest asks for more injections with a console line
# "LAB-QMP: {json}" (poison into a committed region, event records); only the
# cxl-inject-* commands are served. The guest checks the effect itself.
serve_guest_requests() {
	tail --pid="$qpid" -n +1 -F "$console" 2> /dev/null |
		sed -nu 's/^LAB-QMP: \({"execute":"cxl-inject-[a-z-]*".*\)$/\1/p' |
		"$LAB/qmp.py" "$QMP" - >> "$RESULTS/qmp.log" 2>&1 || true
}

qemu_args() {
	echo "-L $QDIR/usr/share/seabios -L $QDIR/usr/share/qemu -accel tcg -cpu $CPU -smp 2"
	echo "-m 2G,maxmem=8G,slots=4 -M q35,cxl=on -nodefaults -display none -no-reboot"
	echo "-object memory-backend-file,id=pmem0-mem,share=on,mem-path=$WORK/pmem0.raw,size=256M"
	echo "-object memory-backend-file,id=pmem0-lsa,share=on,mem-path=$WORK/pmem0-lsa.raw,size=1M"
	echo "-object memory-backend-ram,id=vmem0-mem,share=on,size=256M"
	echo "-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1"
	echo "-device cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2"
	echo "-device cxl-rp,port=1,bus=cxl.1,id=rp1,chassis=0,slot=3"
	echo "-device cxl-type3,bus=rp0,persistent-memdev=pmem0-mem,lsa=pmem0-lsa,id=cxl-pmem0,sn=0x1001"
	echo "-device cxl-type3,bus=rp1,volatile-memdev=vmem0-mem,id=cxl-vmem0,sn=0x1002"
	echo "-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G"
	echo "-device isa-debug-exit,iobase=0xf4,iosize=0x04"
	echo "-kernel $VMLINUZ -initrd $WORK/initrd.img"
}

fetch_qemu
resolve_kernel_ro
WORK=$CACHE/cxl/$KV
RESULTS=$CACHE/results/cxl-$SERIES
mkdir -p "$WORK" "$RESULTS"
t=$(date +%s)
build_initrd
log "initramfs for $KV ($PKGVER) in $(since "$t")s; $(cat "$QDIR/.complete"); -cpu $CPU"
# fresh, sparse device backing: poison and labels never carry over
rm -f "$WORK"/pmem0.raw "$WORK"/pmem0-lsa.raw
truncate -s 256M "$WORK/pmem0.raw"; truncate -s 1M "$WORK/pmem0-lsa.raw"
append="console=ttyS0 loglevel=4 panic=-1 lab.qmp=${QMP_POISON// /,} lab.qom=0x1001=cxl-pmem0,0x1002=cxl-vmem0"
# shellcheck disable=SC2046
if [ $SHELL_MODE = 1 ]; then
	exec "$QEMU" $(qemu_args) -serial mon:stdio -append "$append lab.shell=1"
fi
QMP=$WORK/qmp.sock console=$RESULTS/console.log
rm -f "$QMP"
t=$(date +%s)
# -S: the CPUs wait until the host has injected the poison and says "cont"
# shellcheck disable=SC2046
timeout -k 10 "${LAB_TIMEOUT:-300}" "$QEMU" $(qemu_args) -S -qmp "unix:$QMP,server=on,wait=off" \
	-serial stdio -append "$append" < /dev/null 2>&1 | sed -u 's/\r$//' > "$console" &
qpid=$!
mapfile -t cmds < <(qmp_inject_commands)
qrc=0
"$LAB/qmp.py" "$QMP" "${cmds[@]}" \
	'{"execute":"cont"}' | tee "$RESULTS/qmp.log" >&2 || qrc=$?
serve_guest_requests &
spid=$!
rc=0; wait $qpid || rc=$?
kill "$spid" 2> /dev/null || true
log "boot+probe $(since "$t")s (qemu rc=$rc), console: $console"
grep -oE '(LABTAP|LAB-INFO|LAB-TIME|LAB-RESULT).*' "$console" | sed "s/^/[cxl $SERIES] /" || true
[ $qrc = 0 ] || { log "QMP injection failed (rc=$qrc), see $RESULTS/qmp.log"; exit 2; }
pass=$(grep -c 'LABTAP ok [0-9]* - ' "$console" || true)
fail=$(grep -c 'LABTAP not ok [0-9]* - ' "$console" || true)
log "$pass passed, $fail failed"
if grep -q '^LAB-RESULT: PASS' "$console" && [ "$fail" = 0 ] && [ "$pass" -gt 0 ]; then exit 0; fi
grep -q '^LAB-RESULT:' "$console" && exit 1
[ "$rc" = 124 ] || [ "$rc" = 137 ] && { log "TIMEOUT after ${LAB_TIMEOUT:-300}s"; tail -20 "$console" >&2; exit 124; }
log "the guest printed no result"; tail -30 "$console" >&2
exit 4
