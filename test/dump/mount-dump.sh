# Shared by the dump tier (sourced): mount_dump DUMP.tgz DIR mounts the
# capture over /sys (the caller is in a private mount namespace) with a
# private /dev: /dev/null, /dev/full, a pty multiplexer for terminal tests,
# and the dax device nodes (libdaxctl lists a dax device only when its node
# exists). umount_dump undoes it.
mount_dump() {
	rm -rf "$2"; mkdir -p "$2"
	tar -C "$2" -xzf "$1" || return 1
	mount --bind "$2/sys" /sys || return 1
	# unprivileged (a user namespace), device nodes and devpts may be refused
	mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7
	mkdir /dev/pts && mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts &&
		ln -s pts/ptmx /dev/ptmx
	for d in /sys/bus/dax/devices/*; do
		[ -e "$d/dev" ] && mknod "/dev/${d##*/}" c $(tr ':' ' ' < "$d/dev")
	done
	return 0
}
umount_dump() { umount /dev/pts 2>/dev/null; umount /dev /sys; }
