#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate pmemctl's JSON output against Documentation/schema/*.schema.json.

usage: validate-json.py KIND FILE...     each FILE is one output of KIND
       validate-json.py --dir DIR        each DIR/KIND[--LABEL].json(l)

KIND names what printed the file: list-poison, summary, inject, recover,
scrub-status, salvage, unbind (one JSON document each) or monitor (JSON
lines, one event a line). Prints one line per file ("ok KIND FILE (N
records)" or "invalid KIND FILE: where: why") and exits 1 when any file is
invalid, 2 on usage errors. Uses python3-jsonschema (Debian), the same
validator a pipeline would use; the schemas' $id URIs are resolved from the
schema directory, never fetched.
"""
import glob
import json
import os
import sys

import jsonschema

SCHEMA_DIR = os.environ.get("PMEMCTL_SCHEMA_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "Documentation", "schema")

# KIND: (schema file, the output is an array of such items, JSON lines)
KINDS = {
    "list-poison": ("poison-record", True, False),
    "summary": ("summary-row", True, False),
    "inject": ("inject-report", False, False),
    "recover": ("recover-report", False, False),
    "scrub-status": ("scrub-status", False, False),
    "salvage": ("salvage-report", False, False),
    "unbind": ("unbind-report", False, False),
    "monitor": ("monitor-event", False, True),
}


def load_schemas():
    schemas = {}
    for path in glob.glob(os.path.join(SCHEMA_DIR, "*.schema.json")):
        with open(path, encoding="utf-8") as f:
            s = json.load(f)
        jsonschema.Draft202012Validator.check_schema(s)
        schemas[os.path.basename(path)[:-len(".schema.json")]] = s
    return schemas


def validator(schemas, name):
    """A validator for @name whose $refs to sibling files resolve locally."""
    by_id = {s["$id"]: s for s in schemas.values()}
    try:    # jsonschema >= 4.18: the referencing library
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (i, Resource.from_contents(s)) for i, s in by_id.items())
        return jsonschema.Draft202012Validator(schemas[name], registry=reg)
    except ImportError:     # Debian bookworm's 4.10
        res = jsonschema.RefResolver.from_schema(schemas[name], store=by_id)
        return jsonschema.Draft202012Validator(schemas[name], resolver=res)


def documents(path, lines):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not lines:
        return [json.loads(text)]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def check(schemas, kind, path):
    name, array, lines = KINDS[kind]
    v = validator(schemas, name)
    try:
        docs = documents(path, lines)
    except (OSError, ValueError) as e:
        print(f"invalid {kind} {path}: not JSON: {e}")
        return False
    n = 0
    for d in docs:
        items = d if array else [d]
        if array and not isinstance(d, list):
            print(f"invalid {kind} {path}: not an array")
            return False
        for item in items:
            err = jsonschema.exceptions.best_match(v.iter_errors(item))
            if err is not None:
                where = "/".join(str(p) for p in err.absolute_path) or "(top)"
                print(f"invalid {kind} {path}: record {n}: {where}: {err.message}")
                return False
            n += len(item) if isinstance(item, list) else 1
    print(f"ok {kind} {path} ({n} records)")
    return True


def kind_of(path):
    base = os.path.basename(path)
    return base.split("--")[0].split(".")[0]


def main(argv):
    if len(argv) >= 2 and argv[0] == "--dir":
        files = sorted(glob.glob(os.path.join(argv[1], "*.json")) +
                       glob.glob(os.path.join(argv[1], "*.jsonl")))
        pairs = [(kind_of(p), p) for p in files]
    elif len(argv) >= 2:
        pairs = [(argv[0], p) for p in argv[1:]]
    else:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    bad = [k for k, _ in pairs if k not in KINDS]
    if bad:
        print(f"validate-json: unknown kind '{bad[0]}' (one of {', '.join(KINDS)})", file=sys.stderr)
        return 2
    schemas = load_schemas()
    ok = all([check(schemas, k, p) for k, p in pairs])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
