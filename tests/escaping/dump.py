"""Prints what tests/python/consumer.py leaves out of a generated package, as JSON.

That is the catalog title, the category values, every error's description and deprecation
details, and the docstrings of the `ErrorCode` and `Category` members, read back from the
source with `ast` because enum members have no `__doc__` of their own. tests/escaping.rs
replaces `messaging_errors` with the package under test, then type-checks this script with
`mypy --strict` and runs it.
"""

import ast
import json
from pathlib import Path

import messaging_errors as errors


def member_docstrings(class_name: str) -> dict[str, str]:
    """The string literal after each assignment in the class body, by member name."""
    tree = ast.parse(Path(errors.__file__).read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name != class_name:
            continue
        for statement, following in zip(node.body, node.body[1:]):
            if (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[statement.targets[0].id] = following.value.value
    return docs


def main() -> None:
    errors_out = [
        {
            "name": info.name,
            "description": info.description,
            "deprecation_note": info.deprecation_note,
            "segments": list(info.segments),
        }
        for info in errors.ALL
    ]
    out = {
        "title": errors.CATALOG_TITLE,
        "categories": [category.value for category in errors.Category],
        "errors": errors_out,
        "error_docs": member_docstrings("ErrorCode"),
        "category_docs": member_docstrings("Category"),
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
