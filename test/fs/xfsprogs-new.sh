#!/bin/sh
# xfsprogs-new.sh [DIR]: prints a directory with mkfs.xfs and xfs_io that
# can make and read XFS parent pointers (mkfs.xfs -n parent=1, xfs_io's
# "parent" command: xfsprogs 6.10+), for the fs tier and bench/owners.sh.
#
# The host's own mkfs.xfs when it is new enough. Else Debian trixie's
# xfsprogs (bookworm has 6.1.0 and bookworm-backports has none), fetched
# with apt through a private configuration and unpacked with dpkg-deb -x
# into DIR (default /var/cache/pmemctl/xfsprogs), never installed: the
# host's apt sources and packages stay as they are. The binaries run with
# the unpacked C library (trixie's needs glibc 2.38+). Exits 1 with a
# reason on stderr when none can be had.
set -e
DIR=${1:-${PMEMCTL_XFSPROGS_DIR:-/var/cache/pmemctl/xfsprogs}}
PKGS="xfsprogs libc6 libinih1 liburcu8t64 libblkid1 libuuid1 libedit2 libicu76
libdevmapper1.02.1 libstdc++6 libgcc-s1"

# supports_parent MKFS: does this mkfs.xfs know -n parent=1? (a dry run, no device written)
supports_parent() {
	_t=$(mktemp /tmp/pmemctl-mkfs-probe.XXXXXX)
	"$1" -N -f -n parent=1 -d file=1,name="$_t",size=300m >/dev/null 2>&1; _rc=$?
	rm -f "$_t"
	return $_rc
}
if command -v mkfs.xfs >/dev/null && supports_parent mkfs.xfs; then
	dirname "$(command -v mkfs.xfs)"
	exit 0
fi
if [ ! -x "$DIR/bin/mkfs.xfs" ] || ! supports_parent "$DIR/bin/mkfs.xfs"; then
	command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
		{ echo "xfsprogs-new: needs apt-get and dpkg-deb" >&2; exit 1; }
	rm -rf "$DIR"; mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/archives/partial" "$DIR/debs" "$DIR/root"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
		> "$DIR/apt/sources.list"
	: > "$DIR/apt/status"
	set -- -o Dir::Etc::SourceList="$DIR/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$DIR/apt/lists" -o Dir::State::status="$DIR/apt/status" \
		-o Dir::Cache="$DIR/apt" -o Dir::Cache::Archives="$DIR/apt/archives" -o Debug::NoLocking=1
	apt-get -q "$@" update > "$DIR/apt.log" 2>&1 &&
	(cd "$DIR/debs" && apt-get -q "$@" download $PKGS) >> "$DIR/apt.log" 2>&1 ||
		{ echo "xfsprogs-new: could not fetch trixie's xfsprogs (see $DIR/apt.log)" >&2; exit 1; }
	for f in "$DIR"/debs/*.deb; do dpkg-deb -x "$f" "$DIR/root"; done
	mkdir -p "$DIR/bin"
	for t in mkfs.xfs xfs_io; do
		cat > "$DIR/bin/$t" <<EOF
#!/bin/sh
# trixie's $t, unpacked by test/fs/xfsprogs-new.sh (not installed)
R=$DIR/root
exec \$R/usr/lib64/ld-linux-x86-64.so.2 --library-path \$R/usr/lib/x86_64-linux-gnu:\$R/lib/x86_64-linux-gnu \$R/usr/sbin/$t "\$@"
EOF
		chmod +x "$DIR/bin/$t"
	done
	supports_parent "$DIR/bin/mkfs.xfs" ||
		{ echo "xfsprogs-new: the unpacked mkfs.xfs does not run or lacks parent=1" >&2; exit 1; }
fi
echo "$DIR/bin"
