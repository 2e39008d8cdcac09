#!/bin/sh
# The dispatcher and option handling, on any host (no NVDIMMs needed).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$PMEMCTL" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/rc"; }
rc() { cat "$tmp/rc"; }
# skip DESCRIPTION REASON: a check that cannot run here says so on its own
# line and is not counted as passed; in CI (CI=true or PMEMCTL_NO_SKIP=1) a
# check that does not run is a failure
T_SKIP=0
skip() {
	if [ -n "${CI:-}" ] || [ "${PMEMCTL_NO_SKIP:-0}" = 1 ]; then not_ok "$1 (did not run: $2)"
	else T_SKIP=$((T_SKIP + 1)); echo "skip - $1: $2"; fi
}

run --version
expect_eq "--version prints the version and exits 0" "0 $(sed -n 's/^AC_INIT(\[pmemctl\], \[\([^]]*\)\].*/\1/p' "$SRC/configure.ac")" "$(rc) $(cat "$tmp/out")"
run --help
expect_eq "--help: usage on stdout, exit 0" "0 usage: pmemctl" "$(rc) $(head -1 "$tmp/out" | cut -c1-14)"
run --list-cmds
expect_eq "--list-cmds lists every command, help and version too" "0 help inject list-poison monitor recover salvage scrub unbind version" "$(rc) $(sort "$tmp/out" | tr '\n' ' ' | sed 's/ $//')"
run --help
expect_eq "--help marks inject as root and destructive" 1 "$(grep -c '^  inject .*\[root\] \[destructive\]' "$tmp/out")"
run
expect_eq "no command: usage on stderr, exit 2" "2 usage: pmemctl 0" "$(rc) $(head -1 "$tmp/err" | cut -c1-14) $(wc -c < "$tmp/out")"
run frobnicate
expect_eq "unknown command: one line that says where to look, exit 2" \
	"2 1 pmemctl: unknown command: 'frobnicate' (see 'pmemctl --list-cmds')" "$(rc) $(grep -c '' "$tmp/err") $(head -1 "$tmp/err")"
run --frobnicate
expect_eq "unknown global option: exit 2" 2 "$(rc)"
run help frobnicate
expect_eq "help for an unknown command: exit 2" 2 "$(rc)"

# help CMD opens the man page: a stand-in man records how it was called
mkdir -p "$tmp/bin"; printf '#!/bin/sh\necho "man $*" > %s/man.called\n' "$tmp" > "$tmp/bin/man"; chmod +x "$tmp/bin/man"
# from a build tree, the page built next to the binary (man -l); installed, the page by name
built=$(cd "$(dirname "$PMEMCTL")" && pwd)/Documentation
want() { if [ -f "$built/$1.1" ]; then echo "man -l $built/$1.1"; else echo "man $1"; fi; }
PATH="$tmp/bin:$PATH" pm help list-poison
expect_eq "help list-poison runs man on pmemctl-list-poison" "$(want pmemctl-list-poison)" "$(cat "$tmp/man.called" 2>/dev/null)"
PATH="$tmp/bin:$PATH" pm help
expect_eq "help alone runs man on pmemctl" "$(want pmemctl)" "$(cat "$tmp/man.called" 2>/dev/null)"
# no page anywhere (man exits 16, "No manual entry"): the option help, and a documented exit
mkdir -p "$tmp/nopage"; cp "$PMEMCTL" "$tmp/nopage/pmemctl"
printf '#!/bin/sh\necho "No manual entry for $1" >&2; exit 16\n' > "$tmp/nopage/man"; chmod +x "$tmp/nopage/man"
PATH="$tmp/nopage:$PATH" "$tmp/nopage/pmemctl" help list-poison > "$tmp/out" 2> "$tmp/err"
expect_eq "help without a man page: exit 0, the option help instead" "0 usage: pmemctl list-poison" \
	"$? $(head -1 "$tmp/out" | cut -c1-26)"
