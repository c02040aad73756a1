"""Uses the lifecycle of `tests/fixtures/lifecycle/catalog.yaml` from its generated package.

tests/python/lifecycle.rs type-checks this script with the package under `mypy --strict`,
runs it and compares what it prints, line for line: each `DeprecationWarning` (with the
line of this script it points at), the `DEPRECATED` and `ALIASES` tables, lookups by an
alias, and the `RetiredError` of a retired code and of a retired name.
"""

import pickle
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Optional

import lifecycle_errors as errors

if TYPE_CHECKING:
    from typing_extensions import assert_type

    assert_type(errors.DEPRECATED, frozenset[errors.ErrorCode])
    assert_type(errors.RETIRED[0].successor, Optional[errors.ErrorCode])

# Uses that warn, and uses that do not: lookups, iteration, the package's own parser.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    alias = errors.ErrorCode.MISSING_ORDER
    other_alias = errors.ErrorCode.UNKNOWN_ORDER
    gone = errors.ErrorCode.ORDER_GONE
    error = errors.OrderGone()
    live = errors.ErrorCode.ORDER_NOT_FOUND
    errors.OrderNotFound()
    by_value = errors.ErrorCode(1002)
    listed = list(errors.ErrorCode)
    found = errors.by_code(1002)
    parsed = errors.parse_response_body(error.to_response_body(), 410)
    unpickled = pickle.loads(pickle.dumps(error))
for warning in caught:
    print(f"warning\t{warning.category.__name__}\t{warning.lineno}\t{warning.message}")

print(f"same\t{alias is live}\t{other_alias is live}\t{gone is by_value}")
print(f"listed\t{[member.name for member in listed]}")
print(f"parsed\t{type(parsed).__name__}\t{type(unpickled).__name__}")
print(f"deprecated\t{sorted(member.name for member in errors.DEPRECATED)}")
print(f"aliases\t{sorted((a, e.name) for a, e in errors.ALIASES.items())}")
info = errors.by_name("missing_order")
print(f"by alias\t{info.name if info else None}\t{info.aliases if info else None}")
print(
    f"by value\t{found.name if found else None}\t{found.deprecated if found else None}"
)
print(f"unknown\t{errors.by_code(1999)}\t{errors.by_name('order_cancelled')}")


# A retired code or name: by_code and by_name raise RetiredError, which says what to use.
def show_retired(lookup: Callable[[], Optional[errors.ErrorInfo]]) -> None:
    try:
        lookup()
    except errors.RetiredError as retired:
        entry = retired.retired
        successor = entry.successor.name if entry.successor else None
        print(f"retired\t{entry.name}\t{entry.code}\t{successor}\t{retired}")
        again = pickle.loads(pickle.dumps(retired))
        print(f"pickled\t{again.retired == entry}\t{str(again) == str(retired)}")
    else:
        print("not retired")


show_retired(lambda: errors.by_code(1004))
show_retired(lambda: errors.by_name("order_archived"))
print(f"retired table\t{[(r.name, r.since) for r in errors.RETIRED]}")
