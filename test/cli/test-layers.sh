#!/bin/sh
# The layering rules of scripts/check-layers.sh, as a make check tier: lib/
# builds no JSON and writes no sentences, cmd/ decides nothing by message text.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/test/lib.sh"
out=$("$SRC/scripts/check-layers.sh" "$SRC" 2>&1)
rc=$?
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /' | head -40
expect_eq "lib/ knows facts, cmd/ says words (scripts/check-layers.sh)" 0 "$rc"
# the lint itself must be able to fail: a tree that breaks each rule
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/cmd" "$tmp/scripts"
cp "$SRC/scripts/check-layers.sh" "$tmp/scripts/"
printf 'int f(void) { return 0; }\n' > "$tmp/lib/ok.c"
printf 'int g(void) { return 0; }\n' > "$tmp/cmd/ok.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "a clean tree passes" 0 $?
printf '#include <json-c/json.h>\nvoid f(void) { json_object_new_object(); }\n' > "$tmp/lib/j.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "json-c in lib/ fails" 1 $?
rm "$tmp/lib/j.c"
printf 'const char *h = "run ndctl enable-region";\n' > "$tmp/lib/h.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "a hint naming a command in lib/ fails" 1 $?
printf 'const char *h = "it is mounted";\n' > "$tmp/lib/h.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "a sentence in lib/ fails" 1 $?
printf '/* a comment may say what it likes */\nconst char *h = "region";\n' > "$tmp/lib/h.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "comments and single words in lib/ pass" 0 $?
printf 'int g(const char *why) { return !!strstr(why, "mounted on"); }\n' > "$tmp/cmd/ok.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "strstr on a reason in cmd/ fails" 1 $?
printf 'void g(struct json_object *a) { json_object_array_add(a, json_object_new_int(1)); }\n' > "$tmp/cmd/ok.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "a JSON value placed in cmd/ without util/json.c fails" 1 $?
printf 'void g(struct json_object *a) { json_add_elem(a, json_object_new_int(1)); }\n' > "$tmp/cmd/ok.c"
"$tmp/scripts/check-layers.sh" "$tmp" > /dev/null
expect_eq "the same through util/json.c passes" 0 $?
t_done