expect_eq "help without a man page: a note says so" 1 "$(grep -c 'no manual page pmemctl-list-poison(1) found' "$tmp/err")"
PATH=/nonexistent "$tmp/nopage/pmemctl" help scrub > "$tmp/out" 2>/dev/null
expect_eq "help without man at all: exit 0, the option help" "0 usage: pmemctl scrub" "$? $(head -1 "$tmp/out" | cut -c1-20)"
for c in help version; do
	PATH="$tmp/bin:$PATH" pm help $c
	expect_eq "help $c runs man on pmemctl" "$(want pmemctl)" "$(cat "$tmp/man.called" 2>/dev/null)"
done

run list-poison -h
expect_eq "list-poison -h: usage on stdout, exit 0" "0 usage: pmemctl list-poison" "$(rc) $(head -1 "$tmp/out" | cut -c1-26)"
run list-poison --mode nonsense
expect_eq "bad mode: one line, exit 2" "2 1" "$(rc) $(grep -c '' "$tmp/err")"
run list-poison -r
expect_eq "missing argument: exit 2" 2 "$(rc)"
run list-poison extra
expect_eq "stray argument: exit 2" 2 "$(rc)"

# commands --help marks [root]: a user who is not root gets exit 4 for them first
ROOT_CMDS=$("$PMEMCTL" --help | awk '/\[root\]/ {print $1}' | tr '\n' ' ')
# inject, scrub, recover, list-poison: argument errors are one line and exit 2, before any device work
for args in "inject" "inject -n x" "inject -n x -B 1 -c 0" "inject -n x -B 1 --spa 4096" \
	"inject --status -n x --uninject" "inject -n x -B nine" "inject -n x -B 1 -c 99999999999999999999" \
	"scrub --status --start" "scrub --timeout soon" "recover" "recover -n x --file y" \
	"recover -n x -B 8" "recover --file y -B 8 -c 1" "recover -r x -n y" "recover -r x -B 1 -c 1" \
	"recover --files" "recover -r x --files" "recover -n x --files --from y" "recover -n x --files -B 8 -c 1" \
	"list-poison --files=fsck" "list-poison --files --summary" "inject --file x -n y" "inject --file x -B 8" \
	"inject --file x --offset 100" "inject --file x --length 0" "inject --offset 512" "inject --file x --status" \
	"inject --file /nonexistent/file" "unbind" "unbind a b" "unbind a --wait soon" \
	"monitor --no-stdout" "monitor --timeout soon" "monitor extra" "monitor -m floppy" \
	"list-poison --format xml" "list-poison --format prometheus --files"; do
	set -- $args
	if [ "$(id -u)" != 0 ] && echo " $ROOT_CMDS " | grep -q " $1 "; then
		skip "'$args': one line, exit 2" "not root (the dispatcher refuses $1 with exit 4 before parsing)"
		continue
	fi
	run $args
	expect_eq "'$args': one line, exit 2" "2 1" "$(rc) $(grep -c '' "$tmp/err")"
done
if [ "$(id -u)" != 0 ]; then
	run inject -n x -B 1
	expect_eq "not root: a root command says so in one line, exit 4" "4 1" "$(rc) $(grep -c '' "$tmp/err")"
fi

if [ -n "$(ls /sys/bus/nd/devices 2>/dev/null)" ]; then
	checks="host without NVDIMMs: [] and exit 0|host without NVDIMMs: empty summary|host without NVDIMMs: a region filter matches nothing, exit 3|host without NVDIMMs: scrub --status prints []|host without NVDIMMs: scrub -b ndbus0 matches nothing, exit 3|host without NVDIMMs: inject on a missing namespace, exit 3"
	set -f; old_ifs=$IFS; IFS='|'
	for c in $checks; do
		IFS=$old_ifs; skip "$c" "this host has NVDIMMs"
	done
	IFS=$old_ifs; set +f
