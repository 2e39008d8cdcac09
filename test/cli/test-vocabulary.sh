#!/bin/sh
# One JSON key, one meaning across every record, report and event
# (scripts/check-json-vocabulary.py over Documentation/schema), and the lint
# itself can fail: schemas that give a key two types, or two value lists
# with nothing in common, do.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/test/lib.sh"
command -v python3 >/dev/null || cannot_run "python3 is not installed"
LINT=$SRC/scripts/check-json-vocabulary.py
out=$(python3 "$LINT" "$SRC/Documentation/schema" 2>&1)
rc=$?
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /' | head -40
expect_eq "every key shared by the schemas takes one type and one vocabulary" 0 "$rc"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
schema() {	# schema NAME KEY DEFINITION: a schema whose record has one key
	printf '{"properties": {"%s": %s}}\n' "$2" "$3" > "$work/$1.schema.json"
}
schema a mount '{"type": ["string", "null"]}'
schema b mount '{"type": "object"}'
python3 "$LINT" "$work" > /dev/null
expect_eq "a key that is a string in one schema and an object in another fails" 1 $?
schema b mount '{"type": "string"}'
python3 "$LINT" "$work" > /dev/null
expect_eq "nullable in one, not in the other, passes" 0 $?
schema a mode '{"enum": ["raw", "fsdax", "devdax", "sector", null]}'
schema b mode '{"enum": ["decode-only", "kernel-decoded", "memory-failure"]}'
python3 "$LINT" "$work" > /dev/null
expect_eq "a key with two value lists that share nothing fails" 1 $?
schema a kind '{"const": "nvdimm"}'
schema b kind '{"const": "cxl"}'
python3 "$LINT" "$work" > /dev/null
expect_eq "single-value discriminators (kind nvdimm, kind cxl) pass" 0 $?
t_done
