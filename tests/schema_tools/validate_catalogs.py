"""Validates catalog files against the editor schema with Python's jsonschema (draft 2020-12).

Arguments: the schema file, then catalog files. Prints a JSON object mapping each file to
`null` (valid), the list of its schema errors (`"/json/pointer: message"`), or
`{"unreadable": reason}` when PyYAML cannot read it.

Files are read as YAML 1.2's core schema reads them, as editors and errcat do: PyYAML's YAML 1.1
resolvers would read `yes` as a boolean, `1e400` as a string and `08000` as an octal number.
"""

import json
import re
import sys

from jsonschema import Draft202012Validator

import yaml


class CoreLoader(yaml.SafeLoader):
    """A safe loader with the YAML 1.2 core schema's booleans, integers and floats."""


CoreLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in {
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        }
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CORE = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        (
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
]
for tag, pattern, first in CORE:
    CoreLoader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    return int(text, 10)


def construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
CoreLoader.add_constructor("tag:yaml.org,2002:bool", construct_bool)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)


def leaves(error):
    """The errors that say what is wrong: inside `anyOf` (a value or `null`), its branches'."""
    if not error.context:
        yield error
        return
    for e in error.context:
        if not (e.validator == "type" and e.validator_value == "null"):
            yield from leaves(e)


out = {}
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            doc = yaml.load(f, Loader=CoreLoader)
    except Exception as e:  # noqa: BLE001 - any reading problem makes the file unreadable
        out[path] = {"unreadable": type(e).__name__}
        continue
    errors = sorted(
        "/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message
        for top in validator.iter_errors(doc)
        for e in leaves(top)
    )
    out[path] = errors or None
print(json.dumps(out))