else
	run list-poison
	expect_eq "host without NVDIMMs: [] and exit 0" "0 []" "$(rc) $(cat "$tmp/out")"
	run list-poison --summary
	expect_eq "host without NVDIMMs: empty summary" "0 []" "$(rc) $(cat "$tmp/out")"
	run list-poison -r region0
	expect_eq "host without NVDIMMs: a region filter matches nothing, exit 3" "3 1" "$(rc) $(grep -c '' "$tmp/err")"
	run scrub --status
	expect_eq "host without NVDIMMs: scrub --status prints []" "0 []" "$(rc) $(cat "$tmp/out")"
	run scrub -b ndbus0
	expect_eq "host without NVDIMMs: scrub -b ndbus0 matches nothing, exit 3" 3 "$(rc)"
	if [ "$(id -u)" = 0 ]; then
		run inject -n namespace0.0 -B 8
		expect_eq "host without NVDIMMs: inject on a missing namespace, exit 3" "3 1" "$(rc) $(grep -c '' "$tmp/err")"
	else
		skip "host without NVDIMMs: inject on a missing namespace, exit 3" "needs root (inject checks privileges first)"
	fi
fi

# salvage of a readable file: everything copied, exit 0; refusals change nothing
head -c 300000 /dev/urandom > "$tmp/src"
run salvage "$tmp/src" "$tmp/dst"
expect_eq "salvage of a readable file: exit 0, nothing lost, same bytes" "0 300000 0 [] same" \
	"$(rc) $(jq -r '"\(.copied) \(.lost) \(.lost_ranges | tostring)"' "$tmp/out") $(cmp -s "$tmp/src" "$tmp/dst" && echo same)"
run salvage "$tmp/src" "$tmp/dst"
expect_eq "salvage onto an existing file: exit 2, one line naming --force" "2 1 1" \
	"$(rc) $(grep -c '' "$tmp/err") $(grep -c -- --force "$tmp/err")"
run salvage "$tmp/src" "$tmp/src" --force
expect_eq "salvage onto the source itself: exit 2, the source unchanged" "2 same" "$(rc) $(cmp -s "$tmp/src" "$tmp/dst" && echo same)"
run salvage "$tmp/nonexistent" "$tmp/dst2"
expect_eq "salvage of a missing source: exit 2, no destination made" "2 no" "$(rc) $([ -e "$tmp/dst2" ] && echo yes || echo no)"
run salvage "$tmp/src" ""
expect_eq "salvage to an empty DEST: exit 2, one line, nothing copied" "2 1 " "$(rc) $(grep -c '' "$tmp/err") $(cat "$tmp/out")"
run salvage "$tmp/src" /dev/full
expect_eq "salvage whose writes fail: exit 1, the report says complete false" "1 false" "$(rc) $(jq -r .complete "$tmp/out")"
run salvage /dev/null "$tmp/dst3"
expect_eq "salvage of a character device that is not devdax: exit 2" 2 "$(rc)"
run salvage "$tmp/src" "$tmp/dst" --force --sparse --human
expect_eq "salvage --human: a summary line" "0 1" "$(rc) $(grep -c 'copied 300000 of 300000 bytes, lost 0' "$tmp/out")"
for args in "salvage" "salvage a" "salvage a b c"; do
	run $args
	expect_eq "'$args': one line, exit 2" "2 1" "$(rc) $(grep -c '' "$tmp/err")"
done

run salvage "$tmp/src" "$tmp/dst" --force -u
expect_eq "salvage -u, nothing lost: the lost-range table still prints its header" "0 LOST-OFFSET SECTOR LENGTH" \
	"$(rc) $(tail -1 "$tmp/out" | tr -s ' ')"
run salvage "$tmp/src" "$tmp/dst" --force -J --bytes
expect_eq "salvage -J: the lost-range table alone, as JSON" "0 []" "$(rc) $(jq -c .salvage "$tmp/out")"

# the table options: every table-printing command lists its columns, alone
for c in list-poison inject recover scrub salvage unbind; do
	if [ "$(id -u)" != 0 ] && echo " $ROOT_CMDS " | grep -q " $c "; then
		skip "$c --list-columns and -o help" "not root (the dispatcher refuses $c with exit 4 first)"
		continue
	fi
	run $c --list-columns
	expect_eq "$c --list-columns: exit 0, a line a column, default ones first" "0 yes default" \
		"$(rc) $([ "$(grep -c '' "$tmp/out")" -ge 3 ] && echo yes) $(head -1 "$tmp/out" | awk '{print $3}')"
	cp "$tmp/out" "$tmp/cols"
	run $c -o help
	expect_eq "$c -o help lists the same columns" "0 same" "$(rc) $(cmp -s "$tmp/out" "$tmp/cols" && echo same)"
