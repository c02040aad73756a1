"""Validates bodies with Python's jsonschema (draft 2020-12, format checks on).

Each argument is a JSON file {"schemas": [schema, ...], "cases": [[schema index, body], ...]};
prints a JSON array with, per file, the array of verdicts (true: valid) of its cases.
"""

import json
import sys

from jsonschema import Draft202012Validator

checker = Draft202012Validator.FORMAT_CHECKER
# A format whose library is missing is silently accepted: make sure it is checked.
assert "uri-reference" in checker.checkers, "rfc3986-validator is not installed"

out = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    validators = {}
    verdicts = []
    for index, body in doc["cases"]:
        if index not in validators:
            schema = doc["schemas"][index]
            Draft202012Validator.check_schema(schema)
            validators[index] = Draft202012Validator(schema, format_checker=checker)
        verdicts.append(validators[index].is_valid(body))
    out.append(verdicts)
print(json.dumps(out))
