"""Validates OpenAPI documents with openapi-spec-validator (the OpenAPI 3.1 schema and its
semantic checks). Each argument is a JSON document; prints one line per document, `ok` or the
validator's first error, and exits 0 (the caller compares the lines).
"""

import json
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    try:
        validate(spec)
        print("ok")
    except OpenAPIValidationError as e:
        print(f"{path}: {e.message}".replace("\n", " "))