done

# output that could not be written is a failure, said once; a reader that went away is not
for args in "--version" "help list-poison" "list-poison -h" "list-poison" "list-poison -u" "list-poison -J" "list-poison --list-columns" \
	"salvage $tmp/src $tmp/dst --force" "salvage $tmp/src $tmp/dst --force -u"; do
	"$PMEMCTL" $args > /dev/full 2> "$tmp/err"
	expect_eq "'$args' > /dev/full: exit 1, one line saying so" "1 1 1" \
		"$? $(grep -c '' "$tmp/err") $(grep -c 'write error on standard output' "$tmp/err")"
	{ sleep 0.2; "$PMEMCTL" $args 2> "$tmp/err"; echo $? > "$tmp/rc"; } | true
	expect_eq "'$args' | a reader that went away: exit 0, no message" "0 0" "$(rc) $(grep -c '' "$tmp/err")"
done
# a long --timeout is waited in 64 bits: 4294968 s is 2^32 ms and more, and used to wrap to 0.7 s
timeout 3 "$PMEMCTL" monitor --timeout 4294968 > /dev/null 2>&1
expect_eq "monitor --timeout 4294968 still runs after 3 s" 124 "$?"

# every command's --list-opts is its getopt table: each option it lists is accepted
for c in $(pm --list-cmds); do
	case $c in help|version) continue ;; esac	# no options of their own
	bad=""
	for opt in $(pm $c --list-opts); do
		case $opt in *=) arg="${opt}x" ;; *) arg=$opt ;; esac
		# a stray argument ends every command right after option parsing
		timeout 10 "$PMEMCTL" $c $arg no-such-device-x > /dev/null 2> "$tmp/e"
		grep -q -e 'unknown option' -e 'takes no argument' -e 'needs an argument' "$tmp/e" && bad="$bad $opt"
	done
	expect_eq "$c --list-opts: every option listed is one $c accepts" "" "$bad"
done
if [ "$(id -u)" = 0 ]; then
	su nobody -s /bin/sh -c "$PMEMCTL inject --list-opts" > "$tmp/out" 2>&1
	expect_eq "--list-opts and -h need no root" "0 --namespace=" "$? $(head -1 "$tmp/out")"
	su nobody -s /bin/sh -c "$PMEMCTL inject --list-values -n" > "$tmp/out" 2>&1
	expect_eq "--list-values needs no root either" "0 @namespace" "$? $(cat "$tmp/out")"
	# the options first: a usage error is 2 for everyone, listing columns needs nothing
	for a in "recover --bogus" "unbind" "inject -n x -B 1 --granularity 4096" "unbind ''"; do
		su nobody -s /bin/sh -c "$PMEMCTL $a" > "$tmp/out" 2> "$tmp/err"
		expect_eq "$a as a user: a usage error, exit 2, one line" "2 1" "$? $(grep -c '' "$tmp/err")"
	done
	su nobody -s /bin/sh -c "$PMEMCTL recover --list-columns" > "$tmp/out" 2>&1
	expect_eq "recover --list-columns as a user: exit 0, the columns" "0 NAMESPACE" "$? $(head -1 "$tmp/out" | cut -d' ' -f1)"
	for a in "--machine-check --spa 0x100000000" "--memory-failure -n namespace0.0 -B 8 --dry-run"; do
		su nobody -s /bin/sh -c "$PMEMCTL inject $a" > "$tmp/out" 2> "$tmp/err"
		expect_eq "inject $a as a user: exit 4, one line, nothing on stdout" "4 1 0" \
			"$? $(grep -c '' "$tmp/err") $(wc -c < "$tmp/out")"
	done
