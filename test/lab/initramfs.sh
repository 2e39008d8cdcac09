# shellcheck shell=bash
# Sourced by the lab's host scripts (run.sh, cxl.sh): the pieces of a guest
# initramfs that do not depend on what the guest runs.

# root_skeleton ROOT: a fresh ROOT with the directories a guest needs,
# busybox as /bin/sh, kmod's applets and root in /etc/passwd
root_skeleton() {
	local r=$1 l
	rm -rf "$r"
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc,lab,proc,sys,dev,tmp,mnt,run,var/log}
	cp /bin/busybox "$r/bin/busybox"; ln -s busybox "$r/bin/sh"
	for l in modprobe insmod rmmod lsmod depmod modinfo; do ln -sf kmod "$r/usr/bin/$l"; done
	echo "root:x:0:0:root:/:/bin/sh" > "$r/etc/passwd"
}

# dlopen_libs BINARY...: the paths of the libraries the binaries load with
# dlopen(), as their ELF dlopen notes (.note.dlopen, https://systemd.io/ELF_DLOPEN_METADATA/)
# name them: pmemctl's libmount, libsmartcols and libsystemd (util/lazylib.h)
dlopen_libs() {
	local b so note
	note=$(mktemp)
	for b in "$@"; do
		objcopy -O binary --only-section=.note.dlopen "$b" "$note" 2>/dev/null || continue
		for so in $(grep -ao '"lib[A-Za-z0-9_+.-]*\.so\.[0-9]*"' "$note" | tr -d '"' | sort -u); do
			ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ { print $NF; exit }'
		done
	done
	rm -f "$note"
}

# copy_with_libs ROOT BINARY...: binaries into ROOT/usr/bin plus their shared
# libraries (linked and dlopen()ed) at their own paths
copy_with_libs() {
	local r=$1 l dl; shift
	cp "$@" "$r/usr/bin/"
	dl=$(dlopen_libs "$@")
	# shellcheck disable=SC2086
	for l in $(ldd "$@" $dl 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64/{print $1}' | sort -u) $dl; do
		mkdir -p "$r$(dirname "$l")"; cp -L "$l" "$r$l"
	done
}

# module_stage STAGE KMODS KV: a hard-linked copy of the unpacked modules
# KMODS with a modules.dep (the package's postinst makes it, so the unpacked
# tree has none; the tree itself stays as it is). Extra modules may be put
# into STAGE/lib/modules/KV/updates/ before module_closure, with another
# `depmod -b STAGE KV`.
module_stage() {
	local st=$1 kmods=$2 kv=$3
	rm -rf "$st"; mkdir -p "$st/lib/modules/$kv"
	cp -al "$kmods/kernel" "$st/lib/modules/$kv/"
	cp "$kmods"/modules.{order,builtin,builtin.modinfo} "$st/lib/modules/$kv/"
	depmod -b "$st" "$kv"
}

# module_closure STAGE ROOT KV MODULE...: the modules and everything they
# depend on, from STAGE into ROOT, with ROOT's own modules.dep. Modules the
# kernel lacks are skipped (6.1 has no dax_cxl).
module_closure() {
	local st=$1 r=$2 kv=$3 m; shift 3
	: > "$st/empty.conf"
	for m in $(modprobe -C "$st/empty.conf" -d "$st" -S "$kv" -a --show-depends "$@" 2>/dev/null |
			awk '$1=="insmod"{print $2}' | sort -u); do
		mkdir -p "$r/$(dirname "${m#"$st"/}")"; cp "$m" "$r/${m#"$st"/}"
	done
	mkdir -p "$r/lib/modules/$kv"
	cp "$st/lib/modules/$kv"/modules.{order,builtin,builtin.modinfo} "$r/lib/modules/$kv/"
	depmod -b "$r" "$kv"
}

# pack_cpio DIR: DIR as a gzip-compressed newc archive on stdout (the kernel
# unpacks concatenated archives in order)
pack_cpio() { (cd "$1" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1; }
