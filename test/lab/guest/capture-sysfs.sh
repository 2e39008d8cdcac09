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
for t in /sys/bus/nd /sys/bus/dax /sys/class/nd /sys/class/dax /sys/block; do copy_tree $t; done
# the NVDIMM device directories the bus and class views link to (the rest of
# /sys/devices is not needed and would make the capture slow)
for l in $(find "$D/sys" -type l); do
	real=$(readlink -f "${l#$D}")
	case $real in
	*/ndbus[0-9]*|*/nfit_test.[0-9]*|*/ACPI0012:00*|*/dax[0-9]*) [ -e "$D$real" ] || copy_tree "$real";;
	esac
done
# the nd bus control node is named in /sys/class/nd; libndctl only needs it to exist
mkdir -p "$D/sys/class/nd"