else
	skip "--list-opts and -h need no root" "not root (the check runs it as user nobody, through su)"
	skip "--list-values needs no root either" "not root (the check runs it as user nobody, through su)"
	skip "inject --machine-check/--memory-failure as a user: exit 4" "not root (the check runs it as user nobody, through su)"
	skip "usage errors as a user: exit 2; --list-columns: 0" "not root (the check runs it as user nobody, through su)"
fi
run list-poison --list-values --human
expect_eq "--list-values of a flag: exit 1, nothing" "1 0" "$(rc) $(wc -c < "$tmp/out")"
run list-poison --list-values --nonsense
expect_eq "--list-values of an unknown option: exit 2, one line" "2 1" "$(rc) $(grep -c '' "$tmp/err")"

# bash completion: commands and options come from the program itself
complete_words() {	# complete_words WORD...: what the completion offers for the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pmemctl; [ ${#COMPREPLY[@]} = 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$PMEMCTL_SRCDIR/contrib/pmemctl.bash-completion" "$@" | sort | tr '\n' ' '
}
PATH=$(dirname "$PMEMCTL"):$PATH
export PATH
expect_eq "completion: commands from --list-cmds, and the global options" \
	"$( (pm --list-cmds; printf '%s\n' --help --version --list-cmds) | sort | tr '\n' ' ')" \
	"$(complete_words pmemctl '')"
expect_eq "completion: recover's options from its getopt table" "$(pm recover --list-opts | sort | tr '\n' ' ')" \
	"$(complete_words pmemctl recover --)"
expect_eq "completion: a prefix narrows it" "--file= --files --force --from= " "$(complete_words pmemctl recover --f)"
# option values come from the same table: words, and names read from sysfs
expect_eq "completion: -m offers the modes" "devdax fsdax raw sector " "$(complete_words pmemctl list-poison -m '')"
expect_eq "completion: --mode offers the modes" "fsdax " "$(complete_words pmemctl monitor --mode f)"
expect_eq "completion: --format offers its values" "json prometheus " "$(complete_words pmemctl list-poison --format '')"
expect_eq "completion: --files= (one word) offers the methods" "--files=auto --files=fiemap --files=getfsmap " \
	"$(complete_words pmemctl list-poison --files=)"
expect_eq "completion: --files = (bash splits at =) offers the methods" "auto fiemap getfsmap " \
	"$(complete_words pmemctl monitor --files = '')"
expect_eq "completion: -o offers the table's columns" "$(pm scrub --list-columns | awk '{ print $1 }' | sort | tr '\n' ' ')" \
	"$(complete_words pmemctl scrub -o '')"
expect_eq "completion: -o completes the last of a comma-separated list" "REGION,NAMESPACE " \
	"$(complete_words pmemctl list-poison -o REGION,NA)"
