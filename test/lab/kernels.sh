# shellcheck shell=bash
# Sourced by test/lab/run.sh: the lab's Debian kernels, fetched and unpacked
# into the cache. Nothing is installed into the host: no dpkg -i, no change
# to /etc/apt, /boot, /vmlinuz or /lib/modules.
#
# - apt runs with a private configuration in $CACHE/apt (APT_CONFIG: its own
#   sources, lists, package cache and state; the host's apt.conf.d, sources
#   and preferences are not read). The sources are the host's Debian release
#   and its -updates, -security and -backports suites (6.12 for bookworm came
#   from backports; it is in bookworm-security too now).
# - `apt-get download` puts linux-image, linux-headers, the common headers,
#   linux-kbuild and linux-source of one Debian version into $CACHE/debs;
#   `dpkg-deb -x` unpacks them into $CACHE/kernels/KV-PKGVER/root, and the
#   packages are deleted once the set is complete.
# - The headers point at /usr/src/... and /usr/lib/linux-kbuild-... by
#   absolute symlinks and an absolute `include` in their Makefile: those are
#   rewritten to the same paths inside the unpacked root.
# Uses: CACHE, log, die (from run.sh). Sets: KV, PKGVER, KROOT, KMODS, VMLINUZ.

LAB_APT=$CACHE/apt
lab_apt_setup() {
	local codename mirror=${LAB_MIRROR:-http://deb.debian.org/debian}
	local security=${LAB_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the Debian release from /etc/os-release"
	mkdir -p "$LAB_APT"/etc/apt.conf.d "$LAB_APT"/etc/sources.list.d "$LAB_APT"/etc/preferences.d \
		"$LAB_APT"/lists/partial "$LAB_APT"/cache/archives/partial "$LAB_APT"/state
	cat > "$LAB_APT/etc/sources.list" <<-EOF
	deb $mirror $codename main
	deb $mirror $codename-updates main
	deb $security $codename-security main
	deb $mirror $codename-backports main
	EOF
	# Dir::Etc::main and ::parts first: APT_CONFIG is read before them, so
	# pointing them away keeps the host's apt.conf(.d) (and its hooks) out
	cat > "$LAB_APT/apt.conf" <<-EOF
	Dir::Etc::main "/dev/null";
	Dir::Etc::parts "$LAB_APT/etc/apt.conf.d";
	Dir::Etc::sourcelist "$LAB_APT/etc/sources.list";
	Dir::Etc::sourceparts "$LAB_APT/etc/sources.list.d";
	Dir::Etc::preferences "/dev/null";
	Dir::Etc::preferencesparts "$LAB_APT/etc/preferences.d";
	Dir::State "$LAB_APT/state";
	Dir::State::Lists "$LAB_APT/lists";
	Dir::State::status "/dev/null";
	Dir::Cache "$LAB_APT/cache";
	Dir::Cache::srcpkgcache "";
	Dir::Cache::pkgcache "";
	Acquire::Languages "none";
	APT::Get::AllowUnauthenticated "false";
	EOF
}
lab_apt() { APT_CONFIG=$LAB_APT/apt.conf "$@"; }

LAB_APT_UPDATED=0
lab_apt_update() {
	[ $LAB_APT_UPDATED = 0 ] || return 0
	lab_apt_setup
	log "apt-get update (private lists in $LAB_APT)"
	lab_apt apt-get update -q >&2 || die "apt-get update with the lab's private sources failed"
	LAB_APT_UPDATED=1
}

# The plain amd64 flavour of the image of series $1 at package version $2.
image_with_version() {
	local series=$1 want=$2 names
	names=$(lab_apt apt-cache search --names-only "^linux-image-${series//./\\.}\\.[0-9].*-amd64\$" |
		awk '{print $1}' | grep -v -e '-cloud-' -e '-rt-' -e '-dbg' -e '-unsigned' || true)
	[ -n "$names" ] || return 0
	# shellcheck disable=SC2086
	lab_apt apt-cache show $names 2>/dev/null |
		awk -v v="$want" '/^Package:/{p=$2} /^Version:/ && $2 == v {print p; exit}' | sed 's/^linux-image-//'
}

# Names (without versions) of the packages linux-headers-$KV depends on for
# building: the common headers and linux-kbuild.
headers_deps() {
	lab_apt apt-cache show "linux-headers-$KV=$PKGVER" 2>/dev/null | sed -n 's/^Depends: //p' | head -1 |
		tr ',|' '\n\n' | awk '{print $1}' | grep -E '^linux-(headers-.*-common|kbuild-)' | sort -u
}

# Sets KV and PKGVER for series $1. A complete unpacked set in the cache is
# reused without touching the network (LAB_REFRESH=1 looks for a newer one).
resolve_kernel() {
	local series=$1 cur=$CACHE/kernels/current-$1
	if [ "${LAB_REFRESH:-0}" != 1 ] && [ -f "$cur" ]; then
		read -r KV PKGVER < "$cur"
		kernel_paths
		[ -f "$KROOT/.complete" ] && return 0
	fi
	lab_apt_update
	PKGVER=$(lab_apt apt-cache policy "linux-source-$series" 2>/dev/null | awk '/Candidate:/{print $2}')
	[ -n "$PKGVER" ] && [ "$PKGVER" != "(none)" ] || die "no linux-source-$series in the lab's apt sources"
	KV=$(image_with_version "$series" "$PKGVER")
	[ -n "$KV" ] || die "no amd64 linux-image for linux-source-$series $PKGVER"
	kernel_paths
	fetch_kernel "$series"
	echo "$KV $PKGVER" > "$cur"
	local d
	for d in "$CACHE/kernels/$series".*; do	# older sets of the series
		[ "$d" = "${KROOT%/root}" ] || { log "removing the older $(basename "$d")"; rm -rf "$d"; }
	done
}

kernel_paths() {
	KROOT=$CACHE/kernels/$KV-$PKGVER/root
	VMLINUZ=$KROOT/boot/vmlinuz-$KV
	KMODS=$KROOT/lib/modules/$KV
	[ -d "$KMODS" ] || KMODS=$KROOT/usr/lib/modules/$KV
	KSRC=$CACHE/kernels/$KV-$PKGVER/src
}

fetch_kernel() {
	local series=$1 debs=$CACHE/debs p want list=""
	[ -f "$KROOT/.complete" ] && return 0
	mkdir -p "$debs"
	# apt downloads as its unprivileged user _apt, which must own the target
	! id _apt > /dev/null 2>&1 || chown _apt "$debs"
	list="linux-image-$KV=$PKGVER linux-headers-$KV=$PKGVER linux-source-$series=$PKGVER"
	for p in $(headers_deps); do list="$list $p=$PKGVER"; done
	[ "$(echo "$list" | wc -w)" -ge 5 ] || die "linux-headers-$KV $PKGVER: no common headers or kbuild among its dependencies"
	log "apt-get download $list"
	(cd "$debs" && lab_apt apt-get download -q $list >&2) || die "apt-get download failed"
	rm -rf "${KROOT%/root}"; mkdir -p "$KROOT"
	for want in $list; do
		p=${want%%=*}
		[ "$p" = "linux-source-$series" ] && continue
		log "unpacking $p"
		dpkg-deb -x "$debs/$(deb_file "$p" "$PKGVER")" "$KROOT" || die "cannot unpack $p"
	done
	relocate_headers
	unpack_source "$series" "$debs/$(deb_file "linux-source-$series" "$PKGVER")"
	kernel_paths
	[ -f "$VMLINUZ" ] && [ -d "$KMODS/kernel" ] && [ -f "$KMODS/build/Makefile" ] ||
		die "unpacked $KV lacks its vmlinuz, modules or build tree"
	touch "$KROOT/.complete"
	# the unpacked set is what later runs use: the packages would only
	# double the cache (about 0.5 GB per kernel)
	for want in $list; do rm -f "$debs/$(deb_file "${want%%=*}" "$PKGVER")"; done
}

# apt-get download names files NAME_VERSION_ARCH.deb (':' as %3a; ARCH amd64 or all).
deb_file() { (cd "$CACHE/debs" && ls "${1}_$(echo "$2" | sed 's/:/%3a/')"_*.deb | head -1); }

# Absolute symlinks and Makefile includes in the unpacked headers, modules
# and kbuild point into the host's /usr; make them point into $KROOT.
relocate_headers() {
	local l t
	find "$KROOT" -type l | while read -r l; do
		t=$(readlink "$l")
		case $t in /*) ;; *) continue;; esac
		if [ -e "$KROOT$t" ] || [ -L "$KROOT$t" ]; then ln -sfn "$KROOT$t" "$l"
		elif [ -e "$KROOT${t#/usr}" ]; then ln -sfn "$KROOT${t#/usr}" "$l"
		elif [ -e "$KROOT/usr$t" ]; then ln -sfn "$KROOT/usr$t" "$l"
		fi
	done
	grep -rlE '^include /usr/' "$KROOT/usr/src" --include=Makefile 2>/dev/null | while read -r l; do
		sed -i "s|^include /usr/|include $KROOT/usr/|" "$l"
	done
}

# The parts of the kernel source that tools/testing/nvdimm builds from,
# streamed out of the linux-source package without unpacking the whole tree.
unpack_source() {
	local series=$1 deb=$2 t=linux-source-$1
	log "unpacking $t $PKGVER (tools/testing/nvdimm, drivers/{nvdimm,acpi/nfit,dax})"
	rm -rf "$KSRC"; mkdir -p "$KSRC"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$t.tar.xz" |
		tar -C "$KSRC" --strip-components=1 -xJ "$t/tools/testing/nvdimm" "$t/drivers/nvdimm" \
			"$t/drivers/acpi/nfit" "$t/drivers/dax" || die "cannot unpack $t"
}
