#!/bin/sh
# pmemctl-json(7) against Documentation/schema: every section marked
# "// schema: NAME JQ-PATH" describes (as *key*:: items) exactly the keys of
# the properties object at JQ-PATH in NAME.schema.json; every schema file is
# valid JSON with an $id, and every properties object of every schema is
# covered by some section (a key added to a schema without its words fails).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
DOC=$SRC/Documentation/pmemctl-json.txt
DIR=$SRC/Documentation/schema
work=$(mktemp -d)

for f in "$DIR"/*.schema.json; do
	expect_eq "$(basename "$f"): JSON with \$schema 2020-12 and an \$id naming the file" "true" \
		"$(jq --arg n "/$(basename "$f")" '(."$schema" | test("2020-12")) and (."$id" | endswith($n))' "$f")"
done

# sections: "NAME<TAB>PATH<TAB>keys..." one a line
awk '/^\/\/ schema: / { if (cur != "") print cur "\t" keys; cur = $3 "\t" $4; keys = ""; next }
	cur != "" && /::/ { line = $0; sub(/::.*/, "", line)
		while (match(line, /\*[a-z_]+\*/)) { keys = keys " " substr(line, RSTART + 1, RLENGTH - 2); line = substr(line, RSTART + RLENGTH) } }
	END { if (cur != "") print cur "\t" keys }' "$DOC" > "$work/sections"
expect_eq "pmemctl-json(7) has a section for each schema file" \
	"$(cd "$DIR" && ls *.schema.json | sed 's/.schema.json//' | sort)" "$(cut -f1 "$work/sections" | sort -u)"

while IFS="$(printf '\t')" read -r name path keys; do
	want=$(jq -r "$path | keys[]" "$DIR/$name.schema.json" 2>/dev/null | sort)
	got=$(echo $keys | tr ' ' '\n' | sort -u)
	expect_eq "pmemctl-json(7) section $name $path describes exactly the schema's keys" "$want" "$got"
	echo "$name $path" >> "$work/covered"
done < "$work/sections"

# every properties object in every schema (nested ones too) has a section
for f in "$DIR"/*.schema.json; do
	name=$(basename "$f" .schema.json)
	jq -r 'paths(objects) | select(.[-1] == "properties") | map(if type == "string" then "[\"" + . + "\"]" else "[\(.)]" end) | "." + join("")' "$f" |
		grep -v 'properties"\]\["[a-z_]*"\]\["properties' | while read -r p; do
		# the doc spells simple keys as .key; normalize both to the bracket form
		found=no
		while read -r dn dp; do
			[ "$dn" = "$name" ] || continue
			[ "$(jq -c "$dp | keys" "$f")" = "$(jq -c "$p | keys" "$f")" ] && found=yes
		done < "$work/covered"
		echo "$name $p $found"
	done
done > "$work/coverage"
expect_eq "every properties object of every schema is described in pmemctl-json(7)" "" \
	"$(grep ' no$' "$work/coverage")"
rm -rf "$work"
t_done
