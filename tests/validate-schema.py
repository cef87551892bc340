#!/usr/bin/env python3
"""validate-schema.py SCHEMA DOC...: validate JSON documents against a
runtime-spec schema, resolving its relative $refs (defs.json ...) from the
schema's own directory.  Prints one line per document; exit 1 on any failure,
77 (automake's "skip") when python3-jsonschema is missing."""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema module not installed")
    sys.exit(77)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def make_validator(schema_path):
    schema_dir = os.path.dirname(os.path.abspath(schema_path))
    schema = load(schema_path)
    cls = jsonschema.validators.validator_for(schema)
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        def retrieve(uri):
            name = uri.split("#")[0].split("/")[-1]
            return Resource.from_contents(load(os.path.join(schema_dir, name)),
                                          default_specification=DRAFT4)

        registry = Registry(retrieve=retrieve)
        return cls(schema, registry=registry)
    except ImportError:
        base = "file://" + schema_dir + "/"
        resolver = jsonschema.RefResolver(base_uri=base, referrer=schema)
        return cls(schema, resolver=resolver)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    validator = make_validator(sys.argv[1])
    failed = 0
    for path in sys.argv[2:]:
        try:
            errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
        except ValueError as e:
            errors = [e]
        if errors:
            failed += 1
            for e in errors:
                print("%s: %s" % (path, getattr(e, "message", e)))
        else:
            print("%s: valid" % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
