#!/bin/sh
# lib/ knows facts, cmd/ says words: a lint over the source tree (run by
# make check as test/cli/test-layers.sh; usage: check-layers.sh [SRCDIR]).
#
# The rules, each checkable by grep over the C sources:
#  1. lib/ builds no JSON: no json-c include, json_object_* call or
#     util/json helper (json_add_*, json_print) in lib/*.[ch]. Views are
#     renderings in cmd/ (or util/) of the C model.
#  2. lib/ names no command or option: no string literal in lib/*.c that
#     contains "pmemctl", "ndctl " or an option ("--word", or " -x " / "-x"
#     standing alone). Hints that tell the user what to run live in cmd/.
#  3. lib/ writes no sentences: no string literal in lib/*.c with three or
#     more words in a row (letters joined by single spaces). Names of things
#     that are output values, not messages (an owner's "what", listed in
#     VALUES below), are the only exception; a new one is added there on
#     purpose, in review.
#  4. cmd/ decides nothing by message text: no strstr/strcasestr/strncmp in
#     cmd/*.c on a variable that holds a reason or message (why, reason,
#     msg, message, err, words, hint, or a scan's .err).
#  5. A JSON value is placed only by util/json.c: no json_object_object_add,
#     json_object_array_add, _put_idx or _insert_idx in cmd/ or util/
#     elsewhere. json-c takes a NULL from a failed allocation for null ("not
#     known"); util/json.c's helpers record the loss and the printers refuse
#     the document (json_lost_take).
# Comments are not checked. Exit 0 when clean, 1 with one line per finding.
SRC=${1:-${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}}
cd "$SRC" || exit 2
bad=0
say() { echo "check-layers: $*"; bad=1; }

# Output values of lib/owners.c (the "what" of an owner in --files), not messages.
VALUES='static metadata (superblock)
allocation group metadata
reference count btree
known defective blocks
reserved group descriptors
in use, owner not recorded
no file maps it and GETFSMAP named no owner: metadata, a directory, 
or free space that this kernel'"'"'s GETFSMAP leaves out
no file maps it: free space or metadata'

# The code of a C file with comments blanked, as FILE:LINE:TEXT.
code() {
	awk -v f="$1" '
	{
		out = ""; s = $0
		while (s != "") {
			if (inc) {
				e = index(s, "*/")
				if (!e) { s = ""; break }
				s = substr(s, e + 2); inc = 0; continue
			}
			if (match(s, /"([^"\\]|\\.)*"|'"'"'([^'"'"'\\]|\\.)*'"'"'|\/\*|\/\//)) {
				t = substr(s, RSTART, RLENGTH)
				out = out substr(s, 1, RSTART - 1)
				s = substr(s, RSTART + RLENGTH)
				if (t == "/*") { inc = 1; continue }
				if (t == "//") { s = ""; break }
				out = out t
			} else { out = out s; s = "" }
		}
		print f ":" NR ":" out
	}' "$1"
}

# The string literals of a C file (comments excluded), one per line: FILE:LINE:TEXT.
literals() {
	code "$1" | while IFS= read -r line; do
		loc=${line%%:[!0-9]*}; loc=${line%%"${line#*:*:}"}
		printf '%s\n' "${line#"$loc"}" | grep -o '"\([^"\\]\|\\.\)*"' | sed 's/^"//; s/"$//' |
			while IFS= read -r lit; do printf '%s%s\n' "$loc" "$lit"; done
	done
}

for f in lib/*.c lib/*.h; do
	[ -e "$f" ] || continue
	code "$f" | grep -E 'json-c/|json_object_|json_add_|json_print|struct json_object' |
		while IFS= read -r l; do echo "check-layers: lib builds JSON: ${l%%:[!0-9]*}"; done
done | grep . && bad=1

lits=$(for f in lib/*.c; do [ -e "$f" ] && literals "$f"; done)
printf '%s\n' "$lits" | grep -E ':[0-9]+:.*((^|[^/])pmemctl([^/]|$)|ndctl |(^|[ (])--?[a-z][a-z-]*([ )]|$))' |
	sed 's/^/check-layers: lib names a command or option: /' | grep . && bad=1
printf '%s\n' "$lits" | grep -E ":[0-9]+:.*[A-Za-z']+ [A-Za-z']+ [A-Za-z']+" |
	while IFS= read -r l; do
		lit=${l#*:*:}
		printf '%s\n' "$VALUES" | grep -qxF -- "$lit" || echo "check-layers: lib writes a sentence: $l"
	done | grep . && bad=1

for f in cmd/*.c; do
	[ -e "$f" ] || continue
	code "$f" | grep -E '(strstr|strcasestr|strncmp) *\( *[A-Za-z_.>-]*(why|reason|msg|message|err|words|hint)\b'
done | sed 's/^/check-layers: cmd decides by message text: /' | grep . && bad=1

for f in cmd/*.c util/*.c; do
	[ -e "$f" ] && [ "$f" != util/json.c ] || continue
	code "$f" | grep -E 'json_object_(object_add|array_add|array_put_idx|array_insert_idx)\b'
done | sed 's/^/check-layers: a JSON value placed without util\/json.c: /' | grep . && bad=1
exit $bad