expect_eq "completion: -o +COL" "+REGION +REGION-OFF +REGION-SECTOR " "$(complete_words pmemctl list-poison --output +REG)"
expect_eq "completion: a flag's next word is not its value" "" "$(complete_words pmemctl list-poison -u '')"
expect_eq "completion: a number's value is not guessed" "" "$(complete_words pmemctl inject -B '')"
expect_eq "completion: --log completes files" "$tmp/nopage " "$(complete_words pmemctl monitor --log "$tmp/nop")"
if [ "$(id -u)" = 0 ]; then
	# names come from sysfs: a made-up tree mounted over /sys in a private mount namespace
	for d in bus/nd/devices/ndbus0 bus/nd/devices/region1 bus/nd/devices/namespace1.0 \
		bus/nd/devices/pfn1.0 bus/nd/devices/btt2.0 block/pmem1 block/sda bus/dax/devices/dax1.0; do mkdir -p "$tmp/sys/$d"; done
	in_sys() { unshare -m --propagation private sh -c 'mount --bind "$0/sys" /sys && "$@"' "$tmp" "$@"; }
	names() { in_sys bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pmemctl; [ ${#COMPREPLY[@]} = 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$PMEMCTL_SRCDIR/contrib/pmemctl.bash-completion" "$@" | sort | tr '\n' ' '; }
	expect_eq "completion: -b offers buses" "ndbus0 " "$(names pmemctl scrub -b '')"
	expect_eq "completion: -r offers regions" "region1 " "$(names pmemctl recover -r '')"
	expect_eq "completion: -n offers namespaces and their devices" "dax1.0 namespace1.0 pmem1 " "$(names pmemctl inject -n '')"
	expect_eq "completion: --namespace= (one word) offers namespaces" "--namespace=namespace1.0 " \
		"$(names pmemctl list-poison --namespace=nam)"
	expect_eq "completion: --namespace = (split) offers namespaces" "dax1.0 namespace1.0 pmem1 " "$(names pmemctl monitor --namespace = '')"
	expect_eq "completion: unbind's DEVICE" "btt2.0 dax1.0 namespace1.0 pfn1.0 pmem1 " "$(names pmemctl unbind '')"
fi

# -h has a line per option of the table, and each man page's OPTIONS lists exactly those options
opts_of_help() {	# the -x and --long spellings of -h's option lines, but -h/--help
	"$PMEMCTL" "$1" -h | grep -E '^  +-' | grep -oE '(^|[ ,])--?[A-Za-z][a-z-]*' | tr -d ' ,' |
		grep -vx -e -h -e --help | sort -u | tr '\n' ' '
}
opts_of_man() {		# the same from the item lines of the man page's OPTIONS section
	sed -n '/^OPTIONS$/,/^[A-Z][A-Z ]*$/p' "$PMEMCTL_SRCDIR/Documentation/pmemctl-$1.txt" | grep -E '^\*.*::$' |
		grep -oE '\*--?[A-Za-z][a-z-]*\*' | tr -d '*' | grep -vx -e -h -e --help | sort -u | tr '\n' ' '
}
for c in $("$PMEMCTL" --list-cmds); do
	case $c in help|version) continue ;; esac
	expect_eq "$c -h: a line for each option of --list-opts" "$("$PMEMCTL" $c --list-opts | sed 's/=$//' | sort | tr '\n' ' ')" \
		"$("$PMEMCTL" $c -h | grep -oE '^  +(-., )?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort | tr '\n' ' ')"
	expect_eq "pmemctl-$c(1) OPTIONS lists exactly the options of its table" "$(opts_of_help $c)" "$(opts_of_man $c)"
	expect_eq "$c -h fits 80 columns" "" "$("$PMEMCTL" $c -h | awk 'length > 80')"
done

# the systemd units: test-units.sh

# documented sizes are spelled as the tool prints them ("512 B", format_size)
expect_eq "man pages and README spell sizes as the tool does ('512 B', not '512B')" "" \
	"$(grep -lE '[0-9]B( |$)' "$PMEMCTL_SRCDIR"/Documentation/*.txt "$PMEMCTL_SRCDIR/README.md")"

# SYNOPSIS fits an 80-column terminal (monitor's and unbind's were 87-98 wide);
# examples show real output as it is and may be wider
if command -v man > /dev/null && [ -f "$(dirname "$PMEMCTL")/Documentation/pmemctl.1" ]; then
	wide=""
	for f in "$(dirname "$PMEMCTL")"/Documentation/*.1; do
		MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$f" 2>/dev/null |
			awk '/^SYNOPSIS/ { s = 1 } /^DESCRIPTION/ { s = 0 } s && length > 80 { exit 1 }' || wide="$wide ${f##*/}"
	done
	expect_eq "every SYNOPSIS renders within 80 columns" "" "$wide"
fi

for page in pmemctl pmemctl-list-poison pmemctl-inject pmemctl-scrub pmemctl-recover pmemctl-salvage pmemctl-unbind pmemctl-monitor; do
	f=$(dirname "$PMEMCTL")/Documentation/$page.1
	if [ -f "$f" ]; then
		expect_eq "$page(1) is built and names itself" 1 "$(grep -cF -- "$page \\- " "$f")"
	else
		skip "$page(1) is built and names itself" "no man pages in this build (--disable-docs?)"
	fi
done
[ $T_SKIP = 0 ] || echo "# $T_SKIP skipped"
t_done
