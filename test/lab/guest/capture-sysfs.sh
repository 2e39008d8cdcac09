# capture-sysfs.sh DEST: copy the NVDIMM part of sysfs into DEST/sys, as plain
# files and symlinks, for the fast test tier to mount over /sys. Attributes
# that only act (bind, delete, ...) and unreadable ones are left out.
D=$1
copy_tree() {
	find "$1" 2>/dev/null | while read -r p; do
		if [ -L "$p" ]; then mkdir -p "$D$(dirname "$p")"; ln -sfn "$(readlink "$p")" "$D$p"
		elif [ -d "$p" ]; then mkdir -p "$D$p"
		elif [ -f "$p" ] && [ -r "$p" ]; then
			case ${p##*/} in bind|unbind|new_id|remove_id|delete|uevent) continue;; esac
			mkdir -p "$D${p%/*}"; cat "$p" > "$D$p" 2>/dev/null || rm -f "$D$p"
		fi
	done
}
rm -rf "$D"
# links only: libndctl resolves /sys/dev/char/MAJ:MIN of each bus control node
for t in /sys/bus/nd /sys/bus/dax /sys/class/nd /sys/class/dax /sys/block /sys/dev/block /sys/dev/char; do copy_tree $t; done
# every nd bus's device tree, which the bus and class views link into (the
# rest of /sys/devices is not needed and would make the capture slow)
for b in $(find /sys/devices -name 'ndbus[0-9]*' -type d 2>/dev/null); do
	copy_tree "$b"
	# the bus's parent tells libndctl the provider kind (ACPI or platform)
	ln -sfn "$(readlink "${b%/*}/subsystem")" "$D${b%/*}/subsystem"
done
# the nd bus control node is named in /sys/class/nd; libndctl only needs it to exist
mkdir -p "$D/sys/class/nd"
