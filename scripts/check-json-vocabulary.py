#!/usr/bin/python3
# One JSON key, one meaning: a lint over Documentation/schema/*.schema.json
# (run by make check as test/cli/test-vocabulary.sh; usage:
# check-json-vocabulary.py SCHEMA_DIR).
#
# Every key defined in more than one place (a record, a report, an event)
# must take the same JSON types there (null aside: a key may be nullable in
# one kind and not in another), and two definitions that list their values
# (an enum of two or more) must share one at least. A single-value enum or
# const is a discriminator (event, kind) or a reporter's own word (source),
# not a vocabulary, and is not compared. $ref definitions are the same
# definition. Exit 0 when clean, 1 with one line per clash.
import glob
import json
import os
import sys
from collections import defaultdict

JSON_TYPE = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null", list: "array",
             dict: "object"}


def shape(v):
    """The non-null JSON types a definition allows, and its string values when it lists them."""
    t = v.get("type")
    types = {t} if isinstance(t, str) else set(t or [])
    values = [v["const"]] if "const" in v else v.get("enum")
    for x in values or []:
        types.add(JSON_TYPE[type(x)])
    types.discard("null")
    strings = {x for x in values if isinstance(x, str)} if values is not None else set()
    return types, strings


def definitions(node, where, out):
    if isinstance(node, dict):
        for key, v in node.get("properties", {}).items():
            if isinstance(v, dict) and "$ref" not in v:
                out[key].append((where + "." + key,) + shape(v))
        for k, v in node.items():
            definitions(v, where + "/" + k, out)
    elif isinstance(node, list):
        for x in node:
            definitions(x, where, out)


def main():
    defs = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.schema.json"))):
        with open(path) as f:
            definitions(json.load(f), os.path.basename(path)[:-len(".schema.json")], defs)
    bad = 0
    for key, d in sorted(defs.items()):
        for other in d[1:]:
            if other[1] != d[0][1]:
                print(f"check-json-vocabulary: {key}: {d[0][0]} is {sorted(d[0][1])}, {other[0]} is {sorted(other[1])}")
                bad = 1
        listed = [x for x in d if len(x[2]) > 1]
        for i, a in enumerate(listed):
            for b in listed[i + 1:]:
                if not a[2] & b[2]:
                    print(f"check-json-vocabulary: {key}: no value in common: {a[0]} {sorted(a[2])}, "
                          f"{b[0]} {sorted(b[2])}")
                    bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
