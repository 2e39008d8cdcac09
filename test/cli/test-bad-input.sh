#!/bin/bash
# The bad-input matrix: every subcommand with malformed, out-of-range,
# conflicting and hostile arguments. Each row: the documented exit status,
# exactly one line on stderr, nothing on stdout. (The lab runs the device
# rows against real namespaces and checks their contents are unchanged.)
# Rows are "STATUS|ARG|ARG...": arguments may hold spaces and be empty;
# \n in a row becomes a newline inside that argument, @TMP@ a scratch dir.
# "STATUS~TEXT|..." also wants TEXT in that line (what the message must say).
. "${PMEMCTL_SRCDIR:-$(dirname "$0")/../..}/test/lib.sh"
PMEMCTL=${PMEMCTL:-./pmemctl}
[ "$(id -u)" = 0 ] || cannot_run "the matrix covers root-only commands: run as root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'x' > "$tmp/one byte"
n=0
while IFS= read -r row; do
	case $row in ''|'#'*) continue ;; esac
	IFS='|' read -r -a f <<< "$row|"
	want=${f[0]%%~*}
	text=${f[0]#"$want"}; text=${text#\~}
	args=()
	for a in "${f[@]:1}"; do a=${a//@TMP@/$tmp}; args+=("${a//\\n/$'\n'}"); done
	"$PMEMCTL" "${args[@]}" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	n=$((n + 1))
	expect_eq "$(printf '%q ' "${args[@]}"): exit $want, one line on stderr, nothing on stdout" \
		"$want 1 0" "$rc $(grep -c '' "$tmp/err") $(wc -c < "$tmp/out")"
	[ -z "$text" ] || expect_eq "$(printf '%q ' "${args[@]}"): the line says '$text'" \
		1 "$(grep -cF -- "$text" "$tmp/err")"
done < "${PMEMCTL_SRCDIR:-$(dirname "$0")/../..}/test/cli/bad-input.txt"
echo "# $n rows"
t_done
