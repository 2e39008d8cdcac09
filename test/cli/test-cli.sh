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

run --version
expect_eq "--version prints the version and exits 0" "0 $(sed -n 's/^AC_INIT(\[pmemctl\], \[\([^]]*\)\].*/\1/p' "$SRC/configure.ac")" "$(rc) $(cat "$tmp/out")"
run --help
expect_eq "--help: usage on stdout, exit 0" "0 usage: pmemctl" "$(rc) $(head -1 "$tmp/out" | cut -c1-14)"
run --list-cmds
expect_eq "--list-cmds lists list-poison" "0 list-poison" "$(rc) $(grep -x list-poison "$tmp/out")"
run
expect_eq "no command: usage on stderr, exit 2" "2 usage: pmemctl 0" "$(rc) $(head -1 "$tmp/err" | cut -c1-14) $(wc -c < "$tmp/out")"
run frobnicate
expect_eq "unknown command: error + usage on stderr, exit 2" "2 pmemctl: unknown command: 'frobnicate'" "$(rc) $(head -1 "$tmp/err")"
run --frobnicate
expect_eq "unknown global option: exit 2" 2 "$(rc)"
run help frobnicate
expect_eq "help for an unknown command: exit 2" 2 "$(rc)"

# help CMD opens the man page: a stand-in man records how it was called
mkdir -p "$tmp/bin"; printf '#!/bin/sh\necho "man $*" > %s/man.called\n' "$tmp" > "$tmp/bin/man"; chmod +x "$tmp/bin/man"
PATH="$tmp/bin:$PATH" "$PMEMCTL" help list-poison
expect_eq "help list-poison runs man pmemctl-list-poison" "man pmemctl-list-poison" "$(cat "$tmp/man.called" 2>/dev/null)"
PATH="$tmp/bin:$PATH" "$PMEMCTL" help
expect_eq "help alone runs man pmemctl" "man pmemctl" "$(cat "$tmp/man.called" 2>/dev/null)"

run list-poison -h
expect_eq "list-poison -h: usage on stdout, exit 0" "0 usage: pmemctl list-poison" "$(rc) $(head -1 "$tmp/out" | cut -c1-26)"
run list-poison --mode nonsense
expect_eq "bad mode: one line, exit 2" "2 1" "$(rc) $(grep -c '' "$tmp/err")"
run list-poison -r
expect_eq "missing argument: exit 2" 2 "$(rc)"
run list-poison extra
expect_eq "stray argument: exit 2" 2 "$(rc)"

if [ ! -d /sys/bus/nd/devices ] || [ -z "$(ls /sys/bus/nd/devices 2>/dev/null)" ]; then
	run list-poison
	expect_eq "host without NVDIMMs: [] and exit 0" "0 []" "$(rc) $(cat "$tmp/out")"
	run list-poison --summary
	expect_eq "host without NVDIMMs: empty summary" "0 []" "$(rc) $(cat "$tmp/out")"
	run list-poison -r region0
	expect_eq "host without NVDIMMs: a region filter matches nothing, exit 3" "3 1" "$(rc) $(grep -c '' "$tmp/err")"
fi

for page in pmemctl pmemctl-list-poison; do
	f=$(dirname "$PMEMCTL")/Documentation/$page.1
	if [ -f "$f" ]; then
		expect_eq "$page(1) is built and names itself" 1 "$(grep -cF -- "$page \\- " "$f")"
	fi
done
t_done
